#include "detect/regional_baseline.h"

#include <gtest/gtest.h>

#include <cmath>

#include "detect/episode_test_util.h"

namespace lookout::detect {
namespace {

using testing::kT0;
using testing::position_report;
using testing::static_report;

// A picture and its baseline, fed like the engine feeds them.
struct Rig {
  explicit Rig(RegionalBaselineParams p = {}) : baseline(std::move(p)) {}
  void feed(const AisObservation& obs) {
    const track::Update u = picture.apply(obs, Timestamp{});
    baseline.observe(u);
  }
  // A report with a heading `yaw_deg` off the course over ground.
  void report(uint32_t mmsi, int64_t t, LatLon p, double kn, double yaw_deg = 0, double course = 90) {
    AisObservation obs = position_report(mmsi, t, p, kn, course, 0, false);
    auto& r = std::get<ais::PositionReportA>(obs.msg.body);
    r.heading = static_cast<uint16_t>(std::lround(course + yaw_deg)) % 360;
    feed(obs);
  }
  // Cruises at `kn` for 30 min (the picture learns its cruise), one report a minute.
  void cruise(uint32_t mmsi, LatLon p, double kn, int64_t& t) {
    feed(static_report(mmsi, t, 70, "CARGO"));
    for (int i = 0; i < 30; ++i) report(mmsi, t + i * 60'000, p, kn);
  }
  track::Picture picture;
  RegionalBaseline baseline;
};

TEST(RegionalBaseline, CountsEachShipOnceInItsCellWhateverItsReportRate) {
  Rig rig;
  const LatLon p{59.9, 25.7};
  for (uint32_t i = 0; i < 3; ++i) {
    for (int k = 0; k < 50; ++k) rig.report(230000001 + i, kT0 + k * 10'000, p, 12);
  }
  const PeerStats* s = rig.baseline.cell(rig.baseline.cell_of(p));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->vessels, 3);
  EXPECT_EQ(s->slowed(0.8), 0);
  EXPECT_EQ(rig.baseline.members(), 3u);
  EXPECT_EQ(rig.baseline.cells(), 1u);
}

TEST(RegionalBaseline, ShareSlowedAndTheirRatiosAgainstEachShipsOwnCruise) {
  Rig rig;
  const LatLon p{59.9, 25.7};
  int64_t t = kT0;
  // Ten ships at their own cruise speeds, 10 to 19 kn.
  for (uint32_t i = 0; i < 10; ++i) rig.cruise(230000001 + i, p, 10 + i, t);
  t += 30 * 60'000;
  // Six of them fall to half their own cruise: a gale.
  for (uint32_t i = 0; i < 6; ++i) rig.report(230000001 + i, t, p, (10 + i) * 0.5, 10);
  const PeerStats* s = rig.baseline.cell(rig.baseline.cell_of(p));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->vessels, 10);
  EXPECT_EQ(s->slowed(0.8), 6);
  EXPECT_NEAR(s->ratio_quantile(0.5, 0.8, true), 0.5, 0.05);
  EXPECT_NEAR(s->ratio_quantile(0.5, 0.8, false), 0.55, 0.1);
  // Six report 10 degrees of yaw, four none.
  EXPECT_NEAR(s->yaw_quantile(0.9), 10, 2);
  EXPECT_LT(s->yaw_quantile(0.3), 2);
}

TEST(RegionalBaseline, LeavesOutStoppedExemptAndClassBCraft) {
  Rig rig;
  const LatLon p{59.9, 25.7};
  rig.feed(static_report(230000001, kT0, 30, "TRAWLER"));  // fishing
  rig.feed(static_report(230000002, kT0, 52, "TUG"));      // tug
  for (int k = 0; k < 20; ++k) {
    rig.report(230000001, kT0 + k * 60'000, p, 9);
    rig.report(230000002, kT0 + k * 60'000, p, 9);
    rig.report(230000003, kT0 + k * 60'000, p, 0.3);  // at anchor
    rig.feed(position_report(230000004, kT0 + k * 60'000, p, 7, 90, 0, true));  // class B
  }
  EXPECT_EQ(rig.baseline.members(), 0u);
  // A member that stops leaves its cell.
  for (int k = 0; k < 20; ++k) rig.report(230000005, kT0 + k * 60'000, p, 12);
  EXPECT_EQ(rig.baseline.members(), 1u);
  rig.report(230000005, kT0 + 21 * 60'000, p, 0.2);
  EXPECT_EQ(rig.baseline.members(), 0u);
  EXPECT_EQ(rig.baseline.cell(rig.baseline.cell_of(p))->vessels, 0);
}

TEST(RegionalBaseline, AShipMovesBetweenCellsAndSilentShipsAndEmptyCellsExpire) {
  Rig rig;
  const LatLon a{59.9, 25.99}, b{59.9, 26.01};  // either side of a cell edge, 1.1 km apart
  ASSERT_NE(rig.baseline.cell_of(a), rig.baseline.cell_of(b));
  rig.report(230000001, kT0, a, 12);
  rig.report(230000002, kT0, a, 12);
  rig.report(230000001, kT0 + 60'000, b, 12);
  EXPECT_EQ(rig.baseline.cell(rig.baseline.cell_of(a))->vessels, 1);
  EXPECT_EQ(rig.baseline.cell(rig.baseline.cell_of(b))->vessels, 1);
  // 230000002 falls silent: after member_ttl it leaves; its cell goes after cell_ttl.
  rig.report(230000001, kT0 + 16 * 60'000, b, 12);
  rig.baseline.expire(from_unix_ms(kT0 + 16 * 60'000));
  EXPECT_EQ(rig.baseline.members(), 1u);
  EXPECT_EQ(rig.baseline.cell(rig.baseline.cell_of(a))->vessels, 0);
  rig.report(230000001, kT0 + 80 * 60'000, b, 12);
  rig.baseline.expire(from_unix_ms(kT0 + 80 * 60'000));
  EXPECT_EQ(rig.baseline.cell(rig.baseline.cell_of(a)), nullptr);
  EXPECT_EQ(rig.baseline.cells(), 1u);
}

TEST(RegionalBaseline, PeersNearSumTheNeighbouringCellsLessTheShipItself) {
  Rig rig;
  const LatLon centre{59.9, 25.7};
  rig.report(230000001, kT0, centre, 12);
  rig.report(230000002, kT0, {59.9 + 0.25, 25.7 + 0.5}, 12);  // the next cell north-east
  rig.report(230000003, kT0, {59.9 + 0.5, 25.7}, 12);         // two cells north: not a neighbour
  EXPECT_EQ(rig.baseline.peers_near(centre, 0).vessels, 2);
  EXPECT_EQ(rig.baseline.peers_near(centre, 230000001).vessels, 1);
  EXPECT_EQ(rig.baseline.peers_near(centre, 230000003).vessels, 2);  // not among them
  EXPECT_EQ(rig.baseline.peers_near(centre, 0, 2).vessels, 3);
}

TEST(RegionalBaseline, HoldsTheCruiseThroughAGaleLongerThanThePictureDoes) {
  Rig rig;
  const LatLon p{59.9, 25.7};
  int64_t t = kT0;
  rig.cruise(230000001, p, 13, t);
  t += 30 * 60'000;
  // Four hours at 7 kn: the picture takes 7 kn as the new cruise after three.
  for (int k = 0; k <= 240; ++k) rig.report(230000001, t + k * 60'000, p, 7);
  EXPECT_LT(rig.picture.find(230000001)->cruise_kn, 12.0f);
  const PeerStats* s = rig.baseline.cell(rig.baseline.cell_of(p));
  EXPECT_EQ(s->slowed(0.8), 1) << "the baseline still measures against the 13 kn before the gale";
  EXPECT_LT(rig.baseline.memory_bytes(), 4096u);
}

TEST(RegionalBaseline, BoundedMembersAndCells) {
  RegionalBaselineParams params;
  params.max_members = 5;
  params.max_cells = 2;
  Rig rig(params);
  for (uint32_t i = 0; i < 10; ++i) rig.report(230000001 + i, kT0, {59.0 + 0.3 * (i % 3), 25.0}, 12);
  EXPECT_LE(rig.baseline.members(), 5u);
  EXPECT_LE(rig.baseline.cells(), 2u);
  EXPECT_GT(rig.baseline.dropped(), 0u);
}

}  // namespace
}  // namespace lookout::detect
