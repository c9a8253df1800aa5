#include "detect/loitering.h"

#include <gtest/gtest.h>

#include <string>

#include "detect/episode_test_util.h"
#include "geo/asset_test_util.h"

namespace lookout::detect {
namespace {

using lookout::testing::box_ring;
using lookout::testing::make_line;
using lookout::testing::make_point;
using lookout::testing::make_polygon;
using testing::DetectorRig;
using testing::ScriptedShip;

// A pipeline running north-south along 24.07 E with a 2 km corridor.
Asset pipeline() { return make_line("pipe-a", AssetKind::kPipeline, 2000, {{{59.5, 24.07}, {60.1, 24.07}}}); }

DetectorRig rig_with(std::vector<Asset> assets, LoiteringParams params = {}) {
  return DetectorRig(std::move(assets), std::make_unique<Loitering>(std::move(params)));
}

const Loitering& detector_of(const DetectorRig& rig) { return static_cast<const Loitering&>(*rig.detector); }

// Sails in at 10 kn, then drifts north and south over the pipeline at `kn`.
void drift(ScriptedShip& ship, double kn, double minutes, uint8_t status = 0) {
  for (double done = 0; done < minutes; done += 10) {
    ship.sail(kn, static_cast<int>(done / 10) % 2 == 0 ? 0 : 180, std::min(10.0, minutes - done), 0, status);
  }
}

TEST(Loitering, RaisesAfterHalfAnHourSlowOverAPipeline) {
  auto rig = rig_with({pipeline()});
  ScriptedShip ship{rig, 230000001, {59.8, 23.9}};
  ship.identify(70, "SLOW MOVER");
  ship.sail_to_lon(10, 90, 24.06);
  drift(ship, 1.5, 40);

  auto raised = rig.raised();
  ASSERT_FALSE(raised.empty());
  const Finding& f = *raised.front();
  EXPECT_EQ(f.kind, "loitering");
  EXPECT_EQ(f.mmsi, std::vector<uint32_t>{230000001});
  ASSERT_TRUE(f.asset.has_value());
  EXPECT_EQ(rig.assets.asset(*f.asset).id, "pipe-a");
  EXPECT_EQ(f.evidence["asset"], "pipe-a");
  EXPECT_EQ(f.evidence["duration_min"].get<int>(), 30);
  EXPECT_DOUBLE_EQ(f.evidence["mean_speed_kn"].get<double>(), 1.5);
  EXPECT_TRUE(f.evidence["segment"].is_array());
  EXPECT_GE(f.evidence["segment"].size(), 30u);
  EXPECT_EQ(f.score, 40);
  EXPECT_EQ(f.summary, "Cargo ship SLOW MOVER has loitered at 1.5 kn for 30 min over pipe-a");
  EXPECT_EQ(rig.episodes().size(), 1u);
}

TEST(Loitering, StaysQuietForTwentyFiveMinutes) {
  auto rig = rig_with({pipeline()});
  ScriptedShip ship{rig, 230000002, {59.8, 23.9}};
  ship.sail_to_lon(10, 90, 24.06);
  drift(ship, 1.5, 25);
  ship.sail_to_lon(10, 90, 24.4);
  EXPECT_TRUE(rig.findings.empty());
  EXPECT_EQ(detector_of(rig).tracked(), 0u);
}

TEST(Loitering, UpdatesOneEpisodeAsItLengthens) {
  auto rig = rig_with({pipeline()});
  ScriptedShip ship{rig, 230000003, {59.8, 23.9}};
  ship.sail_to_lon(10, 90, 24.06);
  drift(ship, 1.0, 180);
  auto raised = rig.raised();
  ASSERT_GE(raised.size(), 3u);
  EXPECT_EQ(rig.episodes().size(), 1u);
  for (std::size_t i = 1; i < raised.size(); ++i) {
    EXPECT_GT(raised[i]->evidence["duration_min"].get<int>(), raised[i - 1]->evidence["duration_min"].get<int>());
    EXPECT_GE(raised[i]->score, raised[i - 1]->score);
  }
  EXPECT_GE(raised.back()->evidence["duration_min"].get<int>(), 170);
  EXPECT_GE(raised.back()->score, 65);
}

TEST(Loitering, GivesOneEpisodeWhenTheSpeedHoversAroundTwoKnots) {
  auto rig = rig_with({pipeline()});
  ScriptedShip ship{rig, 230000004, {59.8, 23.9}};
  ship.sail_to_lon(10, 90, 24.06);
  for (int i = 0; i < 60; ++i) ship.sail(i % 2 == 0 ? 1.8 : 2.6, i % 20 < 10 ? 0 : 180, 1);
  ASSERT_FALSE(rig.raised().empty());
  EXPECT_EQ(rig.episodes().size(), 1u);
}

TEST(Loitering, StaysQuietWhenTheMeanSpeedIsNotSlow) {
  auto rig = rig_with({pipeline()});
  ScriptedShip ship{rig, 230000005, {59.8, 23.9}};
  ship.sail_to_lon(10, 90, 24.06);
  ship.sail(1.9, 0, 1);
  drift(ship, 2.9, 60);
  EXPECT_TRUE(rig.findings.empty());
}

TEST(Loitering, StaysQuietAtAnchorInAnAnchorageOrNearAPort) {
  Asset anchorage = make_polygon("anchorage-x", AssetKind::kAnchorage, 0,
                                 {AssetPolygon{{box_ring(59.70, 24.00, 59.76, 24.12)}}});
  auto rig = rig_with({pipeline(), anchorage, make_point("port-p", AssetKind::kPort, 1000, {60.0, 24.12})});
  ScriptedShip anchored{rig, 230000006, {59.73, 23.9}};
  anchored.sail_to_lon(10, 90, 24.06);
  anchored.hold(120);
  ScriptedShip waiting{rig, 230000007, {59.99, 23.9}, anchored.t_ms};
  waiting.sail_to_lon(10, 90, 24.06);
  drift(waiting, 1.0, 120);
  EXPECT_TRUE(rig.findings.empty());
}

TEST(Loitering, OpensANewEpisodeWhenTheVesselComesBack) {
  auto rig = rig_with({pipeline()});
  ScriptedShip ship{rig, 230000008, {59.8, 23.9}};
  ship.sail_to_lon(10, 90, 24.06);
  drift(ship, 1.5, 40);
  ship.sail_to_lon(10, 90, 24.4);
  ship.sail_to_lon(10, 270, 24.06);
  drift(ship, 1.5, 40);
  EXPECT_EQ(rig.episodes().size(), 2u);
}

TEST(Loitering, LeavesOutClassBAndTugsAndWaitsLongerForFishingVessels) {
  auto rig = rig_with({pipeline()});
  ScriptedShip yacht{rig, 230000009, {59.8, 23.9}};
  yacht.class_b = true;
  yacht.sail_to_lon(6, 90, 24.06);
  drift(yacht, 1.0, 90);
  ScriptedShip tug{rig, 230000010, {59.85, 23.9}, yacht.t_ms};
  tug.identify(52, "HERCULES");
  tug.sail_to_lon(10, 90, 24.06);
  drift(tug, 1.0, 90);
  ScriptedShip fisher{rig, 230000011, {59.9, 23.9}, tug.t_ms};
  fisher.identify(30, "TRAWLER");
  fisher.sail_to_lon(10, 90, 24.06);
  drift(fisher, 1.0, 90);
  EXPECT_TRUE(rig.findings.empty());
  drift(fisher, 1.0, 40);
  ASSERT_FALSE(rig.raised().empty());
  EXPECT_EQ(rig.raised().front()->mmsi, std::vector<uint32_t>{230000011});
  EXPECT_GE(rig.raised().front()->evidence["duration_min"].get<int>(), 120);
}

TEST(Loitering, AnchoringOverAPipelineScoresHigher) {
  auto rig = rig_with({pipeline()});
  ScriptedShip ship{rig, 230000012, {59.8, 23.9}};
  ship.sail_to_lon(10, 90, 24.06);
  ship.hold(40, 0.3, 1);
  ASSERT_FALSE(rig.raised().empty());
  EXPECT_EQ(rig.raised().front()->score, 50);
  EXPECT_NE(rig.raised().front()->summary.find("reporting at anchor"), std::string::npos);
}

TEST(Loitering, LeavesAVesselLyingAlongsideAlone) {
  // Still to a few metres, never "at anchor": a quay the asset file does not list.
  auto rig = rig_with({pipeline()});
  ScriptedShip ship{rig, 230000015, {59.8, 23.9}};
  ship.sail_to_lon(10, 90, 24.06);
  ship.sail(1.5, 0, 3);
  ship.hold(180, 0.0, 0, 60);
  ScriptedShip moored{rig, 230000016, {59.7, 23.9}, ship.t_ms};
  moored.sail_to_lon(10, 90, 24.06);
  for (int i = 0; i < 12; ++i) moored.sail(1.0, i % 2 == 0 ? 0 : 180, 5, 0, 5);  // "moored" however it moves
  EXPECT_TRUE(rig.findings.empty());
}

TEST(Loitering, StartsAfreshWhenAVesselLyingStillGetsUnderWay) {
  auto rig = rig_with({pipeline()});
  ScriptedShip ship{rig, 230000017, {59.8, 23.9}};
  ship.sail_to_lon(10, 90, 24.06);
  ship.hold(120, 0.0, 0, 60);
  drift(ship, 1.5, 25);
  EXPECT_TRUE(rig.findings.empty());
  drift(ship, 1.5, 10);
  ASSERT_FALSE(rig.raised().empty());
  EXPECT_EQ(rig.raised().front()->evidence["duration_min"].get<int>(), 30);
}

TEST(Loitering, RestartsAfterASilenceTooLongToVouchFor) {
  auto rig = rig_with({pipeline()});
  ScriptedShip ship{rig, 230000013, {59.8, 23.9}};
  ship.sail_to_lon(10, 90, 24.06);
  drift(ship, 1.0, 20);
  ship.t_ms += 40 * 60 * 1000;  // AIS silent for 40 minutes
  drift(ship, 1.0, 20);
  EXPECT_TRUE(rig.findings.empty());
}

TEST(Loitering, ForgetsAVesselThatFallsSilent) {
  auto rig = rig_with({pipeline()});
  ScriptedShip ship{rig, 230000014, {59.8, 23.9}};
  ship.sail_to_lon(10, 90, 24.06);
  drift(ship, 1.0, 20);
  EXPECT_EQ(detector_of(rig).tracked(), 1u);
  rig.tick(ship.t_ms + 2 * 3600 * 1000LL);
  EXPECT_EQ(detector_of(rig).tracked(), 0u);
}

}  // namespace
}  // namespace lookout::detect
