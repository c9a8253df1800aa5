// SAPIENT (BSI Flex 335 v2.0) decoding: serialized SapientMessage bytes ->
// a validated message (validator.h), and a DetectionReport -> SensorDetection
// (decode/detection.h) in Lookout's units.
//
// Units handled: locations in lat/lon degrees or radians or UTM (with the
// utm_zone, e.g. "30U"); range-bearing in degrees or radians with metres or
// kilometres; ENU velocity in m/s or km/h (as the node registered it).
// Bearings must be from true or grid north: magnetic or platform-relative
// bearings need a declination or heading the standard does not carry, and are
// rejected with that reason.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/latlon.h"
#include "core/result.h"
#include "decode/detection.h"
#include "decode/sapient/message.h"
#include "decode/sapient/validator.h"

namespace lookout::sapient {

// Largest SapientMessage we accept (bytes). A full Registration is ~30 KB.
inline constexpr std::size_t kMaxMessageBytes = 1 << 20;

// Parses and validates one serialized SapientMessage. On failure the Error
// names the field (its full protobuf name) and `why` (if given) receives
// every violation found, with paths and reasons.
Result<SapientMessage> decode_message(std::string_view bytes, std::vector<Violation>* why = nullptr);

// What the fusion node knows about the reporting node, from its Registration
// and StatusReports.
struct NodeContext {
  std::optional<LatLon> position;     // node_location of the last StatusReport
  std::optional<double> alt_m;
  bool velocity_in_kph = false;       // registered SPEED_UNITS_KPH for ENU velocities
};

// Converts a validated DetectionReport (the content of `msg`) to a detection.
// A range-bearing report keeps range/bearing/elevation and, when `node` has a
// position, also gets the absolute position they imply. Rejects (kBadValue,
// reason in `why`) what cannot be expressed in Lookout's units.
Result<SensorDetection> to_detection(const SapientMessage& msg, const NodeContext& node = {},
                                     std::string* why = nullptr);

// Converts a validated Location to lat/lon (+ altitude). Rejects UTM without a
// usable zone. `sigma_m` gets the larger horizontal error in metres, if given.
Result<LatLon> to_latlon(const pb::Location& loc, std::optional<double>* alt_m = nullptr,
                         std::optional<double>* sigma_m = nullptr, std::string* why = nullptr);

// SAPIENT classification names -> ObjectClass: "UAV", "UAS", "Drone",
// "Air Vehicle", "Quadcopter", ... -> drone; "Bird" -> bird; "Aircraft",
// "Helicopter", "Fixed Wing Manned" ... -> aircraft; anything else unknown.
// Case-insensitive.
ObjectClass object_class_from_sapient(std::string_view type) noexcept;

// The node id as a sensor name that fits SensorDetection::sensor: the UUID's 32
// hexadecimal digits, lower case, without dashes.
FixedString<32> sensor_name(std::string_view node_uuid) noexcept;

}  // namespace lookout::sapient
