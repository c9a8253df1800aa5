// Line framing: what a logger wrote around the AIS sentence.
//
// A line from a real AIS log holds one of:
//   !AIVDM,...                                  a bare sentence
//   \s:rEV02,c:1334337317*58\!AIVDM,...         a tag block, then the sentence
//   1550303566167726840 !AIVDM,...              a receive time (s, ms, us or ns
//   2021-11-01T12:00:00Z !AIVDM,...             since 1970, or ISO 8601), then a
//   2021-11-01 12:00:00.123,!AIVDM,...          separator: space, tab, ',' or ';'
//   \si:AISD*3F\                                a tag block alone (metadata for
//                                               the next line, or nothing)
//   $PGHP,1,2013,11,12,12,0,0,42,...*2C         a Gatehouse wrapper: the time of
//                                               the NEXT sentence line
//   $GPGGA,...  # comment  binary garbage       not AIS
// split_line() tells these apart without copying and without parsing the
// sentence itself (see sentence.h) or the tag block (see tag_block.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace lookout::nmea {

enum class LineKind : uint8_t {
  kSentence,   ///< A VDM/VDO sentence, maybe after a tag block and/or a time stamp.
  kTagOnly,    ///< A tag block and nothing after it.
  kGatehouse,  ///< A $PGHP wrapper; `time` is the time of the next sentence line.
};

// The parts of one line. Views point into the line given to split_line().
struct LineParts {
  LineKind kind = LineKind::kSentence;
  bool has_tag_block = false;
  std::string_view tag_block;     // between the backslashes, without them
  std::string_view sentence;      // from '!' (or '$') to the end, trailing blanks removed
  uint32_t sentence_offset = 0;   // where `sentence` starts in the line
  std::optional<Timestamp> time;  // leading time stamp, or the wrapper's time
  bool bad_prefix = false;        // text before the sentence that is not a time stamp
};

// Splits one line (without '\n'; a trailing '\r' and blanks are ignored).
// Returns the parts, or an Error:
//   kLineTooLong         more than max_line_bytes bytes;
//   kEmptyLine           nothing but blanks;
//   kNotAis              other NMEA, a comment ('#'), text or binary garbage;
//   kBadTagBlock         a tag block without its closing backslash, or followed
//                        by something that is not a sentence;
//   kMissingChecksum, kBadChecksum, kBadTimestampPrefix
//                        a $PGHP wrapper that is damaged.
// Text before the sentence that is not a time stamp is NOT an error: the
// sentence has its own checksum, so the line is kept and `bad_prefix` set
// (the caller counts a kBadTimestampPrefix warning).
Result<LineParts> split_line(std::string_view line, std::size_t max_line_bytes) noexcept;

// split_line() writing the parts into `parts` (which must be default
// constructed), for the per-line hot path: returning the parts inside a
// Result copies them through the stack right after they were written
// field by field, and that copy stalls on store forwarding. Returns code kOk,
// or the same Errors (then `parts` must not be used).
Error split_line_into(std::string_view line, std::size_t max_line_bytes,
                      LineParts& parts) noexcept;

// Reads a logger's leading time stamp: an integer count since 1970 of
// seconds (9-10 digits, optionally with a fraction), milliseconds (12-13),
// microseconds (15-16) or nanoseconds (18-19); or an ISO 8601 date-time as
// parse_timestamp() in core/time.h accepts it. nullopt when it is neither.
std::optional<Timestamp> parse_prefix_time(std::string_view text) noexcept;

// Reads the time of a Gatehouse `$PGHP,1,...` wrapper line.
Result<Timestamp> parse_gatehouse_time(std::string_view line) noexcept;

}  // namespace lookout::nmea
