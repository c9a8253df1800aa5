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
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string m = message ? message : "unknown error";
    sqlite3_free(message);
    return {status_code(rc), "sqlite store " + path_ + ": " + m};
  }
  return {};
}

Stmt Db::prepare(std::string_view sql, Status& status) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) {
    status = Status(status_code(rc), "sqlite store " + path_ + ": " + sqlite3_errmsg(db_) + " in: " + std::string(sql));
    return {};
  }
  return Stmt(db_, s);
}

StatusCode status_code(int sqlite_rc) {
  switch (sqlite_rc & 0xff) {  // the primary code of an extended one
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StatusCode::kBusy;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return StatusCode::kCorruption;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM: return StatusCode::kIoError;
    case SQLITE_NOTFOUND: return StatusCode::kNotFound;
    default: return StatusCode::kInternal;
  }
}

Status Db::error(std::string_view what) const {
  std::string m = db_ ? sqlite3_errmsg(db_) : "out of memory";
  StatusCode code = db_ ? status_code(sqlite3_extended_errcode(db_)) : StatusCode::kInternal;
  return {code, "sqlite store " + path_ + ": " + std::string(what) + ": " + m};
}

}  // namespace lookout::store::sqlite
