// Sensors file: the air sensors' sites and error models, loaded into the air
// tracker's SensorConfig (`lookout replay --sensors FILE`).
//
// A JSON array of objects:
//   [{"id": "radar-1", "lat": 55.60, "lon": 12.70, "alt_m": 20,
//     "sigma_range_m": 10, "sigma_bearing_deg": 0.3, "sigma_elevation_deg": 1,
//     "sigma_m": 50, "sigma_alt_m": 30, "pd": 0.9,
//     "clutter_per_scan": 3, "max_range_m": 20000,
//     "pattern": "rotating", "revisit_s": 1, "min_range_m": 200,
//     "sector_centre_deg": 90, "sector_width_deg": 360,
//     "min_elevation_deg": -2, "max_elevation_deg": 40, "reorder_lag_ms": 2000}]
// Required: "id" (1-32 bytes, or a SAPIENT node's UUID, which names the sensor
// as that node's detections do: its 32 hex digits), "lat", "lon". Everything else is optional and
// defaults as in SensorConfig. Clutter is given either as "clutter_per_km2"
// or as "clutter_per_scan" (false detections per scan over the coverage),
// which needs "max_range_m" to be turned into a density. Unknown keys are
// ignored. "pattern" is "staring" (each report is a scan) or "rotating" (one
// revolution is a scan; "revisit_s" its period, left out or 0 to learn it);
// the coverage fields say where a silent scan counts as a miss. A wrong type
// or a value out of range rejects the file: the Error names the field, and
// its `offset` is the entry's index in the array (not a byte offset;
// describe_sensors_error() words it). Every sensor gets origin kFile: it
// overrides what a SAPIENT node says of itself (app/sensor_registry.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "track/air/sensor_config.h"

namespace lookout {

Result<std::vector<air::SensorConfig>> parse_sensors_json(std::string_view text);
Result<std::vector<air::SensorConfig>> load_sensors_file(const std::string& path);

// "entry 2: bad_value in field 'pd'" (or "cannot be read", "not JSON").
std::string describe_sensors_error(const Error& e);

}  // namespace lookout
