// Small, allocation-free parsers for the text fields of historical AIS rows.
//
// Every parser takes the whole field: "12.5x" is not a number. Empty text is
// "absent", which callers treat as "not available"; anything else that does
// not parse is a bad value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace lookout::csv {

// `s` without leading and trailing spaces and tabs.
inline std::string_view trim(std::string_view s) noexcept {
  // Pointers, not substr(): this runs once per field and must stay cheap.
  const char* b = s.data();
  const char* e = b + s.size();
  while (b != e && (*b == ' ' || *b == '\t')) ++b;
  while (e != b && (e[-1] == ' ' || e[-1] == '\t')) --e;
  return {b, static_cast<std::size_t>(e - b)};
}

// Text as the NMEA decoder yields it for the same field: cut at the first
// '@' (the six-bit NUL: padding or "not available") and without trailing
// spaces, so "ALPHA@@@@" and "@@@@@9" read "ALPHA" and "".
inline std::string_view ais_text(std::string_view s) noexcept {
  std::size_t at = s.find('@');
  if (at != std::string_view::npos) s = s.substr(0, at);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b) noexcept;

// A finite decimal number such as "55.921028", "-1.1", "12", "1e3".
// nullopt on empty text, trailing characters, "nan" or "inf".
// Plain decimals of at most 15 digits (every AIS field) take an exact fast
// path; anything else goes through std::from_chars. Both round correctly.
std::optional<double> parse_double(std::string_view s) noexcept;

// A base-10 integer, optionally with a leading '-' ("219019966", "-5").
// A fraction of zeros is accepted ("174.0", as DMA writes headings); any other
// fraction is not. nullopt on empty text, trailing characters or overflow.
std::optional<int64_t> parse_int(std::string_view s) noexcept;

// Outcome of reading an optional field: absent (empty), present, or bad.
template <typename T>
struct Field {
  enum class State : uint8_t { kAbsent, kPresent, kBad };
  State state = State::kAbsent;
  T value{};

  bool present() const { return state == State::kPresent; }
  bool bad() const { return state == State::kBad; }
};

// Reads an optional numeric field: empty -> kAbsent, parsed -> kPresent,
// otherwise kBad.
Field<double> read_double(std::string_view s) noexcept;
Field<int64_t> read_int(std::string_view s) noexcept;

}  // namespace lookout::csv
