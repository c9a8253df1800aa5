// The SBS-1 fixture tests/golden/sbs/real_trajectories.sbs (converted from
// real trajectories by tools/synth/adsb_to_sbs.py, see its README) decodes
// back to the values of its source: every point of AC671B is checked against
// the readsb trace in the shared data set, to the precision SBS holds.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "decode/sbs/sbs_decoder.h"
#include "tests/shared_data.h"

namespace lookout::sbs {
namespace {

std::vector<CooperativeReport> decode_fixture(SbsDecoder& dec) {
  std::ifstream in(std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/sbs/real_trajectories.sbs");
  EXPECT_TRUE(in.good());
  std::vector<CooperativeReport> out;
  std::string line;
  while (std::getline(in, line)) {
    auto r = dec.decode(line);
    EXPECT_TRUE(r.ok()) << r.error().message() << ": " << line;
    if (r.ok() && r->has_value()) out.push_back(**r);
  }
  return out;
}

TEST(SbsGolden, EveryLineDecodesAndEachAircraftIsNamed) {
  SbsDecoder dec;
  auto reports = decode_fixture(dec);
  EXPECT_EQ(dec.stats().lines(), 1761u);
  EXPECT_EQ(dec.stats().messages(), 1761u);
  EXPECT_EQ(dec.stats().total_errors(), 0u);
  std::map<std::string, std::set<std::string>> callsigns;
  std::map<std::string, int> positions;
  for (const auto& r : reports) {
    if (!r.callsign.empty()) callsigns[std::string(r.id.view())].insert(std::string(r.callsign.view()));
    if (r.position) ++positions[std::string(r.id.view())];
  }
  EXPECT_EQ(callsigns["AC671B"], std::set<std::string>{"DAL1812"});
  EXPECT_EQ(callsigns["4AB179"], std::set<std::string>{"CFL12"});
  EXPECT_EQ(callsigns["49D1D3"], std::set<std::string>{"OKVOK"});
  EXPECT_EQ(positions["AC671B"], 250);
  EXPECT_EQ(positions["4AB179"], 250);
  EXPECT_EQ(positions["49D1D3"], 250);
}

TEST(SbsGolden, Ac671bMatchesTheReadsbTrace) {
  const auto path = testing::shared_data("adsb/traffic/readsb_trace_full_ac671b.json");
  LOOKOUT_REQUIRE_SHARED_DATA(path);
  std::ifstream in(path);
  auto doc = nlohmann::json::parse(in);
  const double t0 = doc["timestamp"].get<double>();
  const auto& trace = doc["trace"];

  SbsDecoder dec;
  auto reports = decode_fixture(dec);
  std::vector<const CooperativeReport*> pos, vel;
  for (const auto& r : reports) {
    if (r.id.view() != "AC671B") continue;
    if (r.position) pos.push_back(&r);
    if (r.ground_speed_mps) vel.push_back(&r);
  }
  ASSERT_EQ(pos.size(), 250u);
  std::size_t v = 0;
  for (std::size_t i = 0; i < pos.size(); ++i) {
    const auto& p = trace[i];
    const CooperativeReport& r = *pos[i];
    const double t = t0 + p[0].get<double>();
    EXPECT_NEAR(static_cast<double>(to_unix_ms(r.time)) / 1000.0, t + 0.001, 0.0015) << i;
    EXPECT_NEAR(r.position->lat, p[1].get<double>(), 0.5e-5 + 1e-9) << i;
    EXPECT_NEAR(r.position->lon, p[2].get<double>(), 0.5e-5 + 1e-9) << i;
    if (p[3].is_number()) {
      ASSERT_TRUE(r.baro_alt_m) << i;
      EXPECT_NEAR(*r.baro_alt_m, p[3].get<double>() * kFeetToMetres, 0.5 * kFeetToMetres) << i;
    }
    if (p[4].is_number() && p[5].is_number()) {
      ASSERT_LT(v, vel.size());
      const CooperativeReport& w = *vel[v++];
      EXPECT_NEAR(*w.ground_speed_mps, p[4].get<double>() * kKnotsToMps, 0.5 * kKnotsToMps + 1e-9) << i;
      double dc = std::fabs(*w.course_deg - p[5].get<double>());
      EXPECT_LE(std::min(dc, 360 - dc), 0.5 + 1e-9) << i;
    }
  }
  EXPECT_EQ(v, vel.size());
}

}  // namespace
}  // namespace lookout::sbs
