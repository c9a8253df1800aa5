// SqliteStore: the embedded default store, one SQLite file in WAL mode.
//
// Positions live in a WITHOUT ROWID table keyed by (mmsi, marking, time),
// so a vessel's track is one range scan per marking, and a nation's track
// request reads only the markings released to it (a vessel it may not see
// costs what an absent one costs); a unique index keeps one report per
// (mmsi, time); track chunks live in an R*Tree over
// (lon, lat, minutes); alerts, vessels, markings and the audit log in plain
// tables. Writes go through prepared statements in transactions of
// StoreOptions::batch_rows rows. The schema is versioned with
// PRAGMA user_version and migrated forward on open; the migrations in
// sqlite_schema.cc are the schema, commented column by column.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "store/store.h"

namespace lookout::store {

// Opens or creates the SQLite store at `path`. Null and `error` set on failure.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, const StoreOptions& options,
                                         std::string& error);

// The schema version this build writes.
int sqlite_schema_version();

// Runs store.visible_track(mmsi, window, nation) and returns the SQLite
// virtual-machine steps it took: the engine's measure of the work the query
// did, whatever it returned. Tests use it to show that a vessel the nation
// may not see costs the same work as a vessel never stored. An error when
// `store` was not opened by open_sqlite_store, or when the read fails.
StatusOr<int64_t> sqlite_visible_track_steps(Store& store, uint32_t mmsi, const TimeRange& window,
                                             std::string_view nation);

}  // namespace lookout::store
