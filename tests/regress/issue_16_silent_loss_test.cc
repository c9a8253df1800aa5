// Issue 16, "Silent loss on I/O errors": output or history that could not be
// written must end the command with exit code 3 and the reason on stderr,
// never exit 0 with a shorter file. Runs the real `lookout` binary against
// /dev/full (every write fails with ENOSPC) and against an SQLite store whose
// inserts fail part way through a replay.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/store/store_test_support.h"

namespace {

namespace fs = std::filesystem;

struct Output {
  int status = -1;
  std::string out;  // stdout, or nothing when it was redirected
  std::string err;
};

// Runs `lookout ARGS` through the shell (so ARGS may redirect stdout).
Output run(const std::string& args) {
  fs::path err_file = fs::temp_directory_path() / ("lookout_issue16_" + std::to_string(::getpid()) + ".err");
  std::string cmd = std::string("'") + LOOKOUT_BINARY + "' " + args + " 2>'" + err_file.string() + "'";
  Output o;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return o;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) o.out.append(buf, n);
  int raw = ::pclose(pipe);
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(err_file);
  std::stringstream ss;
  ss << in.rdbuf();
  o.err = ss.str();
  fs::remove(err_file);
  return o;
}

std::string source(const std::string& rel) { return std::string(LOOKOUT_SOURCE_DIR) + "/" + rel; }

const std::string kNoSpace = std::strerror(ENOSPC);
const std::string kEagle = source("tests/scenarios/eagle_s_estlink2/track.nmea");
const std::string kDroneAis = source("tests/scenarios/drone_from_ship/ais.nmea");
const std::string kDroneDetections = source("tests/scenarios/drone_from_ship/detections.jsonl");
const std::string kDroneSensors = source("tests/scenarios/drone_from_ship/sensors.json");

class SilentLoss : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this machine";
  }
};

TEST_F(SilentLoss, ReplayAlertsToAFullDiskExitsThreeWithTheReason) {
  // The same run to a real file raises alerts: there is something to lose.
  lookout::store::testing::ScratchDir dir;
  std::string alerts = (dir.path() / "alerts.jsonl").string();
  auto ok = run("replay --no-progress --alerts '" + alerts + "' '" + kEagle + "'");
  ASSERT_EQ(ok.status, 0) << ok.err;
  ASSERT_GT(fs::file_size(alerts), 0u);

  auto full = run("replay --no-progress --alerts /dev/full '" + kEagle + "'");
  EXPECT_EQ(full.status, 3) << full.err;
  EXPECT_NE(full.err.find("lookout: cannot write /dev/full: " + kNoSpace), std::string::npos) << full.err;
}

TEST_F(SilentLoss, ReplayAlertsToStandardOutputOnAFullDiskExitsThree) {
  auto full = run("replay --no-progress --alerts - '" + kEagle + "' >/dev/full");
  EXPECT_EQ(full.status, 3) << full.err;
  EXPECT_NE(full.err.find("lookout: cannot write standard output: " + kNoSpace), std::string::npos) << full.err;
}

TEST_F(SilentLoss, ReplayTracksToAFullDiskExitsThreeWithTheReason) {
  auto full = run("replay --no-progress --sensors '" + kDroneSensors + "' --tracks /dev/full '" + kDroneAis + "' '" +
                  kDroneDetections + "'");
  EXPECT_EQ(full.status, 3) << full.err;
  EXPECT_NE(full.err.find("lookout: cannot write /dev/full: " + kNoSpace), std::string::npos) << full.err;
}

TEST_F(SilentLoss, DecodeToAFullDiskExitsThreeWithTheReason) {
  auto full = run("decode '" + kEagle + "' >/dev/full");
  EXPECT_EQ(full.status, 3) << full.err;
  EXPECT_NE(full.err.find("lookout: cannot write standard output: " + kNoSpace), std::string::npos) << full.err;
  // The counts are still reported: the reader learns what was decoded.
  EXPECT_NE(full.err.find("lookout decode: "), std::string::npos) << full.err;

  auto csv = run("decode --format csv '" + kEagle + "' >/dev/full");
  EXPECT_EQ(csv.status, 3) << csv.err;
}

TEST_F(SilentLoss, DecodeWithNoOutputAsksForNoneAndSucceeds) {
  auto none = run("decode --format none '" + kEagle + "' >/dev/full");
  EXPECT_EQ(none.status, 0) << none.err;
}

TEST_F(SilentLoss, ForensicsToAFullDiskExitsThreeWithTheReason) {
  lookout::store::testing::ScratchDir dir;
  std::string db = (dir.path() / "h.db").string();
  auto replay = run("replay --no-progress --store '" + db + "' '" + kEagle + "'");
  ASSERT_EQ(replay.status, 0) << replay.err;
  auto track = run("forensics track --store '" + db + "' --mmsi 518998950 --json >/dev/full");
  EXPECT_EQ(track.status, 3) << track.err;
  EXPECT_NE(track.err.find("lookout: cannot write standard output: " + kNoSpace), std::string::npos) << track.err;
  auto near = run("forensics near --store '" + db +
                  "' --at 59.987,25.979 --radius-km 5 --from 2024-12-25T00:00:00Z --to 2024-12-26T00:00:00Z >/dev/full");
  EXPECT_EQ(near.status, 3) << near.err;
}

// A store whose inserts start failing part way through the replay (a trigger
// that aborts once some positions are in, as a disk quota would): the run
// must end with exit 3 and say that the history is incomplete.
TEST(SilentLossStore, ReplayWhoseStoreWritesFailExitsThree) {
  lookout::store::testing::ScratchDir dir;
  std::string db = (dir.path() / "h.db").string();
  auto first = run("replay --no-progress --store '" + db + "' '" + kDroneAis + "'");
  ASSERT_EQ(first.status, 0) << first.err;
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* msg = nullptr;
  int rc = sqlite3_exec(h,
                        "CREATE TRIGGER quota BEFORE INSERT ON positions WHEN (SELECT count(*) FROM positions) > 10 "
                        "BEGIN SELECT RAISE(ABORT, 'disk quota exceeded'); END;",
                        nullptr, nullptr, &msg);
  ASSERT_EQ(rc, SQLITE_OK) << (msg ? msg : "");
  sqlite3_close(h);

  auto second = run("replay --no-progress --store '" + db + "' '" + kEagle + "'");
  EXPECT_EQ(second.status, 3) << second.err;
  EXPECT_NE(second.err.find("lookout: history incomplete: "), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("disk quota exceeded"), std::string::npos) << second.err;
}

}  // namespace
