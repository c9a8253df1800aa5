// Tests of the cooperative picture: merging partial reports per
// transmitter, expiry and bounds, and tying radar tracks to targets - an
// airliner's radar track takes its identity and is never a drone; a drone
// hovering under the airliner's path never takes it.
#include "track/air/cooperative_picture.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "core/geodesy.h"

namespace lookout::air {
namespace {

constexpr int64_t kT0 = 1733121000000;  // 2024-12-02T06:30:00Z
constexpr LatLon kStart{55.60, 12.40};

Timestamp at(double s) { return from_unix_ms(kT0 + static_cast<int64_t>(std::llround(s * 1000))); }

CooperativeReport adsb(double t, std::string_view icao) {
  CooperativeReport r;
  r.time = at(t);
  r.source = CooperativeSource::kAdsb;
  r.id.assign(icao);
  return r;
}

// An airliner flying east at 120 m/s from kStart, 900 m up.
LatLon airliner_at(double t) { return LocalFrame(kStart).to_latlon({120 * t, 0}); }

CooperativeReport airliner_position(double t) {
  auto r = adsb(t, "4CA2D6");
  r.position = airliner_at(t);
  r.alt_m = 900;
  r.baro_alt_m = 900;
  return r;
}

CooperativeReport airliner_velocity(double t) {
  auto r = adsb(t, "4CA2D6");
  r.ground_speed_mps = 120;
  r.course_deg = 90;
  return r;
}

TrackState radar(uint32_t id, double t, LatLon p, double ve, double vn, ObjectClass cls = ObjectClass::kUnknown) {
  TrackState s;
  s.id = id;
  s.time = at(t);
  s.status = TrackStatus::kConfirmed;
  s.position = p;
  s.alt_m = 900;
  s.sigma_pos_m = 30;
  s.sigma_alt_m = 500;  // a 2-D radar: altitude not measured
  s.vel_e = ve;
  s.vel_n = vn;
  s.speed_mps = std::hypot(ve, vn);
  s.sigma_speed_mps = 3;
  s.cls = cls;
  s.class_prob[static_cast<std::size_t>(cls)] = 0.9;
  return s;
}

TEST(CooperativePicture, MergesPartialReportsPerTransmitter) {
  CooperativePicture pic;
  auto ident = adsb(0, "4CA2D6");
  ident.callsign.assign("SAS123");
  EXPECT_TRUE(pic.observe(ident));
  EXPECT_TRUE(pic.changed().empty());  // no position yet: not a track
  EXPECT_EQ(pic.size(), 1u);

  EXPECT_TRUE(pic.observe(airliner_position(1)));
  ASSERT_EQ(pic.changed().size(), 1u);
  TrackState s = pic.changed()[0];
  EXPECT_GT(s.id, kCooperativeIdBase);
  EXPECT_TRUE(is_cooperative_track_id(s.id));
  EXPECT_EQ(s.status, TrackStatus::kConfirmed);
  EXPECT_EQ(s.cls, ObjectClass::kAircraft);
  EXPECT_EQ(s.class_prob[static_cast<std::size_t>(ObjectClass::kAircraft)], 1);
  EXPECT_EQ(s.identity.source, CooperativeSource::kAdsb);
  EXPECT_EQ(s.identity.id.view(), "4CA2D6");
  EXPECT_EQ(s.identity.callsign.view(), "SAS123");
  EXPECT_DOUBLE_EQ(s.alt_m, 900);
  ASSERT_NE(s.history, nullptr);
  EXPECT_EQ(s.history->total(), 1u);

  EXPECT_TRUE(pic.observe(airliner_velocity(1.5)));
  s = pic.changed()[0];
  EXPECT_NEAR(s.vel_e, 120, 1e-9);
  EXPECT_NEAR(s.vel_n, 0, 1e-9);
  EXPECT_EQ(s.identity.callsign.view(), "SAS123");  // kept
  EXPECT_EQ(s.position, airliner_at(1));           // kept

  auto squawk = adsb(2, "4CA2D6");
  squawk.squawk.assign("7700");
  squawk.emergency = true;
  ASSERT_TRUE(pic.observe(squawk));
  EXPECT_TRUE(pic.changed()[0].identity.emergency);
  squawk = adsb(3, "4CA2D6");
  squawk.squawk.assign("1000");
  ASSERT_TRUE(pic.observe(squawk));
  EXPECT_FALSE(pic.changed()[0].identity.emergency);  // the new squawk says it is over
  EXPECT_EQ(pic.changed()[0].identity.squawk.view(), "1000");

  // The same text from Remote ID is another transmitter, and a drone.
  CooperativeReport rid;
  rid.time = at(3);
  rid.source = CooperativeSource::kRemoteId;
  rid.id.assign("4CA2D6");
  rid.position = kStart;
  rid.serial.assign("1596A0001");
  rid.operator_position = LatLon{55.59, 12.39};
  ASSERT_TRUE(pic.observe(rid));
  EXPECT_EQ(pic.size(), 2u);
  EXPECT_EQ(pic.changed()[0].cls, ObjectClass::kDrone);
  EXPECT_NE(pic.changed()[0].id, s.id);
  EXPECT_EQ(pic.changed()[0].identity.serial.view(), "1596A0001");
  ASSERT_TRUE(pic.changed()[0].identity.operator_position);
}

TEST(CooperativePicture, RejectsReportsWithoutSourceOrIdAndBoundsTheTargets) {
  CooperativePictureParams p;
  p.max_targets = 2;
  CooperativePicture pic(p);
  CooperativeReport none;
  none.id.assign("ABCDEF");
  EXPECT_FALSE(pic.observe(none));
  EXPECT_FALSE(pic.observe(adsb(0, "")));
  auto bad = adsb(0, "ABCDEF");
  bad.position = LatLon{95, 0};
  EXPECT_FALSE(pic.observe(bad));
  EXPECT_EQ(pic.stats().rejected, 3u);
  EXPECT_TRUE(pic.observe(adsb(0, "000001")));
  EXPECT_TRUE(pic.observe(adsb(0, "000002")));
  EXPECT_FALSE(pic.observe(adsb(0, "000003")));
  EXPECT_TRUE(pic.observe(adsb(1, "000001")));  // a known one still merges
  EXPECT_EQ(pic.stats().overflow, 1u);
  EXPECT_EQ(pic.size(), 2u);
}

TEST(CooperativePicture, SilentTargetsExpireOnceAndIdsAreNeverReused) {
  CooperativePicture pic;
  ASSERT_TRUE(pic.observe(airliner_position(0)));
  const uint32_t first = pic.changed()[0].id;
  pic.advance(at(59));
  EXPECT_TRUE(pic.changed().empty());
  pic.advance(at(61));
  ASSERT_EQ(pic.changed().size(), 1u);
  EXPECT_EQ(pic.changed()[0].status, TrackStatus::kDeleted);
  EXPECT_EQ(pic.changed()[0].id, first);
  EXPECT_EQ(pic.size(), 0u);
  pic.advance(at(62));
  EXPECT_TRUE(pic.changed().empty());  // reported once
  ASSERT_TRUE(pic.observe(airliner_position(70)));
  EXPECT_GT(pic.changed()[0].id, first);
  EXPECT_EQ(pic.stats().targets_expired, 1u);
}

// The airliner's ADS-B and a radar track that follows it (20 m off),
// second by second: tied after 3 updates over 3 s.
TEST(CooperativePicture, ARadarTrackOnTheAirlinerTakesItsIdentityAndIsNeverADrone) {
  CooperativePicture pic;
  auto ident = adsb(0, "4CA2D6");
  ident.callsign.assign("SAS123");
  pic.observe(ident);
  pic.observe(airliner_velocity(0));
  std::vector<bool> tied;
  for (int t = 1; t <= 8; ++t) {
    pic.observe(airliner_position(t));
    // The radar says drone (a misclassification): the tie overrides it.
    TrackState s = radar(7, t + 0.4, LocalFrame(kStart).to_latlon({120 * (t + 0.4), 20}), 118, 1, ObjectClass::kDrone);
    tied.push_back(pic.match(s));
    if (tied.back()) {
      EXPECT_EQ(s.identity.id.view(), "4CA2D6");
      EXPECT_EQ(s.identity.callsign.view(), "SAS123");
      EXPECT_EQ(s.cls, ObjectClass::kAircraft);
      EXPECT_EQ(s.class_prob[static_cast<std::size_t>(ObjectClass::kDrone)], 0);
    } else {
      EXPECT_EQ(s.identity.source, CooperativeSource::kNone);
    }
  }
  EXPECT_EQ(tied, (std::vector<bool>{false, false, false, true, true, true, true, true}));
  EXPECT_EQ(pic.tie_count(), 1u);
  // While tied the pair is shown once: as the radar track.
  pic.observe(airliner_position(9));
  EXPECT_TRUE(pic.changed().empty());
  std::vector<TrackState> untied;
  pic.untied_states(untied);
  EXPECT_TRUE(untied.empty());
  TrackState other = radar(8, 9.2, kStart, 0, 0);
  EXPECT_FALSE(pic.apply_tie(other));
  TrackState again = radar(7, 9.2, kStart, 0, 0);
  EXPECT_TRUE(pic.apply_tie(again));
  EXPECT_EQ(again.cls, ObjectClass::kAircraft);

  // The radar track deleted: the tie ends, the airliner shows on its own.
  TrackState gone = radar(7, 9.5, airliner_at(9.5), 120, 0);
  gone.status = TrackStatus::kDeleted;
  EXPECT_TRUE(pic.match(gone));
  EXPECT_EQ(pic.tie_count(), 0u);
  pic.observe(airliner_position(10));
  EXPECT_EQ(pic.changed().size(), 1u);
  EXPECT_EQ(pic.stats().ties, 1u);
  EXPECT_EQ(pic.stats().breaks, 1u);
}

TEST(CooperativePicture, ADroneHoveringUnderTheAirlinersPathNeverTakesItsIdentity) {
  CooperativePicture pic;
  pic.observe(airliner_velocity(0));
  // The drone hovers where the airliner passes at t = 5 (600 m east), 40 m off its line.
  const LatLon hover = LocalFrame(kStart).to_latlon({600, 40});
  for (int i = 0; i <= 40; ++i) {
    const double t = i * 0.25;
    if (i % 4 == 0) pic.observe(airliner_position(t));
    TrackState s = radar(3, t + 0.1, hover, 0.5, -0.3, ObjectClass::kDrone);
    s.alt_m = 120;
    EXPECT_FALSE(pic.match(s)) << t;
    EXPECT_EQ(s.identity.source, CooperativeSource::kNone);
    EXPECT_EQ(s.cls, ObjectClass::kDrone);
  }
  // With its speed not yet known (a new track) the drone stays in the
  // position gate for seconds while the airliner passes, but it does not
  // move with it.
  CooperativePicture fresh;
  fresh.observe(airliner_velocity(0));
  for (int i = 0; i <= 40; ++i) {
    const double t = i * 0.25;
    if (i % 4 == 0) fresh.observe(airliner_position(t));
    TrackState s = radar(4, t + 0.1, hover, 0, 0, ObjectClass::kDrone);
    s.sigma_speed_mps = 40;
    EXPECT_FALSE(fresh.match(s)) << t;
  }
  EXPECT_EQ(pic.stats().ties + fresh.stats().ties, 0u);
}

TEST(CooperativePicture, ATieBreaksWhenTheTrackLeavesTheTarget) {
  CooperativePicture pic;
  pic.observe(airliner_velocity(0));
  int t = 1;
  for (; t <= 4; ++t) {
    pic.observe(airliner_position(t));
    TrackState s = radar(9, t, airliner_at(t), 120, 0);
    pic.match(s);
  }
  ASSERT_EQ(pic.tie_count(), 1u);
  // The radar track turns north; the airliner flies on east.
  std::vector<bool> tied;
  for (int k = 1; k <= 5; ++k, ++t) {
    pic.observe(airliner_position(t));
    TrackState s = radar(9, t, LocalFrame(airliner_at(t)).to_latlon({0, 2000.0 * k}), 0, 120);
    tied.push_back(pic.match(s));
  }
  EXPECT_EQ(tied, (std::vector<bool>{true, true, false, false, false}));
  EXPECT_EQ(pic.tie_count(), 0u);
  EXPECT_EQ(pic.stats().breaks, 1u);
}

TEST(CooperativePicture, ARemoteIdTieMakesTheRadarTrackADrone) {
  CooperativePicture pic;
  for (int t = 0; t <= 3; ++t) {
    CooperativeReport r;
    r.time = at(t);
    r.source = CooperativeSource::kRemoteId;
    r.id.assign("1596A0001");
    r.serial.assign("1596A0001");
    r.position = LocalFrame(kStart).to_latlon({5.0 * t, 0});
    r.ground_speed_mps = 5;
    r.course_deg = 90;
    r.alt_m = 80;
    pic.observe(r);
    TrackState s = radar(12, t, LocalFrame(kStart).to_latlon({5.0 * t + 10, 0}), 5, 0, ObjectClass::kBird);
    s.alt_m = 80;
    if (pic.match(s)) {
      EXPECT_EQ(s.cls, ObjectClass::kDrone);
      EXPECT_EQ(s.identity.serial.view(), "1596A0001");
    }
  }
  EXPECT_EQ(pic.tie_count(), 1u);
}

}  // namespace
}  // namespace lookout::air
