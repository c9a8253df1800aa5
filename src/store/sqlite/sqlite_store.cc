#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_schema.h"
#include "store/store_text.h"
#include "store/track_chunker.h"

namespace lookout::store {

namespace {

using sqlite::Db;
using sqlite::Stmt;

// The schema version this build writes: one per migration.
const int kSchemaVersion = static_cast<int>(sqlite::migrations().size());

double minutes(int64_t ms) { return static_cast<double>(ms) / 60000.0; }

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(StoreOptions options) : options_(options), chunker_(options.chunk_points, options.chunk_seconds, 1) {}

  ~SqliteStore() override {
    if (in_tx_) (void)commit();
  }

  Status open(const std::string& path) {
    Status s = db_.open(path, options_.read_only);
    if (!s.ok()) return s;
    if (!options_.read_only) {
      s = db_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
      if (!s.ok()) return s;
      s = migrate();
      if (!s.ok()) return s;
    } else {
      s = check_version();
      if (!s.ok()) return s;
    }
    return prepare_all();
  }

  std::string_view adapter() const override { return "sqlite"; }

  int schema_version() override {
    Status s;
    Stmt q = db_.prepare("PRAGMA user_version", s);
    return q.valid() && q.step() == SQLITE_ROW ? static_cast<int>(q.i64(0)) : -1;
  }

  // ---- writing ----

  uint32_t intern_marking(const Marking& m) override {
    if (m.owner.empty() && m.releasable_to.empty()) return 0;
    std::string rel = join_codes(m.releasable_to);
    std::string key = m.owner + "|" + rel;
    if (auto it = marking_ids_.find(key); it != marking_ids_.end()) return it->second;
    if (!begin()) return 0;
    find_marking_.reset();
    find_marking_.bind(1, m.owner).bind(2, rel);
    uint32_t id = 0;
    int rc = find_marking_.step();
    if (rc == SQLITE_ROW) {
      id = static_cast<uint32_t>(find_marking_.i64(0));
    } else if (rc != SQLITE_DONE) {
      write_status_ = db_.error("reading a marking");
      find_marking_.reset();
      return 0;
    } else {
      insert_marking_.reset();
      insert_marking_.bind(1, m.owner).bind(2, rel);
      if (!step_done(insert_marking_, "marking")) return 0;
      id = static_cast<uint32_t>(sqlite3_last_insert_rowid(db_.handle()));
    }
    find_marking_.reset();
    marking_ids_.emplace(std::move(key), id);
    return id;
  }

  void add_position(const PositionRow& row) override {
    if (!begin()) return;
    const auto& p = row.point;
    insert_position_.reset();
    insert_position_.bind(1, row.mmsi)
        .bind(2, p.time_ms)
        .bind(3, p.lat_e7)
        .bind(4, p.lon_e7)
        .bind(5, static_cast<int>(p.sog_dkn))
        .bind(6, static_cast<int>(p.cog_ddeg))
        .bind(7, static_cast<int>(p.heading))
        .bind(8, static_cast<int>(p.nav_status))
        .bind(9, static_cast<int>(p.flags))
        .bind(10, row.marking);
    if (!step_done(insert_position_, "position")) return;
    if (sqlite3_changes(db_.handle()) == 0) return;  // already stored (the same report replayed)

    if (!chunker_.knows(row.mmsi)) {
      std::optional<track::TrackPoint> prev = previous_report(row.mmsi, p.time_ms);
      chunker_.add(row.mmsi, p, prev ? &*prev : nullptr);
    } else {
      chunker_.add(row.mmsi, p, nullptr);
    }
    auto& seen = touched_[row.mmsi];
    if (seen.first == 0 || p.time_ms < seen.first) seen.first = p.time_ms;
    seen.last = std::max(seen.last, p.time_ms);
    seen.marking = row.marking;
    latest_ms_ = std::max(latest_ms_, p.time_ms);
    after_row();
  }

  void put_vessel(const VesselRow& row) override {
    if (!begin()) return;
    const VesselRow* before = cached_vessel(row.mmsi);
    if (!write_status_.ok()) return;
    if (before != nullptr && before->statics.updated_ms <= row.statics.updated_ms) {
      for (const auto& c : static_changes(before->statics, row.statics)) {
        insert_change_.reset();
        insert_change_.bind(1, row.mmsi).bind(2, row.statics.updated_ms).bind(3, c.field).bind(4, c.old_value).bind(5, c.new_value);
        if (!step_done(insert_change_, "vessel change")) return;
      }
    }
    const auto& s = row.statics;
    upsert_vessel_.reset();
    upsert_vessel_.bind(1, row.mmsi)
        .bind(2, static_cast<int>(row.cls))
        .bind(3, s.imo)
        .bind(4, s.callsign.view())
        .bind(5, s.name.view())
        .bind(6, static_cast<int>(s.shiptype))
        .bind(7, static_cast<int>(s.dim.to_bow))
        .bind(8, static_cast<int>(s.dim.to_stern))
        .bind(9, static_cast<int>(s.dim.to_port))
        .bind(10, static_cast<int>(s.dim.to_starboard))
        .bind(11, s.destination.view())
        .bind(12, static_cast<int>(s.draught_dm))
        .bind(13, s.updated_ms)
        .bind(14, row.first_seen_ms)
        .bind(15, row.last_seen_ms)
        .bind(16, row.marking);
    if (!step_done(upsert_vessel_, "vessel")) return;
    remember_vessel(row);
    after_row();
  }

  void put_alert(const alert::Alert& a) override {
    if (!begin()) return;
    const char* status = a.state == alert::AlertState::kRetracted ? "retracted" : "open";
    std::string mmsi_text = join_mmsi(a.mmsi);
    upsert_alert_.reset();
    upsert_alert_.bind(1, a.id)
        .bind(2, a.kind)
        .bind(3, std::string_view(status))
        .bind(4, to_unix_ms(a.time))
        .bind(5, to_unix_ms(a.first_time))
        .bind(6, mmsi_text);
    if (a.asset) {
      upsert_alert_.bind(7, *a.asset);
    } else {
      upsert_alert_.bind_null(7);
    }
    upsert_alert_.bind(8, a.pos.lat)
        .bind(9, a.pos.lon)
        .bind(10, a.score)
        .bind(11, std::string_view(alert::to_string(a.severity)))
        .bind(12, a.summary)
        .bind(13, alert::to_json_line(a))
        .bind(14, a.marking.owner)
        .bind(15, join_codes(a.marking.releasable_to));
    if (!step_done(upsert_alert_, "alert")) return;
    for (uint32_t m : a.mmsi) {
      insert_alert_mmsi_.reset();
      insert_alert_mmsi_.bind(1, m).bind(2, a.id);
      if (!step_done(insert_alert_mmsi_, "alert vessel")) return;
    }
    const char* event = a.state == alert::AlertState::kOpen      ? "opened"
                        : a.state == alert::AlertState::kUpdate  ? "updated"
                                                                 : "retracted";
    insert_alert_event_.reset();
    insert_alert_event_.bind(1, a.id)
        .bind(2, to_unix_ms(a.time))
        .bind(3, std::string_view(event))
        .bind(4, std::string_view("lookout"))
        .bind(5, "score " + std::to_string(a.score));
    if (!step_done(insert_alert_event_, "alert event")) return;
    after_row();
  }

  void add_audit(const AuditRow& row) override {
    if (!begin()) return;
    insert_audit_.reset();
    insert_audit_.bind(1, row.time_ms)
        .bind(2, row.principal)
        .bind(4, row.action)
        .bind(5, row.target)
        .bind(6, row.outcome)
        .bind(7, row.status)
        .bind(8, row.role)
        .bind(9, row.remote);
    if (row.nation) {
      insert_audit_.bind(3, *row.nation);
    } else {
      insert_audit_.bind_null(3);
    }
    if (!step_done(insert_audit_, "audit")) return;
    after_row();
  }

  Status commit() override {
    if (!write_status_.ok()) return write_status_;
    if (!in_tx_) return {};
    flush_side_tables();
    if (!write_status_.ok()) {
      (void)db_.exec("ROLLBACK");
      in_tx_ = false;
      return write_status_;
    }
    Status s = db_.exec("COMMIT");
    in_tx_ = false;
    rows_in_tx_ = 0;
    if (!s.ok()) {
      write_status_ = s;
      (void)db_.exec("ROLLBACK");
    }
    return s;
  }

  Status write_status() const override { return write_status_; }

  Status ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                   std::string_view comment, int64_t time_ms) override {
    Status s = commit();
    if (!s.ok()) return s;
    auto found = alert(id);
    if (!found.ok()) return found.status();
    const auto& current = *found;
    if (!current) return Status::not_found("alert " + std::string(id) + " not found");
    if (current->status == AlertStatus::kRetracted) return Status::invalid_argument("alert " + std::string(id) + " was retracted");
    if (current->status == AlertStatus::kAcknowledged) return Status::invalid_argument("alert " + std::string(id) + " is already acknowledged");
    if (!begin()) return write_status_;
    ack_alert_.reset();
    ack_alert_.bind(1, principal).bind(2, nation).bind(3, time_ms).bind(4, comment).bind(5, id);
    step_done(ack_alert_, "acknowledge");
    insert_alert_event_.reset();
    insert_alert_event_.bind(1, id).bind(2, time_ms).bind(3, std::string_view("acknowledged")).bind(4, principal).bind(5, comment);
    step_done(insert_alert_event_, "alert event");
    return commit();
  }

  // ---- reading ----

  StatusOr<std::vector<Candidate>> candidates(const BBox& box, const TimeRange& window) override {
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

  StatusOr<std::vector<PositionRow>> track(uint32_t mmsi, const TimeRange& window) override {
    std::vector<PositionRow> out;
    Stmt& q = track_;
    q.reset();
    q.bind(1, mmsi).bind(2, window.from_ms).bind(3, window.to_ms);
    Status s = each_row(q, "a track", [&] { out.push_back(position_from(q, mmsi)); });
    if (!s.ok()) return s;
    return out;
  }

  StatusOr<std::vector<PositionRow>> visible_track(uint32_t mmsi, const TimeRange& window,
                                                   std::string_view nation) override {
    std::vector<PositionRow> out;
    if (nation.empty()) return out;  // nobody's nation: releasable to nobody
    // The markings the nation may see (a few rows), then the reports under
    // them: a hidden report is skipped inside SQLite, never decoded.
    const auto granting = codes_granting(nation);
    std::string sql =
        "SELECT t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags, marking FROM positions "
        "WHERE mmsi = ?1 AND t BETWEEN ?2 AND ?3 AND marking IN (SELECT id FROM markings WHERE owner = ?4";
    for (std::size_t i = 0; i < granting.size(); ++i) {
      sql += " OR instr(',' || releasable_to || ',', ?" + std::to_string(5 + i) + ") > 0";
    }
    sql += ") ORDER BY t";
    Status s;
    Stmt q = db_.prepare(sql, s);
    if (!q.valid()) return s;
    q.bind(1, mmsi).bind(2, window.from_ms).bind(3, window.to_ms).bind(4, nation);
    std::vector<std::string> needles;
    for (const auto& g : granting) needles.push_back("," + g + ",");
    for (std::size_t i = 0; i < needles.size(); ++i) q.bind(static_cast<int>(5 + i), needles[i]);
    s = each_row(q, "a track", [&] { out.push_back(position_from(q, mmsi)); });
    if (!s.ok()) return s;
    return out;
  }

  StatusOr<std::optional<VesselRow>> vessel(uint32_t mmsi) override {
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

  StatusOr<std::vector<VesselChange>> vessel_changes(uint32_t mmsi, const TimeRange& window) override {
    std::vector<VesselChange> out;
    Stmt& q = find_changes_;
    q.reset();
    q.bind(1, mmsi).bind(2, window.from_ms).bind(3, window.to_ms);
    Status s = each_row(q, "vessel changes", [&] { out.push_back({mmsi, q.i64(0), q.text(1), q.text(2), q.text(3)}); });
    if (!s.ok()) return s;
    return out;
  }

  StatusOr<std::optional<AlertRow>> alert(std::string_view id) override {
    Status s;
    Stmt q = db_.prepare(std::string(kAlertColumns) + " WHERE id = ?1", s);
    if (!q.valid()) return s;
    q.bind(1, id);
    std::optional<AlertRow> out;
    s = each_row(q, "an alert", [&] { out = alert_from(q); });
    if (!s.ok()) return s;
    return out;
  }

  StatusOr<std::vector<AlertRow>> alerts(const AlertFilter& f) override {
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

  StatusOr<std::vector<AuditRow>> audit(const TimeRange& window, std::size_t limit) override {
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

  StatusOr<std::vector<AuditRow>> audit_for_nation(const AuditFilter& f) override {
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

  StatusOr<std::optional<Marking>> marking(uint32_t id) override {
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

  StatusOr<StoreCounts> counts() override {
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

 private:
  static constexpr const char* kAuditColumns = "t, principal, nation, action, target, outcome, status, role, remote";
  static AuditRow audit_from(const Stmt& q) {
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
  static constexpr const char* kAlertColumns =
      "SELECT id, kind, status, t, first_t, mmsi, asset, lat, lon, score, severity, summary, json, owner, "
      "releasable_to, acked_by, acked_nation, acked_at, ack_comment FROM alerts";

  Status check_version() {
    int v = schema_version();
    if (v > kSchemaVersion) {
      return Status::error("sqlite store " + db_.path() + ": schema version " + std::to_string(v) +
                           " is newer than this build understands (" + std::to_string(kSchemaVersion) + ")");
    }
    if (v < kSchemaVersion) {
      return Status::error("sqlite store " + db_.path() + ": schema version " + std::to_string(v) +
                           " needs migrating; open it once for writing");
    }
    return {};
  }

  Status migrate() {
    int v = schema_version();
    if (v < 0) return db_.error("reading the schema version");
    if (v > kSchemaVersion) return check_version();
    for (int next = v; next < kSchemaVersion; ++next) {
      Status s = db_.exec("BEGIN IMMEDIATE");
      if (!s.ok()) return s;
      s = db_.exec(sqlite::migrations()[next]);
      if (s.ok()) s = db_.exec("PRAGMA user_version = " + std::to_string(next + 1));
      if (!s.ok()) {
        (void)db_.exec("ROLLBACK");
        return Status::error(s.message() + " (migrating to schema version " + std::to_string(next + 1) + ")");
      }
      s = db_.exec("COMMIT");
      if (!s.ok()) return s;
    }
    return {};
  }

  Status prepare_all() {
    Status s;
    auto prep = [&](Stmt& st, const char* sql) {
      if (s.ok()) st = db_.prepare(sql, s);
    };
    prep(candidates_,
         "SELECT mmsi, min(t0_min), max(t1_min) FROM chunks WHERE max_lon >= ?1 AND min_lon <= ?2 AND "
         "max_lat >= ?3 AND min_lat <= ?4 AND t1_min >= ?5 AND t0_min <= ?6 GROUP BY mmsi ORDER BY mmsi");
    prep(track_,
         "SELECT t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags, marking FROM positions "
         "WHERE mmsi = ?1 AND t BETWEEN ?2 AND ?3 ORDER BY t");
    prep(find_vessel_,
         "SELECT cls, imo, callsign, name, shiptype, to_bow, to_stern, to_port, to_starboard, destination, "
         "draught_dm, static_updated, first_seen, last_seen, marking FROM vessels WHERE mmsi = ?1");
    prep(find_changes_,
         "SELECT t, field, old_value, new_value FROM vessel_changes WHERE mmsi = ?1 AND t BETWEEN ?2 AND ?3 "
         "ORDER BY t");
    prep(find_marking_, "SELECT id FROM markings WHERE owner = ?1 AND releasable_to = ?2");
    if (options_.read_only) return s;
    prep(insert_marking_, "INSERT INTO markings(owner, releasable_to) VALUES(?1, ?2)");
    prep(insert_position_,
         "INSERT OR IGNORE INTO positions(mmsi, t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, "
         "flags, marking) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    prep(previous_position_,
         "SELECT t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags, marking FROM positions "
         "WHERE mmsi = ?1 AND t < ?2 ORDER BY t DESC LIMIT 1");
    prep(upsert_chunk_,
         "INSERT OR REPLACE INTO chunks(id, min_lon, max_lon, min_lat, max_lat, t0_min, t1_min, mmsi, points) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    prep(touch_vessel_,
         "INSERT INTO vessels(mmsi, first_seen, last_seen, marking) VALUES(?1, ?2, ?3, ?4) "
         "ON CONFLICT(mmsi) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), "
         "last_seen = max(last_seen, excluded.last_seen)");
    prep(upsert_vessel_,
         "INSERT INTO vessels(mmsi, cls, imo, callsign, name, shiptype, to_bow, to_stern, to_port, "
         "to_starboard, destination, draught_dm, static_updated, first_seen, last_seen, marking) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
         "ON CONFLICT(mmsi) DO UPDATE SET cls = excluded.cls, imo = excluded.imo, callsign = excluded.callsign, "
         "name = excluded.name, shiptype = excluded.shiptype, to_bow = excluded.to_bow, to_stern = "
         "excluded.to_stern, to_port = excluded.to_port, to_starboard = excluded.to_starboard, destination = "
         "excluded.destination, draught_dm = excluded.draught_dm, static_updated = excluded.static_updated, "
         "first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), "
         "marking = excluded.marking");
    prep(insert_change_,
         "INSERT INTO vessel_changes(mmsi, t, field, old_value, new_value) VALUES(?1, ?2, ?3, ?4, ?5)");
    prep(upsert_alert_,
         "INSERT INTO alerts(id, kind, status, t, first_t, mmsi, asset, lat, lon, score, severity, summary, "
         "json, owner, releasable_to) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
         "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, status = CASE WHEN excluded.status = 'retracted' "
         "THEN 'retracted' WHEN alerts.status = 'acknowledged' THEN 'acknowledged' ELSE excluded.status END, "
         "t = excluded.t, mmsi = excluded.mmsi, asset = excluded.asset, lat = excluded.lat, lon = excluded.lon, "
         "score = excluded.score, severity = excluded.severity, summary = excluded.summary, json = excluded.json, "
         "owner = excluded.owner, releasable_to = excluded.releasable_to");
    prep(insert_alert_mmsi_, "INSERT OR IGNORE INTO alert_mmsi(mmsi, alert_id) VALUES(?1, ?2)");
    prep(insert_alert_event_,
         "INSERT INTO alert_events(alert_id, t, event, principal, detail) VALUES(?1, ?2, ?3, ?4, ?5)");
    prep(ack_alert_,
         "UPDATE alerts SET status = 'acknowledged', acked_by = ?1, acked_nation = ?2, acked_at = ?3, "
         "ack_comment = ?4 WHERE id = ?5 AND status = 'open'");
    prep(insert_audit_,
         "INSERT INTO audit(t, principal, nation, action, target, outcome, status, role, remote) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!s.ok()) return s;
    Stmt max_chunk = db_.prepare("SELECT coalesce(max(id), 0) + 1 FROM chunks", s);
    if (max_chunk.valid() && max_chunk.step() == SQLITE_ROW) {
      chunker_ = TrackChunker(options_.chunk_points, options_.chunk_seconds, max_chunk.i64(0));
    }
    return s;
  }

  bool begin() {
    if (!write_status_.ok()) return false;
    if (options_.read_only) {
      write_status_ = Status::error("sqlite store " + db_.path() + " is open read-only");
      return false;
    }
    if (in_tx_) return true;
    Status s = db_.exec("BEGIN IMMEDIATE");
    if (!s.ok()) {
      write_status_ = s;
      return false;
    }
    in_tx_ = true;
    return true;
  }

  bool step_done(Stmt& st, const char* what) {
    int rc = st.step();
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
    write_status_ = db_.error(std::string("writing a ") + what);
    return false;
  }

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

  void after_row() {
    if (++rows_in_tx_ >= options_.batch_rows) (void)commit();
  }

  std::optional<track::TrackPoint> previous_report(uint32_t mmsi, int64_t before_ms) {
    previous_position_.reset();
    previous_position_.bind(1, mmsi).bind(2, before_ms);
    std::optional<track::TrackPoint> out;
    Status s = each_row(previous_position_, "the previous report",
                        [&] { out = position_from(previous_position_, mmsi).point; });
    if (!s.ok() && write_status_.ok()) write_status_ = s;
    return out;
  }

  static PositionRow position_from(const Stmt& q, uint32_t mmsi) {
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

  static AlertRow alert_from(const Stmt& q) {
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

  const VesselRow* cached_vessel(uint32_t mmsi) {
    if (auto it = vessel_cache_.find(mmsi); it != vessel_cache_.end()) return &it->second;
    auto found = vessel(mmsi);
    if (!found.ok()) {
      // Without the stored row the changes cannot be told; the write stops.
      if (write_status_.ok()) write_status_ = found.status();
      return nullptr;
    }
    const auto& stored = *found;
    if (!stored || stored->statics.updated_ms == 0) return nullptr;
    return &remember_vessel(*stored);
  }

  // Caches a vessel's latest stored row, starting the cache afresh at its bound.
  const VesselRow& remember_vessel(const VesselRow& row) {
    if (vessel_cache_.size() >= options_.vessel_cache_max && !vessel_cache_.contains(row.mmsi)) vessel_cache_.clear();
    return vessel_cache_[row.mmsi] = row;
  }

  // Chunks and last-seen times of the vessels written in this transaction.
  void flush_side_tables() {
    chunk_rows_.clear();
    chunker_.take_dirty(chunk_rows_);
    for (const auto& c : chunk_rows_) {
      upsert_chunk_.reset();
      upsert_chunk_.bind(1, c.id)
          .bind(2, c.min_lon)
          .bind(3, c.max_lon)
          .bind(4, c.min_lat)
          .bind(5, c.max_lat)
          .bind(6, minutes(c.from_ms))
          .bind(7, minutes(c.to_ms))
          .bind(8, c.mmsi)
          .bind(9, c.points);
      if (!step_done(upsert_chunk_, "track chunk")) return;
    }
    for (const auto& [mmsi, seen] : touched_) {
      touch_vessel_.reset();
      touch_vessel_.bind(1, mmsi).bind(2, seen.first).bind(3, seen.last).bind(4, seen.marking);
      if (!step_done(touch_vessel_, "vessel")) return;
    }
    touched_.clear();
    // Vessels silent for a day of event time release their open chunk.
    if (chunker_.open_chunks() > 4096) chunker_.evict_idle(latest_ms_ - 24LL * 3600 * 1000);
  }

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

  Stmt candidates_, track_, find_vessel_, find_changes_, find_marking_, insert_marking_, insert_position_,
      previous_position_, upsert_chunk_, touch_vessel_, upsert_vessel_, insert_change_, upsert_alert_,
      insert_alert_mmsi_, insert_alert_event_, ack_alert_, insert_audit_;
};

}  // namespace

int sqlite_schema_version() { return kSchemaVersion; }

std::unique_ptr<Store> open_sqlite_store(const std::string& path, const StoreOptions& options, std::string& error) {
  auto store = std::make_unique<SqliteStore>(options);
  Status s = store->open(path);
  if (!s.ok()) {
    error = s.message();
    return nullptr;
  }
  return store;
}

}  // namespace lookout::store
