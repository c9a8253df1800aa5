#include "store/postgres/postgres_store.h"

namespace lookout::store {

// The adapter lands in the next commit; until then a postgresql:// store is refused clearly.
std::unique_ptr<Store> open_postgres_store(const std::string& url, const StoreOptions&, std::string& error) {
  error = "postgres store " + url + ": the PostgreSQL adapter is not in this build yet";
  return nullptr;
}

}  // namespace lookout::store
