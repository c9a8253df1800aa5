// Sensor coverage: whether a sensor's scan could have seen a point — range
// (min/max from the site), azimuth sector and elevation limits from
// SensorConfig. A track is charged a miss only when it could (MATLAB's
// trackers call such tracks "detectable"; decision record 0015).
#pragma once

#include <Eigen/Core>

#include "track/air/sensor_config.h"

namespace lookout::air {

// `site` and `point` in the tracker's east-north-up frame (metres). A point
// without a known altitude passes the elevation test (`alt_known` false).
bool in_coverage(const SensorConfig& s, const Eigen::Vector3d& site, const Eigen::Vector3d& point,
                 bool alt_known = true);

}  // namespace lookout::air
