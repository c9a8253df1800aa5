// The AIS encoder: Message -> six-bit armoured payload -> !AIVDM sentences.
//
// The inverse of decode_payload (decoder.h) for every body in message.h,
// laid out bit for bit as ITU-R M.1371-5 Annex 8 gives each message. Used by
// the round-trip property tests and by scenario generators that synthesise
// vessel tracks, so it accepts any Message and never fails:
//   - numeric fields are cut to their width (the low bits are kept; signed
//     fields in two's complement), so set values within the standard's range
//     to get them back;
//   - text is written in the six-bit alphabet: lower-case letters become
//     upper case, any other character outside ' '..'_' becomes '?'; fixed
//     width fields are padded with '@' (the standard's "no character") and
//     cut at their width;
//   - reserved and spare bits are zero.
// Types and bodies:
//   PositionReportA 1-3 (168 bits), BaseStationReport 4/11 (168),
//   StaticVoyageData 5 (424), SarAircraftReport 9 (168), SafetyMessage 12
//   (72 + 6 per character, at most 156 characters) and 14 (40 + 6 per
//   character, at most 161), PositionReportB 18 (168), ExtendedReportB 19
//   (312), AidToNavigation 21 (272 bits; characters 21-34 of the name go to
//   the name extension, then spare bits to a whole number of bytes),
//   StaticDataReport 24 (part A 168, part B 168: the vendor id's first three
//   characters then the model and serial, as in M.1371-5; characters of
//   `vendorid` beyond the third are not written, as they are the model and
//   serial in M.1371-3's seven-character form; dimensions or, for an
//   auxiliary craft MMSI 98XXXYYYY, the mothership MMSI; then the EPFD),
//   LongRangeReport 27 (96); the data link and binary messages 6, 7/13, 8,
//   10, 15, 16, 17, 20, 22, 23, 25, 26 (encoder_link_messages.cc: as many
//   repeated entries as are in use, at least one; binary data bit for bit);
//   OtherMessage: the header followed by zero bits up to the shortest
//   length the type allows.
// Messages are at most BitReader::kMaxBits (1280) bits, the most the
// decoder accepts; bits beyond are dropped.
// The header's type is `msg.type`: REQUIRES it to be one the body is laid
// out for (e.g. 1, 2 or 3 for PositionReportA), or the payload will not
// decode back to the same body.
#pragma once

#include <string>
#include <string_view>

#include "decode/ais/message.h"

namespace lookout::ais {

// Encodes `msg` into armoured payload characters ('0'..'W', '`'..'w').
// When `fill_bits` is not null it receives the number of padding bits (0..5)
// added to reach a whole number of characters.
std::string encode_payload(const Message& msg, unsigned* fill_bits);

// How encode_nmea frames a payload into sentences.
struct NmeaOptions {
  // Radio channel field: 'A', 'B', ... or 0 for an empty field.
  char channel = 'A';
  // Sequential message identifier, 0..9. -1: empty for a one-sentence
  // message and 0 for a multi-sentence one. Callers interleaving several
  // multi-sentence messages must give each its own id.
  int seq_id = -1;
  // NMEA 4.0 tag block content without the backslashes and checksum, e.g.
  // "s:r003669945,c:1325394060"; written (with its checksum) before the
  // first sentence only. Empty: no tag block.
  std::string_view tag_block;
  // "!AIVDO" (own vessel) instead of "!AIVDM".
  bool own_vessel = false;
  // Most payload characters per sentence; 60 keeps each sentence within
  // NMEA's 82 characters. REQUIRES: >= 1.
  unsigned max_payload_chars = 60;
};

// Encodes `msg` as one or more sentences, each ending in "\r\n":
//   !AIVDM,<count>,<number>,<seq id>,<channel>,<payload>,<fill bits>*<checksum>
// Every sentence but the last has 0 fill bits. The longest payload (1280
// bits, 214 characters) takes 4 sentences at the default 60 characters;
// a max_payload_chars under 24 can need more than the 9 NMEA allows.
std::string encode_nmea(const Message& msg, const NmeaOptions& options);

// The same with the common options spelled out.
std::string encode_nmea(const Message& msg, char channel = 'A', int seq_id = -1,
                        std::string_view tag_block = {});

// Frames an already armoured payload; encode_nmea is this over
// encode_payload. Exposed for tests and replays that hold raw payloads.
std::string frame_nmea(std::string_view payload, unsigned fill_bits,
                       const NmeaOptions& options);

// The NMEA checksum: XOR of all bytes of `body` (the text between '!' or
// '$' and '*', or a tag block's content), as two upper-case hex digits.
std::string nmea_checksum(std::string_view body);

}  // namespace lookout::ais
