#include "detect/air/drone_origin.h"

#include <gtest/gtest.h>

#include "detect/air/air_test_util.h"
#include "detect/episode_test_util.h"

namespace lookout::detect {
namespace {

using testing::AirRig;
using testing::kAirT0;
using testing::kAirport;
using testing::ScriptedTrack;

constexpr uint32_t kTanker = 613414602;
constexpr uint32_t kCargo = 219012345;

// Ship `mmsi` sailing north at 6 kn through `at_launch` at kAirT0 - 20 s,
// reporting every 10 s from 10 minutes before.
void sail(AirRig& rig, uint32_t mmsi, LatLon at_launch) {
  const double v = 6 * 1852.0 / 3600.0;
  for (int64_t t = kAirT0 - 600000; t <= kAirT0 + 60000; t += 10000) {
    double dt = static_cast<double>(t - (kAirT0 - 20000)) / 1000.0;
    LatLon p = destination(at_launch, 0, v * dt);
    rig.picture.apply(testing::position_report(mmsi, t, p, 6, 0, 0, false), from_unix_ms(t));
  }
}

// A drone first seen at kAirT0, 360 m from its launch point (20 s at 18 m/s),
// flying towards the airport.
ScriptedTrack drone_from(LatLon launch, uint32_t id) {
  double brg = initial_bearing_deg(launch, kAirport);
  ScriptedTrack t{id, destination(launch, brg, 360)};
  LocalFrame f(t.start);
  EastNorth u = f.to_local(destination(t.start, brg, 1000));
  t.ve = u.east_m / 1000 * 18, t.vn = u.north_m / 1000 * 18;
  t.alt_m = 60, t.vu = 0;
  return t;
}

TEST(DroneOrigin, NamesTheVesselAtTheLaunchPointAndNoOther) {
  AirRig rig;
  DroneOrigin det;
  LatLon launch{55.545, 12.775};
  sail(rig, kTanker, launch);
  sail(rig, kCargo, destination(launch, 270, 2500));
  ScriptedTrack t = drone_from(launch, 9);
  for (int s = 0; s <= 30; ++s) rig.track(det, t.at(kAirT0 + s * 1000));
  ASSERT_EQ(rig.findings.size(), 1u);
  const Finding& f = rig.findings[0];
  EXPECT_EQ(f.kind, "drone_origin");
  EXPECT_EQ(f.episode, "T9");
  EXPECT_EQ(f.mmsi, std::vector<uint32_t>{kTanker});
  EXPECT_LT(f.evidence["vessel_distance_m"].get<double>(), 1000);
  EXPECT_NE(f.summary.find("MMSI 613414602"), std::string::npos) << f.summary;
}

TEST(DroneOrigin, UsesTheClimbToProjectBack) {
  DroneOrigin det;
  ScriptedTrack t{1, kAirport};
  t.alt_m = 50, t.vu = 5, t.vn = 10;  // first seen at 50 m climbing 5 m/s: launched 8 s before
  for (int s = 0; s < 8; ++s) t.at(kAirT0 + s * 1000);
  auto launch = det.launch_of(t.at(kAirT0 + 8000));
  ASSERT_TRUE(launch.has_value());
  EXPECT_NEAR(launch->back_s, 8, 0.01);
  EXPECT_EQ(to_unix_ms(launch->time), kAirT0 - 8000);
  EXPECT_NEAR(distance_m(launch->point, kAirport), 80, 1);
}

TEST(DroneOrigin, NothingWhenNoVesselWasNearOrForBirds) {
  AirRig rig;
  DroneOrigin det;
  LatLon launch{55.545, 12.775};
  sail(rig, kCargo, destination(launch, 270, 2500));
  ScriptedTrack t = drone_from(launch, 2);
  ScriptedTrack bird = drone_from(destination(launch, 270, 2500), 3);
  bird.cls = ObjectClass::kBird;
  for (int s = 0; s <= 30; ++s) {
    rig.track(det, t.at(kAirT0 + s * 1000));
    rig.track(det, bird.at(kAirT0 + s * 1000));
  }
  EXPECT_TRUE(rig.findings.empty());
}

TEST(DroneOrigin, ATrackPickedUpAgainMidFlightHasNoLaunchPoint) {
  // A drone flying since a minute ago over a passing ship gets a second track
  // (the tracker lost and re-found it): that track was not launched there.
  AirRig rig;
  DroneOrigin det;
  LatLon launch{55.545, 12.775};
  sail(rig, kCargo, launch);
  ScriptedTrack old_track{1, destination(launch, 180, 90 * 18)};  // over the launch point at kAirT0
  old_track.first_ms = kAirT0 - 90000;
  ScriptedTrack again = drone_from(launch, 2);
  again.ve = 0, again.vn = 18;  // the same flight, from the same point
  again.start = launch;
  for (int s = -90; s <= 30; ++s) {
    rig.track(det, old_track.at(kAirT0 + s * 1000));
    if (s >= 0) rig.track(det, again.at(kAirT0 + s * 1000));
  }
  EXPECT_TRUE(rig.findings.empty());
}

// A Remote ID identity whose operator stands at `op`.
air::AirIdentity remote_id(LatLon op, int64_t report_ms) {
  air::AirIdentity id;
  id.source = CooperativeSource::kRemoteId;
  id.id.assign("SSEVTFG93700070");
  id.serial.assign("SSEVTFG93700070");
  id.operator_id.assign("FIN87astrdge12kxyz8");
  id.operator_position = op;
  id.last_report = from_unix_ms(report_ms);
  return id;
}

TEST(DroneOrigin, TheBroadcastOperatorPositionIsTheLaunchPoint) {
  AirRig rig;
  DroneOrigin det;
  // The tanker passes `deck` 20 s before kAirT0 and sails on north at 6 kn;
  // the drone is first seen 6 km away, too far for the back-projection.
  const LatLon deck{55.545, 12.775};
  sail(rig, kTanker, deck);
  sail(rig, kCargo, destination(deck, 270, 2500));
  ScriptedTrack t = drone_from(destination(deck, 90, 6000), 21);
  // The operator broadcasts the deck's position at kAirT0 + 10 s.
  const LatLon operator_at = destination(deck, 0, 30 * 6 * 1852.0 / 3600.0);
  for (int s = 0; s <= 30; ++s) {
    air::TrackState st = t.at(kAirT0 + s * 1000);
    if (s >= 12) st.identity = remote_id(operator_at, kAirT0 + 10000);
    rig.track(det, st);
  }
  ASSERT_EQ(rig.findings.size(), 1u);
  const Finding& f = rig.findings[0];
  EXPECT_EQ(f.kind, "drone_origin");
  EXPECT_EQ(f.episode, "T21");
  EXPECT_EQ(f.mmsi, std::vector<uint32_t>{kTanker});
  EXPECT_EQ(f.evidence["launch_point_source"], "remote_id_operator");
  EXPECT_EQ(f.evidence["remote_id"]["serial"], "SSEVTFG93700070");
  EXPECT_LT(f.evidence["vessel_distance_m"].get<double>(), 20);
  EXPECT_NEAR(f.pos.lat, operator_at.lat, 1e-9);
  EXPECT_NE(f.summary.find("(Remote ID serial SSEVTFG93700070) was launched from"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("MMSI 613414602"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("its operator broadcasts a position"), std::string::npos) << f.summary;
}

TEST(DroneOrigin, AnOperatorAwayFromEveryVesselNamesNone) {
  AirRig rig;
  DroneOrigin det;
  const LatLon deck{55.545, 12.775};
  sail(rig, kTanker, deck);
  // Launched from the tanker by its track, but the operator broadcasts a
  // position 5 km away: the broadcast is what is known, nothing is named.
  ScriptedTrack t = drone_from(deck, 22);
  for (int s = 0; s <= 30; ++s) {
    air::TrackState st = t.at(kAirT0 + s * 1000);
    st.identity = remote_id(destination(deck, 90, 5000), kAirT0 + s * 1000);
    rig.track(det, st);
  }
  EXPECT_TRUE(rig.findings.empty());
}

}  // namespace
}  // namespace lookout::detect
