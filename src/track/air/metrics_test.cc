// GOSPA and OSPA against values worked out by hand.
#include "track/air/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace lookout::air {
namespace {

using V = Eigen::Vector3d;

TEST(Gospa, IsZeroForIdenticalSetsAndForTwoEmptySets) {
  std::vector<V> a{V(0, 0, 0), V(100, 0, 0)};
  EXPECT_DOUBLE_EQ(gospa(a, a, 50, 2).distance, 0);
  EXPECT_DOUBLE_EQ(gospa({}, {}, 50, 2).distance, 0);
}

TEST(Gospa, ChargesHalfTheCutoffPowerPerMissedOrFalseTrack) {
  // One truth, no estimate: (c^p / 2)^(1/p) = (100^2 / 2)^(1/2) = 70.71.
  std::vector<V> truth{V(0, 0, 0)};
  GospaResult r = gospa(truth, {}, 100, 2);
  EXPECT_NEAR(r.distance, 70.7107, 1e-4);
  EXPECT_EQ(r.missed, 1u);
  EXPECT_EQ(r.false_tracks, 0u);
  // And one false track on top: (2 * 5000)^(1/2) = 100.
  std::vector<V> est{V(500, 0, 0)};
  r = gospa(truth, est, 100, 2);
  EXPECT_NEAR(r.distance, 100, 1e-9);
  EXPECT_EQ(r.missed, 1u);
  EXPECT_EQ(r.false_tracks, 1u);
  EXPECT_EQ(r.assigned, 0u);
}

TEST(Gospa, AddsLocalisationErrorsOfTheBestAssignment) {
  // Truth at 0 and 100; estimates at 103 and 4 (crossed order): pairs
  // (0,4) and (100,103) give 4^2 + 3^2 = 25 -> 5. A third estimate far away
  // adds 100^2 / 2 = 5000 -> sqrt(5025) = 70.887.
  std::vector<V> truth{V(0, 0, 0), V(100, 0, 0)};
  std::vector<V> est{V(103, 0, 0), V(4, 0, 0)};
  EXPECT_NEAR(gospa(truth, est, 100, 2).distance, 5, 1e-12);
  est.push_back(V(0, 5000, 0));
  GospaResult r = gospa(truth, est, 100, 2);
  EXPECT_NEAR(r.distance, std::sqrt(5025.0), 1e-9);
  EXPECT_NEAR(r.localisation_pow, 25, 1e-9);
  EXPECT_EQ(r.false_tracks, 1u);
}

TEST(Gospa, WithPOneSumsDistances) {
  std::vector<V> truth{V(0, 0, 0), V(0, 100, 0)};
  std::vector<V> est{V(0, 0, 3), V(0, 104, 0)};
  EXPECT_NEAR(gospa(truth, est, 50, 1).distance, 7, 1e-12);
}

TEST(Ospa, MatchesTheDefinitionOnSmallCases) {
  std::vector<V> truth{V(0, 0, 0)};
  EXPECT_DOUBLE_EQ(ospa({}, {}, 100, 2), 0);
  EXPECT_DOUBLE_EQ(ospa(truth, {}, 100, 2), 100);
  // One pair at 30 m and one extra estimate: sqrt((30^2 + 100^2) / 2) = 73.82.
  std::vector<V> est{V(30, 0, 0), V(0, 900, 0)};
  EXPECT_NEAR(ospa(truth, est, 100, 2), std::sqrt((900.0 + 10000.0) / 2.0), 1e-9);
  // Distances beyond c are cut: one pair 500 m apart -> c.
  std::vector<V> far{V(500, 0, 0)};
  EXPECT_DOUBLE_EQ(ospa(truth, far, 100, 2), 100);
}

}  // namespace
}  // namespace lookout::air
