// Internal to the AIS decoder: how message layouts and per-type decoders are
// described, so that decoder.cc can dispatch through one table.
//
// Each message type has a layout (the fields of ITU-R M.1371-5 in bit order,
// spare bits included), one small decode function, and the bit lengths it
// accepts. The layout serves twice: decode functions read through its named
// fields, and a payload that is too short is reported with the name of the
// first field it cuts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/result.h"
#include "decode/ais/bit_reader.h"
#include "decode/ais/message.h"

namespace lookout::ais::detail {

// One field of a message layout.
struct Field {
  uint16_t start;    // first bit, 0 = most significant bit of the first character
  uint16_t width;    // bits
  const char* name;  // gpsd JSON name where there is one; "spare" for spare bits
  constexpr std::size_t end() const { return std::size_t{start} + width; }
};

inline uint64_t get(const BitReader& reader, const Field& field) noexcept {
  return reader.u(field.start, field.width);
}
inline int64_t get_signed(const BitReader& reader, const Field& field) noexcept {
  return reader.s(field.start, field.width);
}
inline bool get_flag(const BitReader& reader, const Field& field) noexcept {
  return reader.flag(field.start);
}
template <std::size_t N>
void get_text(const BitReader& reader, const Field& field, FixedString<N>& out) noexcept {
  read_six_bit_text(reader, field.start, field.width / 6, out);
}

// The header every message starts with.
inline constexpr Field kType{0, 6, "type"};
inline constexpr Field kRepeat{6, 2, "repeat"};
inline constexpr Field kMmsi{8, 30, "mmsi"};
inline constexpr Field kHeaderLayout[] = {kType, kRepeat, kMmsi};

// The first field of `layout` that a payload of `bits` bits does not hold in
// full, or nullptr when it holds them all.
constexpr const Field* first_cut_field(std::span<const Field> layout, std::size_t bits) {
  for (const Field& field : layout) {
    if (field.end() > bits) return &field;
  }
  return nullptr;
}

// The error for a payload of `bits` bits that `layout` needs more of: the
// offset is the index of the character where the cut field starts.
Error too_short(std::span<const Field> layout, std::size_t bits) noexcept;

// A result holding a default Message, to copy from. It lives in layout.cc so
// that the compiler cannot see its value and turn the copy back into clearing.
extern const Result<Message> kBlankResult;

// Decodes the body of one message type into `msg.body` (header already set).
// REQUIRES: reader.size() >= the spec's min_bits. Returns code kOk, or an
// error the length check alone cannot find (type 24 part B too short, an
// invalid part number).
using DecodeFn = Error (*)(const BitReader& reader, Message& msg) noexcept;

// Everything decoder.cc needs to know about one message type.
struct TypeSpec {
  DecodeFn decode;
  uint16_t min_bits;  // shorter is kPayloadTooShort
  uint16_t max_bits;  // longer is decoded with the warning kPayloadTooLong
  std::span<const Field> layout;
};

// Types 1, 2, 3, 4, 9, 11, 18, 19, 27 (position_reports.cc).
extern const TypeSpec kPositionReportASpec;
extern const TypeSpec kBaseStationSpec;
extern const TypeSpec kSarAircraftSpec;
extern const TypeSpec kPositionReportBSpec;
extern const TypeSpec kExtendedReportBSpec;
extern const TypeSpec kLongRangeSpec;
// Types 5, 21, 24 (static_reports.cc).
extern const TypeSpec kStaticVoyageSpec;
extern const TypeSpec kAidToNavigationSpec;
extern const TypeSpec kStaticDataSpec;
// Types 12, 14 (safety_messages.cc).
extern const TypeSpec kAddressedSafetySpec;
extern const TypeSpec kBroadcastSafetySpec;
// Types 6, 8, 17, 25, 26 (binary_messages.cc).
extern const TypeSpec kBinaryAddressedSpec;
extern const TypeSpec kBinaryBroadcastSpec;
extern const TypeSpec kDgnssSpec;
extern const TypeSpec kSingleSlotBinarySpec;
extern const TypeSpec kMultiSlotBinarySpec;
// Types 7, 10, 13, 15, 16, 20, 22, 23 (link_messages.cc).
extern const TypeSpec kAcknowledgeSpec;
extern const TypeSpec kUtcInquirySpec;
extern const TypeSpec kInterrogationSpec;
extern const TypeSpec kAssignmentSpec;
extern const TypeSpec kDataLinkSpec;
extern const TypeSpec kChannelManagementSpec;
extern const TypeSpec kGroupAssignmentSpec;

}  // namespace lookout::ais::detail
