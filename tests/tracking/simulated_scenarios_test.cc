// The air tracker on simulated scenarios with ground truth: continuity,
// confirmation, deletion, GOSPA/OSPA bounds and classification. The numbers
// each test prints are the ones quoted in docs/decisions/0004-air-tracker.md.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "scenario_sim.h"

namespace lookout::air {
namespace {

using sim::Leg;
using sim::SimSensor;
using sim::Truth;

void print(const char* name, const sim::RunResult& r) {
  std::printf("[scenario] %-28s GOSPA %.1f m  OSPA %.1f m  missed %.2f  false %.2f  (%zu steps)\n",
              name, r.gospa_mean, r.ospa_mean, r.missed_mean, r.false_mean, r.steps);
  if (std::getenv("LOOKOUT_SCENARIO_LOG") == nullptr) return;
  for (const std::string& line : r.log) std::printf("  %s\n", line.c_str());
  for (const auto& [id, s] : r.final_state) {
    std::printf("  truth %d: track %u %s speed %.1f alt %.0f turn %.1f straight %.2f p_ct %.2f"
                " sigma_v %.1f P(u,d,b,a) = %.2f %.2f %.2f %.2f\n",
                id, s.id, to_string(s.cls), s.speed_mps, s.alt_m, s.turn_rate_deg_s,
                s.straightness, s.p_turning,
                s.sigma_speed_mps, s.class_prob[0], s.class_prob[1], s.class_prob[2], s.class_prob[3]);
  }
}

TEST(AirTrackerScenario, StraightDroneIsOneConfirmedTrackThroughout) {
  std::vector<Truth> truth{sim::fly(1, ObjectClass::kDrone, 0, {-1500, -1000, 120}, 20, 60, {{150}})};
  std::vector<SimSensor> sensors{sim::radar()};
  AirTracker tracker(sim::params(), sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 150, 1);
  print("straight drone", r);
  EXPECT_EQ(r.tracks_of_truth[1].size(), 1u) << "one track id for the whole flight";
  EXPECT_GT(r.covered[1], 0.97);
  EXPECT_LT(r.gospa_mean, 40);
  EXPECT_LT(r.false_mean, 0.1);
  EXPECT_EQ(r.final_class[1], ObjectClass::kDrone);
}

TEST(AirTrackerScenario, TurningDroneKeepsItsTrackThroughTheTurns) {
  std::vector<Truth> truth{sim::fly(1, ObjectClass::kDrone, 0, {-800, 0, 100}, 15, 90,
                                    {{20}, {15, 12}, {20}, {15, -12}, {10}, {30, 6}, {20}})};
  std::vector<SimSensor> sensors{sim::radar()};
  AirTracker tracker(sim::params(), sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 130, 2);
  print("turning drone", r);
  EXPECT_EQ(r.tracks_of_truth[1].size(), 1u);
  EXPECT_GT(r.covered[1], 0.97);
  EXPECT_LT(r.gospa_mean, 45);
}

TEST(AirTrackerScenario, TwoCrossingDronesKeepTheirOwnTracks) {
  // Crossing at right angles over the same point 60 s in, 30 m apart in
  // height (less than two sigma of the radar's elevation error there).
  std::vector<Truth> truth{
      sim::fly(1, ObjectClass::kDrone, 0, {-1200, 1000, 150}, 20, 90, {{120}}),
      sim::fly(2, ObjectClass::kDrone, 0, {0, 2200, 180}, 20, 180, {{120}}),
  };
  std::vector<SimSensor> sensors{sim::radar()};
  AirTracker tracker(sim::params(), sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 120, 3);
  print("two crossing drones", r);
  for (int id : {1, 2}) {
    EXPECT_EQ(r.tracks_of_truth[id].size(), 1u) << "truth " << id;
    EXPECT_EQ(r.id_switches[id], 0) << "truth " << id;
    EXPECT_GT(r.covered[id], 0.95) << "truth " << id;
  }
  EXPECT_LT(r.gospa_mean, 50);
}

TEST(AirTrackerScenario, ClutterAndMissedDetectionsMakeFewFalseTracks) {
  // Pd 0.8 and 1 false detection per km^2 per scan: about 36 clutter
  // detections in every scan over the 6 x 6 km square, against three drones.
  std::vector<Truth> truth{
      sim::fly(1, ObjectClass::kDrone, 0, {-2000, -1500, 100}, 18, 45, {{180}}),
      sim::fly(2, ObjectClass::kDrone, 10, {2000, 0, 200}, 25, 270, {{30}, {20, 8}, {100}}),
      sim::fly(3, ObjectClass::kDrone, 20, {0, -2500, 80}, 12, 0, {{150}}),
  };
  std::vector<SimSensor> sensors{sim::radar("radar-1", 0.8, 1.0)};
  AirTracker tracker(sim::params(), sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 180, 4, 30);
  print("clutter, Pd 0.8", r);
  for (int id : {1, 2, 3}) {
    EXPECT_GT(r.covered[id], 0.9) << "truth " << id;
    EXPECT_LE(r.tracks_of_truth[id].size(), 2u) << "truth " << id;
  }
  EXPECT_LT(r.false_mean, 0.5);
  EXPECT_LT(r.gospa_mean, 70);
}

TEST(AirTrackerScenario, TwoSensorsWithDifferentNoiseFuseIntoOneTrack) {
  std::vector<Truth> truth{sim::fly(1, ObjectClass::kDrone, 0, {-2000, 500, 120}, 22, 100,
                                    {{40}, {20, -6}, {60}})};
  std::vector<SimSensor> sensors{sim::radar("radar-1", 0.85), sim::rf("rf-1")};
  AirTracker tracker(sim::params(), sim::configs(sensors));
  uint32_t mask = 0;
  sim::RunResult r;
  {
    r = sim::run(tracker, truth, sensors, 120, 5);
  }
  for (const TrackState& s : tracker.tracks()) mask |= s.sensor_mask;
  print("radar + RF", r);
  EXPECT_EQ(r.tracks_of_truth[1].size(), 1u);
  EXPECT_GT(r.covered[1], 0.97);
  EXPECT_LT(r.gospa_mean, 45);
  EXPECT_EQ(mask, 3u) << "both sensors contributed to the track";
  EXPECT_EQ(r.final_class[1], ObjectClass::kDrone);
}

TEST(AirTrackerScenario, RfOnlyTracksConfirmWithLowPdAndWideErrors) {
  std::vector<Truth> truth{sim::fly(1, ObjectClass::kDrone, 0, {-2000, 500, 120}, 22, 100, {{200}})};
  std::vector<SimSensor> sensors{sim::rf("rf-1")};
  AirTracker tracker(sim::params(), sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 200, 6, 20, 300);
  print("RF only (c = 300 m)", r);
  EXPECT_EQ(r.tracks_of_truth[1].size(), 1u);
  EXPECT_GT(r.covered[1], 0.9);
  EXPECT_LT(r.gospa_mean, 160);
}

TEST(AirTrackerScenario, KinematicsClassifyDroneBirdAndAirliner) {
  // Radar only, no class calls: the class comes from how each one flies.
  std::vector<Truth> truth{
      sim::fly(1, ObjectClass::kDrone, 0, {-2000, -2000, 150}, 28, 45, {{150}}),
      sim::bird(2, 0, {1500, -1000, 60}, 11, 300, 150, 20, 7),
      sim::fly(3, ObjectClass::kAircraft, 0, {-4000, 3000, 1500}, 110, 120, {{60, 0, -5}}),
  };
  std::vector<SimSensor> sensors{sim::radar("radar-1", 0.95, 0.02)};
  sensors[0].clutter_half_width_m = 5000;
  TrackerParams p = sim::params();
  p.initial_speed_sigma_mps = 90;  // airliners start fast
  AirTracker tracker(p, sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 150, 8);
  print("drone / bird / airliner", r);
  EXPECT_EQ(r.final_class[1], ObjectClass::kDrone);
  EXPECT_EQ(r.final_class[2], ObjectClass::kBird);
  EXPECT_EQ(r.final_class[3], ObjectClass::kAircraft);
  for (int id : {1, 2, 3}) EXPECT_GT(r.covered[id], 0.9) << "truth " << id;
}

TEST(AirTrackerScenario, TracksAreDeletedAfterTheTargetLeaves) {
  // The drone lands (its path ends) at 60 s: its track coasts, then goes.
  std::vector<Truth> truth{sim::fly(1, ObjectClass::kDrone, 0, {-500, -500, 80}, 10, 45, {{60}})};
  std::vector<SimSensor> sensors{sim::radar("radar-1", 0.95, 0.0)};
  AirTracker tracker(sim::params(), sim::configs(sensors));
  std::vector<TrackStatus> seen;
  sim::RunResult r = sim::run(tracker, truth, sensors, 90, 9);
  EXPECT_EQ(r.confirmed_ids.size(), 1u);
  EXPECT_EQ(tracker.track_count(), 0u) << "deleted after its misses";
  EXPECT_EQ(r.deleted_reported, 1u) << "the deletion is reported once";
  EXPECT_EQ(tracker.stats().tracks_deleted, tracker.stats().tracks_started);
}

TEST(AirTrackerScenario, MemoryStaysBoundedOverALongRun) {
  // Two hours at 1 Hz with drones coming and going every few minutes and
  // steady clutter: the number of tracks stays small, and each track's
  // memory is fixed (TrackHistory has no heap).
  std::vector<Truth> truth;
  for (int i = 0; i < 40; ++i) {
    double start = i * 180.0;
    truth.push_back(sim::fly(i + 1, ObjectClass::kDrone, start, {-1500, -1500 + 50.0 * (i % 7), 100},
                             15, 45, {{200}}));
  }
  std::vector<SimSensor> sensors{sim::radar("radar-1", 0.9, 0.3)};
  AirTracker tracker(sim::params(), sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 7200, 10, 8);
  print("two hours, 40 drones", r);
  EXPECT_LE(r.max_tracks, 60u);
  EXPECT_GE(r.confirmed_ids.size(), 40u);
  EXPECT_LT(r.false_mean, 0.3);
  EXPECT_GT(tracker.stats().scans, 7000u);
}

}  // namespace
}  // namespace lookout::air
