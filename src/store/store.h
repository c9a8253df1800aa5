// Store: the history behind the live picture - positions, vessel static data
// and its changes, alerts with their lifecycle, and the audit log - and the
// few queries that forensics, track playback and the API need.
//
// Two adapters implement it: sqlite/ (the embedded default, one file) and
// postgres/ (a shared server with PostGIS). Both keep the same logical schema
// and pass the same conformance tests (tests/store/).
//
// Writing is batched: add_* calls buffer rows and the adapter commits them in
// transactions of a bounded size; commit() makes everything added so far
// durable and returns only then. What commit() acknowledged survives a crash
// (kill -9) of the writer; what was only buffered may be lost.
//
// Every row written carries a marking id (see intern_marking) so that the API
// can return only what is releasable to a caller's nation.
//
// Spatial access goes through track chunks: each vessel's track is cut into
// runs of at most `chunk_points` reports or `chunk_seconds` of time, and each
// chunk's bounding box (which includes the last report of the previous chunk,
// so that every segment between two reports lies in some box) is indexed in
// space and time. A query for "who was in this box then" reads the index,
// then the positions of the few vessels it names.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alert/alert.h"
#include "core/latlon.h"
#include "core/marking.h"
#include "core/status.h"
#include "core/time.h"
#include "track/vessel.h"

namespace lookout::store {

// The outcome of a store operation: core/status.h, the project's one error
// channel. Reads return StatusOr: a read that fails part way (a busy or
// damaged file, a lost connection) is an error, never a shorter list.
using lookout::Status;
using lookout::StatusCode;
using lookout::StatusOr;

// A closed interval of event time, Unix milliseconds.
struct TimeRange {
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  bool contains(int64_t t) const { return t >= from_ms && t <= to_ms; }
};

// A lat/lon box (no antimeridian wrap).
struct BBox {
  double min_lat = 0, min_lon = 0, max_lat = 0, max_lon = 0;
  bool contains(LatLon p) const {
    return p.lat >= min_lat && p.lat <= max_lat && p.lon >= min_lon && p.lon <= max_lon;
  }
  bool valid() const {
    return min_lat <= max_lat && min_lon <= max_lon && min_lat >= -90 && max_lat <= 90 &&
           min_lon >= -180 && max_lon <= 180;
  }
};

// Position flags stored with a report.
inline constexpr uint8_t kPositionJump = 1;  ///< Implied speed no ship makes: suspect, kept.
inline constexpr uint8_t kPositionLate = 2;  ///< Arrived out of order.

// One stored report.
struct PositionRow {
  uint32_t mmsi = 0;
  track::TrackPoint point;  // point.flags holds kPosition* flags
  uint32_t marking = 0;     // interned marking id; 0 = unmarked
};

// A vessel's static data as last reported, plus when it was first and last seen.
struct VesselRow {
  uint32_t mmsi = 0;
  track::VesselClass cls = track::VesselClass::kUnknown;
  track::VesselStatic statics;
  int64_t first_seen_ms = 0;
  int64_t last_seen_ms = 0;
  uint32_t marking = 0;
};

// One change of a vessel's identity or voyage data ("name", "imo", "callsign",
// "shiptype", "destination", "dimensions").
struct VesselChange {
  uint32_t mmsi = 0;
  int64_t time_ms = 0;
  std::string field;
  std::string old_value;
  std::string new_value;
};

// Lifecycle states of a stored alert.
enum class AlertStatus : uint8_t { kOpen, kAcknowledged, kRetracted };
const char* to_string(AlertStatus s) noexcept;
std::optional<AlertStatus> alert_status_from_string(std::string_view s) noexcept;

// An alert as stored: its latest state, its status and who acknowledged it.
struct AlertRow {
  std::string id;
  std::string kind;
  AlertStatus status = AlertStatus::kOpen;
  int64_t time_ms = 0;        // latest state's observation time
  int64_t first_time_ms = 0;  // when the episode was raised
  std::vector<uint32_t> mmsi;
  std::optional<std::string> asset;
  LatLon pos;
  int score = 0;
  std::string severity;
  std::string summary;
  std::string json;  // the latest alert line (JSON Lines contract)
  Marking marking;
  std::string acked_by;  // principal, empty when not acknowledged
  std::string acked_nation;
  int64_t acked_ms = 0;
  std::string ack_comment;
};

struct AlertFilter {
  std::optional<AlertStatus> status;
  std::optional<std::string> kind;
  std::optional<int64_t> since_ms;  // latest state at or after
  std::optional<uint32_t> mmsi;     // alerts naming this vessel
  std::optional<TimeRange> during;  // episodes overlapping this window
  // Only alerts releasable to this nation (releasable_to_nation), filtered
  // by the store so that `limit` counts only those.
  std::optional<std::string> visible_to;
  std::size_t limit = 1000;
};

// One access, as the audit log keeps it. Text is valid UTF-8 (the writer's
// duty; the API's is server/api/audit_log.h).
struct AuditRow {
  int64_t time_ms = 0;
  std::string principal;  // token name, OS user, "replay", "anonymous"
  // ISO 3166 alpha-3 of the caller; empty for a local user (the CLI);
  // nullopt (NULL) for a network caller without a valid token, whose
  // attempts every admin of the node reads (audit_for_nation).
  std::optional<std::string> nation;
  std::string action;     // "GET /api/vessels/{mmsi}", "WS subscribe", "forensics crossings"
  std::string target;     // what was asked for
  std::string outcome;    // "ok", "denied", "not_found", ...
  int status = 0;         // HTTP status answered (101: upgraded); WebSocket message: 0, or the close code it caused
  std::string role;       // the caller's role ("viewer", ...); empty without one
  std::string remote;     // "address:port" of a network caller; empty for a local one
};

// The audit rows one admin reads: of callers of `nation`, and of callers
// without a valid token (nation NULL), in `window`, newest first. The store
// filters, so `limit` counts only these rows: another nation's volume never
// hides them.
struct AuditFilter {
  TimeRange window;
  std::string nation;
  std::size_t limit = 1000;
};

// A vessel whose track has a chunk in a box during a window, and the time
// span of its chunks that matched.
struct Candidate {
  uint32_t mmsi = 0;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
};

struct StoreOptions {
  std::size_t batch_rows = 5000;       ///< Rows per transaction before an automatic commit.
  uint32_t chunk_points = 64;          ///< Reports per track chunk.
  uint32_t chunk_seconds = 1800;       ///< Longest time span of a track chunk.
  bool read_only = false;              ///< Open an existing store for queries only.
  /// Vessels' static data kept in memory to compare each new report with
  /// (changes are recorded); beyond this many the cache starts afresh and
  /// re-reads from the store, so that MMSIs coming and going for weeks (or
  /// a feed inventing them) cannot grow it without end.
  std::size_t vessel_cache_max = 100000;
};

struct StoreCounts {
  uint64_t positions = 0;
  uint64_t vessels = 0;
  uint64_t alerts = 0;
  uint64_t chunks = 0;
  uint64_t audit = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "postgres".
  virtual std::string_view adapter() const = 0;
  // The schema version this store is at (after migrations).
  virtual int schema_version() = 0;

  // ---- writing (buffered; see commit) ----

  // An id for a marking, stable within this store; 0 for an empty marking.
  virtual uint32_t intern_marking(const Marking& m) = 0;
  virtual void add_position(const PositionRow& row) = 0;
  // Upserts the vessel and records each field that changed.
  virtual void put_vessel(const VesselRow& row) = 0;
  // Records one alert state (open, update or retraction) of an episode.
  virtual void put_alert(const alert::Alert& a) = 0;
  virtual void add_audit(const AuditRow& row) = 0;
  // Makes everything added so far durable.
  virtual Status commit() = 0;
  // The first error a buffered write met (the store stops writing after one), or ok.
  virtual Status write_status() const = 0;

  // ---- alert lifecycle (immediate, durable on return) ----

  // Acknowledges an open alert. Errors: not found, already retracted.
  virtual Status ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                           std::string_view comment, int64_t time_ms) = 0;

  // ---- reading (sees what was committed) ----
  //
  // Each read returns the whole answer or an error naming the store and what
  // failed (kBusy, kCorruption, kIoError, kUnavailable, ...); never a part.

  virtual StatusOr<std::vector<Candidate>> candidates(const BBox& box, const TimeRange& window) = 0;
  // Reports of one vessel in a window, oldest first.
  virtual StatusOr<std::vector<PositionRow>> track(uint32_t mmsi, const TimeRange& window) = 0;
  // The same, only the reports whose marking is releasable to `nation`
  // (releasable_to_nation), found by index per marking released to the
  // nation: the reports of a vessel the nation may not see are never read,
  // so it costs what a vessel never stored costs (tests/store/
  // visible_track_test.cc, bench/micro/store_track_bench.cc). An empty
  // nation: nothing.
  virtual StatusOr<std::vector<PositionRow>> visible_track(uint32_t mmsi, const TimeRange& window,
                                                           std::string_view nation) = 0;
  // nullopt when the vessel was never stored.
  virtual StatusOr<std::optional<VesselRow>> vessel(uint32_t mmsi) = 0;
  virtual StatusOr<std::vector<VesselChange>> vessel_changes(uint32_t mmsi, const TimeRange& window) = 0;
  // nullopt when there is no alert with this id.
  virtual StatusOr<std::optional<AlertRow>> alert(std::string_view id) = 0;
  virtual StatusOr<std::vector<AlertRow>> alerts(const AlertFilter& filter) = 0;
  // Every audit row in a window, oldest first (export, tests).
  virtual StatusOr<std::vector<AuditRow>> audit(const TimeRange& window, std::size_t limit) = 0;
  // See AuditFilter.
  virtual StatusOr<std::vector<AuditRow>> audit_for_nation(const AuditFilter& filter) = 0;
  // nullopt when no marking has this id.
  virtual StatusOr<std::optional<Marking>> marking(uint32_t id) = 0;
  virtual StatusOr<StoreCounts> counts() = 0;
};

// Opens (creating and migrating when needed) the store named by `where`: a
// `postgresql://` or `postgres://` URL, or a file path for SQLite.
// On failure returns null and sets `error` to a sentence naming the store.
std::unique_ptr<Store> open_store(std::string_view where, const StoreOptions& options, std::string& error);

}  // namespace lookout::store
