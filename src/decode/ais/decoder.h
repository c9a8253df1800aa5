// The AIS payload decoder: six-bit armoured payload -> Message.
//
// Pure and allocation-free. Strict where meaning breaks (a payload shorter
// than its type needs is rejected), lenient where it does not (a longer one is
// decoded and remarked upon through `warning`).
#pragma once

#include <string_view>

#include "core/result.h"
#include "decode/ais/message.h"

namespace lookout::ais {

// Decodes one complete (reassembled) payload.
//   payload:   the armoured characters, without commas; the view need not
//              outlive the call (text fields are copied into the Message).
//   fill_bits: the padding count from the sentence (0..5).
//   warning:   when not null, set to kPayloadTooLong when the payload is longer
//              than its type defines (decoded anyway), else left unchanged.
// Returns the message, or an Error:
//   kEmptyPayload; kBadFillBits (field "fill_bits"); kBadArmor (offset =
//   index of the first bad character); kPayloadOverflow (more than five slots,
//   1280 bits); kUnknownMessageType (types 0, 28..63; field "type");
//   kPayloadTooShort (field = first field the payload cuts, offset = index of
//   the character where that field starts); kBadValue (type 24 part number 2
//   or 3; field "partno").
// Length tolerances of real senders (a cut trailing spare or communication
// state, type 5 of 420 bits) are described in the *_reports.cc files.
Result<Message> decode_payload(std::string_view payload, unsigned fill_bits,
                               ErrorCode* warning = nullptr) noexcept;

// decode_payload() into `msg`, reusing its storage: no blank Message is
// copied in and no result copied out, which matters per message on the hot
// path (NmeaDecoder). Returns code kOk, or the same Errors; on an Error `msg`
// is left partly written and must not be used.
Error decode_payload_into(std::string_view payload, unsigned fill_bits, Message& msg,
                          ErrorCode* warning = nullptr) noexcept;

}  // namespace lookout::ais
