#include "core/geodesy.h"

#include <GeographicLib/Constants.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <algorithm>
#include <array>
#include <limits>
#include <numbers>

namespace lookout {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDegToRad = std::numbers::pi / 180.0;

const GeographicLib::Geodesic& wgs84() { return GeographicLib::Geodesic::WGS84(); }

// First eccentricity squared of WGS84, e^2 = f (2 - f).
double wgs84_e2() {
  const double f = GeographicLib::Constants::WGS84_f();
  return f * (2 - f);
}

// sin and cos of x for |x| <= pi/2 (a latitude), by their Taylor series to
// the x^21 and x^22 terms: the first term left out is below 2e-18 there, so
// the result is within a few ulp of libm's, with no branches and at about a
// third of the cost of a sincos that must handle every argument.
constexpr std::array<double, 12> taylor_coefficients(int first) {
  // (-1)^k / (2k + first)!, k = 0, 1, ...
  std::array<double, 12> out{};
  double fact = 1;
  for (int n = 2; n <= first; ++n) fact *= n;
  for (int k = 0; k < 12; ++k) {
    out[static_cast<std::size_t>(k)] = (k % 2 == 0 ? 1 : -1) / fact;
    fact *= (2 * k + first + 1) * (2 * k + first + 2);
  }
  return out;
}
constexpr auto kSinTerms = taylor_coefficients(1);  // 1/1!, -1/3!, 1/5!, ...
constexpr auto kCosTerms = taylor_coefficients(0);  // 1/0!, -1/2!, 1/4!, ...

void sincos_half_pi(double x, double& s, double& c) {
  const double x2 = x * x;
  double ps = kSinTerms[10];
  for (int k = 9; k >= 0; --k) ps = ps * x2 + kSinTerms[static_cast<std::size_t>(k)];
  double pc = kCosTerms[11];
  for (int k = 10; k >= 0; --k) pc = pc * x2 + kCosTerms[static_cast<std::size_t>(k)];
  s = x * ps;
  c = pc;
}

}  // namespace

double distance_m(LatLon a, LatLon b) {
  if (!a.valid() || !b.valid()) return kNaN;
  double s12 = 0;
  wgs84().Inverse(a.lat, a.lon, b.lat, b.lon, s12);
  return s12;
}

double great_circle_m(LatLon a, LatLon b) {
  constexpr double kMeanRadiusM = 6371008.8;
  const double phi1 = a.lat * kDegToRad, phi2 = b.lat * kDegToRad;
  const double s_phi = std::sin(0.5 * (phi2 - phi1));
  const double s_lambda = std::sin(0.5 * (b.lon - a.lon) * kDegToRad);
  const double h = s_phi * s_phi + std::cos(phi1) * std::cos(phi2) * s_lambda * s_lambda;
  return 2 * kMeanRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

double initial_bearing_deg(LatLon a, LatLon b) {
  if (!a.valid() || !b.valid()) return kNaN;
  if (a == b) return 0;
  double s12 = 0;
  double azi1 = 0;
  double azi2 = 0;
  wgs84().Inverse(a.lat, a.lon, b.lat, b.lon, s12, azi1, azi2);
  // GeographicLib returns azimuths in [-180, 180]; bearings live in [0, 360).
  double bearing = azi1 < 0 ? azi1 + 360 : azi1;
  return bearing >= 360 ? bearing - 360 : bearing;
}

LatLon destination(LatLon from, double bearing_deg, double distance_m) {
  if (!from.valid() || !std::isfinite(bearing_deg) || !std::isfinite(distance_m)) {
    return {kNaN, kNaN};
  }
  double lat2 = 0;
  double lon2 = 0;
  wgs84().Direct(from.lat, from.lon, bearing_deg, distance_m, lat2, lon2);
  // Direct already reduces longitude to [-180, 180]; fold 180 onto -180.
  if (lon2 >= 180) lon2 -= 360;
  return {lat2, lon2};
}

DegreeScale degree_scale(double lat_deg) {
  const double a = GeographicLib::Constants::WGS84_a();
  const double e2 = wgs84_e2();
  double s = 0;
  double c = 0;
  if (std::fabs(lat_deg) <= 90) {
    sincos_half_pi(lat_deg * kDegToRad, s, c);
  } else {
    s = std::sin(lat_deg * kDegToRad);
    c = std::cos(lat_deg * kDegToRad);
  }
  // M = a (1 - e2) / w^3/2 and N = a / w^1/2, w = 1 - e2 sin^2: one division.
  const double w = 1 - e2 * s * s;
  const double r = 1 / (w * std::sqrt(w));
  return {a * (1 - e2) * r * kDegToRad, a * w * r * c * kDegToRad};
}

LocalFrame::LocalFrame(LatLon origin) : origin_(origin) {
  // Past 89.9 degrees the longitude scale tends to zero and the inverse map
  // would divide by it; hold it at its value 11 km from the pole instead.
  const double lat = std::clamp(origin.lat, -89.9, 89.9);
  const DegreeScale scale = degree_scale(lat);
  m_per_deg_lat_ = scale.lat_m;
  m_per_deg_lon_ = scale.lon_m;
}

}  // namespace lookout
