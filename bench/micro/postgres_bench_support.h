// For the store benchmarks that measure PostgreSQL: a fresh database on the
// server that LOOKOUT_BENCH_POSTGRES_URL names (tools/pg-test-server start
// DIR prints such a URL), dropped after the run.
#pragma once

#include <libpq-fe.h>

#include <string>

namespace lookout::store::bench {

// `url` with its database name replaced by `db`.
inline std::string with_database(const std::string& url, const std::string& db) {
  auto scheme = url.find("://");
  auto start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  auto query = url.find('?');
  std::string head = start == std::string::npos ? url.substr(0, query) : url.substr(0, start);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return head + "/" + db + tail;
}

// Runs one command as the server's administrator; true when it succeeded.
inline bool admin(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  bool ok = false;
  if (PQstatus(c) == CONNECTION_OK) {
    PGresult* r = PQexec(c, sql.c_str());
    ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
  }
  PQfinish(c);
  return ok;
}

// A database created for one benchmark on the server at `base` (or `base`'s
// own database when the role may not create one), dropped on destruction.
class BenchDatabase {
 public:
  BenchDatabase(const std::string& base, const std::string& name)
      : admin_url_(with_database(base, "postgres")), name_(name) {
    fresh_ = admin(admin_url_, "CREATE DATABASE " + name_);
    url_ = fresh_ ? with_database(base, name_) : base;
  }
  ~BenchDatabase() {
    if (fresh_) admin(admin_url_, "DROP DATABASE " + name_);
  }
  BenchDatabase(const BenchDatabase&) = delete;
  BenchDatabase& operator=(const BenchDatabase&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::string admin_url_, name_, url_;
  bool fresh_ = false;
};

}  // namespace lookout::store::bench
