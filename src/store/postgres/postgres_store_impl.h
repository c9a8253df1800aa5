// PostgresStore's class, shared by the files that implement it, one idea
// each: postgres_store.cc (opening, migrating, preparing statements),
// postgres_store_write.cc (buffered writes, the commit, acknowledgements),
// postgres_store_positions.cc (positions, track chunks and last-seen
// times through COPY), postgres_store_tracks.cc (reads of positions,
// chunks and vessels) and postgres_store_alerts.cc (reads of alerts, the
// audit log, markings and counts). Only those files include it; everyone
// else opens a store with open_postgres_store (postgres_store.h).
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/postgres/pg_conn.h"
#include "store/store.h"
#include "store/track_chunker.h"

namespace lookout::store::pg {

constexpr const char* kPositionColumns = "mmsi, t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags, marking";

inline std::string num(int64_t v) { return std::to_string(v); }

// Appends a number and a separator to a COPY row.
template <typename T>
void put(std::string& out, T v, char sep = '\t') {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
  out += sep;
}

inline void put_text(std::string& out, std::string_view s, char sep = '\t') {
  append_copy_text(out, s);
  out += sep;
}

inline int64_t clamp_limit(std::size_t limit) {
  return static_cast<int64_t>(std::min<std::size_t>(limit, static_cast<std::size_t>(std::numeric_limits<int64_t>::max())));
}

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(StoreOptions options)
      : options_(options), chunker_(options.chunk_points, options.chunk_seconds, 1) {}

  ~PostgresStore() override {
    if (buffered_rows_ > 0) (void)commit();
  }

  Status open(const std::string& url);

  std::string_view adapter() const override { return "postgres"; }
  int schema_version() override;

  // ---- writing (postgres_store_write.cc) ----

  uint32_t intern_marking(const Marking& m) override;
  void add_position(const PositionRow& row) override;
  void put_vessel(const VesselRow& row) override;
  void put_alert(const alert::Alert& a) override;
  void add_audit(const AuditRow& row) override;
  Status commit() override;
  Status write_status() const override { return write_status_; }
  Status ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                   std::string_view comment, int64_t time_ms) override;

  // ---- reading: tracks and vessels (postgres_store_tracks.cc) ----

  StatusOr<std::vector<Candidate>> candidates(const BBox& box, const TimeRange& window) override;
  StatusOr<std::vector<PositionRow>> track(uint32_t mmsi, const TimeRange& window) override;
  StatusOr<std::vector<PositionRow>> visible_track(uint32_t mmsi, const TimeRange& window,
                                                   std::string_view nation) override;
  StatusOr<std::optional<VesselRow>> vessel(uint32_t mmsi) override;
  StatusOr<std::vector<VesselChange>> vessel_changes(uint32_t mmsi, const TimeRange& window) override;
  // The rows of positions the server reads for visible_track (postgres_store.h).
  StatusOr<int64_t> visible_track_rows_read(uint32_t mmsi, const TimeRange& window, std::string_view nation);

  // ---- reading: alerts, audit, markings, counts (postgres_store_alerts.cc) ----

  StatusOr<std::optional<AlertRow>> alert(std::string_view id) override;
  StatusOr<std::vector<AlertRow>> alerts(const AlertFilter& f) override;
  StatusOr<std::vector<AuditRow>> audit(const TimeRange& window, std::size_t limit) override;
  StatusOr<std::vector<AuditRow>> audit_for_nation(const AuditFilter& f) override;
  StatusOr<std::optional<Marking>> marking(uint32_t id) override;
  StatusOr<StoreCounts> counts() override;

 private:
  struct PendingAlert {
    std::string id;
    std::vector<Param> upsert;
    std::vector<uint32_t> mmsi;
    std::vector<Param> event;
  };
  struct Seen {
    int64_t first = 0, last = 0;
    uint32_t marking = 0;
  };

  static std::string double_text(double v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string("0");
  }

  void fail(const Status& s) {
    if (write_status_.ok()) write_status_ = s;
  }

  bool writable();
  void after_row();
  void clear_buffers();

  Status check_version();
  Status migrate();
  Status migration_error(const Result& r, int version);
  Status reserve_chunk_ids();
  Status prepare_all();

  // One transaction: positions, then their chunks and last-seen times, then
  // vessels, changes, alerts and audit rows, in the order they were added.
  Status flush();
  // Writes the buffered positions, then feeds the new ones to the chunker in
  // the order they were added. A report stored before (a replay) is skipped.
  Status write_positions();
  // The new positions (`keep`) go to the chunker and the last-seen times.
  Status after_positions(const std::vector<char>& keep);
  // Chunks changed in this batch (upserted by id) and the vessels' first and
  // last seen times.
  Status write_chunks_and_seen();
  Status write_vessels();
  Status write_changes();
  Status write_alerts();
  Status write_audit();

  static constexpr const char* kAuditColumns = "t, principal, nation, action, target, outcome, status, role, remote";
  static AuditRow audit_from(const Result& r, int i);
  // Columns t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags,
  // marking from column `first` on.
  static PositionRow position_from(const Result& r, int row, int first, uint32_t mmsi);
  static AlertRow alert_from(const Result& r, int i);

  const VesselRow* cached_vessel(uint32_t mmsi);
  // Caches a vessel's latest stored row, starting the cache afresh at its bound.
  const VesselRow& remember_vessel(const VesselRow& row);

  StoreOptions options_;
  Conn db_;
  Status write_status_;
  TrackChunker chunker_;
  std::size_t buffered_rows_ = 0;

  // Buffered until the next commit.
  std::vector<PositionRow> positions_;
  std::unordered_map<uint32_t, VesselRow> vessel_puts_;
  std::vector<VesselChange> changes_;
  std::vector<PendingAlert> alerts_;
  std::vector<AuditRow> audit_;

  std::unordered_map<uint32_t, Seen> touched_;
  std::vector<ChunkRow> chunk_rows_;
  std::string copy_;  // COPY data being built
  std::unordered_map<uint32_t, VesselRow> vessel_cache_;
  std::unordered_map<std::string, uint32_t> marking_ids_;
  int64_t latest_ms_ = 0;
  // visible_track's prepared statements, by their number of parameters.
  std::set<std::size_t> visible_track_prepared_;
};

}  // namespace lookout::store::pg
