#include "store_test_support.h"

#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>

namespace lookout::store::testing {

namespace fs = std::filesystem;

namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
}

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

int run(const std::string& command) { return std::system(command.c_str()); }

// One PostgreSQL server for this test process, started on first use and
// stopped at exit. Root cannot run initdb: then everything runs as the
// `postgres` user through runuser.
class PgServer {
 public:
  static PgServer& instance() {
    static PgServer server;
    return server;
  }

  // The base URL (no database), or empty with `why` set.
  std::string base_url(std::string& why) {
    std::lock_guard lock(mu_);
    if (const char* env = std::getenv("LOOKOUT_TEST_POSTGRES_URL"); env && *env) {
      std::string url = env;
      if (url.back() != '/') url += '/';
      return url;
    }
    if (!tried_) {
      tried_ = true;
      start();
    }
    why = why_;
    return url_;
  }

  ~PgServer() {
    if (!url_.empty()) {
      run(prefix_ + bin_ + "/pg_ctl -D " + data_.string() + " -m immediate -w stop >/dev/null 2>&1");
      std::error_code ec;
      fs::remove_all(root_, ec);
    }
  }

 private:
  void start() {
    bin_ = "/usr/lib/postgresql/15/bin";
    if (!fs::exists(bin_ + "/initdb")) {
      why_ = "PostgreSQL 15 is not installed (" + bin_ + "/initdb missing); tools/install-deps installs it";
      return;
    }
    root_ = fs::temp_directory_path() / ("lookout-pg-" + unique_suffix());
    data_ = root_ / "data";
    fs::create_directories(root_);
    if (::geteuid() == 0) {
      prefix_ = "runuser -u postgres -- ";
      if (run("chown -R postgres " + root_.string()) != 0) {
        why_ = "cannot hand " + root_.string() + " to the postgres user";
        return;
      }
    }
    std::string log = (root_ / "initdb.log").string();
    if (run(prefix_ + bin_ + "/initdb -D " + data_.string() + " -A trust -U postgres >" + log + " 2>&1") != 0) {
      why_ = "initdb failed; see " + log;
      return;
    }
    int port = free_loopback_port();
    std::string server_log = (root_ / "server.log").string();
    std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port) + " -k " + root_.string() +
                          " -c fsync=off -c full_page_writes=off";
    if (run(prefix_ + bin_ + "/pg_ctl -D " + data_.string() + " -l " + server_log + " -w -o \"" + options +
            "\" start >/dev/null 2>&1") != 0) {
      why_ = "the PostgreSQL server did not start; see " + server_log;
      return;
    }
    url_ = "postgresql://postgres@127.0.0.1:" + std::to_string(port) + "/";
  }

  std::mutex mu_;
  bool tried_ = false;
  std::string why_, url_, bin_, prefix_;
  fs::path root_, data_;
};

}  // namespace

ScratchDir::ScratchDir() {
  path_ = fs::temp_directory_path() / ("lookout-test-" + unique_suffix());
  fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string fresh_store_location(Adapter adapter, const ScratchDir& dir, std::string& skip_reason) {
  if (adapter == Adapter::kSqlite) return (dir.path() / "history.db").string();
  std::string base = PgServer::instance().base_url(skip_reason);
  if (base.empty()) return {};
  std::string db = "lookout_test_" + unique_suffix();
  PGconn* conn = PQconnectdb((base + "postgres").c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    skip_reason = std::string("cannot connect to the test PostgreSQL server: ") + PQerrorMessage(conn);
    PQfinish(conn);
    return {};
  }
  PGresult* r = PQexec(conn, ("CREATE DATABASE " + db).c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) skip_reason = std::string("CREATE DATABASE failed: ") + PQerrorMessage(conn);
  PQclear(r);
  PQfinish(conn);
  return ok ? base + db : std::string();
}

}  // namespace lookout::store::testing
