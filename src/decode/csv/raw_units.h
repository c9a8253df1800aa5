// From the decoded units of historical records to the raw units of
// ITU-R M.1371-5 that ais::Message keeps (see decode/ais/message.h).
//
// Each function returns the raw value, the standard's "not available" value
// when the input is that sentinel in decoded form (lat 91, lon 181, speed
// 102.3, course 360, heading 511), or nullopt when the input is outside what
// the field can mean; callers then use "not available" and count a warning.
#pragma once

#include <cstdint>
#include <optional>

#include "decode/ais/message.h"

namespace lookout::csv {

// Degrees -> 1/10000 minute: round(deg * 600000).
std::optional<int32_t> lat_raw(double deg) noexcept;
std::optional<int32_t> lon_raw(double deg) noexcept;
// Degrees -> 1/10 minute, for type 27.
std::optional<int32_t> lat_raw27(double deg) noexcept;
std::optional<int32_t> lon_raw27(double deg) noexcept;

// Knots -> 1/10 knot; 102.2 kn and above give 1022 ("102.2 kn or more").
std::optional<uint16_t> speed_raw(double knots) noexcept;
// Degrees -> 1/10 degree, 0..3599; 360.0 gives 3600 (not available).
std::optional<uint16_t> course_raw(double deg) noexcept;
// Degrees 0..359; 511 stays 511 (not available).
std::optional<uint16_t> heading_raw(double deg) noexcept;
// Degrees per minute -> ROT_AIS = 4.733 * sqrt(|rot|), signed, at most 127.
std::optional<int8_t> turn_raw(double deg_per_min) noexcept;
// Metres -> 1/10 metre; 25.5 m and above give 255.
std::optional<uint8_t> draught_raw(double metres) noexcept;

// Antenna distances in metres (A = to bow, B = to stern, C = to port,
// D = to starboard), clamped to the field widths (511 and 63 m).
// nullopt when one is negative.
std::optional<ais::Dimensions> dims_from_abcd(double a, double b, double c, double d) noexcept;

// Overall length and width only, antenna position unknown: the antenna is
// placed amidships, to_bow = ceil(L/2), to_stern = floor(L/2) (likewise for the
// width), so that to_bow + to_stern = L and to_port + to_starboard = W, which is
// what consumers read as the ship's size. Zero or absent = not available.
std::optional<ais::Dimensions> dims_from_length_width(double length, double width) noexcept;

// The 20-bit ETA of a type 5 message as Digitraffic packs it:
// month << 16 | day << 11 | hour << 6 | minute.
struct Eta {
  uint8_t month = 0, day = 0, hour = 24, minute = 60;  // not available
};
Eta eta_from_packed(uint32_t packed) noexcept;

}  // namespace lookout::csv
