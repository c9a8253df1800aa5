// NodeView: what the API reads from the live node. The node (src/app/node/)
// implements it; tests may build a node with no network at all.
//
// The server sees the node only through read-only views of types from the
// layers below it (the picture, the alert book, the air tracker), never the
// engines of src/app: the server is a layer below the node, and the build
// refuses an include that runs upward (docs/decisions/0014-layers.md).
//
// The node keeps one maritime engine per input marking (a *partition*): data
// released under one marking never mixes with another's in a picture, so a
// vessel, its track and an alert derived from it carry exactly the marking of
// the data behind them. The API merges the partitions a caller may see.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/latlon.h"
#include "core/marking.h"
#include "core/status.h"
#include "core/time.h"
#include "store/store.h"

namespace lookout {
class AssetIndex;
namespace air {
class AirTracker;
class CooperativePicture;
}
namespace alert {
class AlertBook;
}
namespace track {
class Picture;
class FriendlyUnits;
struct UnitReport;
}
namespace detect {
struct DetectorParams;
}
namespace store {
class Store;
struct AlertRow;
}
}  // namespace lookout

namespace lookout::server {

struct Principal;

struct PartitionView {
  const Marking* marking = nullptr;
  const track::Picture* picture = nullptr;  ///< The partition's vessels and their recent tracks.
  const alert::AlertBook* alerts = nullptr;  ///< Its alerts: vessel risk, open and opened counts.
  uint64_t observations = 0;  ///< Observations it has merged, when partitions() was called.
  const air::AirTracker* air = nullptr;  ///< Its air tracks; may be null: no air sensors on this partition.
  const detect::DetectorParams* detectors = nullptr;  ///< Its detectors' parameters; null = not known.
  /// Its cooperative targets (ADS-B, Remote ID) and their ties to `air`'s
  /// tracks; null when `air` is.
  const air::CooperativePicture* cooperative = nullptr;
};

// A cable fault as an operator reports it (POST /api/incidents): the asset,
// where (a position or a distance along it from its first point, or
// neither: all of it), how far from there a crossing counts, and the window.
struct FaultQuery {
  std::string asset;
  std::optional<LatLon> at;
  std::optional<double> distance_m;
  double radius_m = 5000;
  store::TimeRange window;
  std::size_t limit = 20;
};

// One suspect of a fault: its crossing as the forensics judged it
// (forensics::to_json) and its last position in the history released to
// the caller (when the live picture no longer holds it).
struct FaultSuspect {
  uint32_t mmsi = 0;
  nlohmann::json crossing;
  std::optional<store::PositionRow> last_stored;
};

struct FaultAnswer {
  std::optional<LatLon> fault;        ///< Where crossings were looked for; nullopt: the whole asset.
  std::vector<FaultSuspect> suspects;  ///< Most suspicious first.
};

class NodeView {
 public:
  virtual ~NodeView() = default;
  virtual std::string_view node_name() const = 0;
  virtual Timestamp now() const = 0;
  // How fast now() runs against the wall clock (1: the wall clock; the demo
  // runs faster). A client extrapolates the node's clock with it between
  // answers, so that ages shown follow the picture's time, not the browser's.
  virtual double clock_speed() const { return 1.0; }
  virtual std::vector<PartitionView> partitions() const = 0;
  virtual const AssetIndex& assets() const = 0;
  // The history store, on the io thread for buffered writes only (the
  // audit log's add_audit: appended, committed by the node's timer). Every
  // read goes through read_store().
  virtual store::Store& store() = 0;
  // Waits until everything buffered so far is durable. For tests and tools:
  // the API never calls it (it would block the io thread); read_store()
  // jobs wait for those writes on their own thread instead.
  virtual void sync_store() = 0;

  // A store read off the io thread. `job` runs on a store reader thread with
  // a connection of its own, after every write the node buffered before the
  // call is committed (read-your-writes); it does the query and the work on
  // its result (building a response body) and returns what is left to do on
  // the io thread, which the node then runs there. Jobs queue per `caller`
  // (a principal, an address), bounded and served in turn: kCallerFull when
  // this caller has too many queued, kFull when all have, kStopped when the
  // node stops (queued jobs are then dropped: their follow-ups never run).
  // Default (nodes without a reader thread, in tests): runs both now.
  enum class StoreQueued : uint8_t { kYes, kCallerFull, kFull, kStopped };
  using StoreJob = std::function<std::function<void()>(store::Store& reader)>;
  virtual StoreQueued read_store(const std::string& caller, StoreJob job);
  // Acknowledges an alert through the store's writer, after every write
  // before it; waits. Called by read_store() jobs (any thread).
  virtual Status ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                           std::string_view comment, int64_t time_ms);
  // For synchronous callers of the API (tests, tools; never the server):
  // does the node's pending io work on the calling thread until `done` or
  // until nothing can make it true. Default: nothing (read_store ran inline).
  virtual void run_until(const std::function<bool()>& done) { (void)done; }

  // Own units (track/friendly_units.h), each under its marking; null when
  // the node keeps none. On the io thread.
  virtual const track::FriendlyUnits* friendly_units() const { return nullptr; }
  // Merges a unit's position report (POST /api/units, later CoT); false
  // when refused (older than the unit's last, or the registry is full).
  virtual bool report_unit(const track::UnitReport& report) {
    (void)report;
    return false;
  }

  // The crossings forensics (src/forensics/, a layer beside this one: the
  // node implements it) for a fault, run on a store reader thread with its
  // connection `reader`, over only what `nation` may see. Errors:
  // kInvalidArgument in words for a question that cannot be answered (an
  // asset unknown to the nation, a distance beyond its length), the
  // store's when a read fails. Default: kInvalidArgument, not offered.
  virtual StatusOr<FaultAnswer> fault_suspects(store::Store& reader, const FaultQuery& query,
                                               std::string_view nation) const {
    (void)reader, (void)query, (void)nation;
    return Status::invalid_argument("this node offers no forensics");
  }

  // Prometheus text for the node's own series (inputs, store), labelled only
  // with what `caller` may see.
  virtual void write_metrics(std::string& out, const Principal& caller) const = 0;
  // The API acknowledged an alert; `row` is its stored state after (the
  // node keeps the acknowledgement on the alert's later updates). On the io
  // thread.
  virtual void alert_acknowledged(const store::AlertRow& row) { (void)row; }
};

}  // namespace lookout::server
