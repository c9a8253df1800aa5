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
//   payload:   the armoured characters, without commas.
//   fill_bits: the padding count from the sentence (0..5).
//   warning:   when not null, set to a warning code (kPayloadTooLong) or left
//              unchanged.
// Returns the message, or an Error with kEmptyPayload, kBadArmor (offset =
// character index), kBadFillBits, kPayloadTooShort, kPayloadOverflow or
// kUnknownMessageType.
Result<Message> decode_payload(std::string_view payload, unsigned fill_bits,
                               ErrorCode* warning = nullptr) noexcept;

}  // namespace lookout::ais
