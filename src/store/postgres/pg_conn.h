// Thin RAII over libpq for the PostgreSQL store: one connection, results
// that clear themselves, parameterised queries with text parameters, and
// COPY FROM STDIN. Errors come back as store::Status naming the store (its
// URL with any password hidden) and what was being done.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace lookout::store::pg {

// The URL with its password (user:PASSWORD@ or password=...) replaced by ***.
std::string redact_url(std::string_view url);

// Appends `text` to a COPY text-format field: backslash, tab, newline and
// carriage return escaped, NUL bytes dropped, invalid UTF-8 replaced by '?'
// (PostgreSQL refuses both, and one bad string must not fail a batch).
void append_copy_text(std::string& out, std::string_view text);

// `text` made acceptable as a PostgreSQL text value (as above, unescaped).
std::string clean_text(std::string_view text);

// The Status kind of a failed command: kUnavailable when the connection is
// lost (SQLSTATE class 08, 57P01 from pg_terminate_backend), kBusy for
// serialization failures and lock timeouts, kCorruption for data corruption,
// kIoError for the server's disk (classes 53, 58), else kInternal.
StatusCode status_code(std::string_view sqlstate, PGconn* conn);

// A query result; PQclear on destruction.
class Result {
 public:
  Result() = default;
  explicit Result(PGresult* r) : r_(r) {}
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result& operator=(Result&& o) noexcept {
    if (this != &o) {
      PQclear(r_);
      r_ = o.r_;
      o.r_ = nullptr;
    }
    return *this;
  }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() { PQclear(r_); }

  PGresult* get() const { return r_; }
  ExecStatusType status() const { return r_ ? PQresultStatus(r_) : PGRES_FATAL_ERROR; }
  bool ok() const { return status() == PGRES_COMMAND_OK || status() == PGRES_TUPLES_OK; }
  int rows() const { return r_ ? PQntuples(r_) : 0; }
  bool is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string_view text(int row, int col) const {
    return {PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col))};
  }
  int64_t i64(int row, int col) const;
  double f64(int row, int col) const;
  // The SQLSTATE of a failed command ("23505"), or empty.
  std::string sqlstate() const;
  // Rows affected by INSERT/UPDATE/DELETE.
  int64_t affected() const;

 private:
  PGresult* r_ = nullptr;
};

// A text-format query parameter; nullopt is SQL NULL.
using Param = std::optional<std::string>;

class Conn {
 public:
  Conn() = default;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn();

  // Connects; notices (CREATE ... IF NOT EXISTS) are not printed.
  Status open(const std::string& url);
  PGconn* handle() const { return conn_; }
  // "postgres store URL" (redacted), for messages.
  const std::string& name() const { return name_; }

  Result exec(const std::string& sql);
  Result exec(const std::string& sql, const std::vector<Param>& params);
  Result exec_prepared(const char* statement, const std::vector<Param>& params);
  // Prepares a named statement on this connection.
  Status prepare(const char* statement, const char* sql);

  // exec() that must succeed: the error (naming `what`) or ok.
  Status run(const std::string& sql, const char* what);
  // COPY ... FROM STDIN with `data` in text format (rows ending in '\n').
  // On failure `sqlstate` (when given) receives the server's SQLSTATE.
  Status copy_in(const std::string& copy_sql, std::string_view data, const char* what,
                 std::string* sqlstate = nullptr);

  // A Status from the connection's last error, naming `what`.
  Status error(const char* what, const Result* r = nullptr) const;

 private:
  PGconn* conn_ = nullptr;
  std::string name_;
};

}  // namespace lookout::store::pg
