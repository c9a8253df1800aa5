// Remote ID broadcast messages (ASTM F3411-19/-22a, ASD-STAN EN 4709-002),
// as decoded by decoder.h: one struct per message type, in physical units.
//
// Every message on the air is 25 bytes: a header byte (message type in the
// high nibble, protocol version in the low one) and 24 bytes of fields. A
// Message Pack (type 0xF) carries up to 9 of them back to back. The field
// layouts and encodings follow the published standard as documented by
// opendroneid-core-c (opendroneid.h); each decode function in decoder.cc
// names the bytes it reads.
//
// A value the standard marks "unknown" or "invalid" (direction 361, speed
// 255 m/s, vertical speed 63 m/s, altitude -1000 m, lat/lon 0/0, timestamp
// 0xFFFF) is left out (nullopt), never turned into a number.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>

#include "core/fixed_string.h"
#include "core/latlon.h"
#include "core/time.h"

namespace lookout::remote_id {

inline constexpr std::size_t kMessageSize = 25;
inline constexpr std::size_t kMaxPackMessages = 9;

enum class MessageType : uint8_t {
  kBasicId = 0x0,
  kLocation = 0x1,
  kAuthentication = 0x2,
  kSelfId = 0x3,
  kSystem = 0x4,
  kOperatorId = 0x5,
  kMessagePack = 0xF,
};

// "basic_id", "location", ... ; "unknown" outside the enum.
const char* to_string(MessageType t) noexcept;

// ID type of a Basic ID message.
enum class IdType : uint8_t {
  kNone = 0,
  kSerialNumber = 1,   // ANSI/CTA-2063-A
  kCaaRegistration = 2,
  kUtmUuid = 3,
  kSpecificSession = 4,
};

struct BasicId {
  IdType id_type = IdType::kNone;
  uint8_t ua_type = 0;          // 0 none .. 15 other (2 helicopter or multirotor)
  // Serial number or CAA registration: printable text, trailing NULs and
  // spaces dropped. UTM UUID and session id are binary: lower-case hex of
  // their bytes (trailing zero bytes dropped).
  FixedString<40> uas_id;
};

struct Location {
  uint8_t status = 0;           // 0 undeclared, 1 ground, 2 airborne, 3 emergency, 4 RID failure
  bool height_above_ground = false;  // height reference: false = above take-off
  std::optional<double> direction_deg;     // track over ground, 0..360
  std::optional<double> speed_mps;         // horizontal, 0..254.25
  std::optional<double> vertical_speed_mps;  // up positive, -62..62
  std::optional<LatLon> position;
  std::optional<double> pressure_alt_m;
  std::optional<double> geodetic_alt_m;
  std::optional<double> height_m;
  uint8_t horizontal_accuracy = 0;  // the standard's enumerations, 0 = unknown
  uint8_t vertical_accuracy = 0;
  uint8_t baro_accuracy = 0;
  uint8_t speed_accuracy = 0;
  std::optional<double> timestamp_accuracy_s;  // 0.1 .. 1.5 s
  std::optional<double> seconds_after_hour;    // 0 .. 3600, 0.1 s resolution
};

// Authentication pages are counted, not verified.
struct Authentication {
  uint8_t auth_type = 0;
  uint8_t page = 0;
  std::optional<uint8_t> last_page;   // page 0 only
  std::optional<uint8_t> length;      // page 0 only: bytes of authentication data
  std::optional<Timestamp> time;      // page 0 only
};

struct SelfId {
  uint8_t description_type = 0;
  FixedString<23> description;
};

struct System {
  uint8_t operator_location_type = 0;  // 0 take-off, 1 live GNSS, 2 fixed
  uint8_t classification_type = 0;     // 0 undeclared, 1 EU
  std::optional<LatLon> operator_position;
  uint16_t area_count = 0;
  double area_radius_m = 0;
  std::optional<double> area_ceiling_m;
  std::optional<double> area_floor_m;
  uint8_t category_eu = 0;             // 0 undeclared, 1 open, 2 specific, 3 certified
  uint8_t class_eu = 0;                // 0 undeclared, 1 class 0 .. 7 class 6
  std::optional<double> operator_alt_m;  // geodetic
  std::optional<Timestamp> time;       // seconds since 2019-01-01T00:00Z
};

struct OperatorId {
  uint8_t id_type = 0;
  FixedString<20> id;
};

using Body = std::variant<BasicId, Location, Authentication, SelfId, System, OperatorId>;

struct Message {
  MessageType type = MessageType::kBasicId;
  uint8_t version = 0;  // 0 F3411-19, 1 F3411-20, 2 F3411-22a
  Body body;
};

// What one payload (a single message or a Message Pack) held.
struct Payload {
  Message messages[kMaxPackMessages];
  uint8_t count = 0;
  bool pack = false;     // it came as a Message Pack
  uint8_t skipped = 0;   // messages of the pack that were reserved types or malformed
};

}  // namespace lookout::remote_id
