#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/postgres/pg_conn.h"
#include "store/postgres/postgres_schema.h"
#include "store/store_text.h"
#include "store/track_chunker.h"

namespace lookout::store {

namespace {

using pg::Conn;
using pg::Param;
using pg::Result;

// The schema version this build writes: one per migration.
const int kSchemaVersion = static_cast<int>(pg::migrations().size());

// Serialises migrations of one database between concurrent openers.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7526384120951201)";

constexpr const char* kPositionColumns = "mmsi, t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags, marking";
constexpr const char* kVesselColumns =
    "mmsi, cls, imo, callsign, name, shiptype, to_bow, to_stern, to_port, to_starboard, destination, draught_dm, "
    "static_updated, first_seen, last_seen, marking";
constexpr const char* kAlertColumns =
    "SELECT id, kind, status, t, first_t, mmsi, asset, lat, lon, score, severity, summary, json, owner, "
    "releasable_to, acked_by, acked_nation, acked_at, ack_comment FROM alerts";

// Chunk ids: each writer reserves a block of 2^32 ids from a sequence when
// it opens, so that several writers sharing a database never collide.
constexpr int64_t kChunkIdBlock = int64_t{1} << 32;

std::string num(int64_t v) { return std::to_string(v); }

// Appends a number and a separator to a COPY row.
template <typename T>
void put(std::string& out, T v, char sep = '\t') {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
  out += sep;
}

void put_text(std::string& out, std::string_view s, char sep = '\t') {
  pg::append_copy_text(out, s);
  out += sep;
}

int64_t clamp_limit(std::size_t limit) {
  return static_cast<int64_t>(std::min<std::size_t>(limit, static_cast<std::size_t>(std::numeric_limits<int64_t>::max())));
}

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(StoreOptions options)
      : options_(options), chunker_(options.chunk_points, options.chunk_seconds, 1) {}

  ~PostgresStore() override {
    if (buffered_rows_ > 0) (void)commit();
  }

  Status open(const std::string& url) {
    Status s = db_.open(url);
    if (!s.ok()) return s;
    if (options_.read_only) {
      s = db_.run("SET default_transaction_read_only = on", "opening read-only");
      if (s.ok()) s = check_version();
    } else {
      s = migrate();
      if (s.ok()) s = db_.run(pg::staging_tables(), "creating the staging tables");
      if (s.ok()) s = reserve_chunk_ids();
    }
    if (s.ok()) s = prepare_all();
    return s;
  }

  std::string_view adapter() const override { return "postgres"; }

  int schema_version() override {
    Result r = db_.exec("SELECT coalesce(max(version), 0) FROM schema_version");
    return r.ok() && r.rows() == 1 ? static_cast<int>(r.i64(0, 0)) : -1;
  }

  // ---- writing ----

  uint32_t intern_marking(const Marking& m) override {
    if (m.owner.empty() && m.releasable_to.empty()) return 0;
    std::string rel = join_codes(m.releasable_to);
    std::string key = m.owner + "|" + rel;
    if (auto it = marking_ids_.find(key); it != marking_ids_.end()) return it->second;
    if (!writable()) return 0;
    std::vector<Param> params = {pg::clean_text(m.owner), pg::clean_text(rel)};
    // Immediate and idempotent: a marking row no position refers to is harmless.
    Result r = db_.exec_prepared("find_marking", params);
    if (r.ok() && r.rows() == 0) r = db_.exec_prepared("insert_marking", params);
    if (r.ok() && r.rows() == 0) r = db_.exec_prepared("find_marking", params);  // a concurrent writer won
    if (!r.ok() || r.rows() != 1) {
      fail(db_.error("writing a marking", &r));
      return 0;
    }
    auto id = static_cast<uint32_t>(r.i64(0, 0));
    marking_ids_.emplace(std::move(key), id);
    return id;
  }

  void add_position(const PositionRow& row) override {
    if (!writable()) return;
    positions_.push_back(row);
    after_row();
  }

  void put_vessel(const VesselRow& row) override {
    if (!writable()) return;
    const VesselRow* before = cached_vessel(row.mmsi);
    if (!write_status_.ok()) return;
    if (before != nullptr && before->statics.updated_ms <= row.statics.updated_ms) {
      for (auto& c : static_changes(before->statics, row.statics)) {
        changes_.push_back({row.mmsi, row.statics.updated_ms, std::move(c.field), std::move(c.old_value),
                            std::move(c.new_value)});
      }
    }
    // Within a batch the last report wins, and first/last seen span them all.
    auto [it, inserted] = vessel_puts_.try_emplace(row.mmsi, row);
    if (!inserted) {
      int64_t first = std::min(it->second.first_seen_ms, row.first_seen_ms);
      int64_t last = std::max(it->second.last_seen_ms, row.last_seen_ms);
      it->second = row;
      it->second.first_seen_ms = first;
      it->second.last_seen_ms = last;
    }
    remember_vessel(row);
    after_row();
  }

  void put_alert(const alert::Alert& a) override {
    if (!writable()) return;
    PendingAlert p;
    p.id = pg::clean_text(a.id);
    p.upsert = {p.id,
                pg::clean_text(a.kind),
                std::string(a.state == alert::AlertState::kRetracted ? "retracted" : "open"),
                num(to_unix_ms(a.time)),
                num(to_unix_ms(a.first_time)),
                join_mmsi(a.mmsi),
                a.asset ? Param(pg::clean_text(*a.asset)) : Param(),
                double_text(a.pos.lat),
                double_text(a.pos.lon),
                num(a.score),
                std::string(alert::to_string(a.severity)),
                pg::clean_text(a.summary),
                pg::clean_text(alert::to_json_line(a)),
                pg::clean_text(a.marking.owner),
                pg::clean_text(join_codes(a.marking.releasable_to))};
    p.mmsi = a.mmsi;
    const char* event = a.state == alert::AlertState::kOpen      ? "opened"
                        : a.state == alert::AlertState::kUpdate  ? "updated"
                                                                 : "retracted";
    p.event = {p.id, num(to_unix_ms(a.time)), std::string(event), std::string("lookout"),
               "score " + std::to_string(a.score)};
    alerts_.push_back(std::move(p));
    after_row();
  }

  void add_audit(const AuditRow& row) override {
    if (!writable()) return;
    audit_.push_back(row);
    after_row();
  }

  Status commit() override {
    if (!write_status_.ok()) return write_status_;
    if (buffered_rows_ == 0) return {};
    Status s = flush();
    if (!s.ok()) {
      Result rollback = db_.exec("ROLLBACK");
      fail(s);
    }
    clear_buffers();
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
    std::string name(id);
    if (!current) return Status::not_found("alert " + name + " not found");
    if (current->status == AlertStatus::kRetracted) return Status::invalid_argument("alert " + name + " was retracted");
    if (current->status == AlertStatus::kAcknowledged) return Status::invalid_argument("alert " + name + " is already acknowledged");
    if (!writable()) return write_status_;
    std::string who = pg::clean_text(principal), note = pg::clean_text(comment), key = pg::clean_text(id);
    s = db_.run("BEGIN", "acknowledging an alert");
    if (!s.ok()) return s;
    Result r = db_.exec_prepared("ack_alert", {who, pg::clean_text(nation), num(time_ms), note, key});
    if (!r.ok()) {
      s = db_.error("acknowledging an alert", &r);
    } else if (r.affected() == 0) {
      // Someone else acknowledged it, or it was retracted, since we looked.
      s = Status::invalid_argument("alert " + name + " is no longer open");
    } else {
      r = db_.exec_prepared("insert_alert_event", {key, num(time_ms), std::string("acknowledged"), who, note});
      if (!r.ok()) s = db_.error("writing an alert event", &r);
    }
    if (s.ok()) return db_.run("COMMIT", "acknowledging an alert");
    Result rollback = db_.exec("ROLLBACK");
    return s;
  }

  // ---- reading ----

  StatusOr<std::vector<Candidate>> candidates(const BBox& box, const TimeRange& window) override {
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

  StatusOr<std::vector<PositionRow>> track(uint32_t mmsi, const TimeRange& window) override {
    std::vector<PositionRow> out;
    Result r = db_.exec_prepared("track", {num(mmsi), num(window.from_ms), num(window.to_ms)});
    if (!r.ok()) return db_.error("reading a track", &r);
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(position_from(r, i, 0, mmsi));
    return out;
  }

  StatusOr<std::vector<PositionRow>> visible_track(uint32_t mmsi, const TimeRange& window,
                                                   std::string_view nation) override {
    std::vector<PositionRow> out;
    if (nation.empty()) return out;  // nobody's nation: releasable to nobody
    std::vector<Param> params;
    auto param = [&params](std::string value) {
      params.emplace_back(std::move(value));
      return "$" + std::to_string(params.size());
    };
    std::string sql =
        "SELECT t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags, marking FROM positions "
        "WHERE mmsi = " + param(num(mmsi)) + " AND t BETWEEN " + param(num(window.from_ms)) + " AND " +
        param(num(window.to_ms)) + " AND marking IN (SELECT id FROM markings WHERE owner = " +
        param(pg::clean_text(nation));
    for (const auto& g : codes_granting(nation)) {
      sql += " OR position(" + param("," + pg::clean_text(g) + ",") + " in ',' || releasable_to || ',') > 0";
    }
    sql += ") ORDER BY t";
    Result r = db_.exec(sql, params);
    if (!r.ok()) return db_.error("reading a track", &r);
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(position_from(r, i, 0, mmsi));
    return out;
  }

  StatusOr<std::optional<VesselRow>> vessel(uint32_t mmsi) override {
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

  StatusOr<std::vector<VesselChange>> vessel_changes(uint32_t mmsi, const TimeRange& window) override {
    std::vector<VesselChange> out;
    Result r = db_.exec_prepared("find_changes", {num(mmsi), num(window.from_ms), num(window.to_ms)});
    if (!r.ok()) return db_.error("reading vessel changes", &r);
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({mmsi, r.i64(i, 0), std::string(r.text(i, 1)), std::string(r.text(i, 2)),
                     std::string(r.text(i, 3))});
    }
    return out;
  }

  StatusOr<std::optional<AlertRow>> alert(std::string_view id) override {
    Result r = db_.exec(std::string(kAlertColumns) + " WHERE id = $1", {pg::clean_text(id)});
    if (!r.ok()) return db_.error("reading an alert", &r);
    if (r.rows() != 1) return std::optional<AlertRow>();
    return std::optional<AlertRow>(alert_from(r, 0));
  }

  StatusOr<std::vector<AlertRow>> alerts(const AlertFilter& f) override {
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

  StatusOr<std::vector<AuditRow>> audit(const TimeRange& window, std::size_t limit) override {
    Result r = db_.exec(std::string("SELECT ") + kAuditColumns +
                            " FROM audit WHERE t BETWEEN $1 AND $2 ORDER BY id LIMIT $3",
                        {num(window.from_ms), num(window.to_ms), num(clamp_limit(limit))});
    if (!r.ok()) return db_.error("reading the audit log", &r);
    std::vector<AuditRow> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(audit_from(r, i));
    return out;
  }

  StatusOr<std::vector<AuditRow>> audit_for_nation(const AuditFilter& f) override {
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

  StatusOr<std::optional<Marking>> marking(uint32_t id) override {
    if (id == 0) return std::optional<Marking>(Marking{});
    Result r = db_.exec("SELECT owner, releasable_to FROM markings WHERE id = $1", {num(id)});
    if (!r.ok()) return db_.error("reading a marking", &r);
    if (r.rows() != 1) return std::optional<Marking>();
    return std::optional<Marking>(Marking{std::string(r.text(0, 0)), split_codes(r.text(0, 1))});
  }

  StatusOr<StoreCounts> counts() override {
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

  bool writable() {
    if (!write_status_.ok()) return false;
    if (options_.read_only) {
      write_status_ = Status::error(db_.name() + " is open read-only");
      return false;
    }
    return true;
  }

  void after_row() {
    if (++buffered_rows_ >= options_.batch_rows) (void)commit();
  }

  void clear_buffers() {
    positions_.clear();
    vessel_puts_.clear();
    changes_.clear();
    alerts_.clear();
    audit_.clear();
    buffered_rows_ = 0;
  }

  Status check_version() {
    Result r = db_.exec("SELECT to_regclass('schema_version') IS NOT NULL");
    if (!r.ok() || r.rows() != 1) return db_.error("reading the schema version", &r);
    if (r.text(0, 0) != "t") {
      return Status::error(db_.name() + " holds no Lookout schema; open it once for writing");
    }
    int v = schema_version();
    if (v < 0) return db_.error("reading the schema version");
    if (v > kSchemaVersion) {
      return Status::error(db_.name() + ": schema version " + std::to_string(v) +
                           " is newer than this build understands (" + std::to_string(kSchemaVersion) + ")");
    }
    if (v < kSchemaVersion) {
      return Status::error(db_.name() + ": schema version " + std::to_string(v) +
                           " needs migrating; open it once for writing");
    }
    return {};
  }

  Status migrate() {
    Status s = db_.run("BEGIN", "migrating");
    if (s.ok()) s = db_.run(kMigrationLock, "migrating");
    if (s.ok()) {
      s = db_.run(
          "CREATE TABLE IF NOT EXISTS schema_version(version integer PRIMARY KEY, "
          "applied_at timestamptz NOT NULL DEFAULT now())",
          "creating the schema_version table");
    }
    int v = s.ok() ? schema_version() : -1;
    if (s.ok() && v < 0) s = db_.error("reading the schema version");
    if (s.ok() && v > kSchemaVersion) s = check_version();
    for (int next = v; s.ok() && next < kSchemaVersion; ++next) {
      Result r = db_.exec(pg::migrations()[next]);
      if (!r.ok()) {
        s = migration_error(r, next + 1);
        break;
      }
      s = db_.run("INSERT INTO schema_version(version) VALUES(" + std::to_string(next + 1) + ")",
                  "recording the schema version");
    }
    if (!s.ok()) {
      Result rollback = db_.exec("ROLLBACK");
      return s;
    }
    return db_.run("COMMIT", "migrating");
  }

  Status migration_error(const Result& r, int version) {
    std::string server = PQresultErrorMessage(r.get());
    while (!server.empty() && server.back() == '\n') server.pop_back();
    std::string state = r.sqlstate();
    if (server.find("postgis") != std::string::npos || state == "58P01") {
      if (state == "42501") {
        return Status::error(db_.name() +
                             ": this role may not create the PostGIS extension; have an administrator run "
                             "CREATE EXTENSION postgis in the database once (server: " + server + ")");
      }
      return Status::error(db_.name() +
                           ": the PostGIS extension is not available on the server; install "
                           "postgresql-15-postgis-3 there (tools/install-deps does) (server: " + server + ")");
    }
    return Status::error(db_.name() + ": " + server + " (migrating to schema version " + std::to_string(version) + ")");
  }

  Status reserve_chunk_ids() {
    Result r = db_.exec("SELECT nextval('chunk_id_blocks')");
    if (!r.ok() || r.rows() != 1) return db_.error("reserving track chunk ids", &r);
    chunker_ = TrackChunker(options_.chunk_points, options_.chunk_seconds, (r.i64(0, 0) - 1) * kChunkIdBlock + 1);
    return {};
  }

  Status prepare_all() {
    struct Statement {
      const char* name;
      const char* sql;
      bool write;
    };
    static const Statement kStatements[] = {
        {"candidates",
         "SELECT mmsi, min(t0), max(t1) FROM chunks WHERE box && ST_MakeEnvelope($1, $2, $3, $4, 4326) "
         "AND span && int8range($5, $6, '[]') GROUP BY mmsi ORDER BY mmsi",
         false},
        {"track",
         "SELECT t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags, marking FROM positions "
         "WHERE mmsi = $1 AND t BETWEEN $2 AND $3 ORDER BY t",
         false},
        {"find_vessel",
         "SELECT cls, imo, callsign, name, shiptype, to_bow, to_stern, to_port, to_starboard, destination, "
         "draught_dm, static_updated, first_seen, last_seen, marking FROM vessels WHERE mmsi = $1",
         false},
        {"find_changes",
         "SELECT t, field, old_value, new_value FROM vessel_changes WHERE mmsi = $1 AND t BETWEEN $2 AND $3 "
         "ORDER BY t, id",
         false},
        {"find_marking", "SELECT id FROM markings WHERE owner = $1 AND releasable_to = $2", false},
        {"insert_marking",
         "INSERT INTO markings(owner, releasable_to) VALUES($1, $2) ON CONFLICT DO NOTHING RETURNING id", true},
        {"upsert_alert",
         "INSERT INTO alerts(id, kind, status, t, first_t, mmsi, asset, lat, lon, score, severity, summary, "
         "json, owner, releasable_to) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
         "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, status = CASE WHEN excluded.status = 'retracted' "
         "THEN 'retracted' WHEN alerts.status = 'acknowledged' THEN 'acknowledged' ELSE excluded.status END, "
         "t = excluded.t, mmsi = excluded.mmsi, asset = excluded.asset, lat = excluded.lat, lon = excluded.lon, "
         "score = excluded.score, severity = excluded.severity, summary = excluded.summary, json = excluded.json, "
         "owner = excluded.owner, releasable_to = excluded.releasable_to",
         true},
        {"insert_alert_mmsi", "INSERT INTO alert_mmsi(mmsi, alert_id) VALUES($1, $2) ON CONFLICT DO NOTHING", true},
        {"insert_alert_event",
         "INSERT INTO alert_events(alert_id, t, event, principal, detail) VALUES($1, $2, $3, $4, $5)", true},
        {"ack_alert",
         "UPDATE alerts SET status = 'acknowledged', acked_by = $1, acked_nation = $2, acked_at = $3, "
         "ack_comment = $4 WHERE id = $5 AND status = 'open'",
         true},
    };
    for (const auto& st : kStatements) {
      if (st.write && options_.read_only) continue;
      Status s = db_.prepare(st.name, st.sql);
      if (!s.ok()) return s;
    }
    return {};
  }

  // One transaction: positions, then their chunks and last-seen times, then
  // vessels, changes, alerts and audit rows, in the order they were added.
  Status flush() {
    Status s = db_.run("BEGIN", "starting a transaction");
    if (s.ok() && !positions_.empty()) s = write_positions();
    if (s.ok()) s = write_chunks_and_seen();
    if (s.ok() && !vessel_puts_.empty()) s = write_vessels();
    if (s.ok() && !changes_.empty()) s = write_changes();
    if (s.ok() && !alerts_.empty()) s = write_alerts();
    if (s.ok() && !audit_.empty()) s = write_audit();
    if (s.ok()) s = db_.run("COMMIT", "committing");
    return s;
  }

  // Writes the buffered positions, then feeds the new ones to the chunker in
  // the order they were added. A report stored before (a replay) is skipped.
  Status write_positions() {
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

  // The new positions (`keep`) go to the chunker and the last-seen times.
  Status after_positions(const std::vector<char>& keep) {
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

  // Chunks changed in this batch (upserted by id) and the vessels' first and
  // last seen times.
  Status write_chunks_and_seen() {
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

  Status write_vessels() {
    copy_.clear();
    for (const auto& [mmsi, row] : vessel_puts_) {
      const auto& s = row.statics;
      put(copy_, mmsi);
      put(copy_, static_cast<int>(row.cls));
      put(copy_, s.imo);
      put_text(copy_, s.callsign.view());
      put_text(copy_, s.name.view());
      put(copy_, static_cast<int>(s.shiptype));
      put(copy_, static_cast<int>(s.dim.to_bow));
      put(copy_, static_cast<int>(s.dim.to_stern));
      put(copy_, static_cast<int>(s.dim.to_port));
      put(copy_, static_cast<int>(s.dim.to_starboard));
      put_text(copy_, s.destination.view());
      put(copy_, static_cast<int>(s.draught_dm));
      put(copy_, s.updated_ms);
      put(copy_, row.first_seen_ms);
      put(copy_, row.last_seen_ms);
      put(copy_, row.marking, '\n');
    }
    Status st = db_.copy_in(std::string("COPY stage_vessels(") + kVesselColumns + ") FROM STDIN", copy_,
                            "writing vessels");
    if (!st.ok()) return st;
    return db_.run(
        std::string("INSERT INTO vessels(") + kVesselColumns + ") SELECT " + kVesselColumns +
            " FROM stage_vessels ON CONFLICT(mmsi) DO UPDATE SET cls = excluded.cls, imo = excluded.imo, "
            "callsign = excluded.callsign, name = excluded.name, shiptype = excluded.shiptype, to_bow = "
            "excluded.to_bow, to_stern = excluded.to_stern, to_port = excluded.to_port, to_starboard = "
            "excluded.to_starboard, destination = excluded.destination, draught_dm = excluded.draught_dm, "
            "static_updated = excluded.static_updated, first_seen = least(vessels.first_seen, "
            "excluded.first_seen), last_seen = greatest(vessels.last_seen, excluded.last_seen), marking = "
            "excluded.marking",
        "writing vessels");
  }

  Status write_changes() {
    copy_.clear();
    for (const auto& c : changes_) {
      put(copy_, c.mmsi);
      put(copy_, c.time_ms);
      put_text(copy_, c.field);
      put_text(copy_, c.old_value);
      put_text(copy_, c.new_value, '\n');
    }
    return db_.copy_in("COPY vessel_changes(mmsi, t, field, old_value, new_value) FROM STDIN", copy_,
                       "writing vessel changes");
  }

  Status write_alerts() {
    for (const auto& a : alerts_) {
      Result r = db_.exec_prepared("upsert_alert", a.upsert);
      if (!r.ok()) return db_.error("writing an alert", &r);
      for (uint32_t m : a.mmsi) {
        r = db_.exec_prepared("insert_alert_mmsi", {num(m), a.id});
        if (!r.ok()) return db_.error("writing an alert vessel", &r);
      }
      r = db_.exec_prepared("insert_alert_event", a.event);
      if (!r.ok()) return db_.error("writing an alert event", &r);
    }
    return {};
  }

  Status write_audit() {
    copy_.clear();
    for (const auto& a : audit_) {
      put(copy_, a.time_ms);
      put_text(copy_, a.principal);
      if (a.nation) {
        put_text(copy_, *a.nation);
      } else {
        copy_ += "\\N\t";  // NULL
      }
      put_text(copy_, a.action);
      put_text(copy_, a.target);
      put_text(copy_, a.outcome);
      put(copy_, a.status);
      put_text(copy_, a.role);
      put_text(copy_, a.remote, '\n');
    }
    return db_.copy_in("COPY audit(t, principal, nation, action, target, outcome, status, role, remote) FROM STDIN",
                       copy_, "writing audit rows");
  }

  // Columns t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags,
  // marking from column `first` on.
  static constexpr const char* kAuditColumns = "t, principal, nation, action, target, outcome, status, role, remote";
  static AuditRow audit_from(const Result& r, int i) {
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
  static PositionRow position_from(const Result& r, int row, int first, uint32_t mmsi) {
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

  static AlertRow alert_from(const Result& r, int i) {
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

  const VesselRow* cached_vessel(uint32_t mmsi) {
    if (auto it = vessel_cache_.find(mmsi); it != vessel_cache_.end()) return &it->second;
    auto found = vessel(mmsi);
    if (!found.ok()) {
      // Without the stored row the changes cannot be told; the write stops.
      fail(found.status());
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
};

}  // namespace

int postgres_schema_version() { return kSchemaVersion; }

std::unique_ptr<Store> open_postgres_store(const std::string& url, const StoreOptions& options, std::string& error) {
  auto store = std::make_unique<PostgresStore>(options);
  Status s = store->open(url);
  if (!s.ok()) {
    error = s.message();
    return nullptr;
  }
  return store;
}

}  // namespace lookout::store
