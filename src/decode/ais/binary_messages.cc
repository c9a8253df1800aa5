// Binary messages: types 6 (addressed) and 8 (broadcast), 17 (DGNSS
// corrections), 25 and 26 (single and multiple slot).
//
// The application data is kept as bits (BinaryData), not interpreted: the
// meaning depends on the DAC/FI pair and belongs to whoever consumes it.
// Each type needs its fixed fields in full; the data may be empty.
#include <algorithm>

#include "decode/ais/layout.h"

namespace lookout::ais::detail {

namespace {

static_assert(BinaryData::kCapacity * 8 >= BitReader::kMaxBits,
              "BinaryData holds any payload the reader accepts");

// The bits [start, end) as bytes, most significant bit first.
void read_binary(const BitReader& reader, std::size_t start, std::size_t end,
                 BinaryData& out) noexcept {
  const std::size_t bits = end > start ? end - start : 0;
  out.bitcount = static_cast<uint16_t>(bits);
  for (std::size_t byte_idx = 0; 8 * byte_idx < bits; ++byte_idx) {
    const std::size_t pos = start + 8 * byte_idx;
    const auto nbits = static_cast<unsigned>(std::min<std::size_t>(8, end - pos));
    out.bytes[byte_idx] = static_cast<uint8_t>(reader.u(pos, nbits) << (8 - nbits));
  }
}

// Type 6: ITU-R M.1371-5 table 50.
namespace addressed {
constexpr Field kSeqno{38, 2, "seqno"}, kDestMmsi{40, 30, "dest_mmsi"},
    kRetransmit{70, 1, "retransmit"}, kSpare{71, 1, "spare"}, kDac{72, 10, "dac"},
    kFid{82, 6, "fid"};
constexpr Field kLayout[] = {kType,  kRepeat, kMmsi, kSeqno, kDestMmsi,
                             kRetransmit, kSpare, kDac, kFid};
}  // namespace addressed

Error decode_addressed_binary(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<AddressedBinary>();
  out.seqno = static_cast<uint8_t>(get(reader, addressed::kSeqno));
  out.dest_mmsi = static_cast<uint32_t>(get(reader, addressed::kDestMmsi));
  out.retransmit = get_flag(reader, addressed::kRetransmit);
  out.dac = static_cast<uint16_t>(get(reader, addressed::kDac));
  out.fid = static_cast<uint8_t>(get(reader, addressed::kFid));
  read_binary(reader, addressed::kFid.end(), reader.size(), out.data);
  return Error{};
}

// Type 8: table 55.
namespace broadcast {
constexpr Field kSpare{38, 2, "spare"}, kDac{40, 10, "dac"}, kFid{50, 6, "fid"};
constexpr Field kLayout[] = {kType, kRepeat, kMmsi, kSpare, kDac, kFid};
}  // namespace broadcast

Error decode_broadcast_binary(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<BroadcastBinary>();
  out.dac = static_cast<uint16_t>(get(reader, broadcast::kDac));
  out.fid = static_cast<uint8_t>(get(reader, broadcast::kFid));
  read_binary(reader, broadcast::kFid.end(), reader.size(), out.data);
  return Error{};
}

// Type 17: table 66. Position in 1/10 minute.
namespace dgnss {
constexpr Field kSpare{38, 2, "spare"}, kLon{40, 18, "lon"}, kLat{58, 17, "lat"},
    kSpare2{75, 5, "spare"};
constexpr Field kLayout[] = {kType, kRepeat, kMmsi, kSpare, kLon, kLat, kSpare2};
}  // namespace dgnss

Error decode_dgnss(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<DgnssBroadcast>();
  out.lon = static_cast<int32_t>(get_signed(reader, dgnss::kLon));
  out.lat = static_cast<int32_t>(get_signed(reader, dgnss::kLat));
  read_binary(reader, dgnss::kSpare2.end(), reader.size(), out.data);
  return Error{};
}

// Types 25 and 26: tables 86 and 88. The header flags decide which optional
// fields follow; type 26 ends with a 20-bit communication state.
namespace slot {
constexpr Field kAddressed{38, 1, "addressed"}, kStructured{39, 1, "structured"};
constexpr Field kLayout[] = {kType, kRepeat, kMmsi, kAddressed, kStructured};
constexpr uint16_t kDestMmsiBits = 30, kAppIdBits = 16, kRadioBits = 20;
}  // namespace slot

Error decode_slot_binary(const BitReader& reader, Message& msg, bool has_radio) noexcept {
  auto& out = msg.body.emplace<SlotBinary>();
  out.addressed = get_flag(reader, slot::kAddressed);
  out.structured = get_flag(reader, slot::kStructured);
  std::size_t pos = slot::kStructured.end();
  const std::size_t tail = has_radio ? slot::kRadioBits : 0;
  const Field dest{static_cast<uint16_t>(pos), slot::kDestMmsiBits, "dest_mmsi"};
  if (out.addressed) {
    if (reader.size() < dest.end()) return too_short({&dest, 1}, reader.size());
    out.dest_mmsi = static_cast<uint32_t>(get(reader, dest));
    pos = dest.end();
  }
  const Field app_id{static_cast<uint16_t>(pos), slot::kAppIdBits, "app_id"};
  if (out.structured) {
    if (reader.size() < app_id.end()) return too_short({&app_id, 1}, reader.size());
    out.app_id = static_cast<uint16_t>(get(reader, app_id));
    pos = app_id.end();
  }
  if (has_radio) {
    const Field radio{static_cast<uint16_t>(pos), slot::kRadioBits, "radio"};
    if (reader.size() < radio.end()) return too_short({&radio, 1}, reader.size());
    out.radio = static_cast<uint32_t>(reader.u(reader.size() - tail, slot::kRadioBits));
  }
  read_binary(reader, pos, reader.size() - tail, out.data);
  return Error{};
}

Error decode_single_slot_binary(const BitReader& reader, Message& msg) noexcept {
  return decode_slot_binary(reader, msg, false);
}
Error decode_multi_slot_binary(const BitReader& reader, Message& msg) noexcept {
  return decode_slot_binary(reader, msg, true);
}

}  // namespace

constexpr TypeSpec kBinaryAddressedSpec{decode_addressed_binary, addressed::kFid.end(), 1008,
                                        addressed::kLayout};
constexpr TypeSpec kBinaryBroadcastSpec{decode_broadcast_binary, broadcast::kFid.end(), 1008,
                                        broadcast::kLayout};
constexpr TypeSpec kDgnssSpec{decode_dgnss, dgnss::kSpare2.end(), 816, dgnss::kLayout};
// The flags decide the real minimum; decode_slot_binary checks it.
constexpr TypeSpec kSingleSlotBinarySpec{decode_single_slot_binary, slot::kStructured.end(), 168,
                                         slot::kLayout};
constexpr TypeSpec kMultiSlotBinarySpec{decode_multi_slot_binary, slot::kStructured.end(), 1064,
                                        slot::kLayout};

}  // namespace lookout::ais::detail
