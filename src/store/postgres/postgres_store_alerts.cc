// PostgresStore's reads of alerts (one, or filtered and releasable to a
// nation), of the audit log (all, or one admin's), of markings and counts.
#include <string>

#include "store/postgres/postgres_store_impl.h"
#include "store/store_text.h"

namespace lookout::store::pg {

namespace {

constexpr const char* kAlertColumns =
    "SELECT id, kind, status, t, first_t, mmsi, asset, lat, lon, score, severity, summary, json, owner, "
    "releasable_to, acked_by, acked_nation, acked_at, ack_comment FROM alerts";

}  // namespace

StatusOr<std::optional<AlertRow>> PostgresStore::alert(std::string_view id) {
  Result r = db_.exec(std::string(kAlertColumns) + " WHERE id = $1", {pg::clean_text(id)});
  if (!r.ok()) return db_.error("reading an alert", &r);
  if (r.rows() != 1) return std::optional<AlertRow>();
  return std::optional<AlertRow>(alert_from(r, 0));
}

StatusOr<std::vector<AlertRow>> PostgresStore::alerts(const AlertFilter& f) {
  std::string sql = kAlertColumns;
  std::vector<Param> params;
  std::vector<std::string> where;
  auto param = [&params](std::string value) {
    params.emplace_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  if (f.status) where.push_back("status = " + param(to_string(*f.status)));
  if (f.kind) where.push_back("kind = " + param(pg::clean_text(*f.kind)));
  if (f.since_ms) where.push_back("t >= " + param(num(*f.since_ms)));
  if (f.mmsi) where.push_back("id IN (SELECT alert_id FROM alert_mmsi WHERE mmsi = " + param(num(*f.mmsi)) + ")");
  if (f.during) {
    std::string from = param(num(f.during->from_ms));
    where.push_back("t >= " + from + " AND first_t <= " + param(num(f.during->to_ms)));
  }
  if (f.visible_to) {
    if (f.visible_to->empty()) return std::vector<AlertRow>{};  // nobody's nation: releasable to nobody
    // Owned by the nation, or a code granting it in the comma-joined list.
    std::string cond = "(owner = " + param(pg::clean_text(*f.visible_to));
    for (const auto& g : codes_granting(*f.visible_to)) {
      cond += " OR position(" + param("," + pg::clean_text(g) + ",") + " in ',' || releasable_to || ',') > 0";
    }
    where.push_back(cond + ")");
  }
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  // Byte order for ids, as SQLite sorts them.
  sql += " ORDER BY t DESC, id COLLATE \"C\" LIMIT " + param(num(clamp_limit(f.limit)));
  Result r = db_.exec(sql, params);
  if (!r.ok()) return db_.error("reading alerts", &r);
  std::vector<AlertRow> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(alert_from(r, i));
  return out;
}

StatusOr<std::vector<AuditRow>> PostgresStore::audit(const TimeRange& window, std::size_t limit) {
  Result r = db_.exec(std::string("SELECT ") + kAuditColumns +
                          " FROM audit WHERE t BETWEEN $1 AND $2 ORDER BY id LIMIT $3",
                      {num(window.from_ms), num(window.to_ms), num(clamp_limit(limit))});
  if (!r.ok()) return db_.error("reading the audit log", &r);
  std::vector<AuditRow> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(audit_from(r, i));
  return out;
}

StatusOr<std::vector<AuditRow>> PostgresStore::audit_for_nation(const AuditFilter& f) {
  // Two walks of audit_by_nation backwards, each stopping at the limit,
  // then merged: never a read of another nation's rows.
  const std::string one = std::string("(SELECT id, ") + kAuditColumns + " FROM audit WHERE nation ";
  const std::string tail = " AND t BETWEEN $1 AND $2 ORDER BY t DESC, id DESC LIMIT $4)";
  Result r = db_.exec(std::string("SELECT ") + kAuditColumns + " FROM (" + one + "= $3" + tail + " UNION ALL " +
                          one + "IS NULL" + tail + ") picked ORDER BY t DESC, id DESC LIMIT $4",
                      {num(f.window.from_ms), num(f.window.to_ms), f.nation, num(clamp_limit(f.limit))});
  if (!r.ok()) return db_.error("reading the audit log", &r);
  std::vector<AuditRow> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(audit_from(r, i));
  return out;
}

StatusOr<std::optional<Marking>> PostgresStore::marking(uint32_t id) {
  if (id == 0) return std::optional<Marking>(Marking{});
  Result r = db_.exec("SELECT owner, releasable_to FROM markings WHERE id = $1", {num(id)});
  if (!r.ok()) return db_.error("reading a marking", &r);
  if (r.rows() != 1) return std::optional<Marking>();
  return std::optional<Marking>(Marking{std::string(r.text(0, 0)), split_codes(r.text(0, 1))});
}

StatusOr<StoreCounts> PostgresStore::counts() {
  StoreCounts c;
  Result r = db_.exec(
      "SELECT (SELECT count(*) FROM positions), (SELECT count(*) FROM vessels), (SELECT count(*) FROM alerts), "
      "(SELECT count(*) FROM chunks), (SELECT count(*) FROM audit)");
  if (!r.ok()) return db_.error("counting rows", &r);
  if (r.rows() != 1) return c;
  c.positions = static_cast<uint64_t>(r.i64(0, 0));
  c.vessels = static_cast<uint64_t>(r.i64(0, 1));
  c.alerts = static_cast<uint64_t>(r.i64(0, 2));
  c.chunks = static_cast<uint64_t>(r.i64(0, 3));
  c.audit = static_cast<uint64_t>(r.i64(0, 4));
  return c;
}

AuditRow PostgresStore::audit_from(const Result& r, int i) {
  AuditRow a;
  a.time_ms = r.i64(i, 0);
  a.principal = std::string(r.text(i, 1));
  if (!r.is_null(i, 2)) a.nation = std::string(r.text(i, 2));
  a.action = std::string(r.text(i, 3));
  a.target = std::string(r.text(i, 4));
  a.outcome = std::string(r.text(i, 5));
  a.status = static_cast<int>(r.i64(i, 6));
  a.role = std::string(r.text(i, 7));
  a.remote = std::string(r.text(i, 8));
  return a;
}

AlertRow PostgresStore::alert_from(const Result& r, int i) {
  AlertRow a;
  a.id = r.text(i, 0);
  a.kind = r.text(i, 1);
  a.status = alert_status_from_string(r.text(i, 2)).value_or(AlertStatus::kOpen);
  a.time_ms = r.i64(i, 3);
  a.first_time_ms = r.i64(i, 4);
  a.mmsi = split_mmsi(r.text(i, 5));
  if (!r.is_null(i, 6)) a.asset = std::string(r.text(i, 6));
  a.pos = {r.f64(i, 7), r.f64(i, 8)};
  a.score = static_cast<int>(r.i64(i, 9));
  a.severity = r.text(i, 10);
  a.summary = r.text(i, 11);
  a.json = r.text(i, 12);
  a.marking.owner = r.text(i, 13);
  a.marking.releasable_to = split_codes(r.text(i, 14));
  a.acked_by = r.text(i, 15);
  a.acked_nation = r.text(i, 16);
  a.acked_ms = r.i64(i, 17);
  a.ack_comment = r.text(i, 18);
  return a;
}

}  // namespace lookout::store::pg
