// PostgresStore's reads of tracks: the chunk index, a vessel's reports (all,
// or those released to a nation), its static data and their changes.
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/postgres/postgres_store_impl.h"

namespace lookout::store::pg {

StatusOr<std::vector<Candidate>> PostgresStore::candidates(const BBox& box, const TimeRange& window) {
  std::vector<Candidate> out;
  if (box.min_lat > box.max_lat || box.min_lon > box.max_lon || window.from_ms > window.to_ms) return out;
  Result r = db_.exec_prepared("candidates", {double_text(box.min_lon), double_text(box.min_lat),
                                              double_text(box.max_lon), double_text(box.max_lat),
                                              num(window.from_ms), num(window.to_ms)});
  if (!r.ok()) return db_.error("reading track chunks", &r);
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back({static_cast<uint32_t>(r.i64(i, 0)), r.i64(i, 1), r.i64(i, 2)});
  }
  return out;
}

StatusOr<std::vector<PositionRow>> PostgresStore::track(uint32_t mmsi, const TimeRange& window) {
  std::vector<PositionRow> out;
  Result r = db_.exec_prepared("track", {num(mmsi), num(window.from_ms), num(window.to_ms)});
  if (!r.ok()) return db_.error("reading a track", &r);
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(position_from(r, i, 0, mmsi));
  return out;
}

namespace {

// visible_track's query and its parameters ($1 mmsi, $2 and $3 the window,
// $4 the nation, $5... the codes granting it). For each marking released to
// the nation (the markings table, a few rows read whole whatever the
// vessel), one scan of positions_by_marking over (mmsi, marking, window):
// a report under any other marking is never read, so a vessel the nation
// may not see costs what a vessel never stored costs. OFFSET 0 keeps the
// per-marking scan from being flattened into a join the planner could
// answer by reading the vessel's every report.
std::string visible_track_sql(uint32_t mmsi, const TimeRange& window, std::string_view nation,
                              std::vector<Param>& params) {
  auto param = [&params](std::string value) {
    params.emplace_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  std::string sql =
      "SELECT p.t, p.lat_e7, p.lon_e7, p.sog_dkn, p.cog_ddeg, p.heading, p.nav_status, p.flags, p.marking "
      "FROM markings m CROSS JOIN LATERAL (SELECT * FROM positions WHERE mmsi = " + param(num(mmsi)) +
      " AND marking = m.id AND t BETWEEN " + param(num(window.from_ms)) + " AND " + param(num(window.to_ms)) +
      " OFFSET 0) p WHERE m.owner = " + param(clean_text(nation));
  for (const auto& g : codes_granting(nation)) {
    sql += " OR position(" + param("," + clean_text(g) + ",") + " in ',' || m.releasable_to || ',') > 0";
  }
  return sql + " ORDER BY p.t";
}

// The sum over the plan's scans of positions of the rows they produced and
// the rows their filters removed, from EXPLAIN (ANALYZE, FORMAT JSON). A
// node's keys come before its child plans, each of which starts with
// "Node Type"; counts are per loop.
int64_t positions_rows_read(std::string_view plan) {
  auto number_after = [](std::string_view node, std::string_view key) {
    auto at = node.find(key);
    if (at == std::string_view::npos) return 0.0;
    return std::strtod(std::string(node.substr(at + key.size(), 32)).c_str(), nullptr);
  };
  double rows = 0;
  constexpr std::string_view kRelation = "\"Relation Name\": \"positions\"";
  for (auto at = plan.find(kRelation); at != std::string_view::npos; at = plan.find(kRelation, at + 1)) {
    std::string_view node = plan.substr(at);
    node = node.substr(0, node.find("\"Node Type\""));
    double loops = number_after(node, "\"Actual Loops\": ");
    rows += loops * (number_after(node, "\"Actual Rows\": ") + number_after(node, "\"Rows Removed by Filter\": "));
  }
  return static_cast<int64_t>(rows + 0.5);
}

}  // namespace

StatusOr<std::vector<PositionRow>> PostgresStore::visible_track(uint32_t mmsi, const TimeRange& window,
                                                                std::string_view nation) {
  std::vector<PositionRow> out;
  if (nation.empty()) return out;  // nobody's nation: releasable to nobody
  std::vector<Param> params;
  std::string sql = visible_track_sql(mmsi, window, nation, params);
  // Prepared once per number of granting codes: a generic plan (see open()).
  std::string name = "visible_track_" + std::to_string(params.size());
  if (!visible_track_prepared_.contains(params.size())) {
    Status s = db_.prepare(name.c_str(), sql.c_str());
    if (!s.ok()) return s;
    visible_track_prepared_.insert(params.size());
  }
  Result r = db_.exec_prepared(name.c_str(), params);
  if (!r.ok()) return db_.error("reading a track", &r);
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(position_from(r, i, 0, mmsi));
  return out;
}

StatusOr<int64_t> PostgresStore::visible_track_rows_read(uint32_t mmsi, const TimeRange& window,
                                                         std::string_view nation) {
  if (nation.empty()) return int64_t{0};
  std::vector<Param> params;
  std::string sql = visible_track_sql(mmsi, window, nation, params);
  std::string name = "visible_track_" + std::to_string(params.size());
  if (!visible_track_prepared_.contains(params.size())) {
    Status s = db_.prepare(name.c_str(), sql.c_str());
    if (!s.ok()) return s;
    visible_track_prepared_.insert(params.size());
  }
  // The prepared statement's own plan, executed: EXPLAIN EXECUTE, whose
  // arguments are literals (standard strings: only quotes are doubled).
  std::string args;
  for (std::size_t i = 0; i < params.size(); ++i) {
    std::string literal;
    for (char ch : params[i].value_or("")) literal += ch == '\'' ? std::string("''") : std::string(1, ch);
    args += (i == 0 ? "'" : ", '") + literal + "'";
  }
  Result r = db_.exec("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE " + name + "(" + args + ")");
  if (!r.ok() || r.rows() != 1) return db_.error("explaining a track query", &r);
  return positions_rows_read(r.text(0, 0));
}

StatusOr<std::optional<VesselRow>> PostgresStore::vessel(uint32_t mmsi) {
  Result r = db_.exec_prepared("find_vessel", {num(mmsi)});
  if (!r.ok()) return db_.error("reading a vessel", &r);
  if (r.rows() != 1) return std::optional<VesselRow>();
  VesselRow v;
  v.mmsi = mmsi;
  v.cls = static_cast<track::VesselClass>(r.i64(0, 0));
  v.statics.imo = static_cast<uint32_t>(r.i64(0, 1));
  v.statics.callsign.assign(r.text(0, 2));
  v.statics.name.assign(r.text(0, 3));
  v.statics.shiptype = static_cast<uint8_t>(r.i64(0, 4));
  v.statics.dim.to_bow = static_cast<uint16_t>(r.i64(0, 5));
  v.statics.dim.to_stern = static_cast<uint16_t>(r.i64(0, 6));
  v.statics.dim.to_port = static_cast<uint8_t>(r.i64(0, 7));
  v.statics.dim.to_starboard = static_cast<uint8_t>(r.i64(0, 8));
  v.statics.destination.assign(r.text(0, 9));
  v.statics.draught_dm = static_cast<uint8_t>(r.i64(0, 10));
  v.statics.updated_ms = r.i64(0, 11);
  v.first_seen_ms = r.i64(0, 12);
  v.last_seen_ms = r.i64(0, 13);
  v.marking = static_cast<uint32_t>(r.i64(0, 14));
  return std::optional<VesselRow>(std::move(v));
}

StatusOr<std::vector<VesselChange>> PostgresStore::vessel_changes(uint32_t mmsi, const TimeRange& window) {
  std::vector<VesselChange> out;
  Result r = db_.exec_prepared("find_changes", {num(mmsi), num(window.from_ms), num(window.to_ms)});
  if (!r.ok()) return db_.error("reading vessel changes", &r);
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back({mmsi, r.i64(i, 0), std::string(r.text(i, 1)), std::string(r.text(i, 2)),
                   std::string(r.text(i, 3))});
  }
  return out;
}

PositionRow PostgresStore::position_from(const Result& r, int row, int first, uint32_t mmsi) {
  PositionRow out;
  out.mmsi = mmsi;
  auto& p = out.point;
  p.time_ms = r.i64(row, first);
  p.lat_e7 = static_cast<int32_t>(r.i64(row, first + 1));
  p.lon_e7 = static_cast<int32_t>(r.i64(row, first + 2));
  p.sog_dkn = static_cast<uint16_t>(r.i64(row, first + 3));
  p.cog_ddeg = static_cast<uint16_t>(r.i64(row, first + 4));
  p.heading = static_cast<uint16_t>(r.i64(row, first + 5));
  p.nav_status = static_cast<uint8_t>(r.i64(row, first + 6));
  p.flags = static_cast<uint8_t>(r.i64(row, first + 7));
  out.marking = static_cast<uint32_t>(r.i64(row, first + 8));
  return out;
}

}  // namespace lookout::store::pg
