// SqliteStore's reads of tracks: the chunk index, a vessel's reports (all,
// or those released to a nation), its static data and their changes.
#include <algorithm>
#include <cmath>
#include <string>

#include "store/sqlite/sqlite_store_impl.h"

namespace lookout::store::sqlite {

namespace {

// The key gives each marking's reports oldest first; this merges them.
void oldest_first(std::vector<PositionRow>& rows) {
  auto older = [](const PositionRow& a, const PositionRow& b) { return a.point.time_ms < b.point.time_ms; };
  if (!std::is_sorted(rows.begin(), rows.end(), older)) std::stable_sort(rows.begin(), rows.end(), older);
}

}  // namespace

StatusOr<std::vector<Candidate>> SqliteStore::candidates(const BBox& box, const TimeRange& window) {
  std::vector<Candidate> out;
  Stmt& q = candidates_;
  q.reset();
  q.bind(1, box.min_lon).bind(2, box.max_lon).bind(3, box.min_lat).bind(4, box.max_lat);
  q.bind(5, minutes(window.from_ms)).bind(6, minutes(window.to_ms));
  Status s = each_row(q, "track chunks", [&] {
    Candidate c;
    c.mmsi = static_cast<uint32_t>(q.i64(0));
    c.from_ms = static_cast<int64_t>(std::floor(q.f64(1) * 60000.0));
    c.to_ms = static_cast<int64_t>(std::ceil(q.f64(2) * 60000.0));
    out.push_back(c);
  });
  if (!s.ok()) return s;
  return out;
}

StatusOr<std::vector<PositionRow>> SqliteStore::track(uint32_t mmsi, const TimeRange& window) {
  std::vector<PositionRow> out;
  Stmt& q = track_;
  q.reset();
  q.bind(1, mmsi).bind(2, window.from_ms).bind(3, window.to_ms);
  Status s = each_row(q, "a track", [&] { out.push_back(position_from(q, mmsi)); });
  if (!s.ok()) return s;
  oldest_first(out);
  return out;
}

StatusOr<std::vector<PositionRow>> SqliteStore::visible_track(uint32_t mmsi, const TimeRange& window,
                                                              std::string_view nation) {
  std::vector<PositionRow> out;
  visible_track_steps_ = 0;
  if (nation.empty()) return out;  // nobody's nation: releasable to nobody
  // The markings the nation may see (the markings table, a few rows read
  // whole whatever the vessel), then one range of the key (mmsi, marking,
  // t) per such marking. A report under any other marking is never stepped
  // over: a vessel the nation may not see costs what one never stored costs.
  // A join driven by markings (CROSS JOIN fixes the order), not
  // "marking IN (...)": for an IN list SQLite may step through the
  // vessel's rows in place of seeking (its seek-scan), hidden ones too.
  const auto granting = codes_granting(nation);
  Stmt& q = visible_track_[granting.size()];
  Status s;
  if (!q.valid()) {
    std::string sql =
        "SELECT p.t, p.lat_e7, p.lon_e7, p.sog_dkn, p.cog_ddeg, p.heading, p.nav_status, p.flags, p.marking "
        "FROM markings m CROSS JOIN positions p WHERE (m.owner = ?4";
    for (std::size_t i = 0; i < granting.size(); ++i) {
      sql += " OR instr(',' || m.releasable_to || ',', ?" + std::to_string(5 + i) + ") > 0";
    }
    sql += ") AND p.mmsi = ?1 AND p.marking = m.id AND p.t BETWEEN ?2 AND ?3";
    q = db_.prepare(sql, s);
    if (!q.valid()) return s;
  }
  q.reset();
  q.bind(1, mmsi).bind(2, window.from_ms).bind(3, window.to_ms).bind(4, nation);
  for (std::size_t i = 0; i < granting.size(); ++i) q.bind(static_cast<int>(5 + i), "," + granting[i] + ",");
  (void)q.vm_steps(true);
  s = each_row(q, "a track", [&] { out.push_back(position_from(q, mmsi)); });
  visible_track_steps_ = q.vm_steps(true);
  if (!s.ok()) return s;
  oldest_first(out);
  return out;
}

StatusOr<std::optional<VesselRow>> SqliteStore::vessel(uint32_t mmsi) {
  Stmt& q = find_vessel_;
  q.reset();
  q.bind(1, mmsi);
  std::optional<VesselRow> out;
  Status s = each_row(q, "a vessel", [&] {
    VesselRow v;
    v.mmsi = mmsi;
    v.cls = static_cast<track::VesselClass>(q.i64(0));
    v.statics.imo = static_cast<uint32_t>(q.i64(1));
    v.statics.callsign.assign(q.text(2));
    v.statics.name.assign(q.text(3));
    v.statics.shiptype = static_cast<uint8_t>(q.i64(4));
    v.statics.dim.to_bow = static_cast<uint16_t>(q.i64(5));
    v.statics.dim.to_stern = static_cast<uint16_t>(q.i64(6));
    v.statics.dim.to_port = static_cast<uint8_t>(q.i64(7));
    v.statics.dim.to_starboard = static_cast<uint8_t>(q.i64(8));
    v.statics.destination.assign(q.text(9));
    v.statics.draught_dm = static_cast<uint8_t>(q.i64(10));
    v.statics.updated_ms = q.i64(11);
    v.first_seen_ms = q.i64(12);
    v.last_seen_ms = q.i64(13);
    v.marking = static_cast<uint32_t>(q.i64(14));
    out = v;
  });
  if (!s.ok()) return s;
  return out;
}

StatusOr<std::vector<VesselChange>> SqliteStore::vessel_changes(uint32_t mmsi, const TimeRange& window) {
  std::vector<VesselChange> out;
  Stmt& q = find_changes_;
  q.reset();
  q.bind(1, mmsi).bind(2, window.from_ms).bind(3, window.to_ms);
  Status s = each_row(q, "vessel changes", [&] { out.push_back({mmsi, q.i64(0), q.text(1), q.text(2), q.text(3)}); });
  if (!s.ok()) return s;
  return out;
}

PositionRow SqliteStore::position_from(const Stmt& q, uint32_t mmsi) {
  PositionRow r;
  r.mmsi = mmsi;
  r.point.time_ms = q.i64(0);
  r.point.lat_e7 = static_cast<int32_t>(q.i64(1));
  r.point.lon_e7 = static_cast<int32_t>(q.i64(2));
  r.point.sog_dkn = static_cast<uint16_t>(q.i64(3));
  r.point.cog_ddeg = static_cast<uint16_t>(q.i64(4));
  r.point.heading = static_cast<uint16_t>(q.i64(5));
  r.point.nav_status = static_cast<uint8_t>(q.i64(6));
  r.point.flags = static_cast<uint8_t>(q.i64(7));
  r.marking = static_cast<uint32_t>(q.i64(8));
  return r;
}

}  // namespace lookout::store::sqlite
