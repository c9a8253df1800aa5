#include "decode/nmea/line_parser.h"

#include <cstring>

#include "decode/nmea/field_scan.h"
#include "decode/nmea/sentence.h"

namespace lookout::nmea {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_separator(char c) { return c == ' ' || c == '\t' || c == ',' || c == ';'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "$xxVDM," / "$xxVDO,": a few loggers write AIS sentences with '$'.
bool is_dollar_vdm(std::string_view s) {
  return s.size() >= 7 && s[3] == 'V' && s[4] == 'D' && (s[5] == 'M' || s[5] == 'O') &&
         s[6] == ',';
}

// First '!' or '\' in `s`, or npos.
std::size_t find_sentence_start(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '!' || s[i] == '\\') return i;
  }
  return std::string_view::npos;
}

// Integer part in units of 10^-scale seconds, e.g. scale 3 for milliseconds.
Timestamp from_epoch(uint64_t count, int scale) {
  int64_t ms = static_cast<int64_t>(count);
  for (int s = scale; s < 3; ++s) ms *= 10;
  for (int s = scale; s > 3; --s) ms /= 10;
  return from_unix_ms(ms);
}

}  // namespace

std::optional<Timestamp> parse_prefix_time(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  std::size_t digits = 0;
  uint64_t count = 0;
  while (digits < text.size() && is_digit(text[digits]) && digits < 19) {
    count = count * 10 + static_cast<uint64_t>(text[digits] - '0');
    ++digits;
  }
  if (digits == text.size() || (digits > 0 && text[digits] == '.')) {
    std::string_view fraction = text.substr(digits);
    if (!fraction.empty()) fraction.remove_prefix(1);
    int fraction_ms = 0;
    int scale = 100;
    for (char c : fraction) {
      if (!is_digit(c)) return std::nullopt;
      fraction_ms += (c - '0') * scale;
      scale /= 10;
    }
    switch (digits) {
      case 9: case 10:
        return from_unix_ms(static_cast<int64_t>(count) * 1000 + fraction_ms);
      case 12: case 13:
        return fraction.empty() ? std::optional(from_epoch(count, 3)) : std::nullopt;
      case 15: case 16:
        return fraction.empty() ? std::optional(from_epoch(count, 6)) : std::nullopt;
      case 18: case 19:
        return fraction.empty() ? std::optional(from_epoch(count, 9)) : std::nullopt;
      default:
        return std::nullopt;
    }
  }
  auto iso = parse_timestamp(text);
  if (!iso.ok()) return std::nullopt;
  return *iso;
}

Result<Timestamp> parse_gatehouse_time(std::string_view line) noexcept {
  // $PGHP,1,<year>,<month>,<day>,<hour>,<minute>,<second>,<millisecond>,...*hh
  detail::FieldScan scan;
  detail::scan_fields(line.substr(1), scan);
  if (scan.star == detail::FieldScan::kNoStar) {
    return make_error(ErrorCode::kMissingChecksum, line.size());
  }
  const uint32_t star = scan.star + 1;
  if (star + 3 > line.size()) return make_error(ErrorCode::kMissingChecksum, star);
  const int hi = hex_value(line[star + 1]);
  const int lo = hex_value(line[star + 2]);
  if (hi < 0 || lo < 0) return make_error(ErrorCode::kMissingChecksum, star);
  if (((hi << 4) | lo) != scan.xor_sum) return make_error(ErrorCode::kBadChecksum, star + 1);
  if (scan.commas < 9) return make_error(ErrorCode::kBadTimestampPrefix, star, "pghp");

  static constexpr const char* kNames[] = {"type",   "year",   "month",  "day",
                                           "hour",   "minute", "second", "millisecond"};
  int v[8] = {};
  for (int k = 0; k < 8; ++k) {
    const uint32_t begin = scan.comma[k] + 2;  // scan positions are one less than in `line`
    const uint32_t end = scan.comma[k + 1] + 1;
    if (begin == end || end - begin > 4) {
      return make_error(ErrorCode::kBadTimestampPrefix, begin, kNames[k]);
    }
    for (uint32_t i = begin; i < end; ++i) {
      if (!is_digit(line[i])) return make_error(ErrorCode::kBadTimestampPrefix, i, kNames[k]);
      v[k] = v[k] * 10 + (line[i] - '0');
    }
  }
  if (v[0] != 1) return make_error(ErrorCode::kNotAis, scan.comma[0] + 2, "type");
  auto t = make_timestamp(v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
  if (!t) return make_error(ErrorCode::kBadTimestampPrefix, scan.comma[1] + 2, "year");
  return *t;
}

Result<LineParts> split_line(std::string_view line, std::size_t max_line_bytes) noexcept {
  LineParts parts;
  if (Error e = split_line_into(line, max_line_bytes, parts); e.code != ErrorCode::kOk) return e;
  return parts;
}

Error split_line_into(std::string_view line, std::size_t max_line_bytes,
                      LineParts& parts) noexcept {
  if (line.size() > max_line_bytes) return make_error(ErrorCode::kLineTooLong, max_line_bytes);
  while (!line.empty() && is_blank(line.back())) line.remove_suffix(1);
  std::size_t start = 0;
  while (start < line.size() && is_blank(line[start])) ++start;
  if (start == line.size()) return make_error(ErrorCode::kEmptyLine, 0);

  // Fast path first: most lines are a bare sentence or start with a tag block.
  char c = line[start];
  if (c == '$') {
    const std::string_view rest = line.substr(start);
    if (rest.starts_with("$PGHP,")) {
      auto t = parse_gatehouse_time(rest);
      if (!t.ok()) {
        Error e = t.error();
        e.offset += static_cast<uint32_t>(start);
        return e;
      }
      parts.kind = LineKind::kGatehouse;
      parts.time = *t;
      return Error{};
    }
    if (!is_dollar_vdm(rest)) return make_error(ErrorCode::kNotAis, start);
  } else if (c != '!' && c != '\\') {
    if (c == '#') return make_error(ErrorCode::kNotAis, start);
    // A logger's prefix: a time stamp and a separator, or something unknown.
    const std::size_t at = find_sentence_start(line.substr(start));
    if (at == std::string_view::npos) return make_error(ErrorCode::kNotAis, start);
    std::string_view prefix = line.substr(start, at);
    while (!prefix.empty() && is_separator(prefix.back())) prefix.remove_suffix(1);
    parts.time = parse_prefix_time(prefix);
    parts.bad_prefix = !parts.time.has_value();
    start += at;
    c = line[start];
  }

  if (c == '\\') {
    const void* close = std::memchr(line.data() + start + 1, '\\', line.size() - start - 1);
    if (close == nullptr) return make_error(ErrorCode::kBadTagBlock, line.size(), "tag_block");
    const auto end = static_cast<std::size_t>(static_cast<const char*>(close) - line.data());
    parts.has_tag_block = true;
    parts.tag_block = line.substr(start + 1, end - start - 1);
    start = end + 1;
    if (start == line.size()) {
      parts.kind = LineKind::kTagOnly;
      return Error{};
    }
    if (line[start] != '!' && !(line[start] == '$' && is_dollar_vdm(line.substr(start)))) {
      return make_error(ErrorCode::kBadTagBlock, start, "tag_block");
    }
  }
  parts.sentence = line.substr(start);
  parts.sentence_offset = static_cast<uint32_t>(start);
  return Error{};
}

}  // namespace lookout::nmea
