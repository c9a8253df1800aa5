// The detectors' parameters as JSON, for GET /api/health: one object per
// detector, keyed by parameter name as the configuration writes it (a
// dotted name is a nested object: "gate": {"min_hits": 5}), with the same
// values (durations as "10min", exempt ship types as [[30, 34], ...]), so a
// value shown can be copied into the configuration as it is.
#pragma once

#include <nlohmann/json.hpp>

#include "detect/detector_params.h"

namespace lookout::server {

nlohmann::json detector_params_json(const detect::DetectorParams& params);

}  // namespace lookout::server
