// The SQLite store's schema, as SQL: the migrations that build and evolve
// the tables. The migrations are the schema; sqlite_store.cc applies them
// and records the version with PRAGMA user_version.
#pragma once

#include <span>

namespace lookout::store::sqlite {

// The migrations, oldest first: entry i moves the schema from version i to
// version i + 1, so the number of entries is the schema version this build
// writes. Released entries are never edited; changes are new entries.
std::span<const char* const> migrations();

}  // namespace lookout::store::sqlite
