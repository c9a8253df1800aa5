// JsonOut: an append-only JSON text builder for the per-message hot path.
//
// Writing one JSON object per decoded message must cost well under a
// microsecond, so this builder fills a small buffer of its own with plain
// stores and hands it to the caller's std::string in one append (reserve the
// string once, clear and reuse it per message): no locale, no iostreams, no
// double formatting, no call into std::string per field. Decimal numbers are
// printed from scaled integers (`decimal`, `quotient`) so that a latitude
// stored as 1/10000 minute comes out with exactly the digits the integer
// holds, never "-0", never "1e-05".
//
// Strings are escaped as RFC 8259 requires: quote and backslash, the short
// escapes \b \f \n \r \t, and every other control character as \u00XX.
// Valid UTF-8 passes through unchanged; each byte that does not start a
// valid UTF-8 sequence is replaced by U+FFFD, so the output is always valid
// UTF-8 and valid JSON whatever the input bytes were.
//
// The free functions below are the same formatters without the comma
// bookkeeping, for writers of other text formats (CSV).
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace lookout {

// Appends `s` JSON-escaped, without the surrounding quotes (see above).
void append_json_escaped(std::string& out, std::string_view s);

// Appends `s` unescaped, each byte that does not start a valid UTF-8
// sequence replaced by U+FFFD as above: text for a store or log that must
// hold valid UTF-8 whatever the input bytes were.
void append_valid_utf8(std::string& out, std::string_view s);

// Appends a signed or unsigned integer in decimal.
void append_integer(std::string& out, int64_t value);
void append_unsigned(std::string& out, uint64_t value);

// Appends value / 10^decimals as a decimal number, trailing zeros of the
// fraction trimmed (and the point with them): (123, 1) -> "12.3",
// (2240, 1) -> "224", (-5, 3) -> "-0.005", (0, 2) -> "0".
// REQUIRES: 0 <= decimals <= 18.
void append_decimal(std::string& out, int64_t value, int decimals);

// Appends numerator / denominator rounded to `decimals` places (halves away
// from zero), then printed as append_decimal does. A result that rounds to
// zero prints "0", never "-0". Exact: no floating point is involved, so
// (29028980, 600000, 7) -> "48.3816333" on every platform.
// REQUIRES: denominator > 0, 0 <= decimals <= 18.
void append_quotient(std::string& out, int64_t numerator, int64_t denominator, int decimals);

// The formatters above writing at `p` instead; each returns the end of what
// it wrote. `p` must have room for kMaxNumberChars characters. Inline, so
// that constant divisors (600000 for a latitude) become multiplications.
inline constexpr std::size_t kMaxNumberChars = 48;
char* write_quotient_wide(char* p, int64_t numerator, int64_t denominator, int decimals);

namespace json_detail {
inline constexpr uint64_t kPow10[19] = {1ULL,
                                        10ULL,
                                        100ULL,
                                        1000ULL,
                                        10000ULL,
                                        100000ULL,
                                        1000000ULL,
                                        10000000ULL,
                                        100000000ULL,
                                        1000000000ULL,
                                        10000000000ULL,
                                        100000000000ULL,
                                        1000000000000ULL,
                                        10000000000000ULL,
                                        100000000000000ULL,
                                        1000000000000000ULL,
                                        10000000000000000ULL,
                                        100000000000000000ULL,
                                        1000000000000000000ULL};
// "00" "01" ... "99".
inline constexpr char kDigitPairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Copies n bytes, short ones with two overlapping fixed-size moves instead
// of a call into the C library (most of what a writer copies is under 32
// bytes). Returns dst + n.
inline char* copy_short(char* dst, const char* src, std::size_t n) {
  if (n >= 8 && n <= 16) {
    std::memcpy(dst, src, 8);
    std::memcpy(dst + n - 8, src + n - 8, 8);
  } else if (n > 16 && n <= 32) {
    std::memcpy(dst, src, 16);
    std::memcpy(dst + n - 16, src + n - 16, 16);
  } else if (n >= 4 && n < 8) {
    std::memcpy(dst, src, 4);
    std::memcpy(dst + n - 4, src + n - 4, 4);
  } else if (n < 4) {
    for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
  } else {
    std::memcpy(dst, src, n);
  }
  return dst + n;
}
}  // namespace json_detail

inline char* write_unsigned(char* p, uint64_t value) {
  // Most fields are small (type, repeat, second, a dimension): one or two
  // digits without the general conversion.
  if (value < 10) {
    *p = static_cast<char>('0' + value);
    return p + 1;
  }
  if (value < 100) {
    std::memcpy(p, &json_detail::kDigitPairs[value * 2], 2);
    return p + 2;
  }
  if (value >= 1000000000) return std::to_chars(p, p + 20, value).ptr;  // 2^64 - 1 has 20 digits
  // Three to nine digits (an MMSI, a radio state): count them, then write
  // two at a time from the right in 32-bit arithmetic.
  auto v = static_cast<uint32_t>(value);
  const int digits = 3 + (v >= 1000) + (v >= 10000) + (v >= 100000) + (v >= 1000000) +
                     (v >= 10000000) + (v >= 100000000);
  char* const end = p + digits;
  char* q = end;
  while (v >= 100) {
    const uint32_t pair = v % 100;
    v /= 100;
    q -= 2;
    std::memcpy(q, &json_detail::kDigitPairs[pair * 2], 2);
  }
  if (v >= 10) {
    std::memcpy(q - 2, &json_detail::kDigitPairs[v * 2], 2);
  } else {
    q[-1] = static_cast<char>('0' + v);
  }
  return end;
}

inline char* write_integer(char* p, int64_t value) {
  if (value >= 0) return write_unsigned(p, static_cast<uint64_t>(value));
  *p++ = '-';
  return write_unsigned(p, uint64_t{0} - static_cast<uint64_t>(value));
}

inline char* write_decimal(char* p, int64_t value, int decimals) {
  if (decimals <= 0 || value == 0) return write_integer(p, value);
  // Work on the magnitude as unsigned so that INT64_MIN needs no special case.
  const bool negative = value < 0;
  const uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(value)
                                      : static_cast<uint64_t>(value);
  const uint64_t scale = json_detail::kPow10[decimals];
  uint64_t fraction = magnitude % scale;
  if (negative) *p++ = '-';
  p = write_unsigned(p, magnitude / scale);
  if (fraction == 0) return p;
  int digits = decimals;
  while (fraction % 10 == 0) {  // trim trailing zeros
    fraction /= 10;
    --digits;
  }
  *p++ = '.';
  char* end = p + digits;
  for (char* q = end; q != p;) {
    *--q = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  return end;
}

inline char* write_quotient(char* p, int64_t numerator, int64_t denominator, int decimals) {
  // floor((2m + d) / 2d) is m / d rounded, halves up, on the magnitude m.
  // 64 bits suffice while 2 m 10^decimals + d fits; larger values (beyond
  // 10^9 at 9 decimals) take the 128-bit path.
  const uint64_t magnitude = numerator < 0 ? uint64_t{0} - static_cast<uint64_t>(numerator)
                                           : static_cast<uint64_t>(numerator);
  const auto den = static_cast<uint64_t>(denominator);
  const uint64_t scale = json_detail::kPow10[decimals];
  constexpr uint64_t kSafe = uint64_t{1} << 62;
  if (magnitude >= kSafe / scale || den >= kSafe) {
    return write_quotient_wide(p, numerator, denominator, decimals);
  }
  const auto value = static_cast<int64_t>((2 * magnitude * scale + den) / (2 * den));
  return write_decimal(p, numerator < 0 ? -value : value, decimals);  // 0 is "0", never "-0"
}

// The same with the divisor and the decimals known at compile time, so that
// every division becomes a multiplication (a 64-bit division by a run-time
// value costs tens of cycles; a latitude needs four).
template <int Decimals>
char* write_decimal(char* p, int64_t value) {
  static_assert(Decimals >= 1 && Decimals <= 18);
  constexpr uint64_t kScale = json_detail::kPow10[Decimals];
  if (value == 0) return write_integer(p, 0);
  const bool negative = value < 0;
  const uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(value)
                                      : static_cast<uint64_t>(value);
  uint64_t fraction = magnitude % kScale;
  if (negative) *p++ = '-';
  p = write_unsigned(p, magnitude / kScale);
  if (fraction == 0) return p;
  // The fraction's digits, two at a time from the right, written in place
  // (the caller's room covers all of them), then the trailing zeros dropped.
  *p++ = '.';
  int i = Decimals;
  for (; i >= 2; i -= 2) {
    const auto pair = static_cast<std::size_t>(fraction % 100) * 2;
    fraction /= 100;
    std::memcpy(p + i - 2, &json_detail::kDigitPairs[pair], 2);
  }
  if (i == 1) p[0] = static_cast<char>('0' + fraction);
  char* end = p + Decimals;
  while (end[-1] == '0') --end;  // trim trailing zeros; the fraction holds a non-zero digit
  return end;
}

template <int64_t Denominator, int Decimals>
char* write_quotient(char* p, int64_t numerator) {
  static_assert(Denominator > 0 && Decimals >= 1 && Decimals <= 18);
  constexpr uint64_t kScale = json_detail::kPow10[Decimals];
  constexpr auto kDen = static_cast<uint64_t>(Denominator);
  constexpr uint64_t kSafe = uint64_t{1} << 62;
  static_assert(kDen < kSafe);
  const uint64_t magnitude = numerator < 0 ? uint64_t{0} - static_cast<uint64_t>(numerator)
                                           : static_cast<uint64_t>(numerator);
  if (magnitude >= kSafe / kScale) {
    return write_quotient_wide(p, numerator, Denominator, Decimals);
  }
  const auto value = static_cast<int64_t>((2 * magnitude * kScale + kDen) / (2 * kDen));
  return write_decimal<Decimals>(p, numerator < 0 ? -value : value);
}

// Builds one JSON text and appends it to `out`, inserting commas and colons
// itself.
//
//   std::string buf;  buf.reserve(512);
//   {
//     JsonOut j(buf);
//     j.begin_object().key("mmsi").integer(366999712).key("name").string("EVER").end_object();
//   }  // buf now holds {"mmsi":366999712,"name":"EVER"}
//
// The text reaches `out` (appended; `out` is never cleared) when the
// outermost object or array is closed, on flush(), and on destruction;
// until then part of it may sit in the builder's own buffer. `out` must
// outlive the builder. Keys are written verbatim: REQUIRES each key to need
// no escaping (no quote, backslash or control character), which holds for
// the literal field names the writers use, and (for the std::string_view
// overload) to be at most 512 bytes. Any nesting depth works.
class JsonOut {
 public:
  explicit JsonOut(std::string& out) : out_(out) {}
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;
  JsonOut(JsonOut&&) = delete;
  JsonOut& operator=(JsonOut&&) = delete;
  ~JsonOut() { flush(); }

  JsonOut& begin_object() { return open('{'); }
  JsonOut& end_object() { return close('}'); }
  JsonOut& begin_array() { return open('['); }
  JsonOut& end_array() { return close(']'); }

  // Writes `"name":`. The next call must write the member's value.
  JsonOut& key(std::string_view name) {
    if (name.size() > kBufferSize / 2) name = name.substr(0, kBufferSize / 2);
    ensure(name.size() + 4);
    char* p = comma(pos_);
    *p++ = '"';
    p = json_detail::copy_short(p, name.data(), name.size());
    *p++ = '"';
    *p++ = ':';
    pos_ = p;
    after_key_ = true;
    return *this;
  }
  // The same for a string literal, whose length the compiler knows: the
  // copy becomes a few stores.
  template <std::size_t N>
  JsonOut& key(const char (&name)[N]) {
    static_assert(N >= 1 && N < 64, "a field name literal");
    ensure(N + 3);
    // A local pointer: stores through char* may alias pos_, which would make
    // the compiler reload it after each one.
    char* p = comma(pos_);
    *p++ = '"';
    std::memcpy(p, name, N - 1);
    p += N - 1;
    *p++ = '"';
    *p++ = ':';
    pos_ = p;
    after_key_ = true;
    return *this;
  }

  JsonOut& string(std::string_view s);
  // A string the program made itself (a legend, a formatted time), copied
  // without the escaping checks. REQUIRES: only printable ASCII other than
  // '"' and '\\' (the output is not valid JSON otherwise).
  JsonOut& plain_string(std::string_view s) {
    if (s.size() + 2 > kBufferSize / 2) return string(s);
    char* p = begin_value(s.size() + 2);
    *p++ = '"';
    p = json_detail::copy_short(p, s.data(), s.size());
    *p++ = '"';
    pos_ = p;
    return *this;
  }
  JsonOut& integer(int64_t value) {
    pos_ = write_integer(begin_value(kMaxNumberChars), value);
    return *this;
  }
  JsonOut& unsigned_integer(uint64_t value) {
    pos_ = write_unsigned(begin_value(kMaxNumberChars), value);
    return *this;
  }
  JsonOut& boolean(bool value) {
    char* p = begin_value(5);
    if (value) {
      std::memcpy(p, "true", 4);
      pos_ = p + 4;
    } else {
      std::memcpy(p, "false", 5);
      pos_ = p + 5;
    }
    return *this;
  }
  JsonOut& null() { return raw("null"); }
  // value / 10^decimals; see append_decimal.
  JsonOut& decimal(int64_t value, int decimals) {
    pos_ = write_decimal(begin_value(kMaxNumberChars), value, decimals);
    return *this;
  }
  // numerator / denominator at `decimals` places; see append_quotient.
  JsonOut& quotient(int64_t numerator, int64_t denominator, int decimals) {
    pos_ = write_quotient(begin_value(kMaxNumberChars), numerator, denominator, decimals);
    return *this;
  }
  // The same with compile-time constants (see write_quotient above).
  template <int Decimals>
  JsonOut& decimal(int64_t value) {
    pos_ = write_decimal<Decimals>(begin_value(kMaxNumberChars), value);
    return *this;
  }
  template <int64_t Denominator, int Decimals>
  JsonOut& quotient(int64_t numerator) {
    pos_ = write_quotient<Denominator, Decimals>(begin_value(kMaxNumberChars), numerator);
    return *this;
  }
  // Appends already formatted JSON as one value. REQUIRES: valid JSON.
  JsonOut& raw(std::string_view json) {
    before_value();
    put(json);
    return *this;
  }

  // Shorthands for one object member; `name` is a string literal or a
  // std::string_view.
  template <typename Name>
  JsonOut& field(const Name& name, std::string_view s) {
    return key(name).string(s);
  }
  template <typename Name>
  JsonOut& field(const Name& name, bool value) {
    return key(name).boolean(value);
  }
  template <typename Name>
  JsonOut& field_int(const Name& name, int64_t value) {
    return key(name).integer(value);
  }

  // Appends what the buffer holds to `out`.
  void flush();

 private:
  static constexpr std::size_t kBufferSize = 1024;

  JsonOut& open(char bracket);
  JsonOut& close(char bracket);

  // Makes room for `n` more characters. REQUIRES: n <= kBufferSize.
  void ensure(std::size_t n) {
    if (__builtin_expect(static_cast<std::size_t>(buf_ + kBufferSize - pos_) < n, 0)) flush();
  }
  // Writes the separating comma at `p` when the container has a member
  // already; returns the new end. REQUIRES room for one character.
  char* comma(char* p) {
    if (need_comma_) *p++ = ',';
    need_comma_ = depth_ > 0;
    return p;
  }
  // Copies `s`; REQUIRES room for it (see ensure).
  void copy(std::string_view s) { pos_ = json_detail::copy_short(pos_, s.data(), s.size()); }
  // Appends `s`, through the buffer when it fits.
  void put(std::string_view s) {
    if (s.size() > kBufferSize) {
      flush();
      out_.append(s);
      return;
    }
    ensure(s.size());
    copy(s);
  }
  void put(char c) {
    ensure(1);
    *pos_++ = c;
  }
  friend struct JsonOutSink;

  // Makes room for a value of at most `n` characters and writes the comma
  // that separates it from the previous one; returns where the value goes.
  // The caller stores the value's end in pos_. REQUIRES: n < kBufferSize.
  char* begin_value(std::size_t n) {
    ensure(n + 1);
    if (after_key_) {
      after_key_ = false;
      return pos_;
    }
    return comma(pos_);
  }
  // Writes the comma that separates this value from the previous one.
  void before_value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    separate();
  }
  void separate() {
    ensure(1);
    pos_ = comma(pos_);
  }

  std::string& out_;
  char* pos_ = buf_;
  // The current container already has a member. (Enclosing containers need
  // no flag: when one of theirs closes, it is their member.)
  bool need_comma_ = false;
  int depth_ = 0;
  bool after_key_ = false;
  char buf_[kBufferSize];
};

}  // namespace lookout
