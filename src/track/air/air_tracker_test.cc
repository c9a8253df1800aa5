// AirTracker's contract: scans, confirmation, deletion, changed() and the
// listener, late and unusable detections, polar detections from a site.
#include "track/air/air_tracker.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/geodesy.h"

namespace lookout::air {
namespace {

const LatLon kSite{55.6180, 12.6560};
const Timestamp kT0 = from_unix_ms(1758573000000);

Timestamp at(double s) { return kT0 + std::chrono::milliseconds(std::llround(s * 1000)); }

SensorConfig radar() {
  SensorConfig s;
  s.id.assign("radar");
  s.reorder_lag_ms = 0;
  s.position = kSite;
  s.sigma_range_m = 10;
  s.sigma_bearing_deg = 0.3;
  s.sigma_elevation_deg = 0.3;
  s.pd = 0.9;
  return s;
}

// A fix of a target flying east at 20 m/s from 1 km south of the site.
SensorDetection fix(double s, const char* sensor = "gps", double north = -1000) {
  SensorDetection d;
  d.time = at(s);
  d.sensor.assign(sensor);
  d.position = LocalFrame(kSite).to_latlon({20.0 * s, north});
  d.alt_m = 100;
  d.sigma_m = 5;
  return d;
}

TrackerParams params() {
  TrackerParams p;
  p.origin = kSite;
  // These feeds arrive in time order: no reorder lag, so each call's plots
  // are applied at once (the reorder buffer has its own tests).
  p.default_sensor.reorder_lag_ms = 0;
  return p;
}

TEST(AirTracker, ConfirmsAfterMOfNAndReportsTheConfirmedTrack) {
  AirTracker tracker(params());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(tracker.update(fix(i)));
    tracker.advance(at(i + 0.5));  // closes the scan
    if (i < 2) {
      EXPECT_TRUE(tracker.changed().empty()) << "tentative tracks are not reported";
    }
  }
  ASSERT_EQ(tracker.changed().size(), 1u);
  const TrackState& s = tracker.changed()[0];
  EXPECT_EQ(s.status, TrackStatus::kConfirmed);
  EXPECT_EQ(s.hits, 3u);
  EXPECT_NEAR(s.alt_m, 100, 10);
  EXPECT_EQ(s.time, at(2));
  ASSERT_NE(s.history, nullptr);
  EXPECT_EQ(s.history->first_count(), 3u);
}

TEST(AirTracker, EstimatesVelocityAndCourse) {
  AirTracker tracker(params());
  for (int i = 0; i < 20; ++i) tracker.update(fix(i));
  tracker.flush();
  ASSERT_EQ(tracker.track_count(), 1u);
  const TrackState& s = tracker.tracks()[0];
  EXPECT_NEAR(s.speed_mps, 20, 1.0);
  EXPECT_NEAR(s.course_deg, 90, 3.0);
  EXPECT_NEAR(s.vel_u, 0, 1.0);
}

TEST(AirTracker, ListenerSeesWhatChangedLists) {
  AirTracker tracker(params());
  std::vector<uint32_t> heard;
  tracker.set_listener([&](const TrackState& s) { heard.push_back(s.id); });
  for (int i = 0; i < 6; ++i) tracker.update(fix(i));
  tracker.flush();
  EXPECT_EQ(heard.size(), 4u);  // confirmed at the 3rd scan, then scans 4-6
}

TEST(AirTracker, DeletesAConfirmedTrackAfterItsMissesAndReportsItOnce) {
  TrackerParams p = params();
  AirTracker tracker(p, {radar()});
  LocalFrame frame(kSite);
  auto polar = [&](double s, bool with_target) {
    std::vector<SensorDetection> scan;
    if (with_target) {
      SensorDetection d;
      d.time = at(s);
      d.sensor.assign("radar");
      d.range_m = 2000;
      d.bearing_deg = 45;
      d.elevation_deg = 3;
      scan.push_back(d);
    }
    // An unrelated detection far away keeps scans coming.
    SensorDetection far;
    far.time = at(s);
    far.sensor.assign("radar");
    far.range_m = 9000 + 300 * s;
    far.bearing_deg = 200;
    scan.push_back(far);
    tracker.update_scan(scan);
  };
  for (int i = 0; i < 5; ++i) polar(i, true);
  bool deleted = false;
  for (int i = 5; i < 15 && !deleted; ++i) {
    polar(i, false);
    for (const TrackState& s : tracker.changed()) {
      if (s.status == TrackStatus::kDeleted) {
        deleted = true;
        EXPECT_LE(i, 10) << "4 Pd-0.9 misses delete it";
      }
    }
  }
  EXPECT_TRUE(deleted);
}

TEST(AirTracker, CoastingTracksAreDeletedByAdvanceAlone) {
  TrackerParams p = params();
  p.max_coast = std::chrono::seconds(5);
  AirTracker tracker(p);
  for (int i = 0; i < 4; ++i) tracker.update(fix(i));
  tracker.flush();
  ASSERT_EQ(tracker.track_count(), 1u);
  tracker.advance(at(7));
  EXPECT_EQ(tracker.track_count(), 1u);
  tracker.advance(at(9));
  EXPECT_EQ(tracker.track_count(), 0u);
  ASSERT_EQ(tracker.changed().size(), 1u);
  EXPECT_EQ(tracker.changed()[0].status, TrackStatus::kDeleted);
}

TEST(AirTracker, InterleavedSensorsDoNotSplitEachOthersScans) {
  // Two targets each seen by two sensors, detections interleaved A, B, A, B
  // at the same time: two tracks, not four.
  AirTracker tracker(params());
  for (int i = 0; i < 6; ++i) {
    tracker.update(fix(i, "a", -1000));
    tracker.update(fix(i, "b", -1000));
    tracker.update(fix(i, "a", 1000));
    tracker.update(fix(i, "b", 1000));
  }
  tracker.flush();
  EXPECT_EQ(tracker.track_count(), 2u);
  EXPECT_EQ(tracker.stats().scans, 12u);
}

TEST(AirTracker, DropsLateAndUnusableDetectionsAndCountsThem) {
  AirTracker tracker(params());
  tracker.update(fix(10));
  tracker.advance(at(11));
  EXPECT_FALSE(tracker.update(fix(5)));  // 5 s older than the source's last plot
  EXPECT_EQ(tracker.stats().late, 1u);
  SensorDetection polar;
  polar.time = at(11);
  polar.sensor.assign("unconfigured");
  polar.range_m = 100;
  polar.bearing_deg = 10;
  EXPECT_FALSE(tracker.update(polar));  // relative, and no site for it
  EXPECT_EQ(tracker.stats().unknown_sensor, 1u);
  SensorDetection nothing;
  nothing.time = at(11);
  nothing.sensor.assign("gps");
  EXPECT_FALSE(tracker.update(nothing));
  EXPECT_EQ(tracker.stats().invalid, 1u);
}

TEST(AirTracker, PerDetectionAndPerScanFeedingAgree) {
  std::vector<SensorDetection> all;
  for (int i = 0; i < 10; ++i) {
    all.push_back(fix(i, "a", -1000));
    all.push_back(fix(i, "a", 1000));
  }
  AirTracker one(params());
  for (const SensorDetection& d : all) one.update(d);
  one.flush();
  AirTracker scans(params());
  for (std::size_t i = 0; i < all.size(); i += 2) scans.update_scan(std::span(all).subspan(i, 2));
  ASSERT_EQ(one.track_count(), scans.track_count());
  auto a = one.tracks();
  std::vector<TrackState> a_copy(a.begin(), a.end());
  auto b = scans.tracks();
  for (std::size_t i = 0; i < a_copy.size(); ++i) {
    EXPECT_EQ(a_copy[i].id, b[i].id);
    EXPECT_DOUBLE_EQ(a_copy[i].position.lat, b[i].position.lat);
  }
}

TEST(AirTracker, RangeAndBearingArePlacedFromTheSensorSite) {
  AirTracker tracker(params(), {radar()});
  for (int i = 0; i < 5; ++i) {
    SensorDetection d;
    d.time = at(i);
    d.sensor.assign("radar");
    d.range_m = 3000;
    d.bearing_deg = 90;  // due east, on the ground plane
    d.elevation_deg = 0;
    tracker.update(d);
  }
  tracker.flush();
  ASSERT_EQ(tracker.track_count(), 1u);
  EastNorth en = LocalFrame(kSite).to_local(tracker.tracks()[0].position);
  EXPECT_NEAR(en.east_m, 3000, 5);
  EXPECT_NEAR(en.north_m, 0, 5);
}

}  // namespace
}  // namespace lookout::air

namespace lookout::air {
namespace {

// The reorder lag is per source: a fast sensor (lag 0) is held back by a slow
// one (lag 2 s) only while the slow one is delivering, as one time order into
// the tracker requires, and not while it is silent (decision 0015).
TEST(AirTracker, AFastSensorIsNotHeldBackByASilentSlowOne) {
  SensorConfig fast;
  fast.id.assign("fast");
  fast.position = kSite;
  fast.reorder_lag_ms = 0;
  SensorConfig slow = fast;
  slow.id.assign("slow");
  slow.reorder_lag_ms = 2000;
  AirTracker tracker(params(), {fast, slow});
  // The slow sensor has sent nothing yet: the frontier follows the fast
  // plots (a lag of the largest configured, 2 s, would hold it at t - 2).
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(tracker.update(fix(i, "fast")));
    EXPECT_EQ(tracker.now(), at(i));
  }
  // The slow sensor delivers: the frontier waits for its 2 s (it never moves
  // back), so that a slow plot up to 2 s old still finds nothing newer applied.
  ASSERT_TRUE(tracker.update(fix(3, "slow", -3000)));
  ASSERT_TRUE(tracker.update(fix(3.5, "fast")));
  EXPECT_EQ(tracker.now(), at(2));
  ASSERT_TRUE(tracker.update(fix(4.5, "fast")));
  EXPECT_EQ(tracker.now(), at(2.5));
  ASSERT_TRUE(tracker.update(fix(2.6, "slow", -3000))) << "within its lag";
  EXPECT_EQ(tracker.stats().late, 0u);
  EXPECT_EQ(tracker.stats().reordered, 1u);
  // Silent for longer than its lag plus 5 s, the slow sensor is idle: the
  // fast plots are applied at once again.
  for (int i = 5; i <= 10; ++i) ASSERT_TRUE(tracker.update(fix(i, "fast")));
  EXPECT_EQ(tracker.now(), at(8)) << "held while the slow sensor may still deliver";
  ASSERT_TRUE(tracker.update(fix(11, "fast")));
  EXPECT_EQ(tracker.now(), at(11));
  // Its price: a slow plot older than what the fast sensor has released is
  // late, counted and never applied at a wrong time; the next one holds the
  // frontier again, which waits.
  EXPECT_FALSE(tracker.update(fix(9.5, "slow", -3000)));
  EXPECT_EQ(tracker.stats().late, 1u);
  ASSERT_TRUE(tracker.update(fix(11.2, "slow", -3000)));
  ASSERT_TRUE(tracker.update(fix(12, "fast")));
  EXPECT_EQ(tracker.now(), at(11));
  ASSERT_TRUE(tracker.update(fix(14, "fast")));
  EXPECT_EQ(tracker.now(), at(12));
}

}  // namespace
}  // namespace lookout::air
