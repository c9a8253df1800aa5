// The PostgreSQL store's schema, as SQL: the migrations that build and
// evolve the tables, and the per-connection staging tables that writes go
// through. The migrations are the schema; postgres_store.cc applies them
// and records the version in the schema_version table.
#pragma once

#include <span>

namespace lookout::store::pg {

// The migrations, oldest first: entry i moves the schema from version i to
// version i + 1, so the number of entries is the schema version this build
// writes. Released entries are never edited; changes are new entries.
std::span<const char* const> migrations();

// The statements that create this connection's temporary staging tables,
// emptied at every commit.
const char* staging_tables();

}  // namespace lookout::store::pg
