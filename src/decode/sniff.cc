#include "decode/sniff.h"

#include <cstddef>

namespace lookout {

namespace {

constexpr std::size_t kMaxLinesScanned = 200;

bool contains(std::string_view s, std::string_view what) {
  return s.find(what) != std::string_view::npos;
}

bool is_upper_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  return s;
}

// "!AIVDM,", "!BSVDO,", "$PGHP,", "$GPGSA,": a start character, a talker and
// sentence name of upper-case letters and digits, then a comma.
bool is_sentence(std::string_view s) {
  if (s.size() < 7 || (s[0] != '!' && s[0] != '$')) return false;
  std::size_t i = 1;
  while (i < s.size() && i <= 6 && is_upper_alnum(s[i])) ++i;
  return i >= 4 && i < s.size() && s[i] == ',';
}

// "\s:rORBCOMM,c:1418169601*37\": a tag block starts with a letter and ':'.
bool is_tag_block(std::string_view s) {
  return s.size() >= 4 && s[0] == '\\' && s[1] >= 'a' && s[1] <= 'z' &&
         (s[2] == ':' || s[3] == ':');
}

bool is_nmea_start(std::string_view s) { return is_sentence(s) || is_tag_block(s); }

// A sentence after a logger's time stamp: "1550303566167726840 !AIVDM,..." or
// "2022-09-01 12:00:00.123 !AIVDM,..." or "[2022-09-01T12:00:00Z] \s:...".
bool is_stamped_nmea(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && i < 48) {
    char c = s[i];
    bool stamp_char = (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '.' || c == ' ' ||
                      c == 'T' || c == 'Z' || c == '/' || c == ',' || c == ';' || c == '\t' ||
                      c == '[' || c == ']' || c == '+';
    if (!stamp_char) break;
    ++i;
  }
  return i > 0 && i < s.size() && is_nmea_start(s.substr(i));
}

// "MSG,3,1,1,4CA2D6,..." (or "SEL,", "ID,", "AIR,", "STA,", "CLK,"): a
// BaseStation record, with the commas of its fields.
bool is_sbs(std::string_view s) {
  const bool msg = s.size() >= 6 && s.substr(0, 4) == "MSG," && s[4] >= '1' && s[4] <= '8' && s[5] == ',';
  const bool other = s.substr(0, 4) == "SEL," || s.substr(0, 3) == "ID," || s.substr(0, 4) == "AIR," ||
                     s.substr(0, 4) == "STA," || s.substr(0, 4) == "CLK,";
  if (!msg && !other) return false;
  std::size_t commas = 0;
  for (char c : s) commas += c == ',' ? 1 : 0;
  return commas >= 9;
}

// "2021-05-21T21:52:11.162Z 84:cc:a8:60:43:24 f01905...": a Remote ID hex
// line (decode/remote_id/line_decoder.h) - a date-time, a transmitter, and at
// least one 25-byte message in hex.
bool is_remote_id_hex(std::string_view s) {
  auto field = [&s](std::size_t& i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\r') ++i;
    return s.substr(start, i - start);
  };
  std::size_t i = 0;
  const std::string_view time = field(i);
  if (time.size() < 16 || time[4] != '-' || time[10] != 'T' || time[0] < '0' || time[0] > '9') return false;
  if (field(i).empty()) return false;
  const std::string_view hex = field(i);
  if (hex.size() < 50 || hex.size() % 2 != 0) return false;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

bool is_comment(std::string_view s) { return s.empty() || s.front() == '#'; }

InputFormat sniff_json(std::string_view first_line, std::string_view head) {
  if (contains(first_line, "\"transmitter\"") && contains(first_line, "\"payload\"")) {
    return InputFormat::kRemoteId;
  }
  if (contains(first_line, "\"sensor\"") && contains(first_line, "\"time\"")) {
    return InputFormat::kDetectionsJsonl;
  }
  if (contains(head, "\"vessels\"")) return InputFormat::kDigitrafficJson;
  if (contains(head, "FeatureCollection") && contains(head, "\"mmsi\"")) {
    return InputFormat::kDigitrafficJson;
  }
  return InputFormat::kUnknown;
}

}  // namespace

InputFormat sniff_format(std::string_view head) noexcept {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);  // UTF-8 byte order mark

  bool first = true;
  std::size_t scanned = 0;
  std::size_t pos = 0;
  while (pos < head.size() && scanned < kMaxLinesScanned) {
    std::size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = trim_left(head.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty()) continue;
    ++scanned;

    // The first non-blank line decides the header-led formats; comment lines
    // before it (a "# SYNTHETIC ..." banner) are skipped, except DMA's own
    // header, which begins with '#'.
    if (first) {
      if (contains(line, "Timestamp") && contains(line, "Type of mobile")) {
        return InputFormat::kDmaCsv;
      }
      if (is_comment(line)) continue;
      first = false;
      if (contains(line, "mmsi") && contains(line, "date_time_utc")) {
        return InputFormat::kKystverketCsv;
      }
      if (line.front() == '{' || line.front() == '[') return sniff_json(line, head);
    }
    if (is_nmea_start(line) || is_stamped_nmea(line)) return InputFormat::kNmea;
    if (is_sbs(line)) return InputFormat::kSbs;
    if (is_remote_id_hex(line)) return InputFormat::kRemoteId;
    if (is_comment(line)) continue;
    // Anything else (a banner, a web page's header) is tolerated while we look
    // for the first sentence.
  }
  return InputFormat::kUnknown;
}

const char* to_string(InputFormat format) noexcept {
  switch (format) {
    case InputFormat::kUnknown: return "unknown";
    case InputFormat::kNmea: return "nmea";
    case InputFormat::kDmaCsv: return "dma_csv";
    case InputFormat::kKystverketCsv: return "kystverket_csv";
    case InputFormat::kDigitrafficJson: return "digitraffic_json";
    case InputFormat::kDetectionsJsonl: return "detections_jsonl";
    case InputFormat::kSbs: return "sbs";
    case InputFormat::kRemoteId: return "remote_id";
  }
  return "unknown";
}

}  // namespace lookout
