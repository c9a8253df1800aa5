#include "decode/csv/field_parse.h"

#include <charconv>
#include <cmath>

namespace lookout::csv {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

namespace {

constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                             1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// "[-]digits[.digits]" with at most 15 digits in all: the mantissa and the
// power of ten are exact doubles, so one division rounds correctly (Clinger's
// fast path). False when the text has another shape; the caller falls back.
bool parse_plain_decimal(std::string_view s, double& out) {
  const char* p = s.data();
  const char* end = p + s.size();
  bool negative = *p == '-';
  p += negative ? 1 : 0;
  uint64_t mantissa = 0;
  const char* first = p;
  while (p != end && static_cast<unsigned>(*p - '0') < 10) {
    mantissa = mantissa * 10 + static_cast<uint64_t>(*p++ - '0');
  }
  std::ptrdiff_t digits = p - first;
  std::ptrdiff_t fraction = 0;
  if (p != end && *p == '.') {
    const char* dot = ++p;
    while (p != end && static_cast<unsigned>(*p - '0') < 10) {
      mantissa = mantissa * 10 + static_cast<uint64_t>(*p++ - '0');
    }
    fraction = p - dot;
    digits += fraction;
  }
  if (p != end || digits == 0 || digits > 15) return false;
  double v = static_cast<double>(mantissa) / kPow10[fraction];
  out = negative ? -v : v;
  return true;
}

}  // namespace

std::optional<double> parse_double(std::string_view s) noexcept {
  if (s.empty()) return std::nullopt;
  if (double fast = 0; parse_plain_decimal(s, fast)) return fast;
  // from_chars rejects a leading '+'; some exports write one.
  if (s.front() == '+' && s.size() > 1 && s[1] != '-') s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int64_t> parse_int(std::string_view s) noexcept {
  if (s.empty()) return std::nullopt;
  // Fast path: up to 18 plain digits cannot overflow.
  if (s.size() <= 18 && s[0] != '-') {
    int64_t fast = 0;
    std::size_t i = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') fast = fast * 10 + (s[i++] - '0');
    if (i == s.size()) return fast;
  }
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end == s.data()) return std::nullopt;
  const char* last = s.data() + s.size();
  if (end != last) {
    // "174.0": a fraction made only of zeros.
    if (*end != '.' || end + 1 == last) return std::nullopt;
    for (const char* p = end + 1; p != last; ++p) {
      if (*p != '0') return std::nullopt;
    }
  }
  return v;
}

Field<double> read_double(std::string_view s) noexcept {
  Field<double> f;
  if (s.empty()) return f;
  auto v = parse_double(s);
  f.state = v ? Field<double>::State::kPresent : Field<double>::State::kBad;
  if (v) f.value = *v;
  return f;
}

Field<int64_t> read_int(std::string_view s) noexcept {
  Field<int64_t> f;
  if (s.empty()) return f;
  auto v = parse_int(s);
  f.state = v ? Field<int64_t>::State::kPresent : Field<int64_t>::State::kBad;
  if (v) f.value = *v;
  return f;
}

}  // namespace lookout::csv
