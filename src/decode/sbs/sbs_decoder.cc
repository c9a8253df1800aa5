#include "decode/sbs/sbs_decoder.h"

#include <array>
#include <charconv>
#include <cmath>

#include "core/time.h"

namespace lookout::sbs {

namespace {

constexpr std::size_t kFields = 22;

// Field indexes (0-based) of the MSG record.
enum Field : std::size_t {
  kKind = 0, kType = 1, kHex = 4, kDateGen = 6, kTimeGen = 7, kDateLog = 8, kTimeLog = 9,
  kCallsign = 10, kAltitude = 11, kGroundSpeed = 12, kTrack = 13, kLat = 14, kLon = 15,
  kVerticalRate = 16, kSquawk = 17, kAlert = 18, kEmergency = 19, kSpi = 20, kOnGround = 21,
};

constexpr const char* kFieldNames[kFields] = {
    "message_type", "transmission_type", "session_id", "aircraft_id", "hex_ident", "flight_id",
    "date_generated", "time_generated", "date_logged", "time_logged", "callsign", "altitude",
    "ground_speed", "track", "lat", "lon", "vertical_rate", "squawk", "alert", "emergency", "spi",
    "on_ground",
};

struct Fields {
  std::array<std::string_view, kFields> v{};
  std::array<uint32_t, kFields> offset{};
  std::size_t count = 0;
  bool extra = false;
};

Fields split(std::string_view line) {
  Fields f;
  std::size_t start = 0;
  for (;;) {
    std::size_t comma = line.find(',', start);
    std::string_view field = line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (f.count == kFields) {
      f.extra = true;
      break;
    }
    f.v[f.count] = field;
    f.offset[f.count] = static_cast<uint32_t>(start);
    ++f.count;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return f;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parse_double(std::string_view s, double& out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out);
}

template <typename T>
bool parse_int(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

// "2024/12/25" (or "2024-12-25"): the day's start.
std::optional<Timestamp> parse_date(std::string_view date) {
  if (date.size() != 10 || (date[4] != '/' && date[4] != '-') || date[7] != date[4]) return std::nullopt;
  int y = 0, mo = 0, d = 0;
  if (!parse_int(date.substr(0, 4), y) || !parse_int(date.substr(5, 2), mo) || !parse_int(date.substr(8, 2), d)) {
    return std::nullopt;
  }
  return make_timestamp(y, mo, d, 0, 0, 0);
}

// "10:31:40.123" (fraction optional, any number of digits: milliseconds
// kept): the time since the day's start.
std::optional<std::chrono::milliseconds> parse_time_of_day(std::string_view time) {
  int h = 0, mi = 0, s = 0, ms = 0;
  if (time.size() < 8 || time[2] != ':' || time[5] != ':') return std::nullopt;
  if (!parse_int(time.substr(0, 2), h) || !parse_int(time.substr(3, 2), mi) || !parse_int(time.substr(6, 2), s)) {
    return std::nullopt;
  }
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return std::nullopt;
  if (time.size() > 8) {
    if (time[8] != '.' || time.size() == 9 || time.size() > 18) return std::nullopt;
    int scale = 100;
    for (std::size_t i = 9; i < time.size(); ++i) {
      char c = time[i];
      if (c < '0' || c > '9') return std::nullopt;
      ms += (c - '0') * scale;
      scale /= 10;
    }
  }
  return std::chrono::milliseconds(((h * 60 + mi) * 60 + s) * 1000LL + ms);
}

// "-1" (or "1") true, "0" false, "" not said.
bool parse_flag(std::string_view s, std::optional<bool>& out) {
  if (s.empty()) return true;
  if (s == "-1" || s == "1") {
    out = true;
    return true;
  }
  if (s == "0") {
    out = false;
    return true;
  }
  return false;
}

// An integer or decimal, optionally suffixed 'H' (geometric); sets `geometric`.
bool parse_with_source(std::string_view s, double& value, bool& geometric) {
  geometric = !s.empty() && (s.back() == 'H' || s.back() == 'h');
  if (geometric) s.remove_suffix(1);
  return parse_double(s, value);
}

}  // namespace

bool is_emergency_squawk(std::string_view squawk) noexcept {
  return squawk == "7500" || squawk == "7600" || squawk == "7700";
}

SbsDecoder::SbsDecoder(SbsParams params) : params_(params) {}

Result<std::optional<CooperativeReport>> SbsDecoder::decode(std::string_view line) {
  stats_.count_line();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  auto reject_named = [&](ErrorCode code, const char* name, uint32_t offset) -> Result<std::optional<CooperativeReport>> {
    Error e = make_error(code, offset, name);
    stats_.reject(e, line);
    return e;
  };
  auto reject = [&](ErrorCode code, std::size_t field, uint32_t offset) -> Result<std::optional<CooperativeReport>> {
    Error e = make_error(code, offset, field < kFields ? kFieldNames[field] : "fields");
    stats_.reject(e, line);
    return e;
  };
  std::string_view body = trim(line);
  if (body.empty()) return std::optional<CooperativeReport>{};  // heartbeat
  if (line.size() > kMaxLineBytes) return reject(ErrorCode::kLineTooLong, kFields, static_cast<uint32_t>(kMaxLineBytes));

  Fields f = split(line);
  std::string_view kind = trim(f.v[kKind]);
  if (kind == "SEL" || kind == "ID" || kind == "AIR" || kind == "STA" || kind == "CLK") {
    ++other_;
    return std::optional<CooperativeReport>{};
  }
  if (kind != "MSG") return reject(ErrorCode::kBadValue, kKind, 0);
  if (f.count < 10) return reject(ErrorCode::kBadCsvRow, kFields, static_cast<uint32_t>(line.size()));
  if (f.extra) stats_.warn(ErrorCode::kTrailingData);
  // Short rows (trailing empty fields left off) read as empty.
  auto at = [&](std::size_t i) { return i < f.count ? trim(f.v[i]) : std::string_view{}; };
  auto off = [&](std::size_t i) { return i < f.count ? f.offset[i] : static_cast<uint32_t>(line.size()); };

  int type = 0;
  if (!parse_int(at(kType), type) || type < 1 || type > 8) return reject(ErrorCode::kBadValue, kType, off(kType));

  CooperativeReport r;
  r.source = CooperativeSource::kAdsb;
  r.receiver = params_.receiver;

  // Address: six hex digits, '~' first for a non-ICAO address (readsb).
  std::string_view hex = at(kHex);
  std::size_t tilde = !hex.empty() && hex.front() == '~' ? 1 : 0;
  if (hex.size() != 6 + tilde) return reject(ErrorCode::kBadValue, kHex, off(kHex));
  for (std::size_t i = tilde; i < hex.size(); ++i) {
    if (!is_hex(hex[i])) return reject(ErrorCode::kBadValue, kHex, off(kHex));
  }
  for (char c : hex) r.id.push_back(c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c);

  // Time: generated (reception), else logged.
  std::size_t date_field = kDateGen, time_field = kTimeGen;
  if (at(kDateGen).empty() && at(kTimeGen).empty()) {
    date_field = kDateLog;
    time_field = kTimeLog;
  }
  if (at(date_field).empty() && at(time_field).empty()) {
    return reject_named(ErrorCode::kMissingField, "time", off(kDateGen));
  }
  auto day = parse_date(at(date_field));
  if (!day) return reject(ErrorCode::kBadValue, date_field, off(date_field));
  auto tod = parse_time_of_day(at(time_field));
  if (!tod) return reject(ErrorCode::kBadValue, time_field, off(time_field));
  r.time = *day + *tod - params_.utc_offset;

  std::string_view callsign = at(kCallsign);
  if (callsign.size() > 8) return reject(ErrorCode::kBadValue, kCallsign, off(kCallsign));
  for (char c : callsign) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
      return reject(ErrorCode::kBadValue, kCallsign, off(kCallsign));
    }
  }
  r.callsign.assign(callsign);

  double v = 0;
  bool geometric = false;
  if (!at(kAltitude).empty()) {
    if (!parse_with_source(at(kAltitude), v, geometric) || v < kMinAltitudeFt || v > kMaxAltitudeFt) {
      return reject(ErrorCode::kBadValue, kAltitude, off(kAltitude));
    }
    r.alt_m = v * kFeetToMetres;
    if (!geometric) r.baro_alt_m = r.alt_m;
  }
  if (!at(kGroundSpeed).empty()) {
    if (!parse_double(at(kGroundSpeed), v) || v < 0 || v > kMaxGroundSpeedKt) {
      return reject(ErrorCode::kBadValue, kGroundSpeed, off(kGroundSpeed));
    }
    r.ground_speed_mps = v * kKnotsToMps;
  }
  if (!at(kTrack).empty()) {
    if (!parse_double(at(kTrack), v) || v < -360 || v > 360) return reject(ErrorCode::kBadValue, kTrack, off(kTrack));
    if (v < 0) v += 360;
    r.course_deg = v >= 360 ? v - 360 : v;
  }
  const bool has_lat = !at(kLat).empty(), has_lon = !at(kLon).empty();
  if (has_lat != has_lon) return reject(ErrorCode::kMissingField, has_lat ? kLon : kLat, off(has_lat ? kLon : kLat));
  if (has_lat) {
    double lat = 0, lon = 0;
    if (!parse_double(at(kLat), lat) || lat < -90 || lat > 90) return reject(ErrorCode::kBadValue, kLat, off(kLat));
    if (!parse_double(at(kLon), lon) || lon < -180 || lon > 180) return reject(ErrorCode::kBadValue, kLon, off(kLon));
    r.position = LatLon{lat, lon};
  }
  if (!at(kVerticalRate).empty()) {
    if (!parse_with_source(at(kVerticalRate), v, geometric) || std::fabs(v) > kMaxVerticalRateFpm) {
      return reject(ErrorCode::kBadValue, kVerticalRate, off(kVerticalRate));
    }
    r.vertical_rate_mps = v * kFeetToMetres / 60.0;
  }
  std::string_view squawk = at(kSquawk);
  if (!squawk.empty()) {
    if (squawk.size() != 4) return reject(ErrorCode::kBadValue, kSquawk, off(kSquawk));
    for (char c : squawk) {
      if (c < '0' || c > '7') return reject(ErrorCode::kBadValue, kSquawk, off(kSquawk));
    }
    r.squawk.assign(squawk);
  }
  std::optional<bool> alert, emergency, spi, ground;
  if (!parse_flag(at(kAlert), alert)) return reject(ErrorCode::kBadValue, kAlert, off(kAlert));
  if (!parse_flag(at(kEmergency), emergency)) return reject(ErrorCode::kBadValue, kEmergency, off(kEmergency));
  if (!parse_flag(at(kSpi), spi)) return reject(ErrorCode::kBadValue, kSpi, off(kSpi));
  if (!parse_flag(at(kOnGround), ground)) return reject(ErrorCode::kBadValue, kOnGround, off(kOnGround));
  r.on_ground = ground;
  if (type == 2 && !r.on_ground) r.on_ground = true;  // surface position
  r.emergency = emergency.value_or(false) || is_emergency_squawk(r.squawk);

  stats_.count_message();
  return std::optional<CooperativeReport>{r};
}

}  // namespace lookout::sbs
