#include "decode/remote_id/decoder.h"

#include <cmath>

namespace lookout::remote_id {

namespace {

// Seconds from the Unix epoch to 2019-01-01T00:00:00Z, the epoch of the
// Authentication and System time stamps.
constexpr int64_t kEpoch2019 = 1546300800;

uint16_t u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
int32_t i32(const uint8_t* p) { return static_cast<int32_t>(u32(p)); }

// Altitudes and heights: 0.5 m steps from -1000 m; raw 0 (-1000 m) is "unknown".
std::optional<double> altitude(const uint8_t* p) {
  const uint16_t raw = u16(p);
  if (raw == 0) return std::nullopt;
  return raw * 0.5 - 1000.0;
}

// Latitude and longitude as int32 in 1e-7 degrees; 0/0 is "unknown" and a
// value off the globe is left out the same way.
std::optional<LatLon> position(const uint8_t* lat, const uint8_t* lon) {
  const int32_t la = i32(lat);
  const int32_t lo = i32(lon);
  if (la == 0 && lo == 0) return std::nullopt;
  LatLon p{la * 1e-7, lo * 1e-7};
  if (!p.valid()) return std::nullopt;
  return p;
}

std::optional<Timestamp> time_since_2019(uint32_t s) {
  if (s == 0) return std::nullopt;  // F3411-19 senders leave it zero
  return from_unix_ms((kEpoch2019 + static_cast<int64_t>(s)) * 1000);
}

bool printable(uint8_t c) { return c >= 0x20 && c < 0x7F; }

// Text field of `n` bytes: up to the first NUL, trailing spaces dropped.
// Returns the offset of the first byte that is not printable ASCII, or -1.
template <std::size_t N>
int text(const uint8_t* p, std::size_t n, FixedString<N>& out) {
  std::size_t len = 0;
  while (len < n && p[len] != 0) ++len;
  for (std::size_t i = len; i < n; ++i) {
    if (p[i] != 0) return static_cast<int>(i);  // text after its terminating NUL
  }
  while (len > 0 && p[len - 1] == ' ') --len;
  for (std::size_t i = 0; i < len; ++i) {
    if (!printable(p[i])) return static_cast<int>(i);
  }
  out.assign(std::string_view(reinterpret_cast<const char*>(p), len));
  return -1;
}

// Free text (Self-ID): anything not printable becomes '?', it is shown, not matched.
template <std::size_t N>
void free_text(const uint8_t* p, std::size_t n, FixedString<N>& out) {
  std::size_t len = 0;
  while (len < n && p[len] != 0) ++len;
  while (len > 0 && p[len - 1] == ' ') --len;
  out.clear();
  for (std::size_t i = 0; i < len; ++i) out.push_back(printable(p[i]) ? static_cast<char>(p[i]) : '?');
}

template <std::size_t N>
void hex(const uint8_t* p, std::size_t n, FixedString<N>& out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  while (n > 0 && p[n - 1] == 0) --n;
  out.clear();
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 0xF]);
  }
}

// Bytes 1..24 of each type. `m` points at the header byte.

Result<Body> basic_id(const uint8_t* m) {
  BasicId b;
  b.id_type = static_cast<IdType>(m[1] >> 4);
  b.ua_type = m[1] & 0x0F;
  if (b.id_type == IdType::kUtmUuid || b.id_type == IdType::kSpecificSession) {
    hex(m + 2, 20, b.uas_id);
  } else if (const int bad = text(m + 2, 20, b.uas_id); bad >= 0) {
    // The serial is the drone's identity: a garbled one would make a ghost.
    return make_error(ErrorCode::kBadValue, 2 + static_cast<std::size_t>(bad), "basic_id.uas_id");
  }
  return Body{b};
}

Result<Body> location(const uint8_t* m) {
  Location l;
  l.status = m[1] >> 4;
  l.height_above_ground = (m[1] & 0x04) != 0;
  const bool west = (m[1] & 0x02) != 0;
  const bool fast = (m[1] & 0x01) != 0;

  // Direction: 0..179 in the byte, +180 for the western half; 361 is "unknown".
  const int dir = m[2] + (west ? 180 : 0);
  if (dir <= 360) l.direction_deg = dir == 360 ? 0.0 : static_cast<double>(dir);

  // Horizontal speed: 0.25 m/s steps, or 0.75 m/s steps above 63.75 m/s;
  // 255 m/s (raw 255 with the multiplier) is "unknown".
  const double speed = fast ? m[3] * 0.75 + 255 * 0.25 : m[3] * 0.25;
  if (speed <= 254.25) l.speed_mps = speed;

  // Vertical speed: int8 in 0.5 m/s steps, up positive; 63 m/s is "unknown".
  const double vs = static_cast<int8_t>(m[4]) * 0.5;
  if (std::fabs(vs) <= 62.0) l.vertical_speed_mps = vs;

  l.position = position(m + 5, m + 9);
  l.pressure_alt_m = altitude(m + 13);
  l.geodetic_alt_m = altitude(m + 15);
  l.height_m = altitude(m + 17);
  l.vertical_accuracy = m[19] >> 4;
  l.horizontal_accuracy = m[19] & 0x0F;
  l.baro_accuracy = m[20] >> 4;
  l.speed_accuracy = m[20] & 0x0F;

  // Tenths of a second after the full hour; 0xFFFF is "unknown".
  const uint16_t ts = u16(m + 21);
  if (ts <= 36000) l.seconds_after_hour = ts / 10.0;
  if ((m[23] & 0x0F) != 0) l.timestamp_accuracy_s = (m[23] & 0x0F) * 0.1;
  return Body{l};
}

Result<Body> authentication(const uint8_t* m) {
  Authentication a;
  a.auth_type = m[1] >> 4;
  a.page = m[1] & 0x0F;
  if (a.page == 0) {
    a.last_page = m[2];
    a.length = m[3];
    a.time = time_since_2019(u32(m + 4));
  }
  return Body{a};
}

Result<Body> self_id(const uint8_t* m) {
  SelfId s;
  s.description_type = m[1];
  free_text(m + 2, 23, s.description);
  return Body{s};
}

Result<Body> system(const uint8_t* m) {
  System s;
  s.operator_location_type = m[1] & 0x03;
  s.classification_type = (m[1] >> 2) & 0x07;
  s.operator_position = position(m + 2, m + 6);
  s.area_count = u16(m + 10);
  s.area_radius_m = m[12] * 10.0;
  s.area_ceiling_m = altitude(m + 13);
  s.area_floor_m = altitude(m + 15);
  s.category_eu = m[17] >> 4;
  s.class_eu = m[17] & 0x0F;
  s.operator_alt_m = altitude(m + 18);
  s.time = time_since_2019(u32(m + 20));
  return Body{s};
}

Result<Body> operator_id(const uint8_t* m) {
  OperatorId o;
  o.id_type = m[1];
  if (const int bad = text(m + 2, 20, o.id); bad >= 0) {
    return make_error(ErrorCode::kBadValue, 2 + static_cast<std::size_t>(bad), "operator_id.id");
  }
  return Body{o};
}

Result<Message> decode_one(const uint8_t* m) {
  Message msg;
  msg.type = static_cast<MessageType>(m[0] >> 4);
  msg.version = m[0] & 0x0F;
  Result<Body> body = make_error(ErrorCode::kUnknownMessageType, 0, "header.type");
  switch (msg.type) {
    case MessageType::kBasicId: body = basic_id(m); break;
    case MessageType::kLocation: body = location(m); break;
    case MessageType::kAuthentication: body = authentication(m); break;
    case MessageType::kSelfId: body = self_id(m); break;
    case MessageType::kSystem: body = system(m); break;
    case MessageType::kOperatorId: body = operator_id(m); break;
    case MessageType::kMessagePack:
      return make_error(ErrorCode::kBadValue, 0, "pack.nested");
  }
  if (!body.ok()) return body.error();
  msg.body = std::move(*body);
  return msg;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

const char* to_string(MessageType t) noexcept {
  switch (t) {
    case MessageType::kBasicId: return "basic_id";
    case MessageType::kLocation: return "location";
    case MessageType::kAuthentication: return "authentication";
    case MessageType::kSelfId: return "self_id";
    case MessageType::kSystem: return "system";
    case MessageType::kOperatorId: return "operator_id";
    case MessageType::kMessagePack: return "message_pack";
  }
  return "unknown";
}

Result<Message> decode_message(std::span<const uint8_t> bytes) {
  if (bytes.size() < kMessageSize) return make_error(ErrorCode::kPayloadTooShort, bytes.size(), "message");
  if (bytes.size() > kMessageSize) return make_error(ErrorCode::kPayloadTooLong, kMessageSize, "message");
  return decode_one(bytes.data());
}

Result<Payload> decode_payload(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return make_error(ErrorCode::kEmptyPayload, 0, "header");
  Payload p;
  if ((bytes[0] >> 4) != static_cast<uint8_t>(MessageType::kMessagePack)) {
    auto m = decode_message(bytes);
    if (!m.ok()) return m.error();
    p.messages[0] = std::move(*m);
    p.count = 1;
    return p;
  }
  p.pack = true;
  if (bytes.size() < 3) return make_error(ErrorCode::kPayloadTooShort, bytes.size(), "pack");
  if (bytes[1] != kMessageSize) return make_error(ErrorCode::kBadValue, 1, "pack.message_size");
  const std::size_t count = bytes[2];
  if (count > kMaxPackMessages) return make_error(ErrorCode::kBadValue, 2, "pack.count");
  if (bytes.size() < 3 + count * kMessageSize) {
    return make_error(ErrorCode::kPayloadTooShort, bytes.size(), "pack.messages");
  }
  if (bytes.size() > 3 + kMaxPackMessages * kMessageSize) {
    return make_error(ErrorCode::kPayloadTooLong, 3 + kMaxPackMessages * kMessageSize, "pack");
  }
  for (std::size_t i = 0; i < count; ++i) {
    auto m = decode_one(bytes.data() + 3 + i * kMessageSize);
    if (m.ok()) {
      p.messages[p.count++] = std::move(*m);
    } else {
      ++p.skipped;
    }
  }
  return p;
}

Result<std::size_t> parse_hex(std::string_view text, std::span<uint8_t> out, const char* field) {
  if (text.size() % 2 != 0) return make_error(ErrorCode::kBadValue, text.size(), field);
  if (text.size() / 2 > out.size()) return make_error(ErrorCode::kPayloadTooLong, out.size() * 2, field);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_digit(text[i]);
    const int lo = hex_digit(text[i + 1]);
    if (hi < 0) return make_error(ErrorCode::kBadValue, i, field);
    if (lo < 0) return make_error(ErrorCode::kBadValue, i + 1, field);
    out[i / 2] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return text.size() / 2;
}

Timestamp resolve_time(Timestamp received, double seconds_after_hour) {
  constexpr int64_t kHourMs = 3600 * 1000;
  const int64_t rx = to_unix_ms(received);
  const int64_t hour = rx - ((rx % kHourMs) + kHourMs) % kHourMs;
  const int64_t offset = std::llround(seconds_after_hour * 1000.0);
  int64_t best = hour + offset;
  for (int64_t h : {hour - kHourMs, hour + kHourMs}) {
    if (std::llabs(h + offset - rx) < std::llabs(best - rx)) best = h + offset;
  }
  return from_unix_ms(best);
}

}  // namespace lookout::remote_id
