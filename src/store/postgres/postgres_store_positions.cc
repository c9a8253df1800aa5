// PostgresStore's writes of positions: the batch through COPY (through a
// stage when some reports were stored before), the new reports fed to the
// track chunker, and the chunks and last-seen times they changed.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/postgres/postgres_store_impl.h"

namespace lookout::store::pg {

Status PostgresStore::write_positions() {
  // Within the batch, the first of two reports with the same key wins.
  std::vector<uint32_t> order(positions_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key_less = [this](uint32_t a, uint32_t b) {
    const auto &pa = positions_[a], &pb = positions_[b];
    if (pa.mmsi != pb.mmsi) return pa.mmsi < pb.mmsi;
    if (pa.point.time_ms != pb.point.time_ms) return pa.point.time_ms < pb.point.time_ms;
    return a < b;
  };
  std::sort(order.begin(), order.end(), key_less);
  std::vector<char> keep(positions_.size(), 1);
  for (std::size_t k = 1; k < order.size(); ++k) {
    const auto &prev = positions_[order[k - 1]], &cur = positions_[order[k]];
    if (prev.mmsi == cur.mmsi && prev.point.time_ms == cur.point.time_ms) keep[order[k]] = 0;
  }
  copy_.clear();
  for (std::size_t i = 0; i < positions_.size(); ++i) {
    if (!keep[i]) continue;
    const auto& r = positions_[i];
    const auto& p = r.point;
    put(copy_, r.mmsi);
    put(copy_, p.time_ms);
    put(copy_, p.lat_e7);
    put(copy_, p.lon_e7);
    put(copy_, p.sog_dkn);
    put(copy_, p.cog_ddeg);
    put(copy_, p.heading);
    put(copy_, static_cast<int>(p.nav_status));
    put(copy_, static_cast<int>(p.flags));
    put(copy_, r.marking, '\n');
  }

  // Fast path: straight into the table. A unique violation means some of
  // these were stored before; then through the stage, skipping those.
  Status s = db_.run("SAVEPOINT positions", "writing positions");
  if (!s.ok()) return s;
  std::string state;
  s = db_.copy_in(std::string("COPY positions(") + kPositionColumns + ") FROM STDIN", copy_, "writing positions",
                  &state);
  if (s.ok()) return after_positions(keep);
  if (state != "23505") return s;
  s = db_.run("ROLLBACK TO SAVEPOINT positions", "writing positions");
  if (s.ok()) {
    s = db_.copy_in(std::string("COPY stage_positions(") + kPositionColumns + ") FROM STDIN", copy_,
                    "staging positions");
  }
  if (!s.ok()) return s;
  Result r = db_.exec(std::string("INSERT INTO positions(") + kPositionColumns + ") SELECT " + kPositionColumns +
                      " FROM stage_positions ON CONFLICT DO NOTHING RETURNING mmsi, t");
  if (!r.ok()) return db_.error("writing positions", &r);
  std::vector<std::pair<uint32_t, int64_t>> inserted;
  inserted.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) inserted.emplace_back(static_cast<uint32_t>(r.i64(i, 0)), r.i64(i, 1));
  std::sort(inserted.begin(), inserted.end());
  for (std::size_t i = 0; i < positions_.size(); ++i) {
    if (keep[i] && !std::binary_search(inserted.begin(), inserted.end(),
                                       std::make_pair(positions_[i].mmsi, positions_[i].point.time_ms))) {
      keep[i] = 0;
    }
  }
  return after_positions(keep);
}

Status PostgresStore::after_positions(const std::vector<char>& keep) {
  // Vessels the chunker does not know start their chunk from their
  // previous stored report, looked up for all of them in one query.
  std::unordered_map<uint32_t, int64_t> unknown;
  for (std::size_t i = 0; i < positions_.size(); ++i) {
    if (keep[i] && !chunker_.knows(positions_[i].mmsi)) unknown.try_emplace(positions_[i].mmsi, positions_[i].point.time_ms);
  }
  std::unordered_map<uint32_t, track::TrackPoint> previous;
  if (!unknown.empty()) {
    copy_.clear();
    for (const auto& [mmsi, t] : unknown) {
      put(copy_, mmsi);
      put(copy_, t, '\n');
    }
    Status s = db_.copy_in("COPY stage_prev(mmsi, t) FROM STDIN", copy_, "looking up previous reports");
    if (!s.ok()) return s;
    Result r = db_.exec(
        "SELECT s.mmsi, p.t, p.lat_e7, p.lon_e7, p.sog_dkn, p.cog_ddeg, p.heading, p.nav_status, p.flags, "
        "p.marking FROM stage_prev s CROSS JOIN LATERAL (SELECT * FROM positions q WHERE q.mmsi = s.mmsi "
        "AND q.t < s.t ORDER BY q.t DESC LIMIT 1) p");
    if (!r.ok()) return db_.error("looking up previous reports", &r);
    for (int i = 0; i < r.rows(); ++i) {
      auto mmsi = static_cast<uint32_t>(r.i64(i, 0));
      previous[mmsi] = position_from(r, i, 1, mmsi).point;
    }
  }
  for (std::size_t i = 0; i < positions_.size(); ++i) {
    if (!keep[i]) continue;
    const auto& row = positions_[i];
    const auto& p = row.point;
    if (!chunker_.knows(row.mmsi)) {
      auto it = previous.find(row.mmsi);
      chunker_.add(row.mmsi, p, it != previous.end() ? &it->second : nullptr);
    } else {
      chunker_.add(row.mmsi, p, nullptr);
    }
    auto& seen = touched_[row.mmsi];
    if (seen.first == 0 || p.time_ms < seen.first) seen.first = p.time_ms;
    seen.last = std::max(seen.last, p.time_ms);
    seen.marking = row.marking;
    latest_ms_ = std::max(latest_ms_, p.time_ms);
  }
  return {};
}

Status PostgresStore::write_chunks_and_seen() {
  chunk_rows_.clear();
  chunker_.take_dirty(chunk_rows_);
  // Vessels silent for a day of event time release their open chunk.
  if (chunker_.open_chunks() > 4096) {
    chunker_.evict_idle(latest_ms_ - 24LL * 3600 * 1000);
    chunker_.take_dirty(chunk_rows_);
  }
  if (!chunk_rows_.empty()) {
    // One row per id (the latest), as ON CONFLICT DO UPDATE requires.
    std::stable_sort(chunk_rows_.begin(), chunk_rows_.end(),
                     [](const ChunkRow& a, const ChunkRow& b) { return a.id < b.id; });
    copy_.clear();
    for (std::size_t i = 0; i < chunk_rows_.size(); ++i) {
      if (i + 1 < chunk_rows_.size() && chunk_rows_[i + 1].id == chunk_rows_[i].id) continue;
      const auto& c = chunk_rows_[i];
      put(copy_, c.id);
      put(copy_, c.mmsi);
      put(copy_, c.min_lon);
      put(copy_, c.min_lat);
      put(copy_, c.max_lon);
      put(copy_, c.max_lat);
      put(copy_, c.from_ms);
      put(copy_, c.to_ms);
      put(copy_, c.points, '\n');
    }
    Status s = db_.copy_in("COPY stage_chunks FROM STDIN", copy_, "writing track chunks");
    if (!s.ok()) return s;
    s = db_.run(
        "INSERT INTO chunks(id, mmsi, t0, t1, points, box) SELECT id, mmsi, t0, t1, points, "
        "ST_MakeEnvelope(min_lon, min_lat, max_lon, max_lat, 4326) FROM stage_chunks "
        "ON CONFLICT(id) DO UPDATE SET mmsi = excluded.mmsi, t0 = excluded.t0, t1 = excluded.t1, "
        "points = excluded.points, box = excluded.box",
        "writing track chunks");
    if (!s.ok()) return s;
  }
  if (!touched_.empty()) {
    copy_.clear();
    for (const auto& [mmsi, seen] : touched_) {
      put(copy_, mmsi);
      put(copy_, seen.first);
      put(copy_, seen.last);
      put(copy_, seen.marking, '\n');
    }
    touched_.clear();
    Status s = db_.copy_in("COPY stage_seen FROM STDIN", copy_, "writing vessels");
    if (!s.ok()) return s;
    s = db_.run(
        "INSERT INTO vessels(mmsi, first_seen, last_seen, marking) SELECT mmsi, first_seen, last_seen, marking "
        "FROM stage_seen ON CONFLICT(mmsi) DO UPDATE SET first_seen = least(vessels.first_seen, "
        "excluded.first_seen), last_seen = greatest(vessels.last_seen, excluded.last_seen)",
        "writing vessels");
    if (!s.ok()) return s;
  }
  return {};
}

}  // namespace lookout::store::pg
