// Splitting a recording into several files must not change a single alert
// (issue #16: two receivers' logs of the same hours made half the positions
// "late"). Each case takes a recording with event times, splits its records
// into 2-4 files - alternating as two receivers would hear them, at random,
// in contiguous chunks, or with some records heard by both receivers - and
// replays the pieces, in a random order, through the same merge and engines
// as `lookout replay` (src/app/pipeline.h), in process. The alerts
// must equal the whole file's, byte for byte. A message of several
// sentences is one record (a receiver hears all of it or none), and a CSV
// header goes to every piece. The random splits use fixed seeds (printed on
// failure) so a failure can be replayed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "app/sensors_file.h"
#include "tests/determinism/recording_support.h"

namespace lookout {
namespace {

namespace fs = std::filesystem;
using testing_support::Recording;
using testing_support::read_recording;
using testing_support::Replayed;
using testing_support::replay_in_process;

Replayed replay(const std::vector<std::string>& files, const std::vector<air::SensorConfig>& sensors,
                MergeParams merge) {
  return replay_in_process(files, sensors, merge);
}

enum class Split { kAlternate, kRandom, kChunks, kHeardByBoth };

const char* name(Split s) {
  switch (s) {
    case Split::kAlternate: return "alternate";
    case Split::kRandom: return "random";
    case Split::kChunks: return "chunks";
    case Split::kHeardByBoth: return "heard_by_both";
  }
  return "?";
}

// The pieces of `rec` (each a list of record indexes) for one way of splitting.
std::vector<std::vector<std::size_t>> split(const Recording& rec, Split how, std::mt19937& rng) {
  const std::size_t n = rec.records.size();
  std::size_t k = how == Split::kAlternate || how == Split::kHeardByBoth ? 2 : 2 + rng() % 3;
  std::vector<std::vector<std::size_t>> pieces(k);
  switch (how) {
    case Split::kAlternate:
      for (std::size_t i = 0; i < n; ++i) pieces[i % 2].push_back(i);
      break;
    case Split::kRandom:
      for (std::size_t i = 0; i < n; ++i) pieces[rng() % k].push_back(i);
      break;
    case Split::kChunks: {
      std::vector<std::size_t> cuts{0, n};
      for (std::size_t c = 1; c < k; ++c) cuts.push_back(rng() % (n + 1));
      std::sort(cuts.begin(), cuts.end());
      for (std::size_t c = 0; c < k; ++c) {
        for (std::size_t i = cuts[c]; i < cuts[c + 1]; ++i) pieces[c].push_back(i);
      }
      break;
    }
    case Split::kHeardByBoth:
      // Every record reaches one receiver, a quarter of them both. (AIS
      // only: two copies of a sensor's detection are two detections.)
      for (std::size_t i = 0; i < n; ++i) {
        std::size_t first = rng() % 2;
        pieces[first].push_back(i);
        if (rng() % 4 == 0 && rec.extension != ".jsonl") pieces[1 - first].push_back(i);
      }
      break;
  }
  return pieces;
}

class SplitInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lookout_split_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes the pieces of every recording, each piece a file; returns the
  // files in a random order.
  std::vector<std::string> write_pieces(const std::vector<Recording>& recs, Split how, std::mt19937& rng) {
    std::vector<std::string> files;
    for (std::size_t r = 0; r < recs.size(); ++r) {
      auto pieces = split(recs[r], how, rng);
      for (std::size_t p = 0; p < pieces.size(); ++p) {
        fs::path path = dir_ / (name(how) + std::to_string(r) + "_" + std::to_string(p) + recs[r].extension);
        files.push_back(path.string());
        std::ofstream out(path, std::ios::binary);
        out << recs[r].header;
        for (std::size_t i : pieces[p]) out << recs[r].records[i];
      }
    }
    std::shuffle(files.begin(), files.end(), rng);
    return files;
  }

  // Every way of splitting, a few seeds each: the alerts of the pieces
  // equal those of the whole recordings.
  void expect_splits_give_the_whole(const std::vector<std::string>& sources,
                                    const std::vector<air::SensorConfig>& sensors = {}, int seeds = 2,
                                    MergeParams merge = {}) {
    std::vector<Recording> recs;
    std::vector<std::string> whole_files;
    for (const auto& s : sources) {
      whole_files.push_back(std::string(LOOKOUT_SOURCE_DIR) + "/" + s);
      recs.push_back(read_recording(whole_files.back()));
      ASSERT_GT(recs.back().records.size(), 10u) << s;
    }
    const Replayed whole = replay(whole_files, sensors, merge);
    ASSERT_FALSE(whole.alerts.empty()) << "no alerts: the comparison would prove nothing";
    EXPECT_EQ(whole.late, 0u);
    for (Split how : {Split::kAlternate, Split::kRandom, Split::kChunks, Split::kHeardByBoth}) {
      for (int seed = 1; seed <= seeds; ++seed) {
        std::mt19937 rng(static_cast<unsigned>(seed * 7919 + static_cast<int>(how)));
        auto files = write_pieces(recs, how, rng);
        const Replayed pieces = replay(files, sensors, merge);
        std::ostringstream order;
        for (const auto& f : files) order << " " << fs::path(f).filename().string();
        EXPECT_EQ(pieces.late, 0u) << name(how) << " seed " << seed;
        EXPECT_TRUE(pieces.alerts == whole.alerts)
            << name(how) << " seed " << seed << ", files in this order:" << order.str() << "\n"
            << "whole: " << std::count(whole.alerts.begin(), whole.alerts.end(), '\n') << " alert lines, pieces: "
            << std::count(pieces.alerts.begin(), pieces.alerts.end(), '\n');
        if (how != Split::kHeardByBoth) {
          EXPECT_EQ(pieces.positions, whole.positions) << name(how);
        }
        for (const auto& f : files) fs::remove(f);
      }
    }
  }

  fs::path dir_;
};

TEST_F(SplitInputs, EagleSScenarioGivesTheAlertsOfTheWholeFile) {
  expect_splits_give_the_whole({"tests/scenarios/eagle_s_estlink2/track.nmea"}, {}, 3);
}

TEST_F(SplitInputs, BusyEagleSRecordingGivesTheAlertsOfTheWholeFile) {
  expect_splits_give_the_whole({"tests/forensics/eagle_s_busy.nmea"});
}

TEST_F(SplitInputs, DroneFromShipAisAndDetectionsGiveTheAlertsOfTheWholeFiles) {
  auto sensors = load_sensors_file(std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/drone_from_ship/sensors.json");
  ASSERT_TRUE(sensors.ok());
  expect_splits_give_the_whole(
      {"tests/scenarios/drone_from_ship/ais.nmea", "tests/scenarios/drone_from_ship/detections.jsonl"},
      sensors.value());
}

TEST_F(SplitInputs, KystverketCsvGivesThePictureOfTheWholeFile) {
  // Real Norwegian rows: few alerts of their own, so the Eagle S scenario
  // rides along (a CSV and an NMEA recording merged, both split). The rows
  // are a sample of a day in no time order, so the window covers the day:
  // the merge then sorts the whole file, and every split the same way.
  MergeParams day;
  day.window = std::chrono::hours(24);
  expect_splits_give_the_whole(
      {"data/ais/kystverket_vestland_2022-09-01_10k_rows.csv", "tests/scenarios/eagle_s_estlink2/track.nmea"}, {}, 2,
      day);
}

TEST_F(SplitInputs, ReplayCommandGivesTheAlertsOfTheWholeFileInEitherOrder) {
  // The command line itself: two alternating receivers, both orders.
  const std::string whole_path = std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/eagle_s_estlink2/track.nmea";
  Recording rec = read_recording(whole_path);
  std::mt19937 rng(1);
  auto files = write_pieces({rec}, Split::kAlternate, rng);
  ASSERT_EQ(files.size(), 2u);
  auto run = [&](const std::vector<std::string>& inputs, const std::string& tag) {
    fs::path out = dir_ / ("alerts_" + tag + ".jsonl");
    std::string cmd = std::string("'") + LOOKOUT_BINARY + "' replay --no-progress --alerts '" + out.string() + "'";
    for (const auto& f : inputs) cmd += " '" + f + "'";
    cmd += " 2>/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(out, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const std::string whole = run({whole_path}, "whole");
  ASSERT_FALSE(whole.empty());
  EXPECT_TRUE(run({files[0], files[1]}, "ab") == whole);
  EXPECT_TRUE(run({files[1], files[0]}, "ba") == whole);
  EXPECT_EQ(whole, replay({whole_path}, {}, {}).alerts) << "the command and the in-process pipeline differ";
}

}  // namespace
}  // namespace lookout
