#include "store/sqlite/sqlite_db.h"

#include <string>

namespace lookout::store::sqlite {

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

Status Db::open(const std::string& path, bool read_only) {
  path_ = path;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    Status s = error("open");
    sqlite3_close_v2(db_);
    db_ = nullptr;
    return s;
  }
  // A writer holding the lock for a moment (a batch commit) must not fail readers.
  sqlite3_busy_timeout(db_, 5000);
  sqlite3_extended_result_codes(db_, 1);
  return {};
}

Status Db::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string m = message ? message : "unknown error";
    sqlite3_free(message);
    return Status::error("sqlite store " + path_ + ": " + m);
  }
  return {};
}

Stmt Db::prepare(std::string_view sql, Status& status) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s,
                         nullptr) != SQLITE_OK) {
    status = Status::error("sqlite store " + path_ + ": " + sqlite3_errmsg(db_) + " in: " + std::string(sql));
    return {};
  }
  return Stmt(db_, s);
}

Status Db::error(std::string_view what) const {
  std::string m = db_ ? sqlite3_errmsg(db_) : "out of memory";
  return Status::error("sqlite store " + path_ + ": " + std::string(what) + ": " + m);
}

}  // namespace lookout::store::sqlite
