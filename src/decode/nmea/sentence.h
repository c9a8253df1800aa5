// One AIS sentence: `!xxVDM` (heard from others) or `!xxVDO` (own vessel).
//
//   !AIVDM,2,1,3,B,55P5TL01VIaAL@7WKO@mBplU@<PDhh000000001S;AJ::4A80?4i@E53,0*3E
//    |    | | | | |                                                    | |
//    |    | | | | payload (six-bit armoured)                  fill bits  checksum
//    |    | | | channel (A, B; satellite feeds send 1, 2)
//    |    | | sequential message id (empty or 0-9)
//    |    | fragment number
//    |    fragment count
//    talker (any two letters: AI, AB, BS, SA, AN, AS, BY, SS, AA, ..., or "--")
//
// Real loggers bend the format; the parser accepts what keeps the meaning:
//   - an extra field before the checksum (`...,0,0*1C` from a GoFree gateway);
//     the fill bits are the field before it and the checksum covers it;
//   - data after the checksum (receiver metadata such as `,1327664821` or
//     `,d-109,S2105,...,1325394001`), returned as `trailer`;
//   - a trailing '\r';
//   - channel '1' and '2' (satellite feeds) are normalised to 'A' and 'B',
//     '0' (some base stations) to "unknown";
//   - an empty fill-bits field reads as 0.
// Everything else that is wrong is an Error; see parse_sentence().
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace lookout::nmea {

// Fields of one VDM/VDO sentence. The views point into the text given to
// parse_sentence() and are valid as long as that text is.
struct Sentence {
  char talker[2] = {0, 0};     // e.g. 'A','I' for !AIVDM
  bool own_vessel = false;     // VDO rather than VDM
  bool extra_field = false;    // one extra field before the checksum (GoFree)
  uint8_t fragment_count = 1;  // 1..9
  uint8_t fragment_number = 1; // 1..fragment_count
  int8_t sequence_id = -1;     // 0..9, or -1 when the field is empty
  char channel = 0;            // 'A', 'B', other letter as sent, or 0 when unknown
  uint8_t fill_bits = 0;       // 0..5
  std::string_view payload;    // armoured characters, may be empty (not checked here)
  std::string_view trailer;    // bytes after "*hh" (e.g. ",1327664821"), or empty
};

// Parses one sentence. `text` starts with '!' (or '$', which some loggers
// write) and ends at the end of the line; a tag block or time stamp before it
// must already be removed.
// Returns the fields, or an Error (offset = byte offset in `text`):
//   kNotAis            not a VDM/VDO sentence (e.g. !AIABK, $GPGGA);
//   kMissingChecksum   no '*' or not two hex digits after it;
//   kBadChecksum       the XOR of the bytes between '!' and '*' differs;
//   kBadSentenceField  a field is missing or malformed (Error::field names it:
//                      "fragment_count", "fragment_number", "sequence_id",
//                      "channel", "payload", "fill_bits", "fields");
//   kBadFillBits       fill bits 6..9.
// The checksum is verified before the fields, so a corrupted line reports
// kBadChecksum rather than whichever field the corruption happened to hit.
Result<Sentence> parse_sentence(std::string_view text) noexcept;

// parse_sentence() writing the fields into `s` (which must be default
// constructed), for the per-line hot path (see split_line_into() in
// line_parser.h for why). Returns code kOk, or the same Errors (then `s`
// must not be used).
Error parse_sentence_into(std::string_view text, Sentence& s) noexcept;

// The receive time carried in a trailer, in Unix milliseconds: the FIRST
// comma-separated field made only of digits that has 10 digits (seconds, as
// USCG/AISHub loggers write) or 13 digits (milliseconds, as the exactEarth
// feeds write). nullopt when there is none.
// Why the first: where a trailer holds two such fields, the second is not the
// receive time. In USCG metadata (`t050056.00,...,r003669946,1325394060,
// 1325394001`, libais typeexamples.nmea) the first is 4 s after the slot time
// `t` and the second 55 s before it; in the knapply/maritime log
// (`...,1541030311,1541030400`) the second is the batch time 00:00:00, on
// the last fragment only, and would put the fragments of one message 89 s
// apart.
std::optional<int64_t> trailer_unix_ms(std::string_view trailer) noexcept;

namespace detail {
// The general field reader alone (every comma located, every field checked
// with its own error), WITHOUT checksum verification. parse_sentence() uses
// it for anything but the common shape; exposed so that tests can hold the
// fast path to it.
Result<Sentence> parse_sentence_by_commas(std::string_view text) noexcept;
}  // namespace detail

// Value of a hex digit (either case), or -1.
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Value of two hex digits (a checksum), or -1 when either is not one.
constexpr int hex_pair(char hi, char lo) noexcept {
  const int h = hex_value(hi);
  const int l = hex_value(lo);
  return (h | l) < 0 ? -1 : (h << 4) | l;
}

}  // namespace lookout::nmea
