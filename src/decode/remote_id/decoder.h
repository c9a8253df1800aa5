// Decoding of Remote ID broadcast payloads (message.h) from their bytes.
//
// Input is what a receiver hands on after the transport's own framing: the
// bytes from the message header on, i.e. after the Wi-Fi vendor IE's OUI
// FA:0B:BC, type 0x0D and message counter, or after the BLE service data's
// UUID 0xFFFA, app code 0x0D and counter. A payload is one 25-byte message or
// a Message Pack (0xF).
//
// Errors name the field ("header.type", "pack.count", "basic_id.uas_id", ...)
// and the byte offset. Inside a pack a malformed or reserved-type message is
// skipped and counted (Payload::skipped) rather than losing its neighbours.
// No allocation; safe on any input (fuzz/fuzz_remote_id.cc).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "decode/remote_id/message.h"

namespace lookout::remote_id {

// Exactly one 25-byte message (not a pack).
Result<Message> decode_message(std::span<const uint8_t> bytes);

// A single message (exactly 25 bytes) or a Message Pack (header, message
// size 25, count 0..9, the messages; bytes beyond them up to the pack's full
// 228 are padding some transmitters send).
Result<Payload> decode_payload(std::span<const uint8_t> bytes);

// Hex text (two digits a byte, either case, no separators) into `out`;
// returns the number of bytes, or an Error (kBadValue on a non-hex digit or an
// odd count, kPayloadTooLong beyond out.size()) naming `field`.
Result<std::size_t> parse_hex(std::string_view text, std::span<uint8_t> out, const char* field);

// The event time of a Location message: its tenths of a second after the
// hour, placed in the hour that puts it nearest `received` (a message heard
// at 10:00:02 stamped 59:58.5 belongs to 09:59:58.5).
Timestamp resolve_time(Timestamp received, double seconds_after_hour);

}  // namespace lookout::remote_id
