#include "core/json_out.h"

#include <charconv>
#include <cstddef>

namespace lookout {

namespace {

// True for the bytes that need attention when escaping: controls, quote,
// backslash and every non-ASCII byte (which must be checked as UTF-8).
constexpr bool needs_care(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }

bool in(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

// Length of the well-formed UTF-8 sequence starting at s[0] (Unicode 15,
// table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or 0
// when s[0] does not start one.
std::size_t utf8_sequence_length(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  if (in(c, 0xC2, 0xDF)) return s.size() >= 2 && in(b(1), 0x80, 0xBF) ? 2 : 0;
  if (in(c, 0xE0, 0xEF)) {
    if (s.size() < 3) return 0;
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;
    return in(b(1), lo, hi) && in(b(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (in(c, 0xF0, 0xF4)) {
    if (s.size() < 4) return 0;
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
    return in(b(1), lo, hi) && in(b(2), 0x80, 0xBF) && in(b(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

// Appends the escape of the ASCII byte `c` to the sink.
template <typename Sink>
void put_control_escape(Sink& sink, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"': sink.put("\\\""); return;
    case '\\': sink.put("\\\\"); return;
    case '\b': sink.put("\\b"); return;
    case '\f': sink.put("\\f"); return;
    case '\n': sink.put("\\n"); return;
    case '\r': sink.put("\\r"); return;
    case '\t': sink.put("\\t"); return;
    default: break;
  }
  const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
  sink.put(std::string_view(esc, sizeof esc));
}

// Escapes `s` into any sink with put(std::string_view).
template <typename Sink>
void escape(Sink& sink, std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    // Copy the longest run of bytes that need no attention in one go.
    std::size_t run = pos;
    while (run < s.size() && !needs_care(static_cast<unsigned char>(s[run]))) ++run;
    if (run > pos) sink.put(s.substr(pos, run - pos));
    if (run == s.size()) return;
    const auto c = static_cast<unsigned char>(s[run]);
    if (c < 0x80) {
      put_control_escape(sink, c);
      pos = run + 1;
      continue;
    }
    const std::size_t n = utf8_sequence_length(s.substr(run));
    if (n == 0) {
      sink.put("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
      pos = run + 1;
    } else {
      sink.put(s.substr(run, n));
      pos = run + n;
    }
  }
}

struct StringSink {
  std::string& out;
  void put(std::string_view s) { out.append(s); }
};

}  // namespace

// The builder as an escape sink (a friend: it uses the private buffer).
struct JsonOutSink {
  JsonOut& j;
  void put(std::string_view s) { j.put(s); }
};

void append_valid_utf8(std::string& out, std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t run = pos;
    while (run < s.size() && static_cast<unsigned char>(s[run]) < 0x80) ++run;
    out.append(s.substr(pos, run - pos));
    if (run == s.size()) return;
    const std::size_t n = utf8_sequence_length(s.substr(run));
    if (n == 0) {
      out.append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
      pos = run + 1;
    } else {
      out.append(s.substr(run, n));
      pos = run + n;
    }
  }
}

void append_json_escaped(std::string& out, std::string_view s) {
  StringSink sink{out};
  escape(sink, s);
}

char* write_quotient_wide(char* p, int64_t numerator, int64_t denominator, int decimals) {
  __extension__ using Uint128 = unsigned __int128;
  const uint64_t magnitude = numerator < 0 ? uint64_t{0} - static_cast<uint64_t>(numerator)
                                           : static_cast<uint64_t>(numerator);
  const auto den = static_cast<uint64_t>(denominator);
  const Uint128 m = static_cast<Uint128>(magnitude) * json_detail::kPow10[decimals];
  const auto value = static_cast<int64_t>((2 * m + den) / (2 * static_cast<Uint128>(den)));
  return write_decimal(p, numerator < 0 ? -value : value, decimals);
}

void append_integer(std::string& out, int64_t value) {
  char buf[kMaxNumberChars];
  out.append(buf, write_integer(buf, value));
}

void append_unsigned(std::string& out, uint64_t value) {
  char buf[kMaxNumberChars];
  out.append(buf, write_unsigned(buf, value));
}

void append_decimal(std::string& out, int64_t value, int decimals) {
  char buf[kMaxNumberChars];
  out.append(buf, write_decimal(buf, value, decimals));
}

void append_quotient(std::string& out, int64_t numerator, int64_t denominator, int decimals) {
  char buf[kMaxNumberChars];
  out.append(buf, write_quotient(buf, numerator, denominator, decimals));
}

// True when one of the 8 bytes of `v` needs attention when escaping (see
// needs_care): a byte >= 0x80, < 0x20, '"' or '\\'. Bit tricks from "Bit
// Twiddling Hacks" (haszero / hasless), exact for these constants.
bool word_needs_care(uint64_t v) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const uint64_t below_space = (v - kOnes * 0x20) & ~v;
  const uint64_t quote = v ^ (kOnes * '"');
  const uint64_t backslash = v ^ (kOnes * '\\');
  const uint64_t is_quote = (quote - kOnes) & ~quote;
  const uint64_t is_backslash = (backslash - kOnes) & ~backslash;
  return ((v | below_space | is_quote | is_backslash) & kHigh) != 0;
}

JsonOut& JsonOut::string(std::string_view s) {
  before_value();
  if (s.size() + 2 > kBufferSize / 2) {
    put('"');
    JsonOutSink sink{*this};
    escape(sink, s);
    put('"');
    return *this;
  }
  // Fast path: copy while checking, eight bytes at a time, into a local
  // pointer (stores through char* could alias pos_); at the first byte that
  // needs attention escape the rest the general way.
  ensure(s.size() + 2);
  char* p = pos_;
  *p++ = '"';
  const char* in = s.data();
  const char* const end = in + s.size();
  while (end - in >= 8) {
    uint64_t word;
    std::memcpy(&word, in, 8);
    if (word_needs_care(word)) break;
    std::memcpy(p, in, 8);
    p += 8;
    in += 8;
  }
  while (in != end && !needs_care(static_cast<unsigned char>(*in))) *p++ = *in++;
  pos_ = p;
  if (in != end) {
    JsonOutSink sink{*this};
    escape(sink, std::string_view(in, static_cast<std::size_t>(end - in)));
  }
  put('"');
  return *this;
}

void JsonOut::flush() {
  out_.append(buf_, static_cast<std::size_t>(pos_ - buf_));
  pos_ = buf_;
}

JsonOut& JsonOut::open(char bracket) {
  before_value();
  put(bracket);
  ++depth_;
  need_comma_ = false;
  return *this;
}

JsonOut& JsonOut::close(char bracket) {
  put(bracket);
  if (depth_ > 0) --depth_;
  // Back in the enclosing container, which has at least this member.
  need_comma_ = depth_ > 0;
  if (depth_ == 0) flush();
  return *this;
}

}  // namespace lookout
