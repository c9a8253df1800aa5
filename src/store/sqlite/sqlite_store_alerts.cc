// SqliteStore's reads of alerts (one, or filtered and releasable to a
// nation), of the audit log (all, or one admin's), of markings and counts.
#include <algorithm>
#include <limits>
#include <string>

#include "store/sqlite/sqlite_store_impl.h"
#include "store/store_text.h"

namespace lookout::store::sqlite {

StatusOr<std::optional<AlertRow>> SqliteStore::alert(std::string_view id) {
  Status s;
  Stmt q = db_.prepare(std::string(kAlertColumns) + " WHERE id = ?1", s);
  if (!q.valid()) return s;
  q.bind(1, id);
  std::optional<AlertRow> out;
  s = each_row(q, "an alert", [&] { out = alert_from(q); });
  if (!s.ok()) return s;
  return out;
}

StatusOr<std::vector<AlertRow>> SqliteStore::alerts(const AlertFilter& f) {
  if (f.visible_to && f.visible_to->empty()) return std::vector<AlertRow>{};  // nobody's nation: releasable to nobody
  std::string sql = kAlertColumns;
  std::vector<std::string> where;
  if (f.status) where.push_back("status = ?1");
  if (f.kind) where.push_back("kind = ?2");
  if (f.since_ms) where.push_back("t >= ?3");
  if (f.mmsi) where.push_back("id IN (SELECT alert_id FROM alert_mmsi WHERE mmsi = ?4)");
  if (f.during) where.push_back("t >= ?5 AND first_t <= ?6");
  // Releasable: owned by the nation, or a code granting it in the
  // comma-joined releasable_to (?8 the nation, ?9... ",CODE,").
  std::vector<std::string> granting;
  if (f.visible_to) {
    granting = codes_granting(*f.visible_to);
    std::string cond = "(owner = ?8";
    for (std::size_t i = 0; i < granting.size(); ++i) {
      cond += " OR instr(',' || releasable_to || ',', ?" + std::to_string(9 + i) + ") > 0";
    }
    where.push_back(cond + ")");
  }
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  sql += " ORDER BY t DESC, id LIMIT ?7";
  Status s;
  Stmt q = db_.prepare(sql, s);
  if (!q.valid()) return s;
  if (f.status) q.bind(1, std::string_view(to_string(*f.status)));
  if (f.kind) q.bind(2, *f.kind);
  if (f.since_ms) q.bind(3, *f.since_ms);
  if (f.mmsi) q.bind(4, *f.mmsi);
  if (f.during) q.bind(5, f.during->from_ms).bind(6, f.during->to_ms);
  q.bind(7, static_cast<int64_t>(f.limit));
  std::vector<std::string> needles;
  if (f.visible_to) {
    q.bind(8, *f.visible_to);
    for (const auto& g : granting) needles.push_back("," + g + ",");
    for (std::size_t i = 0; i < needles.size(); ++i) q.bind(static_cast<int>(9 + i), needles[i]);
  }
  std::vector<AlertRow> out;
  s = each_row(q, "alerts", [&] { out.push_back(alert_from(q)); });
  if (!s.ok()) return s;
  return out;
}

StatusOr<std::vector<AuditRow>> SqliteStore::audit(const TimeRange& window, std::size_t limit) {
  Status s;
  Stmt q = db_.prepare(std::string("SELECT ") + kAuditColumns +
                           " FROM audit WHERE t BETWEEN ?1 AND ?2 ORDER BY id LIMIT ?3",
                       s);
  if (!q.valid()) return s;
  q.bind(1, window.from_ms).bind(2, window.to_ms).bind(3, static_cast<int64_t>(limit));
  std::vector<AuditRow> out;
  s = each_row(q, "the audit log", [&] { out.push_back(audit_from(q)); });
  if (!s.ok()) return s;
  return out;
}

StatusOr<std::vector<AuditRow>> SqliteStore::audit_for_nation(const AuditFilter& f) {
  // Two walks of audit_by_nation backwards, each stopping at the limit,
  // then merged: never a read of another nation's rows.
  Status s;
  const std::string one = std::string("SELECT * FROM (SELECT id, ") + kAuditColumns + " FROM audit WHERE nation ";
  const std::string tail = " AND t BETWEEN ?1 AND ?2 ORDER BY t DESC, id DESC LIMIT ?4)";
  Stmt q = db_.prepare("SELECT t, principal, nation, action, target, outcome, status, role, remote FROM (" + one +
                           "= ?3" + tail + " UNION ALL " + one + "IS NULL" + tail +
                           ") ORDER BY t DESC, id DESC LIMIT ?4",
                       s);
  if (!q.valid()) return s;
  q.bind(1, f.window.from_ms).bind(2, f.window.to_ms).bind(3, std::string_view(f.nation));
  q.bind(4, static_cast<int64_t>(std::min<std::size_t>(f.limit, static_cast<std::size_t>(std::numeric_limits<int64_t>::max()))));
  std::vector<AuditRow> out;
  s = each_row(q, "the audit log", [&] { out.push_back(audit_from(q)); });
  if (!s.ok()) return s;
  return out;
}

StatusOr<std::optional<Marking>> SqliteStore::marking(uint32_t id) {
  if (id == 0) return std::optional<Marking>(Marking{});
  Status s;
  Stmt q = db_.prepare("SELECT owner, releasable_to FROM markings WHERE id = ?1", s);
  if (!q.valid()) return s;
  q.bind(1, id);
  std::optional<Marking> out;
  s = each_row(q, "a marking", [&] { out = Marking{q.text(0), split_codes(q.text(1))}; });
  if (!s.ok()) return s;
  return out;
}

StatusOr<StoreCounts> SqliteStore::counts() {
  StoreCounts c;
  Status s;
  auto count = [&](const char* sql, uint64_t& n) {
    if (!s.ok()) return;
    Stmt q = db_.prepare(sql, s);
    if (q.valid()) s = each_row(q, "counts", [&] { n = static_cast<uint64_t>(q.i64(0)); });
  };
  count("SELECT count(*) FROM positions", c.positions);
  count("SELECT count(*) FROM vessels", c.vessels);
  count("SELECT count(*) FROM alerts", c.alerts);
  count("SELECT count(*) FROM chunks", c.chunks);
  count("SELECT count(*) FROM audit", c.audit);
  if (!s.ok()) return s;
  return c;
}

AuditRow SqliteStore::audit_from(const Stmt& q) {
  AuditRow r;
  r.time_ms = q.i64(0);
  r.principal = q.text(1);
  if (!q.is_null(2)) r.nation = q.text(2);
  r.action = q.text(3);
  r.target = q.text(4);
  r.outcome = q.text(5);
  r.status = static_cast<int>(q.i64(6));
  r.role = q.text(7);
  r.remote = q.text(8);
  return r;
}

AlertRow SqliteStore::alert_from(const Stmt& q) {
  AlertRow a;
  a.id = q.text(0);
  a.kind = q.text(1);
  a.status = alert_status_from_string(q.text(2)).value_or(AlertStatus::kOpen);
  a.time_ms = q.i64(3);
  a.first_time_ms = q.i64(4);
  a.mmsi = split_mmsi(q.text(5));
  if (!q.is_null(6)) a.asset = q.text(6);
  a.pos = {q.f64(7), q.f64(8)};
  a.score = static_cast<int>(q.i64(9));
  a.severity = q.text(10);
  a.summary = q.text(11);
  a.json = q.text(12);
  a.marking.owner = q.text(13);
  a.marking.releasable_to = split_codes(q.text(14));
  a.acked_by = q.text(15);
  a.acked_nation = q.text(16);
  a.acked_ms = q.i64(17);
  a.ack_comment = q.text(18);
  return a;
}

}  // namespace lookout::store::sqlite
