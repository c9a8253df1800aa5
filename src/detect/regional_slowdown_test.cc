#include "detect/regional_slowdown.h"

#include <gtest/gtest.h>

#include <vector>

#include "detect/episode_test_util.h"

namespace lookout::detect {
namespace {

using testing::DetectorRig;
using testing::ScriptedShip;

// `n` merchant ships sail east in step across about 40 x 20 km; after 30
// min at their cruise (11 to 14 kn) `slowed` of them fall to 55 % of it
// for `gale_min`, then all recover for 40 min.
DetectorRig fleet(int n, int slowed, int gale_min, std::vector<uint8_t> types = {}) {
  DetectorRig rig({}, std::make_unique<RegionalSlowdown>());
  rig.baseline = std::make_unique<RegionalBaseline>();
  std::vector<ScriptedShip> ships;
  for (int i = 0; i < n; ++i) {
    ships.push_back({rig, 230000500u + static_cast<uint32_t>(i), {59.80 + 0.015 * i, 24.55 + 0.02 * (i % 5)}});
  }
  for (int i = 0; i < n; ++i) {
    ships[i].interval_s = 30;
    ships[i].identify(types.empty() ? 70 : types[i % types.size()], "SHIP");
  }
  auto run = [&](int minutes, auto speed) {
    for (int step = 0; step < minutes * 2; ++step) {
      for (int i = 0; i < n; ++i) ships[i].sail(speed(i), 90, 0.5);
    }
  };
  run(30, [](int i) { return 11.0 + i % 4; });
  run(gale_min, [&](int i) { return (11.0 + i % 4) * (i < slowed ? 0.55 : 1.0); });
  run(40, [](int i) { return 11.0 + i % 4; });
  return rig;
}

TEST(RegionalSlowdown, AGaleOverTwentyShipsIsOneLowNoticeThatOpensAndCloses) {
  const auto rig = fleet(22, 20, 60);
  ASSERT_FALSE(rig.findings.empty());
  EXPECT_EQ(rig.episodes().size(), 1u);
  const Finding& first = rig.findings.front();
  EXPECT_EQ(first.kind, "regional_slowdown");
  EXPECT_TRUE(first.mmsi.empty());
  EXPECT_FALSE(first.asset.has_value());
  EXPECT_GE(first.score, 20);
  EXPECT_LT(first.score, 40);
  EXPECT_NE(first.summary.find("Merchant traffic slowed together"), std::string::npos) << first.summary;
  EXPECT_GE(first.evidence["slowed"].get<int>(), 8);
  EXPECT_NEAR(first.evidence["slowed_drop_pct"][1].get<double>(), 45, 6);
  // The last state closes it (info) once the traffic recovered.
  const Finding& last = rig.findings.back();
  EXPECT_LT(last.score, 20);
  EXPECT_TRUE(last.evidence.contains("ended"));
  EXPECT_NE(last.summary.find("back to its own speeds"), std::string::npos) << last.summary;
  EXPECT_EQ(static_cast<const RegionalSlowdown&>(*rig.detector).open_notices(), 0u);
}

TEST(RegionalSlowdown, AFewSlowShipsAmongManyAreNoNotice) {
  const auto rig = fleet(22, 4, 60);
  EXPECT_TRUE(rig.findings.empty()) << rig.findings.front().summary;
}

TEST(RegionalSlowdown, FewShipsAreNoRegion) {
  const auto rig = fleet(5, 5, 60);
  EXPECT_TRUE(rig.findings.empty()) << rig.findings.front().summary;
}

TEST(RegionalSlowdown, FishingAndTugsAtTheirWorkAreNotCounted) {
  const auto rig = fleet(22, 22, 60, {30, 52});
  EXPECT_TRUE(rig.findings.empty()) << rig.findings.front().summary;
}

TEST(RegionalSlowdown, WithoutABaselineItIsSilent) {
  DetectorRig rig({}, std::make_unique<RegionalSlowdown>());
  ScriptedShip ship{rig, 230000001, {59.9, 24.6}};
  ship.sail(12, 90, 30);
  ship.sail(6, 90, 30);
  EXPECT_TRUE(rig.findings.empty());
}

}  // namespace
}  // namespace lookout::detect
