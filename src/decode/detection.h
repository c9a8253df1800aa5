// SensorDetection: one report of an object by a non-AIS sensor (radar, RF,
// EO/IR, acoustic), the common currency of the counter-drone side. Every air
// input produces these: JSON Lines detections (src/decode/detections/) and
// SAPIENT DetectionReports (src/decode/sapient/). The air tracker
// (src/track/air/) consumes them.
//
// A detection is either absolute (lat/lon, optional altitude) or relative to
// the sensor (range and bearing, optional elevation); the tracker resolves a
// relative one with the sensor's configured position. Units: metres, degrees
// (bearing clockwise from true north), m/s, seconds.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/fixed_string.h"
#include "core/latlon.h"
#include "core/time.h"

namespace lookout {

// What a sensor (or the fused track) says the object is.
enum class ObjectClass : uint8_t { kUnknown = 0, kDrone, kBird, kAircraft, kCount };

inline constexpr std::size_t kObjectClassCount = static_cast<std::size_t>(ObjectClass::kCount);

// "unknown", "drone", "bird", "aircraft".
const char* to_string(ObjectClass c) noexcept;
// Parses the names above (case-insensitive; SAPIENT's "UAV"/"Drone"/"Air Vehicle"-style
// names are mapped by the SAPIENT decoder, not here). Unknown text -> kUnknown.
ObjectClass object_class_from_string(std::string_view text) noexcept;
// Strict form: the four names above (case-insensitive), nullopt for any other text.
std::optional<ObjectClass> parse_object_class(std::string_view text) noexcept;

struct SensorDetection {
  Timestamp time;                  // event time of the detection
  FixedString<32> sensor;          // sensor (or SAPIENT node) id
  FixedString<40> object_id;       // the sensor's own object/track id, may be empty

  // Absolute position, when the sensor gives one.
  std::optional<LatLon> position;
  std::optional<double> alt_m;     // metres above mean sea level (or WGS84; sensors differ)

  // Polar position relative to the sensor, when it gives that instead.
  std::optional<double> range_m;
  std::optional<double> bearing_deg;
  std::optional<double> elevation_deg;

  std::optional<double> sigma_m;   // 1-sigma horizontal position error
  std::optional<double> vel_e;     // m/s east
  std::optional<double> vel_n;     // m/s north
  std::optional<double> vel_u;     // m/s up

  ObjectClass cls = ObjectClass::kUnknown;
  std::optional<double> confidence;  // 0..1 for `cls`
};

// Appends `d` as one line of the JSON Lines detections format
// (docs/ARCHITECTURE.md), newline included, with the keys the decoder in
// src/decode/detections/ reads: what simulators and tests write. Numbers are
// printed in the shortest form that reads back to the same double; absent
// optionals are left out; "class" and "confidence" only when the class is
// known or a confidence is set.
void append_detection_json_line(std::string& out, const SensorDetection& d);

}  // namespace lookout
