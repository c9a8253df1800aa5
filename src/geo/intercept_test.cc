#include "geo/intercept.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace lookout::geo {
namespace {

constexpr double kKnot = 1852.0 / 3600.0;

Timestamp at_s(double s) { return from_unix_ms(1'700'000'000'000 + std::llround(s * 1000)); }

// The brute force the solver must agree with: step time forward and stop at
// the first step where the target lies within the unit's reach (s t), which
// is where a unit that steered straight for that point would meet it. Nothing
// here knows the quadratic.
std::optional<double> brute_force_plane(EastNorth r, EastNorth v, double s, double horizon_s,
                                        double step_s) {
  for (double t = 0; t <= horizon_s; t += step_s) {
    const double e = r.east_m + v.east_m * t, n = r.north_m + v.north_m * t;
    if (std::hypot(e, n) <= s * t) return t;
  }
  return std::nullopt;
}

// The same on the ellipsoid, the target dead-reckoned along its geodesic; a
// coarse pass finds the step in which the reach first covers the target and
// a fine pass walks that step.
std::optional<double> brute_force_geodesic(LatLon unit, const MovingPosition& target, double s,
                                           double horizon_s) {
  auto covered = [&](double t) {
    return distance_m(unit, destination(target.position, target.course_deg, target.speed_mps * t)) <=
           s * t;
  };
  constexpr double kCoarse = 5, kFine = 0.1;
  for (double t = kCoarse; t <= horizon_s; t += kCoarse) {
    if (!covered(t)) continue;
    for (double f = t - kCoarse; f <= t; f += kFine) {
      if (covered(f)) return f;
    }
    return t;
  }
  return std::nullopt;
}

TEST(Intercept, PlaneTimeAgreesWithATimeSteppedPursuit) {
  std::mt19937 rng(18);
  std::uniform_real_distribution<double> unit(0, 1);
  constexpr double kHorizon = 2 * 3600.0;
  int met = 0, never = 0;
  for (int i = 0; i < 200; ++i) {
    const double range = 200 + 30'000 * unit(rng);
    const double bearing = 2 * std::numbers::pi * unit(rng);
    const double course = 2 * std::numbers::pi * unit(rng);
    const double speed = 30 * unit(rng);
    const EastNorth r{range * std::sin(bearing), range * std::cos(bearing)};
    const EastNorth v{speed * std::sin(course), speed * std::cos(course)};
    // A third of the units exactly as fast as the target: the degenerate case.
    const double s = i % 3 == 0 ? speed : 1 + 40 * unit(rng);
    const auto analytic = plane_intercept_time(r, v, s, kHorizon);
    const auto simulated = brute_force_plane(r, v, s, kHorizon, 0.1);
    SCOPED_TRACE(::testing::Message() << "case " << i << " range " << range << " target "
                                      << speed << " m/s unit " << s << " m/s");
    ASSERT_EQ(analytic.has_value(), simulated.has_value());
    if (analytic) {
      EXPECT_NEAR(*analytic, *simulated, 1.0);
      ++met;
    } else {
      ++never;
    }
  }
  // Both kinds of answer are exercised, not one of them by accident.
  EXPECT_GT(met, 60);
  EXPECT_GT(never, 15);
}

TEST(Intercept, AsFastAsTheTargetMeetsItOnlyWhenItComesTowardsTheUnit) {
  const double s = 10;
  // Head on from 10 km: they close at 20 m/s.
  auto head_on = plane_intercept_time({0, 10'000}, {0, -10}, s, 1e6);
  ASSERT_TRUE(head_on);
  EXPECT_NEAR(*head_on, 500, 1e-9);
  // Going away, or across: the unit never gains.
  EXPECT_FALSE(plane_intercept_time({0, 10'000}, {0, 10}, s, 1e6));
  EXPECT_FALSE(plane_intercept_time({0, 10'000}, {10, 0}, s, 1e6));
  EXPECT_FALSE(brute_force_plane({0, 10'000}, {10, 0}, s, 20'000, 1));
  // Already there.
  EXPECT_EQ(plane_intercept_time({0, 0}, {3, 4}, s, 1e6), 0.0);
}

TEST(Intercept, AFasterTargetIsMetOnlyOnTheWayPast) {
  // Crossing 2 km ahead at 20 m/s, the unit makes 10: caught before it passes.
  auto crossing = plane_intercept_time({-10'000, 2'000}, {20, 0}, 10, 1e6);
  ASSERT_TRUE(crossing);
  const double e = -10'000 + 20 * *crossing;
  EXPECT_NEAR(std::hypot(e, 2'000), 10 * *crossing, 1e-6);
  EXPECT_LT(e, 0);  // the first of the two meetings, before it crosses ahead
  // Already past: nothing.
  EXPECT_FALSE(plane_intercept_time({1'000, 2'000}, {20, 0}, 10, 1e6));
}

TEST(Intercept, ShortRangeAnswerMeetsTheDeadReckonedTargetAndStatesAges) {
  const MovingPosition target{{59.80, 24.50}, 90, 10 * kKnot, at_s(-120)};
  const InterceptUnit boat{{{59.70, 24.40}, 0, 0, at_s(-30)}, 30 * kKnot};
  const InterceptSolution sol = solve_intercept(target, boat, at_s(0));
  ASSERT_TRUE(sol.possible);
  EXPECT_EQ(sol.method, InterceptMethod::kPlane);
  EXPECT_DOUBLE_EQ(sol.target_age_s, 120);
  EXPECT_DOUBLE_EQ(sol.unit_age_s, 30);
  // The aim point is where the target will be, and the boat gets there in time.
  const LatLon target_then = dead_reckon(target, sol.arrival);
  EXPECT_LT(distance_m(sol.aim, target_then), 0.005 * sol.distance_m);
  EXPECT_NEAR(sol.distance_m, boat.top_speed_mps * sol.time_s, 0.005 * sol.distance_m);
  EXPECT_NEAR(sol.course_deg, initial_bearing_deg(boat.last.position, sol.aim), 1e-9);
  // The plane agrees with the ellipsoid to well within its 0.3% here.
  const InterceptSolution geo = solve_intercept_geodesic(target, boat, at_s(0));
  ASSERT_TRUE(geo.possible);
  EXPECT_NEAR(sol.time_s, geo.time_s, 0.003 * geo.time_s);
}

TEST(Intercept, LongRangeIsSolvedOnTheEllipsoid) {
  // A patrol aircraft at Gotland and a vessel 300 to 600 km away in the
  // Baltic: the geodesic answer matches the stepped pursuit on the ellipsoid.
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> unit(0, 1);
  const LatLon base{57.66, 18.35};
  for (int i = 0; i < 5; ++i) {
    const LatLon start = destination(base, 360 * unit(rng), 300'000 + 300'000 * unit(rng));
    const MovingPosition target{start, 360 * unit(rng), 5 + 10 * unit(rng), at_s(0)};
    const InterceptUnit aircraft{{base, 0, 0, at_s(0)}, 60 + 40 * unit(rng)};
    const InterceptSolution sol = solve_intercept(target, aircraft, at_s(0));
    ASSERT_TRUE(sol.possible);
    EXPECT_EQ(sol.method, InterceptMethod::kGeodesic);
    const auto simulated = brute_force_geodesic(base, target, aircraft.top_speed_mps, 48 * 3600.0);
    ASSERT_TRUE(simulated);
    EXPECT_NEAR(sol.time_s, *simulated, 1.0);
    EXPECT_NEAR(sol.distance_m, aircraft.top_speed_mps * sol.time_s, 1.0);
  }
}

TEST(Intercept, ThePlaneIsWrongAtLongRange) {
  // Why the ellipsoid: 400 km out at 58 N the tangent plane is off by minutes.
  const LatLon base{57.66, 18.35};
  const MovingPosition target{destination(base, 45, 400'000), 270, 8, at_s(0)};
  const double s = 25;
  const InterceptSolution geo = solve_intercept({target}, {{base, 0, 0, at_s(0)}, s}, at_s(0));
  ASSERT_TRUE(geo.possible);
  const LocalFrame frame(base);
  const auto plane = plane_intercept_time(frame.to_local(target.position), {-8, 0}, s, 1e6);
  ASSERT_TRUE(plane);
  EXPECT_GT(std::fabs(*plane - geo.time_s), 60);
}

TEST(Intercept, LongRangeTargetRunningAwayFasterIsNeverMet) {
  const LatLon base{57.66, 18.35};
  const MovingPosition target{destination(base, 90, 200'000), 90, 20, at_s(0)};
  const InterceptSolution sol = solve_intercept(target, {{base, 0, 0, at_s(0)}, 15}, at_s(0));
  EXPECT_FALSE(sol.possible);
  EXPECT_EQ(sol.method, InterceptMethod::kGeodesic);
  EXPECT_NEAR(sol.range_m, 200'000, 1);
}

TEST(Intercept, TheNearestUnitIsNotTheFirstToArrive) {
  // A vessel at 10 knots running east along the Gulf of Finland. A patrol
  // boat 8 km astern makes 12 knots and closes at 2; a helicopter 60 km
  // ahead makes 120 knots; a RHIB 3 km astern at 8 knots never catches up.
  const LatLon vessel{59.85, 25.00};
  const MovingPosition target{vessel, 90, 10 * kKnot, at_s(-10)};
  const std::vector<InterceptUnit> units = {
      {{destination(vessel, 270, 8'000), 90, 12 * kKnot, at_s(-60)}, 12 * kKnot},   // boat
      {{destination(vessel, 80, 60'000), 0, 0, at_s(-5)}, 120 * kKnot},              // helicopter
      {{destination(vessel, 265, 3'000), 90, 8 * kKnot, at_s(-20)}, 8 * kKnot},      // RHIB
  };
  const auto ranked = rank_intercepts(target, units, at_s(0));
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].unit_idx, 1u);  // the helicopter, furthest away
  EXPECT_EQ(ranked[1].unit_idx, 0u);
  EXPECT_EQ(ranked[2].unit_idx, 2u);
  EXPECT_TRUE(ranked[0].solution.possible);
  EXPECT_TRUE(ranked[1].solution.possible);
  EXPECT_FALSE(ranked[2].solution.possible);
  EXPECT_LT(ranked[2].solution.range_m, ranked[0].solution.range_m);
  EXPECT_LT(ranked[0].solution.time_s, 1000);
  // The boat closes at 2 knots on what is left of 8 km once both have been
  // dead-reckoned (the boat's report is 60 s old, the vessel's 10 s).
  EXPECT_NEAR(ranked[1].solution.time_s, (8'000 - 12 * kKnot * 60 + 10 * kKnot * 10) / (2 * kKnot), 10);
}

TEST(Intercept, UnusableInputIsCannotIntercept) {
  const MovingPosition target{{59.8, 24.5}, 90, 5, at_s(0)};
  EXPECT_FALSE(solve_intercept(target, {{{59.7, 24.4}, 0, 0, at_s(0)}, 0}, at_s(0)).possible);
  EXPECT_FALSE(solve_intercept(target, {{{99, 24.4}, 0, 0, at_s(0)}, 10}, at_s(0)).possible);
  MovingPosition bad = target;
  bad.speed_mps = NAN;
  EXPECT_FALSE(solve_intercept(bad, {{{59.7, 24.4}, 0, 0, at_s(0)}, 10}, at_s(0)).possible);
}

}  // namespace
}  // namespace lookout::geo
