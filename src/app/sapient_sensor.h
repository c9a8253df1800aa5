// What a SAPIENT (BSI Flex 335 v2.0) node says about itself, as the air
// tracker's SensorConfig: the Registration gives what kind of sensor it is
// and how it reports (mode definitions: scan type, rotation, error model,
// detection classes), each StatusReport where it is now and what it sees
// (node_location, field_of_view or coverage) and which mode it is in.
//
// Field meanings follow the standard's .proto comments (Dstl's BSI Flex 335
// v2.0 test harness): field_of_view is the "area currently visible", coverage
// the "area that the node can cover"; SCAN_TYPE_FIXED sees its whole field of
// view at all times, SCAN_TYPE_SCANNING "only part of a region at any given
// time (e.g. a rotating radar)", SCAN_TYPE_STEERABLE is a field of view that
// can be moved (a pan-tilt camera: it stares at whatever it points at).
//
// Mapping (what is not listed keeps SensorConfig's default):
//   scan type SCANNING                     -> pattern kRotating, else kStaring
//   a performance value "Rotation speed" (degrees per second, or rpm) or
//     "Revisit"/"Scan period" (a time)     -> revisit_s (rotating only; 0 = learn)
//   geometric_error "Standard Deviation" with values "Range" (m, km),
//     "Azimuth"/"Bearing", "Elevation" (degrees, radians), "Position" (m)
//                                          -> sigma_range_m, sigma_bearing_deg, ...
//   detection_performance "Pd"/"Probability of detection" (0..1, or %) -> pd
//   detection_performance "FAR"/"False alarm rate" (per scan or period, per
//     second, minute or hour) -> clutter_per_km2, once a coverage radius is
//     known: false alarms per scan (a revolution, else one second) over the
//     area of the covered sector (apply_false_alarms)
//   class_definition types (and sub-classes) -> classes (for the API; the
//     tracker takes each detection's own classification)
//   node_location                          -> position, alt_m
//   field_of_view (else the coverage areas together) -> max_range_m,
//     sector_centre_deg/width, min/max_elevation_deg: a range-bearing cone
//     directly (azimuth is the centre, horizontal_extent the full width, angles
//     in the cone's coordinate system); a polygon (3 points or more) as the
//     smallest range and sector from the site that hold it. Fewer points, a
//     magnetic or platform-relative cone, or a polygon before any site leave
//     the coverage unknown (all round, no range limit).
// The free-text values (performance types and units) are matched
// case-insensitively on the words above; a value that cannot be read is left
// out, never guessed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "decode/sapient/message.h"
#include "track/air/sensor_config.h"

namespace lookout {

// One node's registration, read once, and the mode it is in.
struct SapientSensorInfo {
  air::SensorConfig config;         // origin kSapient; position unset until a status places it
  std::string name;                 // Registration.name (may be empty)
  std::string node_type;            // "radar", "camera", "passive_rf", ... (from NodeType)
  std::vector<std::string> classes; // the class names it may report, as registered
  std::string mode;                 // the mode whose definition is in force
  std::vector<std::string> dependents;  // dependent (child) node ids, as sensor names
  std::optional<double> false_alarms_per_scan;  // from a FAR given per scan or period
  std::optional<double> false_alarms_per_s;     // from a FAR given per unit of time
};

// Sets config.clutter_per_km2 from the registered false alarm rate and the
// coverage in `config` (its radius, blind zone and sector). Does nothing when
// either is unknown.
void apply_false_alarms(const SapientSensorInfo& info, air::SensorConfig& config);

// Reads a validated Registration (the content of `msg`). Fails (kMissingField
// or kBadValue, `why` says which field and why) when it has no mode to report
// in; everything else that cannot be read is left at its default.
Result<SapientSensorInfo> describe_registration(const sapient::SapientMessage& msg, std::string* why = nullptr);

// Applies the mode named `mode` of `registration` to `info` (scan type,
// rotation, error model, pd, classes). Returns false when no mode of that name
// is defined (nothing changes then).
bool apply_mode(const sapient::Registration& registration, const std::string& mode, SapientSensorInfo& info);

// Where a StatusReport puts a node and what it covers.
struct SapientStatus {
  bool goodbye = false;                 // SYSTEM_GOODBYE: the node is about to disconnect
  std::string mode;
  std::optional<LatLon> position;
  std::optional<double> alt_m;
  std::optional<double> position_sigma_m;
  bool has_coverage = false;            // the fields below were read from the report
  double min_range_m = 0, max_range_m = 0;
  double sector_centre_deg = 0, sector_width_deg = 360;
  double min_elevation_deg = -90, max_elevation_deg = 90;
};

// Reads a validated StatusReport. The coverage of a polygon is measured from
// the report's own node_location, else from `site` (the last known), else it is
// left unknown. Fails (kBadValue, `why` names the field) when node_location
// cannot be turned into a position.
Result<SapientStatus> read_status(const sapient::pb::StatusReport& status, std::optional<LatLon> site = std::nullopt,
                                  std::string* why = nullptr);

// Copies the coverage of `status` (when it has one) into `config`.
void apply_coverage(const SapientStatus& status, air::SensorConfig& config);

}  // namespace lookout
