// SensorConfig: what the air tracker knows about each sensor: where it is,
// how precise it is, how often it sees a target and how much clutter it
// reports. Detections name their sensor by id; a relative (range/bearing)
// detection is placed from the sensor's position here.
#pragma once

#include <cstdint>

#include "core/fixed_string.h"
#include "core/latlon.h"

namespace lookout::air {

// How a sensor covers its volume, which decides what one "scan" is.
enum class ScanPattern : uint8_t {
  kStaring,   // sees its whole coverage all the time: each report (or frame) is one scan
  kRotating,  // a beam sweeps the sector: one revolution (revisit_s) is one scan, and each
              // plot carries the time the beam passed the target
};

// Where a sensor's configuration came from; a higher one is not replaced by a lower one
// (an operator's file overrides what a SAPIENT node registers about itself).
enum class SensorOrigin : uint8_t { kDefault, kSapient, kFile, kConfig };

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
  // Coverage beyond the radius: a track is charged a miss only when a scan's coverage held
  // its predicted position.
  double min_range_m = 0;              // blind zone around the site
  double sector_centre_deg = 0;        // azimuth sector, clockwise from true north
  double sector_width_deg = 360;       // 360 = all round
  double min_elevation_deg = -90;      // elevation limits (3-D sensors)
  double max_elevation_deg = 90;
  ScanPattern pattern = ScanPattern::kStaring;
  double revisit_s = 0;                // rotating: revolution period; 0 = learn it from the plots
  int reorder_lag_ms = 2000;           // plots up to this late are put back in order
  SensorOrigin origin = SensorOrigin::kDefault;
  double class_weight = 0.5;           // weight of one class report (repeated calls correlate)
  double default_confidence = 0.7;     // for class reports without a confidence
};

}  // namespace lookout::air
