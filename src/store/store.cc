#include "store/store.h"

#include <string>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace lookout::store {

const char* to_string(AlertStatus s) noexcept {
  switch (s) {
    case AlertStatus::kOpen: return "open";
    case AlertStatus::kAcknowledged: return "acknowledged";
    case AlertStatus::kRetracted: return "retracted";
  }
  return "open";
}

std::optional<AlertStatus> alert_status_from_string(std::string_view s) noexcept {
  if (s == "open") return AlertStatus::kOpen;
  if (s == "acknowledged") return AlertStatus::kAcknowledged;
  if (s == "retracted") return AlertStatus::kRetracted;
  return std::nullopt;
}

std::unique_ptr<Store> open_store(std::string_view where, const StoreOptions& options, std::string& error) {
  if (where.starts_with("postgresql://") || where.starts_with("postgres://")) {
    return open_postgres_store(std::string(where), options, error);
  }
  if (where.empty()) {
    error = "no store given: pass a file path (SQLite) or a postgresql:// URL";
    return nullptr;
  }
  return open_sqlite_store(std::string(where), options, error);
}

}  // namespace lookout::store
