#include "geo/intercept.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>

namespace lookout::geo {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;

// The geodesic search stops once the unit's reach is within this of the
// target (metres); a Newton step from there leaves far less than a second.
constexpr double kReachTolM = 0.5;
// Bound on the geodesic search's steps; each costs two geodesic problems.
constexpr int kMaxGeodesicSteps = 4000;

double seconds_between(Timestamp from, Timestamp to) {
  return std::chrono::duration<double>(to - from).count();
}

EastNorth velocity_en(const MovingPosition& p) {
  const double c = p.course_deg * kDegToRad;
  return {p.speed_mps * std::sin(c), p.speed_mps * std::cos(c)};
}

bool usable(const MovingPosition& p) {
  return p.position.valid() && std::isfinite(p.course_deg) && std::isfinite(p.speed_mps) &&
         p.speed_mps >= 0;
}

}  // namespace

const char* to_string(InterceptMethod method) {
  return method == InterceptMethod::kPlane ? "plane" : "geodesic";
}

std::optional<double> plane_intercept_time(EastNorth r, EastNorth v, double s, double horizon_s) {
  const double c = r.east_m * r.east_m + r.north_m * r.north_m;
  if (c == 0) return 0.0;
  const double a = v.east_m * v.east_m + v.north_m * v.north_m - s * s;
  const double h = r.east_m * v.east_m + r.north_m * v.north_m;  // half the linear coefficient
  double best = -1;
  auto consider = [&](double t) {
    if (t > 0 && std::isfinite(t) && (best < 0 || t < best)) best = t;
  };
  // |a| this small against s^2 is a target as fast as the unit: the square
  // drops out and only a target coming towards the unit (h < 0) is met.
  if (std::fabs(a) <= 1e-12 * std::max(s * s, 1.0)) {
    if (h < 0) consider(-c / (2 * h));
  } else {
    const double disc = h * h - a * c;
    if (disc < 0) return std::nullopt;
    // Roots as q / a and c / q: no cancellation whichever sign h has.
    const double q = -(h + std::copysign(std::sqrt(disc), h));
    if (q != 0) {
      consider(q / a);
      consider(c / q);
    }
  }
  if (best < 0 || best > horizon_s) return std::nullopt;
  return best;
}

LatLon dead_reckon(const MovingPosition& p, Timestamp at) {
  const double dt = seconds_between(p.time, at);
  if (dt == 0 || p.speed_mps == 0) return p.position;
  return destination(p.position, p.course_deg, p.speed_mps * dt);
}

namespace {

// Carries both to `at` and fills in what every answer states.
InterceptSolution start(const MovingPosition& target, const InterceptUnit& unit, Timestamp at,
                        LatLon& target_now, LatLon& unit_now) {
  InterceptSolution out;
  out.target_age_s = seconds_between(target.time, at);
  out.unit_age_s = seconds_between(unit.last.time, at);
  target_now = dead_reckon(target, at);
  unit_now = dead_reckon(unit.last, at);
  out.range_m = distance_m(unit_now, target_now);
  return out;
}

void finish(InterceptSolution& out, LatLon unit_now, LatLon aim, double t, Timestamp at) {
  out.possible = true;
  out.aim = aim;
  out.time_s = t;
  out.distance_m = distance_m(unit_now, aim);
  out.course_deg = out.distance_m > 0 ? initial_bearing_deg(unit_now, aim) : 0;
  out.arrival = at + std::chrono::milliseconds(std::llround(t * 1000));
}

bool usable(const MovingPosition& target, const InterceptUnit& unit) {
  return usable(target) && usable(unit.last) && std::isfinite(unit.top_speed_mps) &&
         unit.top_speed_mps > 0;
}

}  // namespace

InterceptSolution solve_intercept_geodesic(const MovingPosition& target, const InterceptUnit& unit,
                                           Timestamp at, const InterceptParams& params) {
  LatLon target_now, unit_now;
  InterceptSolution out = start(target, unit, at, target_now, unit_now);
  out.method = InterceptMethod::kGeodesic;
  if (!usable(target, unit)) return out;
  const double s = unit.top_speed_mps;
  const double v = target.speed_mps;
  auto target_at = [&](double t) { return destination(target_now, target.course_deg, v * t); };
  // How far the target lies beyond the unit's reach at t: zero at an intercept.
  auto gap = [&](double t) { return distance_m(unit_now, target_at(t)) - s * t; };

  // The gap changes by at most v + s per second (the target moves v along
  // its geodesic, the reach grows by s), so from a gap g no root lies
  // within g / (v + s): stepping that far never passes the first meeting.
  double t = 0;
  double g = gap(0);
  int steps = 0;
  while (g > kReachTolM) {
    t += g / (v + s);
    if (t > params.horizon_s || ++steps > kMaxGeodesicSteps) return out;
    g = gap(t);
  }
  // One Newton step on the last half metre, with the slope over a second.
  const double slope = gap(t + 1) - g;
  if (slope < 0) t = std::max(0.0, t - g / slope);
  if (t > params.horizon_s) return out;
  finish(out, unit_now, target_at(t), t, at);
  return out;
}

InterceptSolution solve_intercept(const MovingPosition& target, const InterceptUnit& unit,
                                  Timestamp at, const InterceptParams& params) {
  LatLon target_now, unit_now;
  InterceptSolution out = start(target, unit, at, target_now, unit_now);
  if (!usable(target, unit)) return out;
  if (!(out.range_m <= kPlaneRangeM)) return solve_intercept_geodesic(target, unit, at, params);
  const LocalFrame frame(unit_now);
  const EastNorth r = frame.to_local(target_now);
  const EastNorth v = velocity_en(target);
  const std::optional<double> t = plane_intercept_time(r, v, unit.top_speed_mps, params.horizon_s);
  if (!t) return out;
  const LatLon aim = frame.to_latlon({r.east_m + v.east_m * *t, r.north_m + v.north_m * *t});
  finish(out, unit_now, aim, *t, at);
  return out;
}

std::vector<RankedIntercept> rank_intercepts(const MovingPosition& target,
                                             std::span<const InterceptUnit> units, Timestamp at,
                                             const InterceptParams& params) {
  std::vector<RankedIntercept> out;
  out.reserve(units.size());
  for (std::size_t unit_idx = 0; unit_idx < units.size(); ++unit_idx) {
    out.push_back({unit_idx, solve_intercept(target, units[unit_idx], at, params)});
  }
  std::stable_sort(out.begin(), out.end(), [](const RankedIntercept& a, const RankedIntercept& b) {
    if (a.solution.possible != b.solution.possible) return a.solution.possible;
    if (a.solution.possible) return a.solution.time_s < b.solution.time_s;
    return a.solution.range_m < b.solution.range_m;
  });
  return out;
}

}  // namespace lookout::geo
