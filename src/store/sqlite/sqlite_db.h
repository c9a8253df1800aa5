// Thin RAII over the SQLite C API: a connection and prepared statements.
// Only what the store needs; errors come back as store::Status with
// SQLite's own message and the statement that failed.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "store/store.h"

namespace lookout::store::sqlite {

class Db;

// The Status kind of an SQLite result code (kBusy for SQLITE_BUSY, ...).
StatusCode status_code(int sqlite_rc);

// A prepared statement. Bind with 1-based indexes; step() until done.
class Stmt {
 public:
  Stmt() = default;
  Stmt(Stmt&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(stmt_); }

  bool valid() const { return stmt_ != nullptr; }

  Stmt& bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); return *this; }
  Stmt& bind(int i, int v) { sqlite3_bind_int64(stmt_, i, v); return *this; }
  Stmt& bind(int i, uint32_t v) { sqlite3_bind_int64(stmt_, i, v); return *this; }
  Stmt& bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); return *this; }
  Stmt& bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind_null(int i) { sqlite3_bind_null(stmt_, i); return *this; }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(stmt_); }
  void reset() { sqlite3_reset(stmt_); sqlite3_clear_bindings(stmt_); }
  // Virtual-machine steps run since the last call with `restart` (the
  // engine's own measure of the work a statement did).
  int64_t vm_steps(bool restart) { return sqlite3_stmt_status(stmt_, SQLITE_STMTSTATUS_VM_STEP, restart ? 1 : 0); }

  int64_t i64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double f64(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  friend class Db;

// The Status kind of an SQLite result code (kBusy for SQLITE_BUSY, ...).
StatusCode status_code(int sqlite_rc);
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Db {
 public:
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() { sqlite3_close_v2(db_); }

  Status open(const std::string& path, bool read_only);
  // Runs one or more statements without results.
  Status exec(std::string_view sql);
  // Prepares one statement; on error returns an invalid Stmt and sets `status`.
  Stmt prepare(std::string_view sql, Status& status);
  // The error of the last failed call, with `what` naming the operation.
  Status error(std::string_view what) const;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace lookout::store::sqlite
