// PostgresStore: the shared store, PostgreSQL 15 with PostGIS, through libpq.
// The same logical schema and behaviour as the SQLite store (store.h);
// writes are buffered and sent at each commit in one transaction, positions
// with COPY; track chunks carry a PostGIS box (SRID 4326) and a time range
// under one GiST index. The schema is versioned in a schema_version table
// and migrated forward on open; the migrations in postgres_schema.cc are
// the schema (docs/decisions/0007-postgis-layout.md explains the layout).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "store/store.h"

namespace lookout::store {

// Opens the store at a postgresql:// URL, creating and migrating the schema
// when needed. Null and `error` set on failure.
std::unique_ptr<Store> open_postgres_store(const std::string& url, const StoreOptions& options,
                                           std::string& error);

// The schema version this build writes.
int postgres_schema_version();

// Runs EXPLAIN ANALYZE of store.visible_track(mmsi, window, nation)'s query
// on the store's connection and returns the rows of positions the server
// read for it: rows its scans produced plus rows their filters removed.
// Tests use it to show that a vessel the nation may not see costs the same
// work as a vessel never stored (none read). An error when `store` was not
// opened by open_postgres_store, or when the query fails.
StatusOr<int64_t> postgres_visible_track_rows_read(Store& store, uint32_t mmsi, const TimeRange& window,
                                                   std::string_view nation);

}  // namespace lookout::store
