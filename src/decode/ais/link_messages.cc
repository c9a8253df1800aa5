// Data link messages: acknowledgements (types 7 and 13), UTC inquiry (10),
// interrogation (15), assignment (16), data link management (20), channel
// management (22) and group assignment (23).
//
// Several of these carry one to four repeated entries and their length says
// how many. An entry counts only when its fields arrived in full; one cut by
// the end of the payload is treated as absent (0), not read from zero-filled
// bits, since a partial MMSI or slot number would name the wrong station or
// slot.
#include "decode/ais/layout.h"

namespace lookout::ais::detail {

namespace {

// The field's value when the payload holds all of it, else 0.
uint64_t get_if_complete(const BitReader& reader, const Field& field) noexcept {
  return field.end() <= reader.size() ? get(reader, field) : 0;
}

// Types 7 and 13: ITU-R M.1371-5 tables 52 and 61.
namespace ack {
constexpr Field kSpare{38, 2, "spare"}, kMmsi1{40, 30, "mmsi1"}, kSeqno1{70, 2, "seqno1"},
    kMmsi2{72, 30, "mmsi2"}, kSeqno2{102, 2, "seqno2"}, kMmsi3{104, 30, "mmsi3"},
    kSeqno3{134, 2, "seqno3"}, kMmsi4{136, 30, "mmsi4"}, kSeqno4{166, 2, "seqno4"};
constexpr Field kLayout[] = {kType,  kRepeat, kMmsi,  kSpare,  kMmsi1, kSeqno1,
                             kMmsi2, kSeqno2, kMmsi3, kSeqno3, kMmsi4, kSeqno4};
}  // namespace ack

Error decode_acknowledgement(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<Acknowledgement>();
  out.mmsi1 = static_cast<uint32_t>(get(reader, ack::kMmsi1));
  out.seqno1 = static_cast<uint8_t>(get_if_complete(reader, ack::kSeqno1));
  out.mmsi2 = static_cast<uint32_t>(get_if_complete(reader, ack::kMmsi2));
  out.seqno2 = static_cast<uint8_t>(get_if_complete(reader, ack::kSeqno2));
  out.mmsi3 = static_cast<uint32_t>(get_if_complete(reader, ack::kMmsi3));
  out.seqno3 = static_cast<uint8_t>(get_if_complete(reader, ack::kSeqno3));
  out.mmsi4 = static_cast<uint32_t>(get_if_complete(reader, ack::kMmsi4));
  out.seqno4 = static_cast<uint8_t>(get_if_complete(reader, ack::kSeqno4));
  return Error{};
}

// Type 10: table 58.
namespace inquiry {
constexpr Field kSpare{38, 2, "spare"}, kDestMmsi{40, 30, "dest_mmsi"}, kSpare2{70, 2, "spare"};
constexpr Field kLayout[] = {kType, kRepeat, kMmsi, kSpare, kDestMmsi, kSpare2};
}  // namespace inquiry

Error decode_utc_inquiry(const BitReader& reader, Message& msg) noexcept {
  msg.body.emplace<UtcInquiry>().dest_mmsi =
      static_cast<uint32_t>(get(reader, inquiry::kDestMmsi));
  return Error{};
}

// Type 15: table 64. 88 bits: one request; 110: two for the first station;
// 160: and one for a second station.
namespace interrogation {
constexpr Field kSpare{38, 2, "spare"}, kMmsi1{40, 30, "mmsi1"}, kType1_1{70, 6, "type1_1"},
    kOffset1_1{76, 12, "offset1_1"}, kSpare2{88, 2, "spare"}, kType1_2{90, 6, "type1_2"},
    kOffset1_2{96, 12, "offset1_2"}, kSpare3{108, 2, "spare"}, kMmsi2{110, 30, "mmsi2"},
    kType2_1{140, 6, "type2_1"}, kOffset2_1{146, 12, "offset2_1"}, kSpare4{158, 2, "spare"};
constexpr Field kLayout[] = {kType,     kRepeat,  kMmsi,      kSpare,   kMmsi1,   kType1_1,
                             kOffset1_1, kSpare2, kType1_2,   kOffset1_2, kSpare3, kMmsi2,
                             kType2_1,  kOffset2_1, kSpare4};
}  // namespace interrogation

Error decode_interrogation(const BitReader& reader, Message& msg) noexcept {
  namespace f = interrogation;
  auto& out = msg.body.emplace<Interrogation>();
  out.mmsi1 = static_cast<uint32_t>(get(reader, f::kMmsi1));
  out.type1_1 = static_cast<uint8_t>(get(reader, f::kType1_1));
  out.offset1_1 = static_cast<uint16_t>(get(reader, f::kOffset1_1));
  out.type1_2 = static_cast<uint8_t>(get_if_complete(reader, f::kType1_2));
  out.offset1_2 = static_cast<uint16_t>(get_if_complete(reader, f::kOffset1_2));
  out.mmsi2 = static_cast<uint32_t>(get_if_complete(reader, f::kMmsi2));
  out.type2_1 = static_cast<uint8_t>(get_if_complete(reader, f::kType2_1));
  out.offset2_1 = static_cast<uint16_t>(get_if_complete(reader, f::kOffset2_1));
  return Error{};
}

// Type 16: table 65. 96 bits for one station, 144 for two.
namespace assignment {
constexpr Field kSpare{38, 2, "spare"}, kMmsi1{40, 30, "mmsi1"}, kOffset1{70, 12, "offset1"},
    kIncrement1{82, 10, "increment1"}, kMmsi2{92, 30, "mmsi2"}, kOffset2{122, 12, "offset2"},
    kIncrement2{134, 10, "increment2"};
constexpr Field kLayout[] = {kType,   kRepeat,     kMmsi,  kSpare,   kMmsi1,
                             kOffset1, kIncrement1, kMmsi2, kOffset2, kIncrement2};
}  // namespace assignment

Error decode_assignment(const BitReader& reader, Message& msg) noexcept {
  namespace f = assignment;
  auto& out = msg.body.emplace<AssignmentCommand>();
  out.mmsi1 = static_cast<uint32_t>(get(reader, f::kMmsi1));
  out.offset1 = static_cast<uint16_t>(get(reader, f::kOffset1));
  out.increment1 = static_cast<uint16_t>(get(reader, f::kIncrement1));
  // The second station only when all three of its fields arrived.
  if (f::kIncrement2.end() <= reader.size()) {
    out.mmsi2 = static_cast<uint32_t>(get(reader, f::kMmsi2));
    out.offset2 = static_cast<uint16_t>(get(reader, f::kOffset2));
    out.increment2 = static_cast<uint16_t>(get(reader, f::kIncrement2));
  }
  return Error{};
}

// Type 20: table 70. One to four reservations of 30 bits from bit 40.
namespace dlm {
constexpr Field kSpare{38, 2, "spare"}, kOffset1{40, 12, "offset1"}, kNumber1{52, 4, "number1"},
    kTimeout1{56, 3, "timeout1"}, kIncrement1{59, 11, "increment1"};
constexpr Field kLayout[] = {kType,    kRepeat,   kMmsi,     kSpare,
                             kOffset1, kNumber1, kTimeout1, kIncrement1};
constexpr std::size_t kReservationBits = 30;
}  // namespace dlm

Error decode_data_link(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<DataLinkManagement>();
  for (std::size_t idx = 0; idx < 4; ++idx) {
    const std::size_t base = dlm::kOffset1.start + idx * dlm::kReservationBits;
    if (base + dlm::kReservationBits > reader.size()) break;
    SlotReservation& slot = out.reservations[idx];
    slot.offset = static_cast<uint16_t>(reader.u(base, 12));
    slot.number = static_cast<uint8_t>(reader.u(base + 12, 4));
    slot.timeout = static_cast<uint8_t>(reader.u(base + 16, 3));
    slot.increment = static_cast<uint16_t>(reader.u(base + 19, 11));
    out.count = static_cast<uint8_t>(idx + 1);
  }
  return Error{};
}

// Type 22: table 71. Bit 139 says whether bits 69..138 are a region (two
// corners, 1/10 minute) or two addressed stations.
namespace channel {
constexpr Field kSpare{38, 2, "spare"}, kChannelA{40, 12, "channel_a"},
    kChannelB{52, 12, "channel_b"}, kTxrx{64, 4, "txrx"}, kPower{68, 1, "power"},
    kNeLon{69, 18, "ne_lon"}, kNeLat{87, 17, "ne_lat"}, kSwLon{104, 18, "sw_lon"},
    kSwLat{122, 17, "sw_lat"}, kDest1{69, 30, "dest1"}, kDest2{104, 30, "dest2"},
    kAddressed{139, 1, "addressed"}, kBandA{140, 1, "band_a"}, kBandB{141, 1, "band_b"},
    kZonesize{142, 3, "zonesize"}, kSpare2{145, 23, "spare"};
constexpr Field kLayout[] = {kType,  kRepeat, kMmsi,  kSpare,     kChannelA, kChannelB,
                             kTxrx,  kPower,  kNeLon, kNeLat,     kSwLon,    kSwLat,
                             kAddressed, kBandA, kBandB, kZonesize, kSpare2};
}  // namespace channel

Error decode_channel_management(const BitReader& reader, Message& msg) noexcept {
  namespace f = channel;
  auto& out = msg.body.emplace<ChannelManagement>();
  out.channel_a = static_cast<uint16_t>(get(reader, f::kChannelA));
  out.channel_b = static_cast<uint16_t>(get(reader, f::kChannelB));
  out.txrx = static_cast<uint8_t>(get(reader, f::kTxrx));
  out.power = get_flag(reader, f::kPower);
  out.addressed = get_flag(reader, f::kAddressed);
  if (out.addressed) {
    out.dest1 = static_cast<uint32_t>(get(reader, f::kDest1));
    out.dest2 = static_cast<uint32_t>(get(reader, f::kDest2));
  } else {
    out.ne_lon = static_cast<int32_t>(get_signed(reader, f::kNeLon));
    out.ne_lat = static_cast<int32_t>(get_signed(reader, f::kNeLat));
    out.sw_lon = static_cast<int32_t>(get_signed(reader, f::kSwLon));
    out.sw_lat = static_cast<int32_t>(get_signed(reader, f::kSwLat));
  }
  out.band_a = get_flag(reader, f::kBandA);
  out.band_b = get_flag(reader, f::kBandB);
  out.zonesize = static_cast<uint8_t>(get(reader, f::kZonesize));
  return Error{};
}

// Type 23: table 72.
namespace group {
constexpr Field kSpare{38, 2, "spare"}, kNeLon{40, 18, "ne_lon"}, kNeLat{58, 17, "ne_lat"},
    kSwLon{75, 18, "sw_lon"}, kSwLat{93, 17, "sw_lat"}, kStationtype{110, 4, "stationtype"},
    kShiptype{114, 8, "shiptype"}, kSpare2{122, 22, "spare"}, kTxrx{144, 2, "txrx"},
    kInterval{146, 4, "interval"}, kQuiet{150, 4, "quiet"}, kSpare3{154, 6, "spare"};
constexpr Field kLayout[] = {kType,   kRepeat,      kMmsi,     kSpare, kNeLon,    kNeLat,
                             kSwLon,  kSwLat,       kStationtype, kShiptype, kSpare2, kTxrx,
                             kInterval, kQuiet, kSpare3};
}  // namespace group

Error decode_group_assignment(const BitReader& reader, Message& msg) noexcept {
  namespace f = group;
  auto& out = msg.body.emplace<GroupAssignment>();
  out.ne_lon = static_cast<int32_t>(get_signed(reader, f::kNeLon));
  out.ne_lat = static_cast<int32_t>(get_signed(reader, f::kNeLat));
  out.sw_lon = static_cast<int32_t>(get_signed(reader, f::kSwLon));
  out.sw_lat = static_cast<int32_t>(get_signed(reader, f::kSwLat));
  out.stationtype = static_cast<uint8_t>(get(reader, f::kStationtype));
  out.shiptype = static_cast<uint8_t>(get(reader, f::kShiptype));
  out.txrx = static_cast<uint8_t>(get(reader, f::kTxrx));
  out.interval = static_cast<uint8_t>(get(reader, f::kInterval));
  out.quiet = static_cast<uint8_t>(get(reader, f::kQuiet));
  return Error{};
}

}  // namespace

// Minimum: the first entry (or every fixed field) in full; maximum: the
// standard's length.
constexpr TypeSpec kAcknowledgeSpec{decode_acknowledgement, ack::kMmsi1.end(), 168, ack::kLayout};
constexpr TypeSpec kUtcInquirySpec{decode_utc_inquiry, inquiry::kDestMmsi.end(), 72,
                                   inquiry::kLayout};
constexpr TypeSpec kInterrogationSpec{decode_interrogation, interrogation::kOffset1_1.end(), 160,
                                      interrogation::kLayout};
constexpr TypeSpec kAssignmentSpec{decode_assignment, assignment::kIncrement1.end(), 144,
                                   assignment::kLayout};
constexpr TypeSpec kDataLinkSpec{decode_data_link, dlm::kIncrement1.end(), 160, dlm::kLayout};
constexpr TypeSpec kChannelManagementSpec{decode_channel_management, channel::kZonesize.end(),
                                          168, channel::kLayout};
constexpr TypeSpec kGroupAssignmentSpec{decode_group_assignment, group::kQuiet.end(), 160,
                                        group::kLayout};

}  // namespace lookout::ais::detail
