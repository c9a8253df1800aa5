// The air tracker on simulated scenarios with ground truth: continuity,
// confirmation, deletion, GOSPA/OSPA bounds and classification, first with
// every plot of a scan at one time, then (AirTrackerAsync) under the sensor
// timing models of real feeds. The numbers each test prints are the ones
// quoted in docs/decisions/0005-air-tracker.md and 0015-asynchronous-air-tracking.md.
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

// Asynchronous feeds: plots with their own times.

// Three drones (one weaving), two birds and an airliner within 5 km of the
// site, for 90 s.
std::vector<Truth> mixed_scene() {
  return {
      sim::fly(1, ObjectClass::kDrone, 0, {-2500, -1500, 120}, 18, 60, {{90}}),
      sim::fly(2, ObjectClass::kDrone, 0, {2000, 1500, 150}, 22, 250, {{20}, {15, 8}, {20}, {15, -8}, {20}}),
      sim::fly(3, ObjectClass::kDrone, 5, {0, -3000, 90}, 15, 10, {{85}}),
      sim::bird(4, 0, {1500, -1200, 60}, 11, 300, 90, 20, 7),
      sim::bird(5, 0, {-1000, 2000, 80}, 9, 120, 90, 20, 8),
      sim::fly(6, ObjectClass::kAircraft, 0, {-4500, 3500, 1500}, 110, 120, {{75, 0, -5}}),
  };
}

SimSensor async_radar(const char* id, sim::Timing timing, double period_s, double pd = 0.9,
                      double clutter_per_km2 = 0.2) {
  SimSensor s = sim::radar(id, pd, clutter_per_km2);
  s.timing = timing;
  s.period_s = period_s;
  s.clutter_half_width_m = 5000;
  s.cfg.pattern = timing == sim::Timing::kStaring ? ScanPattern::kStaring : ScanPattern::kRotating;
  return s;
}

TrackerParams async_params() {
  TrackerParams p = sim::params();
  p.initial_speed_sigma_mps = 90;  // the airliner starts fast
  return p;
}

struct Expect {
  double gospa;        // mean GOSPA (c = 100 m) below this
  double covered;      // every truth matched at least this fraction of its live steps
  std::size_t tracks;  // and by at most this many track ids
  double false_mean;   // false tracks per step below this
};

sim::RunResult run_async(const char* name, std::vector<SimSensor> sensors, const Expect& e,
                         unsigned seed) {
  std::vector<Truth> truth = mixed_scene();
  AirTracker tracker(async_params(), sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 90, seed, 15);
  print(name, r);
  EXPECT_LT(r.gospa_mean, e.gospa);
  EXPECT_LT(r.false_mean, e.false_mean);
  for (const Truth& t : truth) {
    EXPECT_GT(r.covered[t.id], e.covered) << "truth " << t.id;
    EXPECT_LE(r.tracks_of_truth[t.id].size(), e.tracks) << "truth " << t.id;
  }
  EXPECT_EQ(tracker.stats().late, 0u);
  return r;
}

TEST(AirTrackerAsync, RotatingRadarOneSecondPlotTimesFollowTheBeam) {
  AirTracker probe(async_params());
  sim::RunResult r = run_async("rotating 1 s", {async_radar("radar-1", sim::Timing::kRotating, 1.0)},
                               {40, 0.9, 1, 0.3}, 21);
  (void)r;
}

TEST(AirTrackerAsync, RotatingRadarFourSecondsPlotTimesFollowTheBeam) {
  run_async("rotating 4 s", {async_radar("radar-1", sim::Timing::kRotating, 4.0)}, {60, 0.85, 1, 0.3},
            22);
}

TEST(AirTrackerAsync, StaringRadarReportsEachObjectAtItsOwnTime) {
  // 4 Hz, each object at its own phase: a report of one object is no miss for the others.
  std::vector<SimSensor> sensors{async_radar("staring-1", sim::Timing::kStaring, 0.25, 0.9, 0.05)};
  std::vector<Truth> truth = mixed_scene();
  AirTracker tracker(async_params(), sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 90, 23, 15);
  print("staring 4 Hz, async", r);
  EXPECT_NEAR(tracker.scan_period_s("staring-1"), 0.25, 0.01) << "learned from the plots";
  EXPECT_LT(r.gospa_mean, 40);
  EXPECT_LT(r.false_mean, 0.3);
  for (const Truth& t : truth) {
    EXPECT_GT(r.covered[t.id], 0.9) << "truth " << t.id;
    EXPECT_EQ(r.tracks_of_truth[t.id].size(), 1u) << "truth " << t.id;
  }
}

TEST(AirTrackerAsync, RotatingRadarPlusRfEveryTwoSeconds) {
  SimSensor rf = sim::rf("rf-1");
  rf.timing = sim::Timing::kStaring;
  run_async("rotating 1 s + RF 2 s",
            {async_radar("radar-1", sim::Timing::kRotating, 1.0), rf}, {45, 0.9, 1, 0.4}, 24);
}

TEST(AirTrackerAsync, TwoRadarsOnClocks300msApart) {
  SimSensor a = async_radar("radar-a", sim::Timing::kRotating, 1.0);
  SimSensor b = async_radar("radar-b", sim::Timing::kRotating, 1.0);
  b.cfg.position = LocalFrame(sim::kOrigin).to_latlon({800, -600});
  b.phase_s = 0.3;
  run_async("two radars, 300 ms apart", {a, b}, {40, 0.9, 1, 0.4}, 25);
}

TEST(AirTrackerAsync, PlotsUpToTwoSecondsOutOfOrderArePutBackInOrder) {
  SimSensor s = async_radar("radar-1", sim::Timing::kRotating, 1.0);
  s.max_delay_s = 2.0;
  s.cfg.reorder_lag_ms = 2000;
  std::vector<SimSensor> sensors{s};
  std::vector<Truth> truth = mixed_scene();
  AirTracker tracker(async_params(), sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 90, 26, 15);
  print("rotating 1 s, 2 s out of order", r);
  EXPECT_GT(tracker.stats().reordered, r.plots / 4) << "most plots came out of order";
  EXPECT_EQ(tracker.stats().late, 0u) << "none later than the lag";
  EXPECT_EQ(tracker.stats().detections, r.plots);
  EXPECT_LT(r.gospa_mean, 40);
  for (const Truth& t : truth) {
    EXPECT_GT(r.covered[t.id], 0.9) << "truth " << t.id;
    EXPECT_EQ(r.tracks_of_truth[t.id].size(), 1u) << "truth " << t.id;
  }
}

TEST(AirTrackerAsync, PlotsLaterThanTheLagAreCountedNotApplied) {
  SimSensor s = async_radar("radar-1", sim::Timing::kRotating, 1.0);
  s.max_delay_s = 4.0;
  s.cfg.reorder_lag_ms = 1000;
  std::vector<SimSensor> sensors{s};
  std::vector<Truth> truth = mixed_scene();
  // The plots as the tracker will see them, to count those later than the
  // lag behind their source's latest.
  AirTracker tracker(async_params(), sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 60, 27, 15);
  print("rotating 1 s, 4 s late, lag 1 s", r);
  const TrackerStats& st = tracker.stats();
  EXPECT_GT(st.late, r.plots / 10);
  EXPECT_EQ(st.detections + st.late, r.plots) << "every plot applied or counted";
  EXPECT_GT(st.reordered, 0u);
}

TEST(AirTrackerAsync, JitteringPlotTimesWithinTheirScanChangesLittle) {
  // The same scene with plot times following the beam, and with every plot
  // at a random time within its scan: the confirmed picture stays the same.
  std::vector<Truth> truth = mixed_scene();
  auto go = [&](sim::Timing timing, const char* name) {
    std::vector<SimSensor> sensors{async_radar("radar-1", timing, 1.0)};
    AirTracker tracker(async_params(), sim::configs(sensors));
    sim::RunResult r = sim::run(tracker, truth, sensors, 90, 28, 15);
    print(name, r);
    return r;
  };
  sim::RunResult beam = go(sim::Timing::kRotating, "beam times");
  sim::RunResult jitter = go(sim::Timing::kJitter, "jittered within scan");
  EXPECT_LT(std::abs(beam.gospa_mean - jitter.gospa_mean), 10.0);
  EXPECT_LT(std::abs(beam.false_mean - jitter.false_mean), 0.2);
  for (const Truth& t : truth) {
    EXPECT_EQ(beam.tracks_of_truth[t.id].size(), jitter.tracks_of_truth[t.id].size()) << "truth " << t.id;
    EXPECT_NEAR(beam.covered[t.id], jitter.covered[t.id], 0.05) << "truth " << t.id;
    EXPECT_EQ(beam.final_class[t.id], jitter.final_class[t.id]) << "truth " << t.id;
  }
}

TEST(AirTrackerAsync, ATrackOutsideCoverageIsNotChargedMisses) {
  // A radar blind between 170 and 190 degrees (a mast, say). Drone 1 crosses
  // the blind wedge 1 km south of the site, unseen for about 18 s; drone 2
  // lands at 30 s in plain view. Drone 2's track is deleted after a few
  // missed looks; drone 1's coasts uncharged and is picked up again on the
  // other side. Without coverage, 18 missed looks would have deleted it.
  std::vector<Truth> truth{
      sim::fly(1, ObjectClass::kDrone, 0, {-800, -1000, 100}, 20, 90, {{80}}),
      sim::fly(2, ObjectClass::kDrone, 0, {2500, 500, 100}, 10, 0, {{30}}),
  };
  SimSensor s = async_radar("radar-1", sim::Timing::kRotating, 1.0, 0.95, 0.0);
  s.cfg.sector_centre_deg = 0;
  s.cfg.sector_width_deg = 340;
  s.cfg.max_range_m = 4000;
  std::vector<SimSensor> sensors{s};
  TrackerParams p = async_params();
  p.max_coast = std::chrono::seconds(25);  // the backstop stays out of the way
  AirTracker tracker(p, sim::configs(sensors));
  sim::RunResult r = sim::run(tracker, truth, sensors, 70, 29, 5);
  print("blind sector", r);
  EXPECT_EQ(r.tracks_of_truth[1].size(), 1u) << "drone 1 keeps its track through the blind sector";
  EXPECT_EQ(r.tracks_of_truth[2].size(), 1u);
  EXPECT_GT(tracker.stats().uncovered_looks, 10u);
  EXPECT_EQ(r.deleted_reported, 1u) << "only drone 2's track was deleted";
  EXPECT_GT(r.covered[1], 0.95);
}

}  // namespace
}  // namespace lookout::air
