// Overlapping receivers: a site with two ADS-B receivers (two dump1090
// feeds) hears most aircraft on both, and two Remote ID masts hear one
// drone. Each receiver has its own decoder (as each input of the node and
// each file of `replay` has); their reports, merged in event time, must make
// one cooperative target per transmitter, never one per receiver - the
// merge is per (source, transmitter id), whoever heard it.
//
// Real data: the SBS fixture converted from the shared ADS-B trajectories,
// and drone-1's Remote ID broadcasts of the drone-from-a-ship scenario.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "decode/remote_id/report_reader.h"
#include "decode/sbs/sbs_decoder.h"
#include "track/air/cooperative_picture.h"

namespace lookout::air {
namespace {

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

// Decodes each receiver's lines with its own decoder `Reader` and returns
// every report, in event time order (a stable sort: receiver order breaks
// ties, as the merge's content key would).
template <class Reader>
std::vector<CooperativeReport> hear(const std::vector<std::vector<std::string>>& receivers) {
  std::vector<CooperativeReport> out;
  for (const auto& lines : receivers) {
    Reader reader;
    for (const auto& line : lines) {
      auto r = reader.decode(line);
      EXPECT_TRUE(r.ok()) << line;
      if (r.ok() && r->has_value()) out.push_back(**r);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.time < b.time; });
  return out;
}

struct Outcome {
  CooperativeStats stats;
  std::size_t most_targets_per_id = 0;  // the most targets one transmitter ever had at once
  std::vector<TrackState> last;         // the untied targets at the end
};

Outcome run(const std::vector<CooperativeReport>& reports) {
  CooperativePicture picture;
  Outcome o;
  std::vector<TrackState> states;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    picture.advance(reports[i].time);
    EXPECT_TRUE(picture.observe(reports[i]));
    if (i % 25 == 0 || i + 1 == reports.size()) {
      states.clear();
      picture.untied_states(states);
      std::map<std::string, std::size_t> per_id;
      for (const auto& s : states) {
        o.most_targets_per_id = std::max(o.most_targets_per_id, ++per_id[std::string(s.identity.id.view())]);
      }
    }
  }
  o.stats = picture.stats();
  o.last = std::move(states);
  return o;
}

// Lines i with i % 3 != skip: two such receivers both hear a third of the
// lines and each misses a different third.
std::vector<std::string> heard_by(const std::vector<std::string>& lines, std::size_t skip) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i % 3 != skip) out.push_back(lines[i]);
  }
  return out;
}

TEST(CooperativeReceivers, TwoAdsbReceiversHearingTheSameAircraftMakeOneTargetEach) {
  const auto lines = read_lines(std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/sbs/real_trajectories.sbs");
  ASSERT_EQ(lines.size(), 1761u);
  const auto one = run(hear<sbs::SbsDecoder>({lines}));
  const auto a = heard_by(lines, 2), b = heard_by(lines, 0);
  const auto both_reports = hear<sbs::SbsDecoder>({a, b});
  ASSERT_EQ(both_reports.size(), a.size() + b.size());
  const auto both = run(both_reports);
  // As many targets as one receiver hearing everything makes (an aircraft
  // silent for a minute in the source expires and starts again), never
  // one per receiver; no aircraft is ever two targets.
  EXPECT_GE(one.stats.targets_started, 3u);
  EXPECT_EQ(both.stats.targets_started, one.stats.targets_started);
  EXPECT_EQ(both.most_targets_per_id, 1u);
  EXPECT_EQ(both.stats.reports, a.size() + b.size());
  std::set<std::string> icaos;
  for (const auto& s : both.last) icaos.insert(std::string(s.identity.id.view()));
  EXPECT_EQ(icaos.size(), both.last.size());
}

TEST(CooperativeReceivers, TwoRemoteIdMastsHearingOneDroneMakeOneTarget) {
  auto lines = read_lines(std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/drone_from_ship/remote_id.txt");
  ASSERT_GT(lines.size(), 600u);
  // The second mast logs the same broadcasts under its own name.
  auto b = heard_by(lines, 0);
  for (auto& l : b) l = l.substr(0, l.rfind(' ')) + " rid-mast-2";
  const auto both = run(hear<remote_id::RemoteIdReportReader>({heard_by(lines, 2), b}));
  EXPECT_EQ(both.stats.targets_started, 1u);
  EXPECT_EQ(both.stats.targets_expired, 0u);
  EXPECT_EQ(both.most_targets_per_id, 1u);
  ASSERT_EQ(both.last.size(), 1u);
  const AirIdentity& id = both.last[0].identity;
  EXPECT_EQ(id.serial.view(), "1596F3E2E0001");
  EXPECT_EQ(id.operator_id.view(), "DNK87astrdge12k8");
  ASSERT_TRUE(id.operator_position.has_value());
  // The operator is where drone-1 took off (the scenario's first truth point).
  EXPECT_NEAR(id.operator_position->lat, 55.523146, 1e-6);
  EXPECT_NEAR(id.operator_position->lon, 12.778059, 1e-6);
}

}  // namespace
}  // namespace lookout::air
