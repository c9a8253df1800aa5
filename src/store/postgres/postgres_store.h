// PostgresStore: the shared store, PostgreSQL 15 with PostGIS, through libpq.
// The same logical schema and behaviour as the SQLite store (store.h).
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace lookout::store {

// Opens the store at a postgresql:// URL, creating and migrating the schema
// when needed. Null and `error` set on failure.
std::unique_ptr<Store> open_postgres_store(const std::string& url, const StoreOptions& options,
                                           std::string& error);

}  // namespace lookout::store
