#include "decode/cot/writer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace lookout::cot {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at s[i] that XML allows, or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  uint32_t cp = 0;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates, beyond U+10FFFF and the two non-characters
  // XML excludes (U+FFFE, U+FFFF).
  static constexpr std::array<uint32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || cp == 0xFFFE || cp == 0xFFFF) return 0;
  return n;
}

void append_number(double v, int decimals, std::string& out) {
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, decimals);
  if (ec != std::errc()) {
    out += '0';
    return;
  }
  out.append(buf.data(), end);
}

void append_attr(std::string_view name, std::string_view value, std::string& out) {
  out += ' ';
  out += name;
  out += "=\"";
  append_escaped(value, out);
  out += '"';
}

void append_attr(std::string_view name, double value, int decimals, std::string& out) {
  out += ' ';
  out += name;
  out += "=\"";
  append_number(value, decimals, out);
  out += '"';
}

void append_time_attr(std::string_view name, Timestamp t, std::string& out) {
  out += ' ';
  out += name;
  out += "=\"";
  append_time(t, out);
  out += '"';
}

double or_unknown(double v) { return std::isfinite(v) ? v : kUnknown; }

}  // namespace

void append_escaped(std::string_view text, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; ++i; continue;
      case '<': out += "&lt;"; ++i; continue;
      case '>': out += "&gt;"; ++i; continue;
      case '"': out += "&quot;"; ++i; continue;
      case '\'': out += "&apos;"; ++i; continue;
      case '\t': out += "&#9;"; ++i; continue;   // kept through attribute normalisation
      case '\n': out += "&#10;"; ++i; continue;
      case '\r': out += "&#13;"; ++i; continue;
      default: break;
    }
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F) {
      out += kReplacement;
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    out.append(text.data() + i, n);
    i += n;
  }
}

void append_time(Timestamp t, std::string& out) {
  // Civil fields from days since the epoch (Howard Hinnant's algorithm, as
  // std::chrono does it; written out so that no locale or allocation is involved).
  const int64_t ms = to_unix_ms(t);
  int64_t days = ms >= 0 ? ms / 86'400'000 : -((-ms + 86'399'999) / 86'400'000);
  int64_t in_day = ms - days * 86'400'000;
  const auto ymd = std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(days)));
  std::array<char, 32> buf{};
  char* p = buf.data();
  auto put = [&p](int64_t v, int width) {
    for (int k = width - 1; k >= 0; --k) {
      p[k] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    p += width;
  };
  put(static_cast<int>(ymd.year()), 4);
  *p++ = '-';
  put(static_cast<unsigned>(ymd.month()), 2);
  *p++ = '-';
  put(static_cast<unsigned>(ymd.day()), 2);
  *p++ = 'T';
  put(in_day / 3'600'000, 2);
  *p++ = ':';
  put(in_day / 60'000 % 60, 2);
  *p++ = ':';
  put(in_day / 1000 % 60, 2);
  *p++ = '.';
  put(in_day % 1000, 3);
  *p++ = 'Z';
  out.append(buf.data(), p);
}

void write_event(const CotEvent& e, std::string& out) {
  out += "<event version=\"2.0\"";
  append_attr("uid", e.uid, out);
  append_attr("type", e.type, out);
  append_attr("how", e.how, out);
  append_time_attr("time", e.time, out);
  append_time_attr("start", e.start, out);
  append_time_attr("stale", e.stale, out);
  out += "><point";
  // 1e-7 degrees is 1 cm: the resolution of our LatLon.
  append_attr("lat", e.point.lat, 7, out);
  append_attr("lon", e.point.lon, 7, out);
  append_attr("hae", or_unknown(e.point.hae), 1, out);
  append_attr("ce", or_unknown(e.point.ce), 1, out);
  append_attr("le", or_unknown(e.point.le), 1, out);
  out += "/><detail>";
  if (!e.callsign.empty()) {
    out += "<contact";
    append_attr("callsign", e.callsign, out);
    out += "/>";
  }
  if (e.course_deg || e.speed_mps) {
    out += "<track";
    if (e.course_deg) append_attr("course", *e.course_deg, 1, out);
    if (e.speed_mps) append_attr("speed", *e.speed_mps, 2, out);
    out += "/>";
  }
  for (const auto& l : e.links) {
    out += "<link";
    append_attr("uid", l.uid, out);
    append_attr("type", l.type, out);
    append_attr("relation", l.relation, out);
    out += "/>";
  }
  if (e.force_delete) out += "<__forcedelete/>";
  if (e.emergency) {
    out += "<emergency";
    append_attr("type", e.emergency->type, out);
    out += '>';
    append_escaped(e.emergency->text, out);
    out += "</emergency>";
  }
  if (e.remarks) {
    out += "<remarks>";
    append_escaped(*e.remarks, out);
    out += "</remarks>";
  }
  out += "</detail></event>";
}

}  // namespace lookout::cot
