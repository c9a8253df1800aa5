// decode_payload: de-armour, check the length against the type's rules, and
// hand the bits to the decode function of the message type (one table row
// per type, one small function per type in the *_reports.cc / *_messages.cc
// files).
#include "decode/ais/decoder.h"

#include <array>

#include "decode/ais/layout.h"

namespace lookout::ais {

namespace {

using detail::TypeSpec;

// Indexed by message type (six bits). Null: not a message type of ITU-R
// M.1371-5 (0 and 28..63).
constexpr std::array<const TypeSpec*, 64> kSpecs = {
    nullptr,
    &detail::kPositionReportASpec,  // 1
    &detail::kPositionReportASpec,  // 2
    &detail::kPositionReportASpec,  // 3
    &detail::kBaseStationSpec,      // 4
    &detail::kStaticVoyageSpec,     // 5
    &detail::kBinaryAddressedSpec,  // 6
    &detail::kAcknowledgeSpec,      // 7
    &detail::kBinaryBroadcastSpec,  // 8
    &detail::kSarAircraftSpec,      // 9
    &detail::kUtcInquirySpec,       // 10
    &detail::kBaseStationSpec,      // 11
    &detail::kAddressedSafetySpec,  // 12
    &detail::kAcknowledgeSpec,      // 13
    &detail::kBroadcastSafetySpec,  // 14
    &detail::kInterrogationSpec,    // 15
    &detail::kAssignmentSpec,       // 16
    &detail::kDgnssSpec,            // 17
    &detail::kPositionReportBSpec,  // 18
    &detail::kExtendedReportBSpec,  // 19
    &detail::kDataLinkSpec,         // 20
    &detail::kAidToNavigationSpec,  // 21
    &detail::kChannelManagementSpec,  // 22
    &detail::kGroupAssignmentSpec,  // 23
    &detail::kStaticDataSpec,       // 24
    &detail::kSingleSlotBinarySpec,  // 25
    &detail::kMultiSlotBinarySpec,  // 26
    &detail::kLongRangeSpec,        // 27
};

// The checks that come before any field is read: armour, fill bits, length
// of the header and of the type. On success `spec` is the type's row.
Error check_payload(BitReader& reader, std::string_view payload, unsigned fill_bits,
                    const TypeSpec*& spec) noexcept {
  if (Error error = reader.load(payload, fill_bits); error.code != ErrorCode::kOk) return error;
  if (reader.size() < detail::kType.end()) {
    return detail::too_short(detail::kHeaderLayout, reader.size());
  }
  spec = kSpecs[detail::get(reader, detail::kType)];
  if (spec == nullptr) return make_error(ErrorCode::kUnknownMessageType, 0, detail::kType.name);
  if (reader.size() < spec->min_bits) return detail::too_short(spec->layout, reader.size());
  return Error{};
}

}  // namespace

Error decode_payload_into(std::string_view payload, unsigned fill_bits, Message& msg,
                          ErrorCode* warning) noexcept {
  BitReader reader;
  const TypeSpec* spec = nullptr;
  if (Error error = check_payload(reader, payload, fill_bits, spec);
      error.code != ErrorCode::kOk) {
    return error;
  }
  msg.type = static_cast<uint8_t>(detail::get(reader, detail::kType));
  msg.repeat = static_cast<uint8_t>(detail::get(reader, detail::kRepeat));
  msg.mmsi = static_cast<uint32_t>(detail::get(reader, detail::kMmsi));
  // Every decode function emplaces its body, so nothing of a previous
  // message survives in `msg`.
  if (Error error = spec->decode(reader, msg); error.code != ErrorCode::kOk) return error;
  if (reader.size() > spec->max_bits && warning != nullptr) *warning = ErrorCode::kPayloadTooLong;
  return Error{};
}

Result<Message> decode_payload(std::string_view payload, unsigned fill_bits,
                               ErrorCode* warning) noexcept {
  // Every path returns `result`, so that it is built in the caller's storage
  // (named return value optimisation) and decode functions write there
  // directly. It starts as a copy of a blank result: a few vector moves,
  // where constructing a Message would clear all of its variant storage with
  // a slow `rep stos`.
  Result<Message> result = detail::kBlankResult;
  if (Error error = decode_payload_into(payload, fill_bits, result.value(), warning);
      error.code != ErrorCode::kOk) {
    result = error;
  }
  return result;
}

}  // namespace lookout::ais
