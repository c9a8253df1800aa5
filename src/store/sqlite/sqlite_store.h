// SqliteStore: the embedded default store, one SQLite file in WAL mode.
//
// Positions live in a WITHOUT ROWID table keyed by (mmsi, time), so a
// vessel's track is one range scan; track chunks live in an R*Tree over
// (lon, lat, minutes); alerts, vessels, markings and the audit log in plain
// tables. Writes go through prepared statements in transactions of
// StoreOptions::batch_rows rows. The schema is versioned with
// PRAGMA user_version and migrated forward on open; the migrations in
// sqlite_schema.cc are the schema, commented column by column.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace lookout::store {

// Opens or creates the SQLite store at `path`. Null and `error` set on failure.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, const StoreOptions& options,
                                         std::string& error);

// The schema version this build writes.
int sqlite_schema_version();

}  // namespace lookout::store
