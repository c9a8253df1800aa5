// Shared by the store tests: which adapters to run against and how to make
// an empty store of each.
//
// SQLite always runs (a fresh file under the test's temporary directory).
// PostgreSQL runs against a real server: tests/store/pg_test_server.h starts
// one on loopback for the test process (initdb + pg_ctl, as
// ../shared/STACK.md describes), or uses LOOKOUT_TEST_POSTGRES_URL when
// given. Where no server can be started the PostgreSQL cases skip, saying why.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "alert/alert.h"
#include "core/time.h"
#include "store/store.h"

namespace lookout::store::testing {

// An open loitering alert with this id, FIN releasable to JEF: a row for the
// tests that only need some alert in the store.
inline alert::Alert open_alert(const std::string& id) {
  alert::Alert a;
  a.id = id;
  a.kind = "loitering";
  a.state = alert::AlertState::kOpen;
  a.time = from_unix_ms(1'700'000'100'000);
  a.first_time = from_unix_ms(1'700'000'000'000);
  a.mmsi = {230000001};
  a.pos = {59.9, 25.9};
  a.score = 60;
  a.severity = alert::severity_for(60);
  a.summary = "Slow inside a cable corridor";
  a.marking = {"FIN", {"JEF"}};
  return a;
}

enum class Adapter { kSqlite, kPostgres };

inline std::string adapter_name(const ::testing::TestParamInfo<Adapter>& info) {
  return info.param == Adapter::kSqlite ? "sqlite" : "postgres";
}

// A scratch directory unique to this test, removed at the end.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Where a new, empty store of `adapter` lives: a file path for SQLite, a URL
// of a fresh database for PostgreSQL. Empty with `skip_reason` set when the
// adapter cannot be tested on this machine.
std::string fresh_store_location(Adapter adapter, const ScratchDir& dir, std::string& skip_reason);

}  // namespace lookout::store::testing
