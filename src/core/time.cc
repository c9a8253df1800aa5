#include "core/time.h"

#include <charconv>

namespace lookout {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept {
  // Howard Hinnant's algorithm: shift the year to start in March so that the
  // leap day is the last day of the year.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

struct Civil {
  int64_t year;
  unsigned month, day;
};

Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

void put2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

// Reads exactly `n` digits at text[pos]; advances pos. -1 on failure.
int read_digits(std::string_view text, std::size_t& pos, std::size_t n) {
  if (pos + n > text.size()) return -1;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

}  // namespace

std::optional<Timestamp> make_timestamp(int year, int month, int day, int hour, int minute,
                                        int second, int millisecond) noexcept {
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 || millisecond < 0 ||
      millisecond > 999) {
    return std::nullopt;
  }
  int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t ms = ((days * 24 + hour) * 60 + minute) * 60 + second;
  return from_unix_ms(ms * 1000 + millisecond);
}

std::size_t format_iso8601(Timestamp t, char* out) noexcept {
  int64_t ms = to_unix_ms(t);
  int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  int64_t rem = ms - days * 86400000;
  Civil c = civil_from_days(days);
  auto year = static_cast<unsigned>(c.year < 0 ? 0 : (c.year > 9999 ? 9999 : c.year));
  out[0] = static_cast<char>('0' + year / 1000);
  out[1] = static_cast<char>('0' + year / 100 % 10);
  out[2] = static_cast<char>('0' + year / 10 % 10);
  out[3] = static_cast<char>('0' + year % 10);
  out[4] = '-';
  put2(out + 5, c.month);
  out[7] = '-';
  put2(out + 8, c.day);
  out[10] = 'T';
  auto secs = static_cast<unsigned>(rem / 1000);
  put2(out + 11, secs / 3600);
  out[13] = ':';
  put2(out + 14, secs / 60 % 60);
  out[16] = ':';
  put2(out + 17, secs % 60);
  std::size_t n = 19;
  auto millis = static_cast<unsigned>(rem % 1000);
  if (millis != 0) {
    out[n++] = '.';
    out[n++] = static_cast<char>('0' + millis / 100);
    out[n++] = static_cast<char>('0' + millis / 10 % 10);
    out[n++] = static_cast<char>('0' + millis % 10);
  }
  out[n++] = 'Z';
  return n;
}

std::string format_iso8601(Timestamp t) {
  char buf[32];
  return std::string(buf, format_iso8601(t, buf));
}

Result<Timestamp> parse_timestamp(std::string_view s) noexcept {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (s.size() >= 10 && s[2] == '/' && s[5] == '/') {
    // DD/MM/YYYY
    day = read_digits(s, pos, 2);
    ++pos;
    month = read_digits(s, pos, 2);
    ++pos;
    year = read_digits(s, pos, 4);
  } else {
    year = read_digits(s, pos, 4);
    if (pos < s.size() && s[pos] == '-') ++pos;
    month = read_digits(s, pos, 2);
    if (pos < s.size() && s[pos] == '-') ++pos;
    day = read_digits(s, pos, 2);
  }
  if (year < 0 || month < 0 || day < 0) return make_error(ErrorCode::kBadValue, pos, "time");
  int hour = 0, minute = 0, second = 0, millis = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ' || s[pos] == 't')) {
    ++pos;
    hour = read_digits(s, pos, 2);
    if (pos < s.size() && (s[pos] == ':' || s[pos] == '.')) ++pos;
    minute = read_digits(s, pos, 2);
    if (hour < 0 || minute < 0) return make_error(ErrorCode::kBadValue, pos, "time");
    if (pos < s.size() && (s[pos] == ':' || s[pos] == '.')) {
      ++pos;
      second = read_digits(s, pos, 2);
      if (second < 0) return make_error(ErrorCode::kBadValue, pos, "time");
    }
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      int scale = 100;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        millis += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
    }
  }
  int offset_min = 0;
  if (pos < s.size()) {
    char c = s[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      ++pos;
      int oh = read_digits(s, pos, 2);
      if (pos < s.size() && s[pos] == ':') ++pos;
      int om = pos < s.size() ? read_digits(s, pos, 2) : 0;
      if (oh < 0 || om < 0) return make_error(ErrorCode::kBadValue, pos, "time");
      offset_min = (oh * 60 + om) * (c == '-' ? -1 : 1);
    }
  }
  if (pos != s.size()) return make_error(ErrorCode::kBadValue, pos, "time");
  auto t = make_timestamp(year, month, day, hour, minute, second, millis);
  if (!t) return make_error(ErrorCode::kBadValue, 0, "time");
  return *t - std::chrono::minutes{offset_min};
}

}  // namespace lookout
