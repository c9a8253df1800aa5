#include "detect/anchor_drag.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "detect/episode_test_util.h"
#include "detect/regional_baseline.h"
#include "geo/asset_test_util.h"

namespace lookout::detect {
namespace {

using lookout::testing::box_ring;
using lookout::testing::make_line;
using lookout::testing::make_point;
using lookout::testing::make_polygon;
using testing::DetectorRig;
using testing::ScriptedShip;

// A cable running north-south along 25.0 E with the default 2 km corridor.
Asset cable(const std::string& id, double lon) {
  return make_line(id, AssetKind::kCable, 2000, {{{59.5, lon}, {60.5, lon}}});
}

DetectorRig rig_with(std::vector<Asset> assets, AnchorDragParams params = {}) {
  return DetectorRig(std::move(assets), std::make_unique<AnchorDrag>(std::move(params)));
}

const AnchorDrag& detector_of(const DetectorRig& rig) { return static_cast<const AnchorDrag&>(*rig.detector); }

TEST(AnchorDrag, RaisesWhenAShipFarBelowItsCruiseCrossesACable) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip ship{rig, 230000001, {60.0, 24.80}};
  ship.identify(80, "NORTHERN STAR");
  ship.sail_to_lon(10, 90, 24.90);
  ship.sail_to_lon(6, 90, 25.05);

  auto raised = rig.raised();
  ASSERT_FALSE(raised.empty());
  const Finding& first = *raised.front();
  EXPECT_EQ(first.kind, "anchor_drag");
  EXPECT_EQ(first.mmsi, std::vector<uint32_t>{230000001});
  ASSERT_TRUE(first.asset.has_value());
  EXPECT_EQ(rig.assets.asset(*first.asset).id, "cable-a");
  EXPECT_EQ(rig.episodes().size(), 1u);
  EXPECT_GE(first.score, 45);
  EXPECT_NE(first.summary.find("Tanker NORTHERN STAR slowed from 10.0 to 6.0 kn"), std::string::npos)
      << first.summary;
  EXPECT_NE(first.summary.find("cable-a"), std::string::npos);

  const Finding& last = *raised.back();
  EXPECT_DOUBLE_EQ(last.evidence["cruise_kn"].get<double>(), 10.0);
  EXPECT_DOUBLE_EQ(last.evidence["speed_kn"].get<double>(), 6.0);
  EXPECT_EQ(last.evidence["drop_pct"].get<int>(), 40);
  EXPECT_GE(last.evidence["duration_min"].get<int>(), 10);
  EXPECT_EQ(last.evidence["assets_crossed"], nlohmann::json::array({"cable-a"}));
  ASSERT_TRUE(last.evidence["segment"].is_array());
  EXPECT_GE(last.evidence["segment"].size(), 10u);
  EXPECT_TRUE(last.evidence["segment"][0][2].is_string());
  EXPECT_TRUE(rig.retracted().empty());
}

TEST(AnchorDrag, StaysQuietForATransitAtCruiseSpeed) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip ship{rig, 230000002, {60.0, 24.80}};
  ship.sail_to_lon(10, 90, 25.2);
  EXPECT_TRUE(rig.findings.empty());
  EXPECT_EQ(detector_of(rig).open_episodes(), 0u);
}

TEST(AnchorDrag, StaysQuietForASlowdownFarFromAnyCable) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip ship{rig, 230000003, {60.0, 23.80}};
  ship.sail(10, 90, 30);
  ship.sail(5, 90, 60);
  EXPECT_TRUE(rig.findings.empty());
  EXPECT_EQ(detector_of(rig).open_episodes(), 1u);  // tracked, but touched nothing
}

TEST(AnchorDrag, NeedsTheSlowdownToLastMinutesNotOneReport) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip ship{rig, 230000004, {60.0, 24.90}};
  ship.sail_to_lon(10, 90, 24.99);
  ship.sail(6, 90, 5);  // five minutes slow on the cable
  ship.sail_to_lon(10, 90, 25.2);
  EXPECT_TRUE(rig.findings.empty());
}

TEST(AnchorDrag, IgnoresASlowdownThatStaysAboveTheDragBand) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip ship{rig, 230000005, {60.0, 24.70}};
  ship.sail_to_lon(18, 90, 24.90);
  ship.sail_to_lon(11, 90, 25.1);  // 39% slower, but 11 kn is a passage speed
  EXPECT_TRUE(rig.findings.empty());
}

TEST(AnchorDrag, GivesOneEpisodeWhenTheSpeedHoversAroundTheThreshold) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip ship{rig, 230000006, {60.0, 24.80}};
  ship.sail_to_lon(10, 90, 24.93);
  // 7.9 kn opens (<= 8.0, 20% below cruise); 8.3 kn neither opens nor ends.
  for (int i = 0; i < 40; ++i) ship.sail(i % 2 == 0 ? 7.9 : 8.3, 90, 1.5);
  // Back to cruise briefly, then slow again within end_after: still one episode.
  ship.sail(10, 90, 5);
  ship.sail(6, 90, 10);
  ASSERT_FALSE(rig.raised().empty());
  EXPECT_EQ(rig.episodes().size(), 1u);
  EXPECT_TRUE(rig.retracted().empty());
}

TEST(AnchorDrag, OpensANewEpisodeAfterTheDragEnds) {
  auto rig = rig_with({cable("cable-a", 25.0), cable("cable-b", 25.6)});
  ScriptedShip ship{rig, 230000007, {60.0, 24.80}};
  ship.sail_to_lon(10, 90, 24.92);
  ship.sail_to_lon(6, 90, 25.05);
  ship.sail_to_lon(10, 90, 25.45);  // well past end_after at cruise
  ship.sail_to_lon(6, 90, 25.65);
  EXPECT_EQ(rig.episodes().size(), 2u);
}

TEST(AnchorDrag, ZigZagAndSeveralCablesRaiseTheScore) {
  auto plain = rig_with({cable("cable-a", 25.0), cable("cable-b", 25.08)});
  ScriptedShip a{plain, 230000008, {60.0, 24.80}};
  a.sail_to_lon(10, 90, 24.92);
  a.sail(6, 90, 30);  // crosses cable-a only
  auto zigzag = rig_with({cable("cable-a", 25.0), cable("cable-b", 25.08)});
  ScriptedShip b{zigzag, 230000009, {60.0, 24.80}};
  b.sail_to_lon(10, 90, 24.92);
  b.sail(6, 90, 25, 15);
  b.sail(6, 90, 30, 15);  // on across cable-b

  ASSERT_FALSE(plain.raised().empty());
  ASSERT_FALSE(zigzag.raised().empty());
  const Finding& p = *plain.raised().back();
  const Finding& z = *zigzag.raised().back();
  EXPECT_LT(p.evidence["yaw_deg_rms"].get<double>(), 3.0);
  EXPECT_GT(z.evidence["yaw_deg_rms"].get<double>(), 7.0);
  EXPECT_EQ(z.evidence["assets_crossed"], nlohmann::json::array({"cable-a", "cable-b"}));
  EXPECT_GE(z.score, p.score + 20);
  EXPECT_NE(z.summary.find("zig-zagged"), std::string::npos) << z.summary;
  EXPECT_EQ(zigzag.episodes().size(), 2u);  // one per cable
}

TEST(AnchorDrag, ReportingAtAnchorWhileMakingWayRaisesTheScore) {
  auto under_way = rig_with({cable("cable-a", 25.0)});
  ScriptedShip a{under_way, 230000010, {60.0, 24.80}};
  a.sail_to_lon(10, 90, 24.92);
  a.sail_to_lon(5, 90, 25.02, 0);
  auto at_anchor = rig_with({cable("cable-a", 25.0)});
  ScriptedShip b{at_anchor, 230000011, {60.0, 24.80}};
  b.sail_to_lon(10, 90, 24.92);
  b.sail_to_lon(5, 90, 25.02, 1);
  ASSERT_FALSE(under_way.raised().empty());
  ASSERT_FALSE(at_anchor.raised().empty());
  EXPECT_EQ(at_anchor.raised().back()->score, under_way.raised().back()->score + 10);
  EXPECT_TRUE(at_anchor.raised().back()->evidence["reported_at_anchor"].get<bool>());
}

TEST(AnchorDrag, LeavesHoveringBackAndForthToTheLoiteringDetector) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip ship{rig, 230000021, {60.0, 24.90}};
  ship.sail_to_lon(10, 90, 24.995);
  for (int i = 0; i < 8; ++i) ship.sail(1.5, i % 2 == 0 ? 0 : 180, 8);
  EXPECT_TRUE(rig.findings.empty());
  EXPECT_EQ(detector_of(rig).open_episodes(), 1u);
}

TEST(AnchorDrag, LeavesOutClassBAndWorkingCraft) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip yacht{rig, 230000012, {60.0, 24.80}};
  yacht.class_b = true;
  yacht.sail_to_lon(8, 90, 24.92);
  yacht.sail_to_lon(4, 90, 25.05);
  ScriptedShip fisher{rig, 230000013, {60.05, 24.80}, yacht.t_ms};
  fisher.identify(30, "TRAWLER");
  fisher.sail_to_lon(10, 90, 24.92);
  fisher.sail_to_lon(3.5, 90, 25.05);
  ScriptedShip tug{rig, 230000014, {60.1, 24.80}, fisher.t_ms};
  tug.identify(52, "HERCULES");
  tug.sail_to_lon(10, 90, 24.92);
  tug.sail_to_lon(4, 90, 25.05);
  EXPECT_TRUE(rig.findings.empty());
}

TEST(AnchorDrag, StaysQuietForAShipSlowingToEnterAPort) {
  auto rig = rig_with({cable("cable-a", 25.0), make_point("port-p", AssetKind::kPort, 1000, {60.0, 25.08})});
  ScriptedShip ship{rig, 230000015, {60.0, 24.60}};
  ship.sail_to_lon(14, 90, 24.82);
  ship.sail_to_lon(6, 90, 25.07);
  ship.hold(60, 0, 5);
  EXPECT_TRUE(rig.findings.empty());
}

TEST(AnchorDrag, DoesNotOpenForAShipGatheringWayAfterHoursAtAnchor) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip ship{rig, 230000016, {60.0, 24.80}};
  ship.sail_to_lon(10, 90, 24.90);
  ship.hold(180);
  ship.sail_to_lon(5, 90, 25.05);
  EXPECT_TRUE(rig.findings.empty());
}

TEST(AnchorDrag, RetractsWhenTheSlowdownEndsAtAnchorInAnAnchorage) {
  Asset anchorage = make_polygon("anchorage-x", AssetKind::kAnchorage, 0,
                                 {AssetPolygon{{box_ring(59.97, 25.10, 60.03, 25.16)}}});
  auto rig = rig_with({cable("cable-a", 25.0), anchorage});
  ScriptedShip ship{rig, 230000017, {60.0, 24.80}};
  ship.sail_to_lon(10, 90, 24.90);
  ship.sail_to_lon(6, 90, 25.12);
  ship.hold(30);
  ASSERT_FALSE(rig.raised().empty());
  ASSERT_EQ(rig.retracted().size(), 1u);
  const Finding& r = *rig.retracted().front();
  EXPECT_EQ(r.episode, rig.raised().front()->episode);
  EXPECT_NE(r.summary.find("stopped at anchorage-x"), std::string::npos) << r.summary;
}

TEST(AnchorDrag, KeepsALongDragThatEndsInAnAnchorage) {
  Asset anchorage = make_polygon("anchorage-x", AssetKind::kAnchorage, 0,
                                 {AssetPolygon{{box_ring(59.97, 25.10, 60.03, 25.16)}}});
  auto rig = rig_with({cable("cable-a", 25.0), anchorage});
  ScriptedShip ship{rig, 230000018, {60.0, 24.60}};
  ship.sail_to_lon(10, 90, 24.70);
  for (int i = 0; i < 300 && ship.pos.lon < 25.12; ++i) ship.sail(6, 90, 1, 15);  // about two hours slow
  ship.hold(30);
  ASSERT_FALSE(rig.raised().empty());
  EXPECT_TRUE(rig.retracted().empty());
}

TEST(AnchorDrag, RetractsWhenTheShipStopsForGoodOffTheCorridors) {
  // A quay the asset file does not know: the ship stops 4 km past the cable.
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip ship{rig, 230000022, {60.0, 24.80}};
  ship.sail_to_lon(10, 90, 24.90);
  ship.sail_to_lon(6, 90, 25.07);
  ship.hold(9, 0.0, 0, 30);
  ASSERT_FALSE(rig.raised().empty());
  EXPECT_TRUE(rig.retracted().empty());  // not yet: a stop must last stop_confirm
  ship.hold(5, 0.0, 0, 30);
  ASSERT_EQ(rig.retracted().size(), 1u);
  EXPECT_NE(rig.retracted().front()->summary.find("stopped for good"), std::string::npos)
      << rig.retracted().front()->summary;
}

TEST(AnchorDrag, KeepsAShipThatStopsOnTheCable) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip ship{rig, 230000023, {60.0, 24.80}};
  ship.sail_to_lon(10, 90, 24.90);
  ship.sail_to_lon(6, 90, 25.01);
  ship.hold(60, 0.0, 0, 30);
  ASSERT_FALSE(rig.raised().empty());
  EXPECT_TRUE(rig.retracted().empty());
}

TEST(AnchorDrag, CountsACableCrossedJustBeforeTheSlowdown) {
  // A narrow corridor: the ship is out of it before it slows (Vezhen).
  auto rig = rig_with({make_line("cable-n", AssetKind::kCable, 200, {{{59.5, 25.0}, {60.5, 25.0}}})});
  ScriptedShip ship{rig, 230000019, {60.0, 24.95}};
  ship.sail_to_lon(10, 90, 25.02);
  ship.sail(5, 90, 30);
  auto raised = rig.raised();
  ASSERT_FALSE(raised.empty());
  EXPECT_TRUE(raised.front()->evidence["crossed_before_slowdown"].get<bool>());
  EXPECT_NE(raised.front()->summary.find("just after crossing cable-n"), std::string::npos)
      << raised.front()->summary;
}

TEST(AnchorDrag, ForgetsAVesselThatFallsSilent) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  ScriptedShip ship{rig, 230000020, {60.0, 24.80}};
  ship.sail(10, 90, 20);
  ship.sail(5, 90, 5);
  EXPECT_EQ(detector_of(rig).open_episodes(), 1u);
  rig.tick(ship.t_ms + 2 * 3600 * 1000LL);
  EXPECT_EQ(detector_of(rig).open_episodes(), 0u);
}

TEST(AnchorDrag, BoundsTheEpisodesItHolds) {
  AnchorDragParams params;
  params.max_vessels = 2;
  auto rig = rig_with({cable("cable-a", 25.0)}, params);
  for (uint32_t i = 0; i < 3; ++i) {
    // Scripts of the same hour: none is silent long enough to be forgotten.
    ScriptedShip ship{rig, 230000100 + i, {59.9 + 0.05 * i, 23.0}, testing::kT0 + i * 1000};
    ship.sail(10, 90, 20);
    ship.sail(5, 90, 5);
  }
  EXPECT_EQ(detector_of(rig).open_episodes(), 2u);
  EXPECT_EQ(detector_of(rig).dropped(), 30u);  // each slow report of the third ship
}

// Issue 21: a gale slows twelve ships across cable-a from 12 to 6.5 kn
// (yawing 10 degrees); the subject, 230000900, sails among them at
// `subject_kn` once the gale is on. Every ship reports each 30 s, all in
// step, through a rig that keeps the regional baseline.
DetectorRig gale_rig(double subject_kn, bool peers_recover = false, bool with_baseline = true) {
  auto rig = rig_with({cable("cable-a", 25.0)});
  if (with_baseline) rig.baseline = std::make_unique<RegionalBaseline>();
  std::vector<ScriptedShip> ships;
  for (uint32_t i = 0; i < 12; ++i) ships.push_back({rig, 230000800 + i, {59.86 + 0.02 * i, 24.60}});
  ships.push_back({rig, 230000900, {59.93, 24.72}});
  for (auto& s : ships) {
    s.interval_s = 30;
    s.identify(70, s.mmsi == 230000900 ? "SUBJECT" : "PEER");
  }
  for (int step = 0; step < 60; ++step) {  // 30 min at 12 kn: the cruise
    for (auto& s : ships) s.sail(12, 90, 0.5);
  }
  for (int step = 0; step < 150; ++step) {  // 75 min of gale
    const bool over = peers_recover && step >= 30;
    for (auto& s : ships) {
      if (s.mmsi == 230000900) {
        s.sail(subject_kn, 90, 0.5, 10);
      } else {
        s.sail(over ? 12 : 6.5, 90, 0.5, over ? 0 : 10);
      }
    }
  }
  return rig;
}

std::vector<const Finding*> raised_for(const DetectorRig& rig, uint32_t mmsi) {
  std::vector<const Finding*> out;
  for (const Finding* f : rig.raised()) {
    if (f->mmsi == std::vector<uint32_t>{mmsi}) out.push_back(f);
  }
  return out;
}

TEST(AnchorDragPeers, AShipSlowingWithEveryShipAroundItInAGaleIsNoDrag) {
  const auto rig = gale_rig(6.5);
  EXPECT_TRUE(raised_for(rig, 230000900).empty());
  EXPECT_TRUE(rig.raised().empty()) << rig.raised().front()->summary;
}

TEST(AnchorDragPeers, WithoutABaselineTheSameGaleRaisesEveryShip) {
  // What issue 21 saw: the judgement alone, with nothing to compare with.
  const auto rig = gale_rig(6.5, false, /*with_baseline=*/false);
  EXPECT_EQ(rig.episodes().size(), 13u);
  EXPECT_FALSE(raised_for(rig, 230000900).empty());
  EXPECT_FALSE(rig.raised().back()->evidence.contains("peers"));
}

TEST(AnchorDragPeers, AShipDraggingAtHalfThePeersSpeedInTheGaleIsRaisedAndSaysWhatThePeersDid) {
  const auto rig = gale_rig(3.0);
  const auto mine = raised_for(rig, 230000900);
  ASSERT_FALSE(mine.empty());
  const Finding& last = *mine.back();
  EXPECT_GE(last.score, 60);
  ASSERT_TRUE(last.evidence.contains("peers"));
  const auto& peers = last.evidence["peers"];
  EXPECT_EQ(peers["vessels"], 12);
  EXPECT_EQ(peers["slowed"], 12);
  EXPECT_EQ(peers["this_drop_pct"], 75);
  EXPECT_DOUBLE_EQ(peers["weight"].get<double>(), 1.0);
  EXPECT_NE(last.summary.find("12 of 12 merchant ships under way"), std::string::npos) << last.summary;
  EXPECT_NE(peers["text"].get<std::string>().find("this one by 75 %"), std::string::npos) << peers.dump();
  // The peers themselves raise nothing.
  EXPECT_EQ(mine.size(), rig.raised().size());
}

TEST(AnchorDragPeers, AShipStillCrawlingAfterThePeersRecoveredIsRaised) {
  const auto rig = gale_rig(6.5, /*peers_recover=*/true);
  const auto mine = raised_for(rig, 230000900);
  ASSERT_FALSE(mine.empty());
  EXPECT_GE(mine.back()->score, 60);
  EXPECT_EQ(mine.back()->evidence["peers"]["slowed"], 0);
}

}  // namespace
}  // namespace lookout::detect
