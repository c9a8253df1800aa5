#include "decode/nmea/tag_block.h"

#include "decode/nmea/sentence.h"

namespace lookout::nmea {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Decimal digits only, 1 to max_digits of them.
std::optional<uint64_t> parse_unsigned(std::string_view v, std::size_t max_digits) {
  if (v.empty() || v.size() > max_digits) return std::nullopt;
  uint64_t n = 0;
  for (char c : v) {
    if (!is_digit(c)) return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

// "1-2-1604": sentence, total, id.
std::optional<TagGroup> parse_group(std::string_view v) {
  const std::size_t d1 = v.find('-');
  if (d1 == std::string_view::npos) return std::nullopt;
  const std::size_t d2 = v.find('-', d1 + 1);
  if (d2 == std::string_view::npos) return std::nullopt;
  auto sentence = parse_unsigned(v.substr(0, d1), 2);
  auto total = parse_unsigned(v.substr(d1 + 1, d2 - d1 - 1), 2);
  auto id = parse_unsigned(v.substr(d2 + 1), 9);
  if (!sentence || !total || !id || *sentence < 1 || *sentence > *total) return std::nullopt;
  return TagGroup{static_cast<uint8_t>(*sentence), static_cast<uint8_t>(*total),
                  static_cast<uint32_t>(*id)};
}

// The draft form "1G2:0125": key <sentence>G<total>, value id.
bool is_draft_group_key(std::string_view key) {
  return key.size() == 3 && is_digit(key[0]) && key[1] == 'G' && is_digit(key[2]);
}

// Applies one key:value pair; false when the value is malformed.
bool apply_field(std::string_view key, std::string_view value, TagBlock& tb) {
  if (key.size() == 1) {
    switch (key[0]) {
      case 'c': {
        // Seconds have at most 10 digits until the year 2286; milliseconds 13.
        auto v = parse_unsigned(value, 13);
        if (!v || (value.size() > 10 && value.size() != 13)) return false;
        tb.unix_ms = static_cast<int64_t>(value.size() == 13 ? *v : *v * 1000);
        return true;
      }
      case 's': tb.source = value; return true;
      case 'd': tb.destination = value; return true;
      case 't': tb.text = value; return true;
      case 'q': tb.quality = value; return true;
      case 'n': {
        auto v = parse_unsigned(value, 9);
        if (!v) return false;
        tb.line_count = static_cast<uint32_t>(*v);
        return true;
      }
      case 'r': {
        auto v = parse_unsigned(value, 18);
        if (!v) return false;
        tb.relative = static_cast<int64_t>(*v);
        return true;
      }
      case 'g': tb.group = parse_group(value); return tb.group.has_value();
      default: return true;  // unknown single-letter key: skipped
    }
  }
  if (is_draft_group_key(key)) {
    auto id = parse_unsigned(value, 9);
    const auto sentence = static_cast<uint8_t>(key[0] - '0');
    const auto total = static_cast<uint8_t>(key[2] - '0');
    if (!id || sentence < 1 || sentence > total) return false;
    tb.group = TagGroup{sentence, total, static_cast<uint32_t>(*id)};
  }
  return true;  // other keys ("si", "T", ...) are skipped
}

// Static names for errors; the key itself lives in the caller's buffer.
const char* key_name(std::string_view key) {
  if (key == "c") return "c";
  if (key == "n") return "n";
  if (key == "r") return "r";
  if (key == "g") return "g";
  return "group";
}

}  // namespace

Result<TagBlock> parse_tag_block(std::string_view body) noexcept {
  TagBlock tb;
  const std::size_t star = body.find('*');
  const std::string_view fields = body.substr(0, star);

  // Checksum: exactly two hex digits after the star.
  uint8_t sum = 0;
  for (char c : fields) sum = static_cast<uint8_t>(sum ^ static_cast<uint8_t>(c));
  if (star != std::string_view::npos && body.size() - star == 3) {
    const int hi = hex_value(body[star + 1]);
    const int lo = hex_value(body[star + 2]);
    tb.checksum_ok = hi >= 0 && lo >= 0 && ((hi << 4) | lo) == sum;
  }

  std::size_t pos = 0;
  while (pos < fields.size()) {
    std::size_t end = fields.find(',', pos);
    if (end == std::string_view::npos) end = fields.size();
    const std::string_view f = fields.substr(pos, end - pos);
    if (!f.empty()) {
      const std::size_t colon = f.find(':');
      if (colon == std::string_view::npos) {
        return make_error(ErrorCode::kBadTagBlock, pos, "key");
      }
      const std::string_view key = f.substr(0, colon);
      if (!apply_field(key, f.substr(colon + 1), tb)) {
        return make_error(ErrorCode::kBadTagBlock, pos + colon + 1, key_name(key));
      }
    }
    pos = end + 1;
  }
  return tb;
}

}  // namespace lookout::nmea
