// Position reports: types 1, 2, 3 (class A), 4 and 11 (base station time),
// 9 (SAR aircraft), 18 and 19 (class B), 27 (long range).
//
// Length rules. Every field that carries meaning must arrive in full. Two
// kinds of tail may be missing without changing what the message says: a
// trailing spare, and the trailing communication state ("radio"), which only
// matters to the slot scheduler of other transponders. Real senders cut both
// (gpsd's sample log has a type 1 of 163 bits); the radio field then holds
// the bits that did arrive, as gpsd reports it.
#include "decode/ais/layout.h"

namespace lookout::ais::detail {

namespace {

Position read_position(const BitReader& reader, const Field& lon, const Field& lat) noexcept {
  return Position{static_cast<int32_t>(get_signed(reader, lon)),
                  static_cast<int32_t>(get_signed(reader, lat))};
}

// Types 1, 2, 3: ITU-R M.1371-5 table 45.
namespace a {
constexpr Field kStatus{38, 4, "status"}, kTurn{42, 8, "turn"}, kSpeed{50, 10, "speed"},
    kAccuracy{60, 1, "accuracy"}, kLon{61, 28, "lon"}, kLat{89, 27, "lat"},
    kCourse{116, 12, "course"}, kHeading{128, 9, "heading"}, kSecond{137, 6, "second"},
    kManeuver{143, 2, "maneuver"}, kSpare{145, 3, "spare"}, kRaim{148, 1, "raim"},
    kRadio{149, 19, "radio"};
constexpr Field kLayout[] = {kType,   kRepeat, kMmsi,     kStatus,   kTurn,
                             kSpeed,  kAccuracy, kLon,    kLat,      kCourse,
                             kHeading, kSecond, kManeuver, kSpare,   kRaim, kRadio};
}  // namespace a

Error decode_position_a(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<PositionReportA>();
  out.status = static_cast<uint8_t>(get(reader, a::kStatus));
  out.turn = static_cast<int8_t>(get_signed(reader, a::kTurn));
  out.speed = static_cast<uint16_t>(get(reader, a::kSpeed));
  out.accuracy = get_flag(reader, a::kAccuracy);
  out.pos = read_position(reader, a::kLon, a::kLat);
  out.course = static_cast<uint16_t>(get(reader, a::kCourse));
  out.heading = static_cast<uint16_t>(get(reader, a::kHeading));
  out.second = static_cast<uint8_t>(get(reader, a::kSecond));
  out.maneuver = static_cast<uint8_t>(get(reader, a::kManeuver));
  out.raim = get_flag(reader, a::kRaim);
  out.radio = static_cast<uint32_t>(reader.u_partial(a::kRadio.start, a::kRadio.width));
  return Error{};
}

// Types 4 and 11: table 46.
namespace base {
constexpr Field kYear{38, 14, "year"}, kMonth{52, 4, "month"}, kDay{56, 5, "day"},
    kHour{61, 5, "hour"}, kMinute{66, 6, "minute"}, kSecond{72, 6, "second"},
    kAccuracy{78, 1, "accuracy"}, kLon{79, 28, "lon"}, kLat{107, 27, "lat"},
    kEpfd{134, 4, "epfd"}, kSpare{138, 10, "spare"}, kRaim{148, 1, "raim"},
    kRadio{149, 19, "radio"};
constexpr Field kLayout[] = {kType,   kRepeat,   kMmsi, kYear, kMonth, kDay,  kHour,
                             kMinute, kSecond, kAccuracy, kLon, kLat, kEpfd, kSpare,
                             kRaim,   kRadio};
}  // namespace base

Error decode_base_station(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<BaseStationReport>();
  out.year = static_cast<uint16_t>(get(reader, base::kYear));
  out.month = static_cast<uint8_t>(get(reader, base::kMonth));
  out.day = static_cast<uint8_t>(get(reader, base::kDay));
  out.hour = static_cast<uint8_t>(get(reader, base::kHour));
  out.minute = static_cast<uint8_t>(get(reader, base::kMinute));
  out.second = static_cast<uint8_t>(get(reader, base::kSecond));
  out.accuracy = get_flag(reader, base::kAccuracy);
  out.pos = read_position(reader, base::kLon, base::kLat);
  out.epfd = static_cast<uint8_t>(get(reader, base::kEpfd));
  out.raim = get_flag(reader, base::kRaim);
  out.radio = static_cast<uint32_t>(reader.u_partial(base::kRadio.start, base::kRadio.width));
  return Error{};
}

// Type 9: table 48.
namespace sar {
constexpr Field kAlt{38, 12, "alt"}, kSpeed{50, 10, "speed"}, kAccuracy{60, 1, "accuracy"},
    kLon{61, 28, "lon"}, kLat{89, 27, "lat"}, kCourse{116, 12, "course"},
    kSecond{128, 6, "second"}, kRegional{134, 8, "regional"}, kDte{142, 1, "dte"},
    kSpare{143, 3, "spare"}, kAssigned{146, 1, "assigned"}, kRaim{147, 1, "raim"},
    kRadio{148, 20, "radio"};
constexpr Field kLayout[] = {kType,   kRepeat,   kMmsi,   kAlt,  kSpeed,    kAccuracy,
                             kLon,    kLat,      kCourse, kSecond, kRegional, kDte,
                             kSpare,  kAssigned, kRaim,   kRadio};
}  // namespace sar

Error decode_sar_aircraft(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<SarAircraftReport>();
  out.alt = static_cast<uint16_t>(get(reader, sar::kAlt));
  out.speed = static_cast<uint16_t>(get(reader, sar::kSpeed));
  out.accuracy = get_flag(reader, sar::kAccuracy);
  out.pos = read_position(reader, sar::kLon, sar::kLat);
  out.course = static_cast<uint16_t>(get(reader, sar::kCourse));
  out.second = static_cast<uint8_t>(get(reader, sar::kSecond));
  out.regional = static_cast<uint8_t>(get(reader, sar::kRegional));
  out.dte = get_flag(reader, sar::kDte);
  out.assigned = get_flag(reader, sar::kAssigned);
  out.raim = get_flag(reader, sar::kRaim);
  out.radio = static_cast<uint32_t>(reader.u_partial(sar::kRadio.start, sar::kRadio.width));
  return Error{};
}

// Types 18 and 19 share their first 139 bits: tables 70 and 71.
namespace b {
constexpr Field kReserved{38, 8, "reserved"}, kSpeed{46, 10, "speed"},
    kAccuracy{56, 1, "accuracy"}, kLon{57, 28, "lon"}, kLat{85, 27, "lat"},
    kCourse{112, 12, "course"}, kHeading{124, 9, "heading"}, kSecond{133, 6, "second"};
// Type 18 from bit 139.
constexpr Field kRegional{139, 2, "regional"}, kCs{141, 1, "cs"}, kDisplay{142, 1, "display"},
    kDsc{143, 1, "dsc"}, kBand{144, 1, "band"}, kMsg22{145, 1, "msg22"},
    kAssigned{146, 1, "assigned"}, kRaim{147, 1, "raim"}, kRadio{148, 20, "radio"};
constexpr Field kLayout[] = {kType,   kRepeat, kMmsi,    kReserved, kSpeed,   kAccuracy, kLon,
                             kLat,    kCourse, kHeading, kSecond,   kRegional, kCs,      kDisplay,
                             kDsc,    kBand,   kMsg22,   kAssigned, kRaim,     kRadio};
}  // namespace b

namespace ext {
constexpr Field kRegional{139, 4, "regional"}, kShipname{143, 120, "shipname"},
    kShiptype{263, 8, "shiptype"}, kToBow{271, 9, "to_bow"}, kToStern{280, 9, "to_stern"},
    kToPort{289, 6, "to_port"}, kToStarboard{295, 6, "to_starboard"}, kEpfd{301, 4, "epfd"},
    kRaim{305, 1, "raim"}, kDte{306, 1, "dte"}, kAssigned{307, 1, "assigned"},
    kSpare{308, 4, "spare"};
constexpr Field kLayout[] = {
    kType,      kRepeat,    kMmsi,   b::kReserved, b::kSpeed,   b::kAccuracy, b::kLon,
    b::kLat,    b::kCourse, b::kHeading, b::kSecond, kRegional, kShipname, kShiptype,
    kToBow,     kToStern,   kToPort, kToStarboard, kEpfd,     kRaim,     kDte,
    kAssigned,  kSpare};
}  // namespace ext

// The fields types 18 and 19 share.
template <typename Report>
void read_class_b_kinematics(const BitReader& reader, Report& out) noexcept {
  out.reserved = static_cast<uint8_t>(get(reader, b::kReserved));
  out.speed = static_cast<uint16_t>(get(reader, b::kSpeed));
  out.accuracy = get_flag(reader, b::kAccuracy);
  out.pos = read_position(reader, b::kLon, b::kLat);
  out.course = static_cast<uint16_t>(get(reader, b::kCourse));
  out.heading = static_cast<uint16_t>(get(reader, b::kHeading));
  out.second = static_cast<uint8_t>(get(reader, b::kSecond));
}

Error decode_position_b(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<PositionReportB>();
  read_class_b_kinematics(reader, out);
  out.regional = static_cast<uint8_t>(get(reader, b::kRegional));
  out.cs = get_flag(reader, b::kCs);
  out.display = get_flag(reader, b::kDisplay);
  out.dsc = get_flag(reader, b::kDsc);
  out.band = get_flag(reader, b::kBand);
  out.msg22 = get_flag(reader, b::kMsg22);
  out.assigned = get_flag(reader, b::kAssigned);
  out.raim = get_flag(reader, b::kRaim);
  out.radio = static_cast<uint32_t>(reader.u_partial(b::kRadio.start, b::kRadio.width));
  return Error{};
}

Error decode_extended_b(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<ExtendedReportB>();
  read_class_b_kinematics(reader, out);
  out.regional = static_cast<uint8_t>(get(reader, ext::kRegional));
  get_text(reader, ext::kShipname, out.shipname);
  out.shiptype = static_cast<uint8_t>(get(reader, ext::kShiptype));
  out.dim.to_bow = static_cast<uint16_t>(get(reader, ext::kToBow));
  out.dim.to_stern = static_cast<uint16_t>(get(reader, ext::kToStern));
  out.dim.to_port = static_cast<uint8_t>(get(reader, ext::kToPort));
  out.dim.to_starboard = static_cast<uint8_t>(get(reader, ext::kToStarboard));
  out.epfd = static_cast<uint8_t>(get(reader, ext::kEpfd));
  out.raim = get_flag(reader, ext::kRaim);
  out.dte = get_flag(reader, ext::kDte);
  out.assigned = get_flag(reader, ext::kAssigned);
  return Error{};
}

// Type 27: table 84. Nominally 96 bits; some satellite-era senders pad it to
// 168, which decodes with a kPayloadTooLong warning.
namespace lr {
constexpr Field kAccuracy{38, 1, "accuracy"}, kRaim{39, 1, "raim"}, kStatus{40, 4, "status"},
    kLon{44, 18, "lon"}, kLat{62, 17, "lat"}, kSpeed{79, 6, "speed"},
    kCourse{85, 9, "course"}, kGnss{94, 1, "gnss"}, kSpare{95, 1, "spare"};
constexpr Field kLayout[] = {kType, kRepeat, kMmsi,  kAccuracy, kRaim, kStatus,
                             kLon,  kLat,    kSpeed, kCourse,   kGnss, kSpare};
}  // namespace lr

Error decode_long_range(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<LongRangeReport>();
  out.accuracy = get_flag(reader, lr::kAccuracy);
  out.raim = get_flag(reader, lr::kRaim);
  out.status = static_cast<uint8_t>(get(reader, lr::kStatus));
  out.lon = static_cast<int32_t>(get_signed(reader, lr::kLon));
  out.lat = static_cast<int32_t>(get_signed(reader, lr::kLat));
  out.speed = static_cast<uint8_t>(get(reader, lr::kSpeed));
  out.course = static_cast<uint16_t>(get(reader, lr::kCourse));
  out.gnss = get_flag(reader, lr::kGnss);
  return Error{};
}

}  // namespace

// min_bits: up to and including the last field with meaning (see the top of
// this file); max_bits: the length the standard defines.
constexpr TypeSpec kPositionReportASpec{decode_position_a, a::kRaim.end(), 168, a::kLayout};
constexpr TypeSpec kBaseStationSpec{decode_base_station, base::kRaim.end(), 168, base::kLayout};
constexpr TypeSpec kSarAircraftSpec{decode_sar_aircraft, sar::kRaim.end(), 168, sar::kLayout};
constexpr TypeSpec kPositionReportBSpec{decode_position_b, b::kRaim.end(), 168, b::kLayout};
constexpr TypeSpec kExtendedReportBSpec{decode_extended_b, ext::kAssigned.end(), 312,
                                        ext::kLayout};
constexpr TypeSpec kLongRangeSpec{decode_long_range, lr::kGnss.end(), 96, lr::kLayout};

}  // namespace lookout::ais::detail
