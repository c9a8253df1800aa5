// Replay determinism: `lookout replay` over the same input must write the
// same alerts, byte for byte, every time (ARCHITECTURE.md: deterministic
// output; event time comes from the data, never from the wall clock). Each
// case runs the real CLI (LOOKOUT_BINARY) twice and compares the two alert
// files, which must also be non-empty so that the comparison means something.
// Covers real bundled data (a Danish NMEA log, the Digitraffic snapshot with
// the EU watch list) and a scenario with several alert episodes.
//
// Within the reorder window the order of the input does not matter either
// (issue #16): records shuffled among their neighbours of the same 30 s of
// event time (half the 60 s window) give the alerts of the recording as it
// was, byte for byte, in process through the pipeline `lookout replay` runs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "tests/determinism/recording_support.h"

namespace {

namespace fs = std::filesystem;

struct ReplayCase {
  const char* name;
  std::vector<const char*> options;  // paths relative to the source tree
  std::vector<const char*> inputs;
};

const ReplayCase kCases[] = {
    {"dma_nmea_log", {}, {"data/ais/dma_aislib_stream_example.nmea"}},
    {"digitraffic_with_eu_watchlist",
     {"--watchlist", "data/watchlists/eu_designated_vessels.csv"},
     {"data/ais/digitraffic_snapshot_2025-12-11T204450Z.json"}},
    {"eagle_s_scenario_and_real_log",
     {},
     {"tests/scenarios/eagle_s_estlink2/track.nmea", "data/ais/dma_aislib_stream_example.nmea"}},
};

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// Runs `lookout replay` once and returns the alerts it wrote.
std::string replay_alerts(const ReplayCase& c, int run) {
  const fs::path source = LOOKOUT_SOURCE_DIR;
  const fs::path out = fs::temp_directory_path() / ("lookout_determinism_" + std::string(c.name) +
                                                    "_" + std::to_string(::getpid()) + "_" +
                                                    std::to_string(run) + ".jsonl");
  std::string cmd = quoted(LOOKOUT_BINARY) + " replay --no-progress --alerts " + quoted(out);
  for (std::size_t idx = 0; idx < c.options.size(); ++idx) {
    const std::string option = c.options[idx];
    // Options are flag, path pairs.
    cmd += " " + (idx % 2 == 0 ? option : quoted(source / option));
  }
  for (const char* input : c.inputs) cmd += " " + quoted(source / input);
  cmd += " 2>/dev/null >/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(out, std::ios::binary);
  std::string alerts((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(out);
  return alerts;
}

class ReplayDeterminism : public ::testing::TestWithParam<ReplayCase> {};

TEST_P(ReplayDeterminism, WritesTheSameAlertsOnEveryRun) {
  const std::string first = replay_alerts(GetParam(), 1);
  const std::string second = replay_alerts(GetParam(), 2);
  ASSERT_FALSE(first.empty()) << "no alerts: the case would prove nothing";
  EXPECT_EQ(first.size(), second.size());
  EXPECT_TRUE(first == second) << "the two runs wrote different alerts";
}

INSTANTIATE_TEST_SUITE_P(Replays, ReplayDeterminism, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<ReplayCase>& case_info) {
                           return std::string(case_info.param.name);
                         });

// Shuffles the records of `rec` among those of the same `bucket_s` seconds
// of event time (records without a time keep their place).
std::string shuffled_within(const lookout::testing_support::Recording& rec, int64_t bucket_s, std::mt19937& rng) {
  std::string out = rec.header;
  std::size_t i = 0;
  while (i < rec.records.size()) {
    std::size_t j = i + 1;
    if (rec.times[i]) {
      const int64_t bucket = *rec.times[i] / bucket_s;
      while (j < rec.records.size() && rec.times[j] && *rec.times[j] / bucket_s == bucket) ++j;
    }
    std::vector<std::size_t> order(j - i);
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = i + k;
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t k : order) out += rec.records[k];
    i = j;
  }
  return out;
}

TEST(ReplayDeterminism, ShufflingTheInputWithinTheReorderWindowChangesNoAlert) {
  const fs::path source = LOOKOUT_SOURCE_DIR;
  for (const char* name : {"tests/scenarios/eagle_s_estlink2/track.nmea", "tests/forensics/eagle_s_busy.nmea"}) {
    const std::string path = (source / name).string();
    const auto rec = lookout::testing_support::read_recording(path);
    const auto whole = lookout::testing_support::replay_in_process({path});
    ASSERT_FALSE(whole.alerts.empty()) << name;
    for (unsigned seed = 1; seed <= 3; ++seed) {
      std::mt19937 rng(seed);
      const fs::path shuffled = fs::temp_directory_path() / ("lookout_shuffled_" + std::to_string(::getpid()) + ".nmea");
      std::ofstream(shuffled, std::ios::binary) << shuffled_within(rec, 30, rng);
      const auto replayed = lookout::testing_support::replay_in_process({shuffled.string()});
      fs::remove(shuffled);
      EXPECT_EQ(replayed.late, 0u) << name << " seed " << seed;
      EXPECT_EQ(replayed.positions, whole.positions) << name << " seed " << seed;
      EXPECT_TRUE(replayed.alerts == whole.alerts) << name << " seed " << seed << ": the shuffled input changed the alerts";
    }
  }
}

}  // namespace
