// Intercept: which course a unit of known top speed must steer to meet a
// target that keeps its course and speed, where they meet and when.
//
// The unit may go anywhere within s * t of where it starts after t seconds,
// so it can meet the target at the first t where the target's position lies
// within that circle. On a plane, with r the target's position relative to
// the unit and v its velocity, |r + v t| = s t gives
//
//   (v.v - s^2) t^2 + 2 (r.v) t + r.r = 0
//
// and the answer is its smallest positive root; none means the unit can never
// catch up. Within kPlaneRangeM the plane (a LocalFrame centred on the unit)
// is good to 0.3%; beyond it a degree of longitude changes length along the
// way and the answer is found on the WGS84 ellipsoid instead, on geodesics.
// docs/decisions/0019-intercept.md has the reasons and the error bounds.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "core/geodesy.h"
#include "core/latlon.h"
#include "core/time.h"

namespace lookout::geo {

// Beyond this distance between unit and target the plane is not trusted.
inline constexpr double kPlaneRangeM = 50'000;

// A target as last seen: where, how it moved (course over ground, degrees
// true, and speed in m/s), and when. Dead-reckoned along its geodesic.
struct MovingPosition {
  LatLon position;
  double course_deg = 0;
  double speed_mps = 0;
  Timestamp time;
};

// A unit as last seen (its own course and speed carry it on until `at`) and
// the fastest it can go.
struct InterceptUnit {
  MovingPosition last;
  double top_speed_mps = 0;
};

enum class InterceptMethod { kPlane, kGeodesic };
const char* to_string(InterceptMethod method);

// The answer for one unit. When `possible` is false only the ages, the
// method and `range_m` mean anything.
struct InterceptSolution {
  bool possible = false;
  LatLon aim;                  ///< where unit and target meet
  double course_deg = 0;       ///< course to steer from the unit's position, degrees true
  double distance_m = 0;       ///< how far the unit goes to the aim point
  double time_s = 0;           ///< seconds from `at` to the meeting
  Timestamp arrival;           ///< at + time_s
  double range_m = 0;          ///< distance between unit and target at `at`
  double target_age_s = 0;     ///< how old the target's position was at `at`
  double unit_age_s = 0;       ///< how old the unit's position was at `at`
  InterceptMethod method = InterceptMethod::kPlane;
};

struct InterceptParams {
  // An intercept further away than this is answered "cannot intercept": the
  // target will have changed its course long before.
  double horizon_s = 48 * 3600.0;
};

// The smallest t > 0 with |r + v t| = s t, r and v east-north in metres and
// m/s, s > 0; nullopt when there is none within horizon_s. t = 0 when r is 0.
std::optional<double> plane_intercept_time(EastNorth r, EastNorth v, double s, double horizon_s);

// The position of `p` dead-reckoned to `at` (backwards when `at` is earlier).
LatLon dead_reckon(const MovingPosition& p, Timestamp at);

// Both positions are carried to `at`, then the intercept is solved on the
// plane within kPlaneRangeM and on the ellipsoid beyond. Never throws; an
// invalid position or a top speed <= 0 gives possible == false.
InterceptSolution solve_intercept(const MovingPosition& target, const InterceptUnit& unit,
                                  Timestamp at, const InterceptParams& params = {});

// On the ellipsoid at any range: the first t at which the geodesic distance
// from the unit (at `at`) to the dead-reckoned target equals s t.
InterceptSolution solve_intercept_geodesic(const MovingPosition& target, const InterceptUnit& unit,
                                           Timestamp at, const InterceptParams& params = {});

// The units' answers in order of arrival: those that can intercept first,
// soonest first, then those that cannot, nearest first. `unit_idx` is the
// index into `units` of each answer.
struct RankedIntercept {
  std::size_t unit_idx = 0;
  InterceptSolution solution;
};
std::vector<RankedIntercept> rank_intercepts(const MovingPosition& target,
                                             std::span<const InterceptUnit> units, Timestamp at,
                                             const InterceptParams& params = {});

}  // namespace lookout::geo
