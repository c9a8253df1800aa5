// PostgresStore: the shared store, PostgreSQL 15 with PostGIS, through libpq.
// The same logical schema and behaviour as the SQLite store (store.h);
// writes are buffered and sent at each commit in one transaction, positions
// with COPY; track chunks carry a PostGIS box (SRID 4326) and a time range
// under one GiST index. The schema is versioned in a schema_version table
// and migrated forward on open; the migrations in postgres_schema.cc are
// the schema (docs/decisions/0007-postgis-layout.md explains the layout).
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace lookout::store {

// Opens the store at a postgresql:// URL, creating and migrating the schema
// when needed. Null and `error` set on failure.
std::unique_ptr<Store> open_postgres_store(const std::string& url, const StoreOptions& options,
                                           std::string& error);

// The schema version this build writes.
int postgres_schema_version();

}  // namespace lookout::store
