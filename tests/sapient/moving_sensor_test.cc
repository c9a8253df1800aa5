// A SAPIENT radar on a vessel steaming east at 8 m/s watches a drone that
// hovers 3 km north of where the vessel started. The vessel reports its
// position every second; each plot is measured from where the vessel was at
// the plot's own time and reaches the fusion node half a second late, after
// the next status. The registry must place every plot from the site valid at
// its time: the track stays on the drone. The same plots placed from the
// first site only (what a sensors file would give) drift with the vessel.
#include <gtest/gtest.h>

#include <vector>

#include "app/sapient_sensor_test_messages.h"
#include "app/sensor_registry.h"
#include "core/geodesy.h"
#include "decode/sapient/decoder.h"
#include "track/air/air_tracker.h"

namespace lookout {
namespace {

namespace st = sapient::testing;

constexpr int64_t kT0 = 1'758'569'400;  // 2025-09-22T19:30:00Z
const LatLon kStart{55.60, 12.75};
const LatLon kDrone = destination(kStart, 0, 3000);

LatLon vessel_at(double t_s) { return destination(kStart, 90, 8.0 * t_s); }

SensorDetection plot(double t_s) {
  const LatLon from = vessel_at(t_s);
  auto msg = st::detection_polar(distance_m(from, kDrone), initial_bearing_deg(from, kDrone), 0, st::kRadarId);
  const int64_t ms = kT0 * 1000 + static_cast<int64_t>(t_s * 1000);
  msg.mutable_timestamp()->set_seconds(ms / 1000);
  msg.mutable_timestamp()->set_nanos(static_cast<int32_t>(ms % 1000) * 1'000'000);
  msg.mutable_detection_report()->clear_classification();
  auto d = sapient::to_detection(msg);
  EXPECT_TRUE(d.ok());
  return *d;
}

// Tracks 60 s of plots; returns the distance from the confirmed track to the drone.
double track_error(bool follow_the_vessel) {
  air::AirTracker tracker;
  SensorRegistry registry({}, [&](const air::SensorConfig& c) { tracker.add_sensor(c); });
  EXPECT_TRUE(registry.on_message(st::radar_registration(st::kRadarId, kT0 - 2)));
  EXPECT_TRUE(registry.on_message(st::radar_status(kStart.lat, kStart.lon, 10, kT0 - 1)));
  for (int k = 0; k < 60; ++k) {
    const LatLon v = vessel_at(k + 1);
    if (follow_the_vessel) {
      EXPECT_TRUE(registry.on_message(st::radar_status(v.lat, v.lon, 10, kT0 + k + 1)));
    }
    SensorDetection d = plot(k + 0.5);  // measured before that status, arrives after it
    EXPECT_FALSE(registry.place(d).has_value());
    tracker.update(d);
    tracker.advance(d.time);
    registry.advance(d.time);
  }
  tracker.flush();
  double best = 1e9;
  for (const auto& s : tracker.tracks()) {
    if (s.status == air::TrackStatus::kConfirmed) best = std::min(best, distance_m(s.position, kDrone));
  }
  return best;
}

TEST(SapientMovingSensor, EachPlotIsPlacedFromWhereTheVesselWasAtItsTime) {
  const double following = track_error(true);
  const double frozen = track_error(false);
  EXPECT_LT(following, 30.0);
  // The vessel moved 480 m: plots from the first site land that far off.
  EXPECT_GT(frozen, 300.0);
}

}  // namespace
}  // namespace lookout
