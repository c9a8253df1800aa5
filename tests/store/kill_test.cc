// A kill -9 of `lookout replay --store` while it writes must lose nothing
// that was committed, and the store must open cleanly afterwards and take
// more writes. The test writes a large synthetic NMEA file, starts the real
// CLI on it, watches the store from a second connection until several
// batches are committed, reads how many positions are committed, kills the
// writer with SIGKILL and checks what survived.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "decode/ais/encoder.h"
#include "store/store.h"
#include "store_test_support.h"

extern char** environ;

namespace lookout::store {
namespace {

constexpr int kVessels = 500;
constexpr int kReports = 1000;  // per vessel, 10 s apart: 500 k positions in all

void write_input(const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  const int64_t t0 = 1'700'000'000;
  for (int r = 0; r < kReports; ++r) {
    for (int v = 0; v < kVessels; ++v) {
      ais::Message m;
      m.type = 1;
      m.mmsi = 230'000'000u + static_cast<uint32_t>(v);
      ais::PositionReportA p;
      p.status = 0;
      p.speed = 100;
      p.course = 900;
      p.heading = 90;
      // 10 kn east: 51.4 m in 10 s; start on a grid over the Baltic.
      double lat = 54.0 + (v % 40) * 0.1;
      double lon = 12.0 + (v / 40) * 0.2 + r * 51.4 / (111320.0 * 0.58);
      p.pos.lat = static_cast<int32_t>(lat * 600000);
      p.pos.lon = static_cast<int32_t>(lon * 600000);
      p.second = static_cast<uint8_t>((r * 10) % 60);
      m.body = p;
      std::string tag = "c:" + std::to_string(t0 + r * 10);
      out << ais::encode_nmea(m, 'A', -1, tag);
    }
  }
}

int64_t committed_positions(const std::string& db) {
  sqlite3* conn = nullptr;
  int64_t n = -1;
  if (sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(conn, 2000);
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(conn, "SELECT count(*) FROM positions", -1, &q, nullptr) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
      n = sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(conn);
  return n;
}

std::string scalar(const std::string& db, const char* sql) {
  sqlite3* conn = nullptr;
  std::string out;
  if (sqlite3_open(db.c_str(), &conn) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(conn, sql, -1, &q, nullptr) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
      const auto* t = sqlite3_column_text(q, 0);
      out = t ? reinterpret_cast<const char*>(t) : "";
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(conn);
  return out;
}

TEST(StoreCrash, KillNineLosesNothingCommitted) {
  testing::ScratchDir dir;
  const std::string input = (dir.path() / "big.nmea").string();
  const std::string db = (dir.path() / "history.db").string();
  write_input(input);

  std::string binary = LOOKOUT_BINARY;
  std::vector<std::string> args = {binary, "replay", "--no-progress", "--store", db, input};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);

  // Wait for several committed batches, then read a committed count and kill.
  int64_t committed = -1;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (std::chrono::steady_clock::now() < deadline) {
    int64_t n = std::filesystem::exists(db) ? committed_positions(db) : -1;
    if (n >= 50'000) {
      committed = n;
      break;
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, WNOHANG), 0) << "replay ended before it could be killed";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "replay finished before the kill; make the input larger";
  ASSERT_GE(committed, 50'000) << "nothing was committed within the deadline";

  // Nothing committed is lost; the file is sound; the chunk index covers
  // every stored vessel.
  std::string error;
  auto s = open_store(db, {}, error);
  ASSERT_NE(s, nullptr) << error;
  auto counts = s->counts().value();
  EXPECT_GE(static_cast<int64_t>(counts.positions), committed);
  EXPECT_LT(counts.positions, static_cast<uint64_t>(kVessels) * kReports) << "killed mid-way";
  EXPECT_EQ(scalar(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(scalar(db, "SELECT count(DISTINCT mmsi) FROM positions"),
            scalar(db, "SELECT count(DISTINCT mmsi) FROM chunks"));
  auto all = s->candidates({50, 0, 70, 40}, {0, INT64_MAX / 4}).value();
  EXPECT_EQ(std::to_string(all.size()), scalar(db, "SELECT count(DISTINCT mmsi) FROM positions"));
  s.reset();

  // The store takes the whole replay again; reports already stored are kept once.
  std::string cmd = binary + " replay --no-progress --store " + db + " " + input + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  s = open_store(db, {}, error);
  ASSERT_NE(s, nullptr) << error;
  EXPECT_EQ(s->counts().value().positions, static_cast<uint64_t>(kVessels) * kReports);
}

}  // namespace
}  // namespace lookout::store
