// Issue 16: a store read that fails part way is an error, never a shorter
// list that looks complete. SQLite: a disk whose reads fail after some pages
// (FaultyVfs, a shim over the real VFS) and a file damaged on disk.
// PostgreSQL: a query waiting on a lock whose backend is terminated mid-query,
// a lock that times out (busy), and a table dropped under the store.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <cstdlib>

#include "faulty_vfs_support.h"
#include "store/store.h"
#include "store_test_support.h"

namespace lookout::store {
namespace {

using testing::Adapter;

constexpr uint32_t kMmsi = 219000001;
constexpr int kReports = 20000;  // ~150 pages of positions: a read that spans many

int64_t at(int64_t t_s) { return 1'700'000'000'000 + t_s * 1000; }

PositionRow row(int i) {
  PositionRow r;
  r.mmsi = kMmsi;
  r.point.time_ms = at(i * 10);
  r.point.lat_e7 = static_cast<int32_t>((55.0 + i * 1e-5) * 1e7);
  r.point.lon_e7 = static_cast<int32_t>((12.0 + i * 1e-5) * 1e7);
  r.point.sog_dkn = 100;
  r.point.cog_ddeg = 450;
  r.point.heading = 45;
  return r;
}

const TimeRange kAll{0, INT64_MAX / 4};

void fill(const std::string& where) {
  std::string error;
  auto s = open_store(where, {}, error);
  ASSERT_NE(s, nullptr) << error;
  for (int i = 0; i < kReports; ++i) s->add_position(row(i));
  ASSERT_TRUE(s->commit().ok());
}

std::unique_ptr<Store> open_reader(const std::string& where) {
  std::string error;
  StoreOptions ro;
  ro.read_only = true;
  auto s = open_store(where, ro, error);
  EXPECT_NE(s, nullptr) << error;
  return s;
}

TEST(StoreReadError, SqliteReadFailingMidQueryIsAnErrorNotAShorterTrack) {
  testing::ScratchDir dir;
  std::string where = (dir.path() / "h.db").string();
  fill(where);
  testing::FaultyVfs vfs;  // every connection from here reads through it

  // How many reads the whole track takes on a fresh connection...
  uint64_t reads = 0;
  {
    auto s = open_reader(where);
    vfs.reset_count();
    auto whole = s->track(kMmsi, kAll);
    ASSERT_TRUE(whole.ok()) << whole.status().message();
    ASSERT_EQ(whole->size(), static_cast<std::size_t>(kReports));
    reads = vfs.reads();
  }
  ASSERT_GT(reads, 20u) << "the track should span many pages";

  // ...then the same read on another, with the disk failing half way.
  auto s = open_reader(where);
  vfs.fail_reads_after(reads / 2);
  auto part = s->track(kMmsi, kAll);
  EXPECT_GT(vfs.refused(), 0u);
  ASSERT_FALSE(part.ok()) << "a read that failed half way returned " << part->size() << " of " << kReports
                          << " reports as if that were all";
  EXPECT_EQ(part.status().code(), StatusCode::kIoError);
  EXPECT_NE(part.status().message().find("h.db"), std::string::npos) << part.status().message();
  EXPECT_NE(part.status().message().find("reading a track"), std::string::npos) << part.status().message();

  // The other reads say so too, and the store answers again once the disk does.
  EXPECT_FALSE(s->candidates({54, 11, 56, 13}, kAll).ok());
  EXPECT_FALSE(s->counts().ok());
  vfs.heal();
  auto again = s->track(kMmsi, kAll);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->size(), static_cast<std::size_t>(kReports));
}

TEST(StoreReadError, SqliteDamagedFileIsCorruptionNotAShorterTrack) {
  testing::ScratchDir dir;
  std::string where = (dir.path() / "h.db").string();
  fill(where);  // closed: the WAL is checkpointed into the file
  auto size = std::filesystem::file_size(where);
  ASSERT_GT(size, 400'000u);
  {
    // Garbage over the middle fifth of the file: the positions' B-tree pages.
    std::fstream f(where, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size * 2 / 5));
    std::string junk(size / 5, '\xA5');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    ASSERT_TRUE(f.good());
  }
  auto s = open_reader(where);
  ASSERT_NE(s, nullptr);
  auto track = s->track(kMmsi, kAll);
  ASSERT_FALSE(track.ok()) << "a damaged file returned " << track->size() << " of " << kReports << " reports";
  EXPECT_EQ(track.status().code(), StatusCode::kCorruption) << track.status().message();
}

// ---- PostgreSQL ----

class PostgresStoreReadError : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    url_ = testing::fresh_store_location(Adapter::kPostgres, dir_, why);
    if (url_.empty()) GTEST_SKIP() << why;
    fill(url_);
    admin_ = PQconnectdb(url_.c_str());
    ASSERT_EQ(PQstatus(admin_), CONNECTION_OK) << PQerrorMessage(admin_);
  }
  void TearDown() override {
    if (admin_ != nullptr) PQfinish(admin_);
  }
  void sql(const std::string& text) {
    PGresult* r = PQexec(admin_, text.c_str());
    auto st = PQresultStatus(r);
    EXPECT_TRUE(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) << text << ": " << PQerrorMessage(admin_);
    PQclear(r);
  }
  // Backends other than ours waiting for a lock in this database.
  int waiting_backends() {
    PGresult* r = PQexec(admin_,
                         "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                         "pid <> pg_backend_pid() AND wait_event_type = 'Lock'");
    int n = PQresultStatus(r) == PGRES_TUPLES_OK ? std::atoi(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    return n;
  }

  testing::ScratchDir dir_;
  std::string url_;
  PGconn* admin_ = nullptr;
};

TEST_F(PostgresStoreReadError, BackendTerminatedMidQueryIsUnavailableNotAnEmptyTrack) {
  auto s = open_reader(url_);
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->track(kMmsi, kAll)->size(), static_cast<std::size_t>(kReports));
  // Hold the table so that the next read waits inside the server, then end
  // that backend while its query is running.
  sql("BEGIN");
  sql("LOCK TABLE positions IN ACCESS EXCLUSIVE MODE");
  auto pending = std::async(std::launch::async, [&] { return s->track(kMmsi, kAll); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (waiting_backends() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(waiting_backends(), 1) << "the store's query never waited for the lock";
  sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND "
      "pid <> pg_backend_pid() AND wait_event_type = 'Lock'");
  sql("COMMIT");
  auto track = pending.get();
  ASSERT_FALSE(track.ok()) << "a terminated query returned " << track->size() << " reports";
  EXPECT_EQ(track.status().code(), StatusCode::kUnavailable) << track.status().message();
  // Every later read on the lost connection says so as well.
  EXPECT_EQ(s->counts().status().code(), StatusCode::kUnavailable);
}

TEST_F(PostgresStoreReadError, LockTimeoutIsBusy) {
  sql("ALTER DATABASE \"" + std::string(PQdb(admin_)) + "\" SET lock_timeout = '200ms'");
  auto s = open_reader(url_);  // a new session takes the setting
  ASSERT_NE(s, nullptr);
  sql("BEGIN");
  sql("LOCK TABLE positions IN ACCESS EXCLUSIVE MODE");
  auto track = s->track(kMmsi, kAll);
  sql("COMMIT");
  ASSERT_FALSE(track.ok());
  EXPECT_EQ(track.status().code(), StatusCode::kBusy) << track.status().message();
  auto later = s->track(kMmsi, kAll);  // the lock is gone: the same read answers
  ASSERT_TRUE(later.ok()) << later.status().message();
  EXPECT_EQ(later->size(), static_cast<std::size_t>(kReports));
}

TEST_F(PostgresStoreReadError, TableDroppedUnderTheStoreIsAnError) {
  auto s = open_reader(url_);
  ASSERT_NE(s, nullptr);
  sql("DROP TABLE positions CASCADE");
  auto track = s->track(kMmsi, kAll);
  ASSERT_FALSE(track.ok()) << "a dropped table read as " << track->size() << " reports";
  EXPECT_NE(track.status().message().find("reading a track"), std::string::npos) << track.status().message();
  EXPECT_FALSE(s->counts().ok());
}

}  // namespace
}  // namespace lookout::store
