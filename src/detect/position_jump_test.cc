#include "detect/position_jump.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "detect/episode_test_util.h"

namespace lookout::detect {
namespace {

using testing::DetectorRig;
using testing::kT0;
using testing::position_report;

constexpr int64_t kMin = 60'000;
constexpr uint32_t kShip = 230000001;

DetectorRig rig_with(PositionJumpParams params = {}) {
  return DetectorRig({}, std::make_unique<PositionJumpDetector>(params));
}
const PositionJumpDetector& jump_of(const DetectorRig& rig) {
  return static_cast<const PositionJumpDetector&>(*rig.detector);
}

// The main track: east at 10 kn along 60 N from 20.0 E; the position at t.
LatLon main_at(int64_t t) { return destination({60.0, 20.0}, 90, 10 * 1852.0 / 3600.0 * (t - kT0) / 1000.0); }
// A second place 40 km north of the main track, moving with it.
LatLon second_at(int64_t t) { return destination(main_at(t), 0, 40000); }

void main_report(DetectorRig& rig, int64_t t) { rig.feed(position_report(kShip, t, main_at(t), 10, 90, 0, false)); }
void second_report(DetectorRig& rig, int64_t t) { rig.feed(position_report(kShip, t, second_at(t), 10, 90, 0, false)); }

TEST(PositionJump, AOneOffGlitchIsOneLowEpisodeWithTheNumbers) {
  auto rig = rig_with();
  for (int64_t t = kT0; t < kT0 + 10 * kMin; t += 10'000) main_report(rig, t);
  rig.feed(position_report(kShip, kT0 + 10 * kMin, {60.3, 20.2}, 10, 90, 0, false));  // 30-odd km away, once
  for (int64_t t = kT0 + 10 * kMin + 10'000; t < kT0 + 20 * kMin; t += 10'000) main_report(rig, t);

  auto raised = rig.raised();
  ASSERT_EQ(raised.size(), 1u);
  const Finding& f = *raised[0];
  EXPECT_EQ(f.kind, "position_jump");
  EXPECT_EQ(f.episode, "230000001/" + std::to_string(kT0 + 10 * kMin));
  EXPECT_EQ(f.evidence["shape"], "glitch");
  EXPECT_LT(f.score, 40);
  EXPECT_DOUBLE_EQ(f.evidence["dt_s"].get<double>(), 10.0);
  EXPECT_GT(f.evidence["implied_speed_kn"].get<double>(), 1000.0);
  EXPECT_GT(f.evidence["distance_km"].get<double>(), 20.0);
  EXPECT_EQ(f.evidence["from"].size(), 3u);
  EXPECT_EQ(f.evidence["to"][0].get<double>(), 20.2);
  EXPECT_NE(f.summary.find("glitch"), std::string::npos) << f.summary;
}

TEST(PositionJump, ASecondPlaceThatKeepsReportingIsOneHighEpisode) {
  auto rig = rig_with();
  for (int64_t t = kT0; t < kT0 + 5 * kMin; t += 10'000) main_report(rig, t);
  // Both places report, alternating, for 20 minutes.
  for (int64_t t = kT0 + 5 * kMin; t < kT0 + 25 * kMin; t += 10'000) {
    main_report(rig, t);
    second_report(rig, t + 5'000);
  }
  auto raised = rig.raised();
  EXPECT_EQ(rig.episodes().size(), 1u) << "one burst, one episode";
  ASSERT_GE(raised.size(), 2u);
  EXPECT_LE(raised.size(), 4u) << "updated only when its shape changes";
  EXPECT_EQ(raised.back()->evidence["shape"], "second_place");
  EXPECT_GE(raised.back()->score, 60);
  EXPECT_GE(raised.back()->evidence["main_track_reports"].get<int>(), 2);
}

TEST(PositionJump, ATrackThatMovesToANewPlaceForGoodIsARelocation) {
  auto rig = rig_with();
  for (int64_t t = kT0; t < kT0 + 5 * kMin; t += 10'000) main_report(rig, t);
  for (int64_t t = kT0 + 5 * kMin; t < kT0 + 15 * kMin; t += 10'000) second_report(rig, t);
  auto raised = rig.raised();
  ASSERT_FALSE(raised.empty());
  EXPECT_EQ(rig.episodes().size(), 1u);
  EXPECT_EQ(raised.back()->evidence["shape"], "relocated");
  EXPECT_GE(raised.back()->score, 45);
  EXPECT_LT(raised.back()->score, 60);
}

TEST(PositionJump, ScatteredBadFixesAreNeitherAGlitchNorASecondPlace) {
  auto rig = rig_with();
  for (int64_t t = kT0; t < kT0 + 5 * kMin; t += 10'000) main_report(rig, t);
  const LatLon bad[] = {{60.5, 20.0}, {59.5, 21.5}, {60.8, 22.0}, {59.2, 19.0}};
  int64_t t = kT0 + 5 * kMin;
  for (LatLon p : bad) {
    rig.feed(position_report(kShip, t, p, 10, 90, 0, false));
    main_report(rig, t + 5'000);
    t += 10'000;
  }
  auto raised = rig.raised();
  EXPECT_EQ(rig.episodes().size(), 1u);
  EXPECT_EQ(raised.back()->evidence["shape"], "scattered");
}

TEST(PositionJump, AJumpAfterAQuietHalfHourStartsANewEpisode) {
  auto rig = rig_with();
  for (int64_t t = kT0; t < kT0 + 60 * kMin; t += 10'000) {
    const bool glitch = t == kT0 + 5 * kMin || t == kT0 + 50 * kMin;
    if (glitch) {
      second_report(rig, t);
    } else {
      main_report(rig, t);
    }
  }
  EXPECT_EQ(rig.episodes().size(), 2u);
}

TEST(PositionJump, ForgetsBurstsOnceTheyAreOver) {
  auto rig = rig_with();
  for (int64_t t = kT0; t < kT0 + 5 * kMin; t += 10'000) main_report(rig, t);
  second_report(rig, kT0 + 5 * kMin);
  EXPECT_EQ(jump_of(rig).tracked(), 1u);
  for (int64_t t = kT0 + 5 * kMin + 10'000; t < kT0 + 45 * kMin; t += 10'000) main_report(rig, t);
  EXPECT_EQ(jump_of(rig).tracked(), 0u);
}

TEST(PositionJump, ReportsDeliveredOutOfOrderAlongTheOwnTrackAreNoJump) {
  // A satellite batch stamped on arrival: positions from up to 20 minutes
  // earlier arrive among the current ones, all on the ship's own track.
  auto feed_batches = [](DetectorRig& rig) {
    for (int64_t t = kT0 + 30 * kMin; t < kT0 + 60 * kMin; t += 10'000) {
      main_report(rig, t);
      const int64_t stale = t - (5 + (t / 10'000) % 16) * kMin;
      rig.feed(position_report(kShip, t + 5'000, main_at(stale), 10, 90, 0, false));
    }
  };
  PositionJumpParams strict;
  strict.burst.own_track_window_ms = 0;  // without the rule, these are jumps
  auto control = rig_with(strict);
  feed_batches(control);
  EXPECT_FALSE(control.findings.empty());
  auto rig = rig_with();
  feed_batches(rig);
  EXPECT_TRUE(rig.findings.empty());
  // Two places reported with the very same time stamp carry no speed.
  rig.feed(position_report(kShip, kT0 + 60 * kMin - 10'000, {61.0, 20.0}, 10, 90, 0, false));
  EXPECT_TRUE(rig.findings.empty());
  // The control: 3 km off the track line is a jump.
  rig.feed(position_report(kShip, kT0 + 60 * kMin + 15'000, destination(main_at(kT0 + 55 * kMin), 0, 3000), 10, 90,
                           0, false));
  EXPECT_EQ(rig.raised().size(), 1u);
}

TEST(PositionJump, NormalTracksRaiseNothingAndCostNoState) {
  auto rig = rig_with();
  for (int64_t t = kT0; t < kT0 + 30 * kMin; t += 10'000) main_report(rig, t);
  EXPECT_TRUE(rig.findings.empty());
  EXPECT_EQ(jump_of(rig).tracked(), 0u);
}

TEST(JumpBurst, TellsTheShapesApart) {
  BurstRule rule;
  auto point = [](int64_t t, LatLon p) {
    track::TrackPoint tp;
    tp.time_ms = t;
    tp.lat_e7 = static_cast<int32_t>(std::lround(p.lat * 1e7));
    tp.lon_e7 = static_cast<int32_t>(std::lround(p.lon * 1e7));
    return tp;
  };
  // A jump from the main track's first report (the picture's last position)
  // to the second place at t.
  auto jump_at = [&](int64_t t) {
    track::Update u;
    u.kind = track::UpdateKind::kJump;
    u.has_previous = true;
    u.previous = point(kT0, main_at(kT0));
    u.point = point(t, second_at(t));
    return u;
  };
  JumpBurst b;
  EXPECT_TRUE(b.add_jump(jump_at(kT0 + 10'000), rule));
  EXPECT_EQ(b.shape(rule), JumpBurst::Shape::kGlitch);
  const double first_kn = jump_at(kT0 + 10'000).implied_speed_kn();
  EXPECT_GT(first_kn, 60);
  EXPECT_EQ(b.max_speed_kn, first_kn);
  for (int i = 2; i <= 3; ++i) EXPECT_FALSE(b.add_jump(jump_at(kT0 + i * 10'000), rule));
  EXPECT_EQ(b.shape(rule), JumpBurst::Shape::kRelocated);
  // Later jumps cover the same ground in more time: the top speed stays the first.
  EXPECT_EQ(b.max_speed_kn, first_kn);
  b.add_main(point(kT0 + 35'000, main_at(kT0 + 35'000)), rule);
  b.add_jump(jump_at(kT0 + 40'000), rule);
  b.add_main(point(kT0 + 45'000, main_at(kT0 + 45'000)), rule);
  EXPECT_EQ(b.shape(rule), JumpBurst::Shape::kSecondPlace);
  EXPECT_EQ(b.alternations, 3u);
  EXPECT_FALSE(b.live(kT0 + 40'000 + rule.gap_ms + 1, rule));
}

}  // namespace
}  // namespace lookout::detect
