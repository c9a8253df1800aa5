// SqliteStore: opening a store file, bringing its schema to this build's
// version (the migrations are sqlite_schema.cc) and preparing the
// statements that the writes and reads (sqlite_store_*.cc) use.
#include "store/sqlite/sqlite_store.h"

#include <memory>
#include <string>

#include "store/sqlite/sqlite_schema.h"
#include "store/sqlite/sqlite_store_impl.h"

namespace lookout::store {

namespace sqlite {

namespace {

// The schema version this build writes: one per migration.
const int kSchemaVersion = static_cast<int>(migrations().size());

}  // namespace

Status SqliteStore::open(const std::string& path) {
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

int SqliteStore::schema_version() {
  Status s;
  Stmt q = db_.prepare("PRAGMA user_version", s);
  return q.valid() && q.step() == SQLITE_ROW ? static_cast<int>(q.i64(0)) : -1;
}

Status SqliteStore::check_version() {
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

Status SqliteStore::migrate() {
  int v = schema_version();
  if (v < 0) return db_.error("reading the schema version");
  if (v > kSchemaVersion) return check_version();
  for (int next = v; next < kSchemaVersion; ++next) {
    Status s = db_.exec("BEGIN IMMEDIATE");
    if (!s.ok()) return s;
    s = db_.exec(migrations()[next]);
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

Status SqliteStore::prepare_all() {
  Status s;
  auto prep = [&](Stmt& st, const char* sql) {
    if (s.ok()) st = db_.prepare(sql, s);
  };
  prep(candidates_,
       "SELECT mmsi, min(t0_min), max(t1_min) FROM chunks WHERE max_lon >= ?1 AND min_lon <= ?2 AND "
       "max_lat >= ?3 AND min_lat <= ?4 AND t1_min >= ?5 AND t0_min <= ?6 GROUP BY mmsi ORDER BY mmsi");
  // One range of the key per marking (every marking, and 0 for unmarked),
  // each oldest first; track() merges them.
  prep(track_,
       "SELECT t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags, marking FROM positions "
       "WHERE mmsi = ?1 AND marking IN (SELECT 0 UNION ALL SELECT id FROM markings) AND t BETWEEN ?2 AND ?3 "
       "ORDER BY marking, t");
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

bool SqliteStore::begin() {
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

bool SqliteStore::step_done(Stmt& st, const char* what) {
  int rc = st.step();
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
  write_status_ = db_.error(std::string("writing a ") + what);
  return false;
}

void SqliteStore::after_row() {
  if (++rows_in_tx_ >= options_.batch_rows) (void)commit();
}

}  // namespace sqlite

int sqlite_schema_version() { return sqlite::kSchemaVersion; }

std::unique_ptr<Store> open_sqlite_store(const std::string& path, const StoreOptions& options, std::string& error) {
  auto store = std::make_unique<sqlite::SqliteStore>(options);
  Status s = store->open(path);
  if (!s.ok()) {
    error = s.message();
    return nullptr;
  }
  return store;
}

StatusOr<int64_t> sqlite_visible_track_steps(Store& store, uint32_t mmsi, const TimeRange& window,
                                             std::string_view nation) {
  auto* sqlite = dynamic_cast<sqlite::SqliteStore*>(&store);
  if (sqlite == nullptr) return Status::invalid_argument("not an SQLite store: " + std::string(store.adapter()));
  auto rows = sqlite->visible_track(mmsi, window, nation);
  if (!rows.ok()) return rows.status();
  return sqlite->last_visible_track_steps();
}

}  // namespace lookout::store
