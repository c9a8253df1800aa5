// PostgresStore: connecting, bringing the database's schema to this
// build's version under an advisory lock (the migrations are
// postgres_schema.cc), reserving track chunk ids and preparing the
// statements that the writes and reads (postgres_store_*.cc) use.
#include "store/postgres/postgres_store.h"

#include <memory>
#include <string>

#include "store/postgres/postgres_schema.h"
#include "store/postgres/postgres_store_impl.h"

namespace lookout::store {

namespace pg {

namespace {

// The schema version this build writes: one per migration.
const int kSchemaVersion = static_cast<int>(migrations().size());

// Serialises migrations of one database between concurrent openers.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7526384120951201)";

// Chunk ids: each writer reserves a block of 2^32 ids from a sequence when
// it opens, so that several writers sharing a database never collide.
constexpr int64_t kChunkIdBlock = int64_t{1} << 32;

}  // namespace

Status PostgresStore::open(const std::string& url) {
  Status s = db_.open(url);
  if (!s.ok()) return s;
  // Prepared statements run one generic plan, whatever their parameters,
  // and nothing is JIT-compiled. Otherwise the planner's statistics about
  // the MMSI asked for shape the plan: a vessel with a month of reports is
  // among the most common values, its estimate crosses jit_above_cost and
  // its track request, though it reads no hidden report, answers ~15 ms
  // slower than an absent MMSI's - the timing oracle of issue #16 again.
  s = db_.run("SET plan_cache_mode = force_generic_plan; SET jit = off", "configuring the session");
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

int PostgresStore::schema_version() {
  Result r = db_.exec("SELECT coalesce(max(version), 0) FROM schema_version");
  return r.ok() && r.rows() == 1 ? static_cast<int>(r.i64(0, 0)) : -1;
}

bool PostgresStore::writable() {
  if (!write_status_.ok()) return false;
  if (options_.read_only) {
    write_status_ = Status::error(db_.name() + " is open read-only");
    return false;
  }
  return true;
}

void PostgresStore::after_row() {
  if (++buffered_rows_ >= options_.batch_rows) (void)commit();
}

void PostgresStore::clear_buffers() {
  positions_.clear();
  vessel_puts_.clear();
  changes_.clear();
  alerts_.clear();
  audit_.clear();
  buffered_rows_ = 0;
}

Status PostgresStore::check_version() {
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

Status PostgresStore::migrate() {
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

Status PostgresStore::migration_error(const Result& r, int version) {
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

Status PostgresStore::reserve_chunk_ids() {
  Result r = db_.exec("SELECT nextval('chunk_id_blocks')");
  if (!r.ok() || r.rows() != 1) return db_.error("reserving track chunk ids", &r);
  chunker_ = TrackChunker(options_.chunk_points, options_.chunk_seconds, (r.i64(0, 0) - 1) * kChunkIdBlock + 1);
  return {};
}

Status PostgresStore::prepare_all() {
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

}  // namespace pg

int postgres_schema_version() { return pg::kSchemaVersion; }

std::unique_ptr<Store> open_postgres_store(const std::string& url, const StoreOptions& options, std::string& error) {
  auto store = std::make_unique<pg::PostgresStore>(options);
  Status s = store->open(url);
  if (!s.ok()) {
    error = s.message();
    return nullptr;
  }
  return store;
}

StatusOr<int64_t> postgres_visible_track_rows_read(Store& store, uint32_t mmsi, const TimeRange& window,
                                                   std::string_view nation) {
  auto* postgres = dynamic_cast<pg::PostgresStore*>(&store);
  if (postgres == nullptr) return Status::invalid_argument("not a PostgreSQL store: " + std::string(store.adapter()));
  return postgres->visible_track_rows_read(mmsi, window, nation);
}

}  // namespace lookout::store
