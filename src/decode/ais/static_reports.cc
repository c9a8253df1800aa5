// Static reports: type 5 (class A static and voyage data), type 21 (aid to
// navigation) and type 24 (class B static data, parts A and B).
//
// Length rules (see position_reports.cc for the general ones):
// - Type 5 is 424 bits, but older transponders send 70 characters without
//   fill bits, i.e. 420 bits: the last two bits of the destination, dte and
//   the spare are missing. gpsd accepts these; so do we. Missing bits read as
//   zero, so the destination's last character reads as '@' or ' ' (the
//   padding it nearly always is) and dte as 0.
// - Type 21 is 272 bits plus a name extension of up to 88 bits (14
//   characters); the extension is appended to the name.
// - Type 24 part A is 168 bits but 160 (no trailing spare) is common; part B
//   is 168 bits, 162 without the trailing EPFD and spare.
#include <algorithm>

#include "decode/ais/layout.h"

namespace lookout::ais::detail {

namespace {

// Type 5: ITU-R M.1371-5 table 47.
namespace voyage {
constexpr Field kAisVersion{38, 2, "ais_version"}, kImo{40, 30, "imo"},
    kCallsign{70, 42, "callsign"}, kShipname{112, 120, "shipname"},
    kShiptype{232, 8, "shiptype"}, kToBow{240, 9, "to_bow"}, kToStern{249, 9, "to_stern"},
    kToPort{258, 6, "to_port"}, kToStarboard{264, 6, "to_starboard"}, kEpfd{270, 4, "epfd"},
    kMonth{274, 4, "month"}, kDay{278, 5, "day"}, kHour{283, 5, "hour"},
    kMinute{288, 6, "minute"}, kDraught{294, 8, "draught"},
    kDestination{302, 120, "destination"}, kDte{422, 1, "dte"}, kSpare{423, 1, "spare"};
constexpr Field kLayout[] = {kType,   kRepeat, kMmsi,    kAisVersion, kImo,        kCallsign,
                             kShipname, kShiptype, kToBow, kToStern, kToPort, kToStarboard,
                             kEpfd,   kMonth,  kDay,     kHour,       kMinute,     kDraught,
                             kDestination, kDte, kSpare};
// 420 bits: see the top of this file.
constexpr uint16_t kMinBits = 420;
}  // namespace voyage

Error decode_static_voyage(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<StaticVoyageData>();
  out.ais_version = static_cast<uint8_t>(get(reader, voyage::kAisVersion));
  out.imo = static_cast<uint32_t>(get(reader, voyage::kImo));
  get_text(reader, voyage::kCallsign, out.callsign);
  get_text(reader, voyage::kShipname, out.shipname);
  out.shiptype = static_cast<uint8_t>(get(reader, voyage::kShiptype));
  out.dim.to_bow = static_cast<uint16_t>(get(reader, voyage::kToBow));
  out.dim.to_stern = static_cast<uint16_t>(get(reader, voyage::kToStern));
  out.dim.to_port = static_cast<uint8_t>(get(reader, voyage::kToPort));
  out.dim.to_starboard = static_cast<uint8_t>(get(reader, voyage::kToStarboard));
  out.epfd = static_cast<uint8_t>(get(reader, voyage::kEpfd));
  out.month = static_cast<uint8_t>(get(reader, voyage::kMonth));
  out.day = static_cast<uint8_t>(get(reader, voyage::kDay));
  out.hour = static_cast<uint8_t>(get(reader, voyage::kHour));
  out.minute = static_cast<uint8_t>(get(reader, voyage::kMinute));
  out.draught = static_cast<uint8_t>(get(reader, voyage::kDraught));
  get_text(reader, voyage::kDestination, out.destination);
  out.dte = get_flag(reader, voyage::kDte);
  return Error{};
}

// Type 21: table 78.
namespace aton {
constexpr Field kAidType{38, 5, "aid_type"}, kName{43, 120, "name"},
    kAccuracy{163, 1, "accuracy"}, kLon{164, 28, "lon"}, kLat{192, 27, "lat"},
    kToBow{219, 9, "to_bow"}, kToStern{228, 9, "to_stern"}, kToPort{237, 6, "to_port"},
    kToStarboard{243, 6, "to_starboard"}, kEpfd{249, 4, "epfd"}, kSecond{253, 6, "second"},
    kOffPosition{259, 1, "off_position"}, kRegional{260, 8, "regional"}, kRaim{268, 1, "raim"},
    kVirtualAid{269, 1, "virtual_aid"}, kAssigned{270, 1, "assigned"}, kSpare{271, 1, "spare"},
    kNameExtension{272, 88, "name_extension"};
constexpr Field kLayout[] = {kType,     kRepeat,    kMmsi,        kAidType,   kName,
                             kAccuracy, kLon,       kLat,         kToBow,     kToStern,
                             kToPort,   kToStarboard, kEpfd,      kSecond,    kOffPosition,
                             kRegional, kRaim,      kVirtualAid,  kAssigned,  kSpare,
                             kNameExtension};
}  // namespace aton

Error decode_aid_to_navigation(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<AidToNavigation>();
  out.aid_type = static_cast<uint8_t>(get(reader, aton::kAidType));
  // The extension continues the name: "HILLSBRGH CUT C CH L" + "B 17". Only
  // whole characters count; the rest of the extension field is padding.
  const bool ended = append_six_bit_text(reader, aton::kName.start, aton::kName.width / 6,
                                         out.name);
  if (!ended && reader.size() > aton::kNameExtension.start) {
    const std::size_t ext_chars = std::min<std::size_t>(
        (reader.size() - aton::kNameExtension.start) / 6, aton::kNameExtension.width / 6);
    append_six_bit_text(reader, aton::kNameExtension.start, ext_chars, out.name);
  }
  trim_trailing_spaces(out.name);
  out.accuracy = get_flag(reader, aton::kAccuracy);
  out.pos = Position{static_cast<int32_t>(get_signed(reader, aton::kLon)),
                     static_cast<int32_t>(get_signed(reader, aton::kLat))};
  out.dim.to_bow = static_cast<uint16_t>(get(reader, aton::kToBow));
  out.dim.to_stern = static_cast<uint16_t>(get(reader, aton::kToStern));
  out.dim.to_port = static_cast<uint8_t>(get(reader, aton::kToPort));
  out.dim.to_starboard = static_cast<uint8_t>(get(reader, aton::kToStarboard));
  out.epfd = static_cast<uint8_t>(get(reader, aton::kEpfd));
  out.second = static_cast<uint8_t>(get(reader, aton::kSecond));
  out.off_position = get_flag(reader, aton::kOffPosition);
  out.regional = static_cast<uint8_t>(get(reader, aton::kRegional));
  out.raim = get_flag(reader, aton::kRaim);
  out.virtual_aid = get_flag(reader, aton::kVirtualAid);
  out.assigned = get_flag(reader, aton::kAssigned);
  return Error{};
}

// Type 24: tables 80 (part A) and 81 (part B).
namespace sdr {
constexpr Field kPartno{38, 2, "partno"};
constexpr Field kHeadLayout[] = {kType, kRepeat, kMmsi, kPartno};
// Part A.
constexpr Field kShipname{40, 120, "shipname"}, kSpareA{160, 8, "spare"};
constexpr Field kLayoutA[] = {kType, kRepeat, kMmsi, kPartno, kShipname, kSpareA};
// Part B. Bits 48..89 were a 7-character vendor id up to ITU-R M.1371-3 and
// are a 3-character manufacturer id, a 4-bit model and a 20-bit serial number
// since -4; senders use both, so both readings are kept.
constexpr Field kShiptype{40, 8, "shiptype"}, kVendorid{48, 42, "vendorid"},
    kModel{66, 4, "model"}, kSerial{70, 20, "serial"}, kCallsign{90, 42, "callsign"},
    kToBow{132, 9, "to_bow"}, kToStern{141, 9, "to_stern"}, kToPort{150, 6, "to_port"},
    kToStarboard{156, 6, "to_starboard"}, kMothershipMmsi{132, 30, "mothership_mmsi"},
    kEpfd{162, 4, "epfd"}, kSpareB{166, 2, "spare"};
constexpr Field kLayoutB[] = {kType,   kRepeat,   kMmsi,  kPartno,     kShiptype,
                              kVendorid, kCallsign, kToBow, kToStern, kToPort,
                              kToStarboard, kEpfd, kSpareB};
}  // namespace sdr

// MMSI 98XXXYYYY: a craft associated with a parent ship (ITU-R M.585 annex 2).
bool is_auxiliary_craft(uint32_t mmsi) { return mmsi / 10000000 == 98; }

Error decode_static_data(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<StaticDataReport>();
  out.partno = static_cast<uint8_t>(get(reader, sdr::kPartno));
  if (out.partno == 0) {
    if (reader.size() < sdr::kShipname.end()) return too_short(sdr::kLayoutA, reader.size());
    get_text(reader, sdr::kShipname, out.shipname);
    return Error{};
  }
  if (out.partno != 1) {
    return make_error(ErrorCode::kBadValue, sdr::kPartno.start / 6, sdr::kPartno.name);
  }
  if (reader.size() < sdr::kToStarboard.end()) return too_short(sdr::kLayoutB, reader.size());
  out.shiptype = static_cast<uint8_t>(get(reader, sdr::kShiptype));
  get_text(reader, sdr::kVendorid, out.vendorid);
  out.model = static_cast<uint8_t>(get(reader, sdr::kModel));
  out.serial = static_cast<uint32_t>(get(reader, sdr::kSerial));
  get_text(reader, sdr::kCallsign, out.callsign);
  if (is_auxiliary_craft(msg.mmsi)) {
    out.mothership_mmsi = static_cast<uint32_t>(get(reader, sdr::kMothershipMmsi));
  } else {
    out.dim.to_bow = static_cast<uint16_t>(get(reader, sdr::kToBow));
    out.dim.to_stern = static_cast<uint16_t>(get(reader, sdr::kToStern));
    out.dim.to_port = static_cast<uint8_t>(get(reader, sdr::kToPort));
    out.dim.to_starboard = static_cast<uint8_t>(get(reader, sdr::kToStarboard));
  }
  out.epfd = static_cast<uint8_t>(get(reader, sdr::kEpfd));
  return Error{};
}

}  // namespace

constexpr TypeSpec kStaticVoyageSpec{decode_static_voyage, voyage::kMinBits, 424,
                                     voyage::kLayout};
constexpr TypeSpec kAidToNavigationSpec{decode_aid_to_navigation, aton::kAssigned.end(),
                                        aton::kNameExtension.end(), aton::kLayout};
// The part decides the real minimum; decode_static_data checks it.
constexpr TypeSpec kStaticDataSpec{decode_static_data, sdr::kPartno.end(), 168,
                                   sdr::kHeadLayout};

}  // namespace lookout::ais::detail
