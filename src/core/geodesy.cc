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

// sin and cos of a latitude in degrees, |lat| <= 90: a table at whole
// degrees and the angle-sum formulas over the rest r (|r| <= 0.5 degree),
// whose Taylor series to r^7 and r^6 leave out less than 1e-21. Within a few
// ulp of libm, with short dependency chains and no branches on the way, at
// about a third of the cost of a sincos that must handle every argument.
struct SinCos {
  double s, c;
};
std::array<SinCos, 91> whole_degrees() {
  std::array<SinCos, 91> t{};
  for (std::size_t k = 0; k < t.size(); ++k) {
    t[k] = {std::sin(static_cast<double>(k) * kDegToRad), std::cos(static_cast<double>(k) * kDegToRad)};
  }
  t[90].c = 0;  // cos(pi/2) in double is 6e-17; the latitude's cosine is 0
  return t;
}

SinCos sincos_lat(double lat_deg) {
  const double x = std::fabs(lat_deg);
  const int k = static_cast<int>(x + 0.5);  // the nearest whole degree
  const double r = (x - k) * kDegToRad;      // x - k is exact
  const double r2 = r * r;
  const double sr = r + r * r2 * (-1.0 / 6 + r2 * (1.0 / 120 - r2 * (1.0 / 5040)));
  const double cr = 1 + r2 * (-1.0 / 2 + r2 * (1.0 / 24 - r2 * (1.0 / 720)));
  static const std::array<SinCos, 91> table = whole_degrees();  // safe in other statics' initialisers
  const SinCos& t = table[static_cast<std::size_t>(k)];
  const double s = t.s * cr + t.c * sr;
  return {lat_deg < 0 ? -s : s, t.c * cr - t.s * sr};
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
    const SinCos sc = sincos_lat(lat_deg);
    s = sc.s;
    c = sc.c;
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
