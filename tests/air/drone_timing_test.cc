// The drone-from-a-ship scenario with sensors whose plots carry their own
// times, one variant per timing model (issue 17, "How it is checked"):
// rotating radars of 1 s and 4 s revolutions (each plot stamped when the beam
// passed the target), a staring radar reporting each target 4 times a second
// on its own phase, an RF detector fixing each drone every 2 s on the
// drone's own phase (in every variant; alone beside a radar of shared scan
// times in one), two radars on clocks 300 ms apart, and plots delivered up to
// 2 s out of order.
// Each through the real `lookout replay`: all three drones raise
// drone_incursion and drone_origin naming the launch vessel only, a swarm is
// raised, nothing else (birds, the airliner, clutter) raises anything, and
// the reported tracks' mean GOSPA (c = 100 m, p = 2, not normalised: some 8
// targets at a time, so 25 m on each is 70 m) stays under a bound; the same
// scenario with shared scan times scores 85 m on the tracker before issue
// 17 (missed 0.35, false 0.09 a step), with every alert right. And the
// property: moving every plot's time at random within its scan changes no
// alert.
//
// The scenarios are written into the build tree by cmake/scenarios.cmake.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/air/timed_scenario_support.h"

namespace lookout::test {
namespace {

const std::set<std::string> kEverything{"drone", "bird", "aircraft"};

// Variants the tracker still fails (issue 17). Such a test reports what fell
// short - the numbers - and skips; once the tracker meets the issue, the name
// comes off this list and the test holds it there. The tracker before issue 17
// failed every variant but rf_2s (thousands of tracks, at most two
// incursions, no swarm); the async tracker of c63cb09 passed all but the 4 s
// radar: drone_origin for two drones of three, two gulls called drones inside
// the airport zone, mean GOSPA 142 m (missed 2.21, false 0.29 a step). Kinematic
// class evidence per look keeps the gulls quiet now; the second and third drones
// in file still get tracks of their own too late for drone_origin (decision 0015,
// "Sparse revisits": the association that fixed it cost a third of the
// throughput and was taken out).
const std::set<std::string> kKnownFailing{"rotating_4s"};

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "\n  " + x;
  return s;
}

void expect_caught(const TimedRun& run, const std::set<std::string>& kinds, double gospa_bound_m) {
  TimedOutcome o = replay_timed(run, kinds);
  std::printf("[timing] %-14s mean GOSPA %.1f m (c = 100 m); %s\n", run.variant.c_str(), o.gospa_mean,
              o.air_summary.c_str());
  std::vector<std::string> missing = shortfalls(o, gospa_bound_m);
  if (!missing.empty() && kKnownFailing.count(run.variant)) {
    GTEST_SKIP() << run.variant << " fails on this tracker (issue 17):" << joined(missing);
  }
  EXPECT_TRUE(missing.empty()) << run.variant << ":" << joined(missing);
}

TEST(DroneTiming, RotatingRadarOneSecond) { expect_caught({"rotating_1s", {}}, kEverything, 100); }

TEST(DroneTiming, RotatingRadarFourSeconds) { expect_caught({"rotating_4s", {}}, kEverything, 120); }

TEST(DroneTiming, StaringRadarFourHertz) { expect_caught({"staring_4hz", {}}, kEverything, 100); }

TEST(DroneTiming, RfDetectorEveryTwoSeconds) { expect_caught({"rf_2s", {}}, kEverything, 100); }

TEST(DroneTiming, TwoRadarsOnClocks300msApart) { expect_caught({"two_radars", {}}, kEverything, 100); }

// No reorder window in replay's merge: the tracker gets the plots in the order
// they arrived, up to 2 s late, and must put them back itself.
TEST(DroneTiming, PlotsUpToTwoSecondsOutOfOrder) {
  expect_caught({"out_of_order", {"--reorder-window", "0"}}, kEverything, 100);
}

TEST(DroneTiming, JitteringPlotTimesWithinTheirScanChangesNoAlert) {
  TimedOutcome beam = replay_timed({"rotating_1s", {}}, kEverything);
  TimedOutcome jittered = replay_timed({"rotating_1s_jitter", {}}, kEverything);
  ASSERT_EQ(beam.rc, 0) << beam.log;
  ASSERT_EQ(jittered.rc, 0) << jittered.log;
  std::vector<std::string> diff;
  auto describe = [](const AlertSignature& a) { return a.kind + " " + (a.truth.empty() ? "-" : a.truth) + " " + a.mmsi; };
  for (const auto& a : beam.signatures) {
    if (!jittered.signatures.count(a)) diff.push_back("only with beam times: " + describe(a));
  }
  for (const auto& a : jittered.signatures) {
    if (!beam.signatures.count(a)) diff.push_back("only jittered: " + describe(a));
  }
  // Not vacuous: the alerts compared must be the scenario's (3 incursions, 3 origins, a swarm, approaches).
  if (beam.signatures.size() < 7) diff.push_back("only " + std::to_string(beam.signatures.size()) + " distinct alerts with beam times");
  if (!diff.empty() && kKnownFailing.count("rotating_1s_jitter")) {
    GTEST_SKIP() << "jittered plot times change alerts on this tracker (issue 17):" << joined(diff)
                 << joined(shortfalls(beam, 1e9));
  }
  EXPECT_TRUE(diff.empty()) << joined(diff);
}

}  // namespace
}  // namespace lookout::test
