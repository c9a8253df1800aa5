// NMEA 4.0 / IEC 61162-450 tag blocks: metadata between two backslashes
// before a sentence, e.g.
//
//   \g:1-2-1604,s:rORBCOMM008,c:1418169601,T:2014-12-10 00.00.01*37\!AIVDM,...
//
// Fields are `key:value` separated by commas and closed by `*hh`, the XOR of
// the bytes between the opening backslash and the star. Keys of the standard:
//   c  receive time, Unix seconds (or milliseconds, as some feeds write)
//   s  source station          d  destination
//   g  group "sentence-total-id": joins the fragments of one message
//   n  line count               r  relative time
//   t  text
// `q` (a quality flag some satellite feeds add) is kept; unknown keys (`T`,
// `i`, `si`, ...) are skipped. The early draft form of the group, `1G2:0125`
// (sentence 1 of 2, id 125), is read as a group too.
//
// Real tag blocks are often sloppy (`*A`, `*00`, lower-case hex): a checksum
// that is wrong or malformed is reported through `checksum_ok` and the fields
// are still used, because the sentence after the tag block has its own
// checksum. A field that cannot be read makes the whole tag block an Error.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace lookout::nmea {

struct TagGroup {
  uint8_t sentence = 0;  // 1-based number of this sentence in the group
  uint8_t total = 0;     // sentences in the group
  uint32_t id = 0;       // group id, shared by the fragments of one message
};

// Fields of one tag block. Views point into the text given to
// parse_tag_block() and are valid as long as that text is.
struct TagBlock {
  std::optional<int64_t> unix_ms;      // c:
  std::string_view source;             // s:, empty when absent
  std::string_view destination;        // d:
  std::string_view text;               // t:
  std::string_view quality;            // q:
  std::optional<int64_t> relative;     // r:
  std::optional<uint32_t> line_count;  // n:
  std::optional<TagGroup> group;       // g: or xGy:
  bool checksum_ok = false;            // false when missing, malformed or wrong
};

// Parses the text between the two backslashes (without them).
// Returns the fields, or kBadTagBlock (offset in `body`, field = the key) when
// a field has no ':' or a c/n/r/g value is not what the standard allows.
// `c:` of 1 to 10 digits is seconds, of 13 digits milliseconds; other lengths
// are rejected, since no reading of them is safe.
Result<TagBlock> parse_tag_block(std::string_view body) noexcept;

}  // namespace lookout::nmea
