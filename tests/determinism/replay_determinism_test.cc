// Replay determinism: `lookout replay` over the same input must write the
// same alerts, byte for byte, every time (ARCHITECTURE.md: deterministic
// output; event time comes from the data, never from the wall clock). Each
// case runs the real CLI (LOOKOUT_BINARY) twice and compares the two alert
// files, which must also be non-empty so that the comparison means something.
// Covers real bundled data (a Danish NMEA log, the Digitraffic snapshot with
// the EU watch list) and a scenario with several alert episodes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

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

}  // namespace
