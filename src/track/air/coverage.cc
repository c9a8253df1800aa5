#include "track/air/coverage.h"

#include <cmath>
#include <numbers>

namespace lookout::air {

bool in_coverage(const SensorConfig& s, const Eigen::Vector3d& site, const Eigen::Vector3d& point,
                 bool alt_known) {
  constexpr double kRadToDeg = 180.0 / std::numbers::pi;
  const double de = point.x() - site.x();
  const double dn = point.y() - site.y();
  const double ground2 = de * de + dn * dn;
  if (s.max_range_m > 0 && ground2 > s.max_range_m * s.max_range_m) return false;
  if (s.min_range_m > 0 && ground2 < s.min_range_m * s.min_range_m) return false;
  if (s.sector_width_deg < 360) {
    double az = std::atan2(de, dn) * kRadToDeg;  // clockwise from north
    double off = std::remainder(az - s.sector_centre_deg, 360.0);
    if (std::abs(off) > 0.5 * s.sector_width_deg) return false;
  }
  if (alt_known && (s.min_elevation_deg > -90 || s.max_elevation_deg < 90)) {
    double el = std::atan2(point.z() - site.z(), std::sqrt(ground2)) * kRadToDeg;
    if (el < s.min_elevation_deg || el > s.max_elevation_deg) return false;
  }
  return true;
}

}  // namespace lookout::air
