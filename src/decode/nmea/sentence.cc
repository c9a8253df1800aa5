#include "decode/nmea/sentence.h"

#include "decode/nmea/field_scan.h"

namespace lookout::nmea {

namespace {

using detail::FieldScan;

// Field names in sentence order, for errors about a missing field.
constexpr const char* kFieldNames[] = {"address",  "fragment_count", "fragment_number",
                                       "sequence_id", "channel",     "payload",
                                       "fill_bits"};
constexpr int kStandardFields = 7;

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Talker letters; "--" is NMEA's "no talker" and some units send it.
bool is_talker(char c) { return is_upper(c) || c == '-'; }

// "!AIVDM," or "!AIVDO,": two letters of talker, then the sentence type.
inline bool is_vdm_address(std::string_view t) {
  return t.size() >= 7 && t[3] == 'V' && t[4] == 'D' && (t[5] == 'M' || t[5] == 'O') &&
         t[6] == ',' && is_talker(t[1]) && is_talker(t[2]);
}

// A view of text[begin, end) without the bounds check of substr().
inline std::string_view slice(std::string_view text, uint32_t begin, uint32_t end) {
  return {text.data() + begin, end - begin};
}

// Where field `k` of the sentence starts and ends in `text`. The scan ran
// over text.substr(1), so its positions are one less than in `text`.
struct Field {
  uint32_t begin;
  uint32_t end;
  uint32_t size() const { return end - begin; }
};

Field field_at(const FieldScan& scan, int k, uint32_t star_pos) {
  const uint32_t begin = k == 0 ? 1 : scan.comma[k - 1] + 2;
  const uint32_t end = k < scan.commas ? scan.comma[k] + 1 : star_pos;
  return {begin, end};
}

Error missing_field(int k, uint32_t star_pos) {
  return make_error(ErrorCode::kBadSentenceField, star_pos, kFieldNames[k]);
}

Error field_error(const Field& f, int k) {
  return make_error(ErrorCode::kBadSentenceField, f.begin, kFieldNames[k]);
}

// Maps the channel letter as sent to the one reported. Satellite feeds send
// '1' and '2' for AIS 1 and AIS 2; some base stations send '0' for "not
// known". Returns -1 for anything else.
int normalise_channel(char c) {
  if (is_upper(c)) return c;
  if (c == '1') return 'A';
  if (c == '2') return 'B';
  if (c == '0') return 0;
  return -1;
}

// The general path: finds every comma, so that any malformed field can be
// named with its offset. `star` is the position of '*' in `text`; the
// checksum has been verified.
Result<Sentence> read_fields_by_commas(std::string_view text, uint32_t star) noexcept {
  FieldScan scan;
  detail::scan_fields(text.substr(1, star - 1), scan);
  // Six commas, or seven with the GoFree extra field. A missing field is
  // reported after the fields before it have been checked, so that a mangled
  // header names the field that is wrong rather than the last one.
  if (scan.commas > kStandardFields) {
    return make_error(ErrorCode::kBadSentenceField, scan.comma[kStandardFields] + 2, "fields");
  }

  Sentence s;
  s.talker[0] = text[1];
  s.talker[1] = text[2];
  s.own_vessel = text[5] == 'O';
  s.extra_field = scan.commas == kStandardFields;

  if (scan.commas < 1) return missing_field(1, star);
  const Field count = field_at(scan, 1, star);
  if (count.size() != 1 || text[count.begin] < '1' || text[count.begin] > '9') {
    return field_error(count, 1);
  }
  s.fragment_count = static_cast<uint8_t>(text[count.begin] - '0');

  if (scan.commas < 2) return missing_field(2, star);
  const Field number = field_at(scan, 2, star);
  if (number.size() != 1 || text[number.begin] < '1' || text[number.begin] > '9' ||
      text[number.begin] - '0' > s.fragment_count) {
    return field_error(number, 2);
  }
  s.fragment_number = static_cast<uint8_t>(text[number.begin] - '0');

  if (scan.commas < 3) return missing_field(3, star);
  const Field seq = field_at(scan, 3, star);
  if (seq.size() > 1 || (seq.size() == 1 && !is_digit(text[seq.begin]))) return field_error(seq, 3);
  if (seq.size() == 1) s.sequence_id = static_cast<int8_t>(text[seq.begin] - '0');

  if (scan.commas < 4) return missing_field(4, star);
  const Field channel = field_at(scan, 4, star);
  if (channel.size() > 1) return field_error(channel, 4);
  if (channel.size() == 1) {
    const int c = normalise_channel(text[channel.begin]);
    if (c < 0) return field_error(channel, 4);
    s.channel = static_cast<char>(c);
  }

  if (scan.commas < 5) return missing_field(5, star);
  const Field payload = field_at(scan, 5, star);
  s.payload = text.substr(payload.begin, payload.size());

  if (scan.commas < 6) return missing_field(6, star);
  const Field fill = field_at(scan, 6, star);
  if (fill.size() > 1 || (fill.size() == 1 && !is_digit(text[fill.begin]))) {
    return field_error(fill, 6);
  }
  if (fill.size() == 1) {
    const int bits = text[fill.begin] - '0';
    if (bits > 5) return make_error(ErrorCode::kBadFillBits, fill.begin, "fill_bits");
    s.fill_bits = static_cast<uint8_t>(bits);
  }
  s.trailer = text.substr(star + 3);
  return s;
}

// The common shape, read at fixed places from both ends: one-character
// header fields after "!AIVDM," and a one-character fill (and extra) field
// before the star. `commas` is the number of commas before the star. Returns
// false, touching nothing the caller relies on, for anything else; the
// general path then judges the sentence.
bool read_fields_fast(std::string_view text, uint32_t star, uint32_t commas, Sentence& s) {
  const char* t = text.data();
  const char count = t[7];
  if (star < 14 || count < '1' || count > '9' || t[8] != ',' || t[9] < '1' || t[9] > count ||
      t[10] != ',') {
    return false;
  }
  uint32_t p = 11;
  int8_t seq = -1;
  if (t[p] != ',') {
    if (!is_digit(t[p]) || t[p + 1] != ',') return false;
    seq = static_cast<int8_t>(t[p] - '0');
    ++p;
  }
  ++p;
  int channel = 0;
  if (t[p] != ',') {
    channel = normalise_channel(t[p]);
    if (channel < 0 || t[p + 1] != ',') return false;
    ++p;
  }
  ++p;  // payload starts here; it holds no comma, so the counts below place it
  const bool extra = commas == kStandardFields;
  if (commas != kStandardFields - 1 && !extra) return false;
  const uint32_t fill_at = extra ? star - 3 : star - 1;
  if (fill_at < p + 1 || t[fill_at - 1] != ',' || t[fill_at] < '0' || t[fill_at] > '5') {
    return false;
  }
  if (extra && t[star - 2] != ',') return false;
  s.talker[0] = t[1];
  s.talker[1] = t[2];
  s.own_vessel = t[5] == 'O';
  s.extra_field = extra;
  s.fragment_count = static_cast<uint8_t>(count - '0');
  s.fragment_number = static_cast<uint8_t>(t[9] - '0');
  s.sequence_id = seq;
  s.channel = static_cast<char>(channel);
  s.payload = slice(text, p, fill_at - 1);
  s.fill_bits = static_cast<uint8_t>(t[fill_at] - '0');
  s.trailer = slice(text, star + 3, static_cast<uint32_t>(text.size()));
  return true;
}

}  // namespace

Result<Sentence> parse_sentence(std::string_view text) noexcept {
  Sentence s;
  if (Error e = parse_sentence_into(text, s); e.code != ErrorCode::kOk) return e;
  return s;
}

Error parse_sentence_into(std::string_view text, Sentence& s) noexcept {
  while (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (!is_vdm_address(text) || (text[0] != '!' && text[0] != '$')) {
    return make_error(ErrorCode::kNotAis, 0);
  }

  // One pass for the star, the checksum and the number of commas.
  const auto size = static_cast<uint32_t>(text.size());
  const detail::StarScan scan = detail::scan_star(slice(text, 1, size));
  if (scan.star == FieldScan::kNoStar) return make_error(ErrorCode::kMissingChecksum, text.size());
  const uint32_t star = scan.star + 1;
  if (star + 3 > text.size()) return make_error(ErrorCode::kMissingChecksum, star);
  const int sum = hex_pair(text[star + 1], text[star + 2]);
  if (sum < 0) return make_error(ErrorCode::kMissingChecksum, star);
  if (sum != scan.xor_sum) return make_error(ErrorCode::kBadChecksum, star + 1);

  if (read_fields_fast(text, star, scan.commas, s)) return Error{};
  auto general = read_fields_by_commas(text, star);
  if (!general.ok()) return general.error();
  s = *general;
  return Error{};
}

namespace detail {

Result<Sentence> parse_sentence_by_commas(std::string_view text) noexcept {
  while (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (!is_vdm_address(text) || (text[0] != '!' && text[0] != '$')) {
    return make_error(ErrorCode::kNotAis, 0);
  }
  const StarScan scan = scan_star_swar(text.substr(1));
  if (scan.star == FieldScan::kNoStar || scan.star + 4 > text.size()) {
    return make_error(ErrorCode::kMissingChecksum, text.size());
  }
  return read_fields_by_commas(text, scan.star + 1);
}

}  // namespace detail

std::optional<int64_t> trailer_unix_ms(std::string_view trailer) noexcept {
  std::size_t pos = 0;
  while (pos < trailer.size()) {
    std::size_t end = trailer.find(',', pos);
    if (end == std::string_view::npos) end = trailer.size();
    const std::string_view f = trailer.substr(pos, end - pos);
    if (f.size() == 10 || f.size() == 13) {
      int64_t v = 0;
      bool digits = true;
      for (char c : f) {
        if (!is_digit(c)) {
          digits = false;
          break;
        }
        v = v * 10 + (c - '0');
      }
      if (digits) return f.size() == 10 ? v * 1000 : v;
    }
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace lookout::nmea
