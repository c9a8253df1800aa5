#include "detect/air/swarm.h"

#include <gtest/gtest.h>

#include <deque>

#include "detect/air/air_test_util.h"

namespace lookout::detect {
namespace {

using testing::AirRig;
using testing::kAirT0;
using testing::kAirport;
using testing::ScriptedTrack;

// Runs `tracks` for `seconds`, one scan per second.
void run(AirRig& rig, Swarm& det, std::deque<ScriptedTrack>& tracks, int seconds, int from = 0) {
  for (int s = from; s <= from + seconds; ++s) {
    std::vector<air::TrackState> states;
    for (auto& t : tracks) states.push_back(t.at(kAirT0 + s * 1000));
    rig.scan(det, states, from_unix_ms(kAirT0 + s * 1000));
  }
}

TEST(Swarm, ThreeDronesFlyingTogetherAreOneSwarm) {
  AirRig rig;
  Swarm det;
  std::deque<ScriptedTrack> tracks;
  for (uint32_t i = 0; i < 3; ++i) tracks.push_back({10 + i, destination(kAirport, 90, 300.0 * i)});
  run(rig, det, tracks, 60);
  ASSERT_EQ(rig.findings.size(), 1u);
  const Finding& f = rig.findings[0];
  EXPECT_EQ(f.kind, "swarm");
  EXPECT_EQ(f.track, "T10");
  EXPECT_EQ(to_unix_ms(f.time), kAirT0 + 15000);  // drones from 10 s old (DroneGate), then held 5 s
  EXPECT_EQ(f.evidence["members"].size(), 3u);
  EXPECT_NE(f.summary.find("Swarm of 3 drones (T10, T11, T12)"), std::string::npos);
}

TEST(Swarm, AFourthDroneJoiningUpdatesTheSameEpisode) {
  AirRig rig;
  Swarm det;
  std::deque<ScriptedTrack> tracks;
  for (uint32_t i = 0; i < 3; ++i) tracks.push_back({i + 1, destination(kAirport, 90, 300.0 * i)});
  run(rig, det, tracks, 20);
  ASSERT_EQ(rig.findings.size(), 1u);
  tracks.push_back({4, destination(kAirport, 270, 300)});
  run(rig, det, tracks, 10, 21);
  ASSERT_EQ(rig.findings.size(), 2u);
  EXPECT_EQ(rig.findings[0].episode, rig.findings[1].episode);
  EXPECT_EQ(rig.findings[1].evidence["members"].size(), 4u);
}

TEST(Swarm, NoSwarmFromBirdsPairsSpreadOrDivergingDrones) {
  AirRig rig;
  Swarm det;
  std::deque<ScriptedTrack> tracks;
  for (uint32_t i = 0; i < 4; ++i) {  // a flock
    tracks.push_back({1 + i, destination(kAirport, 90, 200.0 * i)});
    tracks.back().cls = ObjectClass::kBird;
  }
  tracks.push_back({10, destination(kAirport, 0, 20000)});  // two drones together: not three
  tracks.push_back({11, destination(kAirport, 0, 20300)});
  tracks.push_back({20, destination(kAirport, 180, 20000)});  // three drones, different directions
  tracks.push_back({21, destination(kAirport, 180, 20300)});
  tracks.back().vn = -18;
  tracks.push_back({22, destination(kAirport, 180, 20600)});
  tracks.back().vn = 0, tracks.back().ve = 18;
  tracks.push_back({30, destination(kAirport, 90, 20000)});  // three drones 3 km apart
  tracks.push_back({31, destination(kAirport, 90, 23000)});
  tracks.push_back({32, destination(kAirport, 90, 26000)});
  run(rig, det, tracks, 30);
  for (const auto& f : rig.findings) ADD_FAILURE() << f.summary;
}

}  // namespace
}  // namespace lookout::detect
