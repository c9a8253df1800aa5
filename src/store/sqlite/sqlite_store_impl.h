// SqliteStore's class, shared by the files that implement it, one idea
// each: sqlite_store.cc (opening, migrating, preparing statements),
// sqlite_store_write.cc (buffered writes and acknowledgements),
// sqlite_store_tracks.cc (reads of positions, chunks and vessels) and
// sqlite_store_alerts.cc (reads of alerts, the audit log, markings and
// counts). Only those files include it; everyone else opens a store with
// open_sqlite_store (sqlite_store.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"
#include "store/track_chunker.h"

namespace lookout::store::sqlite {

inline double minutes(int64_t ms) { return static_cast<double>(ms) / 60000.0; }

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(StoreOptions options) : options_(options), chunker_(options.chunk_points, options.chunk_seconds, 1) {}

  ~SqliteStore() override {
    if (in_tx_) (void)commit();
  }

  Status open(const std::string& path);

  std::string_view adapter() const override { return "sqlite"; }
  int schema_version() override;

  // ---- writing (sqlite_store_write.cc) ----

  uint32_t intern_marking(const Marking& m) override;
  void add_position(const PositionRow& row) override;
  void put_vessel(const VesselRow& row) override;
  void put_alert(const alert::Alert& a) override;
  void add_audit(const AuditRow& row) override;
  Status commit() override;
  Status write_status() const override { return write_status_; }
  Status ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                   std::string_view comment, int64_t time_ms) override;

  // ---- reading: tracks and vessels (sqlite_store_tracks.cc) ----

  StatusOr<std::vector<Candidate>> candidates(const BBox& box, const TimeRange& window) override;
  StatusOr<std::vector<PositionRow>> track(uint32_t mmsi, const TimeRange& window) override;
  StatusOr<std::vector<PositionRow>> visible_track(uint32_t mmsi, const TimeRange& window,
                                                   std::string_view nation) override;
  StatusOr<std::optional<VesselRow>> vessel(uint32_t mmsi) override;
  StatusOr<std::vector<VesselChange>> vessel_changes(uint32_t mmsi, const TimeRange& window) override;
  // The virtual-machine steps of the last visible_track (sqlite_store.h).
  int64_t last_visible_track_steps() const { return visible_track_steps_; }

  // ---- reading: alerts, audit, markings, counts (sqlite_store_alerts.cc) ----

  StatusOr<std::optional<AlertRow>> alert(std::string_view id) override;
  StatusOr<std::vector<AlertRow>> alerts(const AlertFilter& f) override;
  StatusOr<std::vector<AuditRow>> audit(const TimeRange& window, std::size_t limit) override;
  StatusOr<std::vector<AuditRow>> audit_for_nation(const AuditFilter& f) override;
  StatusOr<std::optional<Marking>> marking(uint32_t id) override;
  StatusOr<StoreCounts> counts() override;

 private:
  static constexpr const char* kAuditColumns = "t, principal, nation, action, target, outcome, status, role, remote";
  static AuditRow audit_from(const Stmt& q);
  static constexpr const char* kAlertColumns =
      "SELECT id, kind, status, t, first_t, mmsi, asset, lat, lon, score, severity, summary, json, owner, "
      "releasable_to, acked_by, acked_nation, acked_at, ack_comment FROM alerts";

  Status check_version();
  Status migrate();
  Status prepare_all();
  bool begin();
  bool step_done(Stmt& st, const char* what);

  // Steps `q` to its end, calling on_row() at each row, and leaves it reset.
  // A step that fails part way (SQLITE_BUSY, SQLITE_CORRUPT, SQLITE_IOERR...)
  // is an error naming `what`: the caller must not take the rows so far for
  // the whole answer.
  template <typename F>
  Status each_row(Stmt& q, const char* what, F&& on_row) {
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) on_row();
    Status s = rc == SQLITE_DONE ? Status() : db_.error(std::string("reading ") + what);
    q.reset();
    return s;
  }

  void after_row();
  std::optional<track::TrackPoint> previous_report(uint32_t mmsi, int64_t before_ms);
  static PositionRow position_from(const Stmt& q, uint32_t mmsi);
  static AlertRow alert_from(const Stmt& q);
  const VesselRow* cached_vessel(uint32_t mmsi);
  // Caches a vessel's latest stored row, starting the cache afresh at its bound.
  const VesselRow& remember_vessel(const VesselRow& row);
  // Chunks and last-seen times of the vessels written in this transaction.
  void flush_side_tables();

  StoreOptions options_;
  Db db_;
  bool in_tx_ = false;
  std::size_t rows_in_tx_ = 0;
  Status write_status_;
  TrackChunker chunker_;
  std::vector<ChunkRow> chunk_rows_;
  struct Seen {
    int64_t first = 0, last = 0;
    uint32_t marking = 0;
  };
  std::unordered_map<uint32_t, Seen> touched_;
  std::unordered_map<uint32_t, VesselRow> vessel_cache_;
  std::unordered_map<std::string, uint32_t> marking_ids_;
  int64_t latest_ms_ = 0;

  // visible_track's statements, by the number of codes granting the
  // nation (the SQL has one test per code), and its last work.
  std::map<std::size_t, Stmt> visible_track_;
  int64_t visible_track_steps_ = 0;

  Stmt candidates_, track_, find_vessel_, find_changes_, find_marking_, insert_marking_, insert_position_,
      previous_position_, upsert_chunk_, touch_vessel_, upsert_vessel_, insert_change_, upsert_alert_,
      insert_alert_mmsi_, insert_alert_event_, ack_alert_, insert_audit_;
};

}  // namespace lookout::store::sqlite
