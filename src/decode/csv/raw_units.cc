#include "decode/csv/raw_units.h"

#include <algorithm>
#include <cmath>

namespace lookout::csv {

namespace {

// Rounds half away from zero, like std::llround but inline (no libm call);
// the inputs here are already range-checked, so the cast cannot overflow.
int64_t round_to_int(double v) {
  return static_cast<int64_t>(v < 0 ? v - 0.5 : v + 0.5);
}

}  // namespace

std::optional<int32_t> lat_raw(double deg) noexcept {
  if (deg == 91.0) return ais::kLatNotAvailable;
  if (!(deg >= -90.0 && deg <= 90.0)) return std::nullopt;
  return static_cast<int32_t>(round_to_int(deg * 600000.0));
}

std::optional<int32_t> lon_raw(double deg) noexcept {
  if (deg == 181.0) return ais::kLonNotAvailable;
  if (!(deg >= -180.0 && deg <= 180.0)) return std::nullopt;
  return static_cast<int32_t>(round_to_int(deg * 600000.0));
}

std::optional<int32_t> lat_raw27(double deg) noexcept {
  if (deg == 91.0) return ais::kLatNotAvailable27;
  if (!(deg >= -90.0 && deg <= 90.0)) return std::nullopt;
  return static_cast<int32_t>(round_to_int(deg * 600.0));
}

std::optional<int32_t> lon_raw27(double deg) noexcept {
  if (deg == 181.0) return ais::kLonNotAvailable27;
  if (!(deg >= -180.0 && deg <= 180.0)) return std::nullopt;
  return static_cast<int32_t>(round_to_int(deg * 600.0));
}

std::optional<uint16_t> speed_raw(double knots) noexcept {
  if (!(knots >= 0.0 && knots < 10000.0)) return std::nullopt;
  int64_t r = round_to_int(knots * 10.0);
  if (r == ais::kSpeedNotAvailable) return ais::kSpeedNotAvailable;
  return static_cast<uint16_t>(std::min<int64_t>(r, 1022));
}

std::optional<uint16_t> course_raw(double deg) noexcept {
  if (!(deg >= 0.0 && deg <= 360.0)) return std::nullopt;
  return static_cast<uint16_t>(round_to_int(deg * 10.0));  // 3600 = not available
}

std::optional<uint16_t> heading_raw(double deg) noexcept {
  if (deg == 511.0) return ais::kHeadingNotAvailable;
  if (!(deg >= 0.0 && deg < 359.5)) return std::nullopt;
  return static_cast<uint16_t>(round_to_int(deg));
}

std::optional<int8_t> turn_raw(double deg_per_min) noexcept {
  if (!(std::fabs(deg_per_min) < 100000.0)) return std::nullopt;
  int64_t r = round_to_int(4.733 * std::sqrt(std::fabs(deg_per_min)));
  r = std::min<int64_t>(r, 127);
  return static_cast<int8_t>(deg_per_min < 0 ? -r : r);
}

std::optional<uint8_t> draught_raw(double metres) noexcept {
  if (!(metres >= 0.0 && metres < 10000.0)) return std::nullopt;
  return static_cast<uint8_t>(std::min<int64_t>(round_to_int(metres * 10.0), 255));
}

std::optional<ais::Dimensions> dims_from_abcd(double a, double b, double c, double d) noexcept {
  auto ok = [](double v) { return v >= 0.0 && v < 100000.0; };
  if (!ok(a) || !ok(b) || !ok(c) || !ok(d)) return std::nullopt;
  ais::Dimensions dim;
  dim.to_bow = static_cast<uint16_t>(std::min<int64_t>(round_to_int(a), 511));
  dim.to_stern = static_cast<uint16_t>(std::min<int64_t>(round_to_int(b), 511));
  dim.to_port = static_cast<uint8_t>(std::min<int64_t>(round_to_int(c), 63));
  dim.to_starboard = static_cast<uint8_t>(std::min<int64_t>(round_to_int(d), 63));
  return dim;
}

std::optional<ais::Dimensions> dims_from_length_width(double length, double width) noexcept {
  auto ok = [](double v) { return v >= 0.0 && v < 100000.0; };
  if (!ok(length) || !ok(width)) return std::nullopt;
  int64_t len = round_to_int(length);
  int64_t wid = round_to_int(width);
  ais::Dimensions dim;
  dim.to_bow = static_cast<uint16_t>(std::min<int64_t>(len - len / 2, 511));
  dim.to_stern = static_cast<uint16_t>(std::min<int64_t>(len / 2, 511));
  dim.to_port = static_cast<uint8_t>(std::min<int64_t>(wid - wid / 2, 63));
  dim.to_starboard = static_cast<uint8_t>(std::min<int64_t>(wid / 2, 63));
  return dim;
}

Eta eta_from_packed(uint32_t packed) noexcept {
  Eta eta;
  eta.month = static_cast<uint8_t>((packed >> 16) & 0xF);
  eta.day = static_cast<uint8_t>((packed >> 11) & 0x1F);
  eta.hour = static_cast<uint8_t>((packed >> 6) & 0x1F);
  eta.minute = static_cast<uint8_t>(packed & 0x3F);
  return eta;
}

}  // namespace lookout::csv
