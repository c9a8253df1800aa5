// SensorConfig: what the air tracker knows about each sensor: where it is,
// how precise it is, how often it sees a target and how much clutter it
// reports. Detections name their sensor by id; a relative (range/bearing)
// detection is placed from the sensor's position here.
#pragma once

#include "core/fixed_string.h"
#include "core/latlon.h"

namespace lookout::air {

struct SensorConfig {
  FixedString<32> id;                  // as in SensorDetection::sensor
  LatLon position;                     // sensor site (for range/bearing detections)
  double alt_m = 0;                    // sensor height above the same datum as alt_m of targets
  double sigma_range_m = 10;           // polar: 1-sigma range error, m
  double sigma_bearing_deg = 1.0;      // polar: 1-sigma bearing error, degrees
  double sigma_elevation_deg = 1.0;    // polar: 1-sigma elevation error, degrees
  double sigma_m = 50;                 // absolute fixes without their own sigma_m: horizontal, m
  double sigma_alt_m = 30;             // absolute fixes: altitude, m
  double pd = 0.9;                     // probability of detecting a target in coverage per scan
  double clutter_per_km2 = 0.1;        // false detections per km^2 per scan (track score)
  double max_range_m = 0;              // coverage radius from the site; 0 = everywhere
  double class_weight = 0.5;           // weight of one class report (repeated calls correlate)
  double default_confidence = 0.7;     // for class reports without a confidence
};

}  // namespace lookout::air
