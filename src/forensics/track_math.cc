#include "forensics/track_math.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/geodesy.h"

namespace lookout::forensics {

double implied_speed_kn(const track::TrackPoint& a, const track::TrackPoint& b) {
  int64_t dt = std::abs(b.time_ms - a.time_ms);
  if (dt == 0) return std::numeric_limits<double>::quiet_NaN();
  return distance_m(a.pos(), b.pos()) / (static_cast<double>(dt) / 1000.0) / 0.514444;
}

double median(std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  double m = *mid;
  if (v.size() % 2 == 0) {
    double below = *std::max_element(v.begin(), mid);
    m = (m + below) / 2;
  }
  return m;
}

double upper_quartile(std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  auto at = v.begin() + static_cast<std::ptrdiff_t>((v.size() * 3) / 4);
  std::nth_element(v.begin(), at, v.end());
  return *at;
}

double course_change_rms(const std::vector<track::TrackPoint>& pts, int64_t from_ms, int64_t to_ms) {
  double sum = 0;
  int n = 0;
  double prev = std::numeric_limits<double>::quiet_NaN();
  for (const auto& p : pts) {
    if (p.time_ms < from_ms || p.time_ms > to_ms) continue;
    // Course over ground means little when barely moving.
    double c = std::numeric_limits<double>::quiet_NaN();
    if (p.has_cog() && p.has_sog() && p.sog_kn() >= 0.5) {
      c = p.cog_deg();
    } else if (p.has_heading()) {
      c = p.heading;
    }
    if (!std::isfinite(c)) continue;
    if (std::isfinite(prev)) {
      double d = std::remainder(c - prev, 360.0);
      sum += d * d;
      ++n;
    }
    prev = c;
  }
  return n == 0 ? 0.0 : std::sqrt(sum / n);
}

store::BBox circle_box(LatLon centre, double radius_m) {
  double dlat = radius_m / metres_per_deg_lat(centre.lat);
  double lat_edge = std::min(89.0, std::abs(centre.lat) + dlat);
  double dlon = radius_m / metres_per_deg_lon(lat_edge);
  store::BBox b;
  b.min_lat = std::max(-90.0, centre.lat - dlat);
  b.max_lat = std::min(90.0, centre.lat + dlat);
  b.min_lon = std::max(-180.0, centre.lon - dlon);
  b.max_lon = std::min(180.0, centre.lon + dlon);
  return b;
}

Closest closest_on_segment(LatLon p, LatLon a, LatLon b) {
  LocalFrame frame(p);
  EastNorth pa = frame.to_local(a), pb = frame.to_local(b);
  double dx = pb.east_m - pa.east_m, dy = pb.north_m - pa.north_m;
  double len2 = dx * dx + dy * dy;
  double f = len2 > 0 ? std::clamp(-(pa.east_m * dx + pa.north_m * dy) / len2, 0.0, 1.0) : 0.0;
  double x = pa.east_m + f * dx, y = pa.north_m + f * dy;
  return {f, std::hypot(x, y)};
}

}  // namespace lookout::forensics
