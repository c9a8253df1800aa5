#include "core/geodesy.h"

#include <GeographicLib/Constants.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <algorithm>
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

double metres_per_deg_lat(double lat_deg) {
  const double a = GeographicLib::Constants::WGS84_a();
  const double e2 = wgs84_e2();
  const double s = std::sin(lat_deg * kDegToRad);
  const double w = 1 - e2 * s * s;
  return a * (1 - e2) / (w * std::sqrt(w)) * kDegToRad;
}

double metres_per_deg_lon(double lat_deg) {
  const double a = GeographicLib::Constants::WGS84_a();
  const double e2 = wgs84_e2();
  const double s = std::sin(lat_deg * kDegToRad);
  return a / std::sqrt(1 - e2 * s * s) * std::cos(lat_deg * kDegToRad) * kDegToRad;
}

LocalFrame::LocalFrame(LatLon origin) : origin_(origin) {
  // Past 89.9 degrees the longitude scale tends to zero and the inverse map
  // would divide by it; hold it at its value 11 km from the pole instead.
  const double lat = std::clamp(origin.lat, -89.9, 89.9);
  m_per_deg_lat_ = lookout::metres_per_deg_lat(lat);
  m_per_deg_lon_ = lookout::metres_per_deg_lon(lat);
}

}  // namespace lookout
