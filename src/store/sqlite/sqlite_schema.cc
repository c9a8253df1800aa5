// The SQLite store's schema: the versioned migrations, each one moving the
// schema one version forward, commented column by column. SqliteStore
// (sqlite_store.cc) applies them; this file owns the SQL.
#include "store/sqlite/sqlite_schema.h"

namespace lookout::store::sqlite {

namespace {

// Each entry moves the schema one version forward. Never edit a released
// entry: add a new one. These migrations are the schema; there is no
// second copy to drift from them.
const char* const kMigrations[] = {
    // 1: the first schema.
    R"sql(
CREATE TABLE markings(
  id INTEGER PRIMARY KEY,
  owner TEXT NOT NULL,
  releasable_to TEXT NOT NULL,
  UNIQUE(owner, releasable_to));
CREATE TABLE positions(
  mmsi INTEGER NOT NULL,
  t INTEGER NOT NULL,            -- event time, Unix ms
  lat_e7 INTEGER NOT NULL,
  lon_e7 INTEGER NOT NULL,
  sog_dkn INTEGER NOT NULL,      -- 1/10 kn; 65535 = not available
  cog_ddeg INTEGER NOT NULL,     -- 1/10 degree; 65535 = not available
  heading INTEGER NOT NULL,      -- degrees; 511 = not available
  nav_status INTEGER NOT NULL,
  flags INTEGER NOT NULL,        -- 1 = implausible jump, 2 = late
  marking INTEGER NOT NULL,
  PRIMARY KEY(mmsi, t)) WITHOUT ROWID;
CREATE VIRTUAL TABLE chunks USING rtree(
  id, min_lon, max_lon, min_lat, max_lat, t0_min, t1_min, +mmsi INTEGER, +points INTEGER);
CREATE TABLE vessels(
  mmsi INTEGER PRIMARY KEY,
  cls INTEGER NOT NULL DEFAULT 0,
  imo INTEGER NOT NULL DEFAULT 0,
  callsign TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  shiptype INTEGER NOT NULL DEFAULT 0,
  to_bow INTEGER NOT NULL DEFAULT 0,
  to_stern INTEGER NOT NULL DEFAULT 0,
  to_port INTEGER NOT NULL DEFAULT 0,
  to_starboard INTEGER NOT NULL DEFAULT 0,
  destination TEXT NOT NULL DEFAULT '',
  draught_dm INTEGER NOT NULL DEFAULT 0,
  static_updated INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  marking INTEGER NOT NULL DEFAULT 0);
CREATE TABLE vessel_changes(
  mmsi INTEGER NOT NULL,
  t INTEGER NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL);
CREATE INDEX vessel_changes_by_vessel ON vessel_changes(mmsi, t);
CREATE TABLE alerts(
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  t INTEGER NOT NULL,
  first_t INTEGER NOT NULL,
  mmsi TEXT NOT NULL,            -- comma-separated, as alert_mmsi
  asset TEXT,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  score INTEGER NOT NULL,
  severity TEXT NOT NULL,
  summary TEXT NOT NULL,
  json TEXT NOT NULL,
  owner TEXT NOT NULL,
  releasable_to TEXT NOT NULL,
  acked_by TEXT NOT NULL DEFAULT '',
  acked_nation TEXT NOT NULL DEFAULT '',
  acked_at INTEGER NOT NULL DEFAULT 0,
  ack_comment TEXT NOT NULL DEFAULT '');
CREATE INDEX alerts_by_time ON alerts(t);
CREATE TABLE alert_mmsi(
  mmsi INTEGER NOT NULL,
  alert_id TEXT NOT NULL,
  PRIMARY KEY(mmsi, alert_id)) WITHOUT ROWID;
CREATE TABLE alert_events(
  alert_id TEXT NOT NULL,
  t INTEGER NOT NULL,
  event TEXT NOT NULL,           -- opened, updated, retracted, acknowledged
  principal TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE INDEX alert_events_by_alert ON alert_events(alert_id, t);
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  t INTEGER NOT NULL,
  principal TEXT NOT NULL,
  nation TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL);
CREATE INDEX audit_by_time ON audit(t);
)sql",
    // 2: alerts by status, newest first. The live node asks every few
    // seconds which recent alerts were acknowledged (by any node sharing
    // the store); through alerts_by_time that read every recent alert,
    // 3-4 ms on the node's one thread with a few thousand of them.
    R"sql(
CREATE INDEX alerts_by_status ON alerts(status, t);
)sql",
    // 3: the audit log answers each admin in the store. A caller without a
    // valid token has no nation (NULL: every admin reads those rows; they
    // were '' with principal "anonymous ADDRESS"), and each row keeps the
    // status answered, the caller's role and address. SQLite cannot drop a
    // NOT NULL, so the table is rebuilt. audit_by_nation serves the admin's
    // query: newest first within one nation, and within the NULLs.
    R"sql(
CREATE TABLE audit_v3(
  id INTEGER PRIMARY KEY,
  t INTEGER NOT NULL,
  principal TEXT NOT NULL,
  nation TEXT,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL,
  status INTEGER NOT NULL DEFAULT 0,
  role TEXT NOT NULL DEFAULT '',
  remote TEXT NOT NULL DEFAULT '');
INSERT INTO audit_v3(id, t, principal, nation, action, target, outcome, remote)
  SELECT id, t,
         CASE WHEN nation = '' AND principal LIKE 'anonymous %' THEN 'anonymous' ELSE principal END,
         CASE WHEN nation = '' AND principal LIKE 'anonymous %' THEN NULL ELSE nation END,
         action, target, outcome,
         CASE WHEN nation = '' AND principal LIKE 'anonymous %' THEN substr(principal, 11) ELSE '' END
  FROM audit;
DROP TABLE audit;
ALTER TABLE audit_v3 RENAME TO audit;
CREATE INDEX audit_by_time ON audit(t);
CREATE INDEX audit_by_nation ON audit(nation, t);
)sql",
    // 4: positions keyed by (mmsi, marking, t). A nation's track request
    // (visible_track) probes the key once per marking released to it, so
    // the reports of a vessel it may not see are never stepped over: such a
    // vessel costs what a vessel never stored costs (issue #16: walking the
    // hidden reports made its answer 8x slower, a timing oracle telling
    // which MMSIs another nation tracks). positions_by_time keeps one report
    // per (mmsi, t), as the old key did, and serves the previous-report
    // lookup. SQLite cannot change a key, so the table is rebuilt. The key's
    // columns come first, in key order: SQLite 3.40's integrity_check
    // reports false "NULL value" errors in a WITHOUT ROWID table otherwise.
    R"sql(
CREATE TABLE positions_v4(
  mmsi INTEGER NOT NULL,
  marking INTEGER NOT NULL,
  t INTEGER NOT NULL,
  lat_e7 INTEGER NOT NULL,
  lon_e7 INTEGER NOT NULL,
  sog_dkn INTEGER NOT NULL,
  cog_ddeg INTEGER NOT NULL,
  heading INTEGER NOT NULL,
  nav_status INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  PRIMARY KEY(mmsi, marking, t)) WITHOUT ROWID;
INSERT INTO positions_v4(mmsi, t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags, marking)
  SELECT mmsi, t, lat_e7, lon_e7, sog_dkn, cog_ddeg, heading, nav_status, flags, marking FROM positions;
DROP TABLE positions;
ALTER TABLE positions_v4 RENAME TO positions;
CREATE UNIQUE INDEX positions_by_time ON positions(mmsi, t);
)sql",
};

}  // namespace

std::span<const char* const> migrations() { return kMigrations; }

}  // namespace lookout::store::sqlite
