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
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/marking.h"
#include "core/time.h"

namespace lookout {
class AssetIndex;
namespace air {
class AirTracker;
}
namespace alert {
class AlertBook;
}
namespace track {
class Picture;
}
namespace detect {
struct DetectorParams;
}
namespace store {
class Store;
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
};

class NodeView {
 public:
  virtual ~NodeView() = default;
  virtual std::string_view node_name() const = 0;
  virtual Timestamp now() const = 0;
  virtual std::vector<PartitionView> partitions() const = 0;
  virtual const AssetIndex& assets() const = 0;
  // The history store. Writes (the audit log) are buffered and committed by
  // the node's timer; call sync_store() before a read that must see
  // everything the node has buffered so far.
  virtual store::Store& store() = 0;
  virtual void sync_store() = 0;
  // Prometheus text for the node's own series (inputs, store), labelled only
  // with what `caller` may see.
  virtual void write_metrics(std::string& out, const Principal& caller) const = 0;
  // The API acknowledged alert `id` (the node keeps the acknowledgement on
  // the alert's later updates).
  virtual void alert_acknowledged(std::string_view id) { (void)id; }
};

}  // namespace lookout::server
