// Watch-list CSV: a small RFC 4180 reader (quotes, doubled quotes, line
// breaks inside quotes) that remembers the line each record starts on, so
// that every error names the file, the line and the field.
#include "detect/watchlist.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <iterator>

namespace lookout::detect {

namespace {

// AIS carries at most 20 characters of a name (ITU-R M.1371, message 5).
constexpr std::size_t kAisNameChars = 20;

struct Record {
  std::size_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// Splits the next record off `text` at `pos`. Returns false at the end of the
// text; sets `error` (and returns false) on an unterminated quote.
bool next_record(std::string_view text, std::size_t& pos, std::size_t& line, Record& rec,
                 std::string& error) {
  if (pos >= text.size()) return false;
  rec.line = line;
  rec.fields.assign(1, std::string());
  bool quoted = false;
  while (pos < text.size()) {
    char c = text[pos++];
    if (quoted) {
      if (c == '"') {
        if (pos < text.size() && text[pos] == '"') {
          rec.fields.back() += '"';
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        rec.fields.back() += c;
      }
      continue;
    }
    if (c == '"' && rec.fields.back().empty()) {
      quoted = true;
    } else if (c == ',') {
      rec.fields.emplace_back();
    } else if (c == '\n') {
      ++line;
      break;
    } else if (c != '\r') {
      rec.fields.back() += c;
    }
  }
  if (quoted) {
    error = "a quoted field that starts here is never closed";
    return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

uint32_t digits_value(std::string_view s) {
  uint32_t v = 0;
  for (char c : s) v = v * 10 + static_cast<uint32_t>(c - '0');
  return v;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// IMO numbers end in a check digit: the first six digits weighted 7..2,
// summed, modulo 10 (IMO Resolution A.1117(30)).
bool imo_check_digit_ok(std::string_view d) {
  int sum = 0;
  for (int i = 0; i < 6; ++i) sum += (d[static_cast<std::size_t>(i)] - '0') * (7 - i);
  return sum % 10 == d[6] - '0';
}

// Parses the IMO field; empty gives 0. Returns an error sentence or "".
std::string parse_imo(std::string_view raw, uint32_t& imo) {
  imo = 0;
  std::string_view s = trim(raw);
  if (s.size() > 3 && (s[0] == 'I' || s[0] == 'i') && (s[1] == 'M' || s[1] == 'm') &&
      (s[2] == 'O' || s[2] == 'o')) {
    s = trim(s.substr(3));
  }
  if (s.empty()) return "";
  if (!all_digits(s) || s.size() != 7) return "IMO \"" + std::string(raw) + "\" is not seven digits";
  if (!imo_check_digit_ok(s)) return "IMO " + std::string(s) + " fails its check digit";
  imo = digits_value(s);
  return "";
}

std::string parse_mmsi(std::string_view raw, uint32_t& mmsi) {
  mmsi = 0;
  std::string_view s = trim(raw);
  if (s.empty()) return "";
  if (!all_digits(s) || s.size() > 9) return "MMSI \"" + std::string(raw) + "\" is not a number of up to nine digits";
  mmsi = digits_value(s);
  if (mmsi == 0) return "MMSI 0 names no vessel";
  return "";
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_comment(const Record& rec) {
  return !rec.fields.empty() && !rec.fields[0].empty() && trim(rec.fields[0]).starts_with("#");
}

bool is_blank(const Record& rec) {
  return rec.fields.size() == 1 && trim(rec.fields[0]).empty();
}

}  // namespace

const char* to_string(WatchMatch m) noexcept {
  switch (m) {
    case WatchMatch::kNone: return "none";
    case WatchMatch::kImo: return "imo";
    case WatchMatch::kMmsi: return "mmsi";
    case WatchMatch::kName: return "name";
  }
  return "none";
}

std::string Watchlist::normalise_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    // Bytes >= 0x80 belong to UTF-8 letters (Cyrillic, Greek names): kept.
    if (c < 0x80 && !std::isalnum(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += static_cast<char>(std::toupper(c));
  }
  return out;
}

void Watchlist::add(WatchEntry entry) {
  auto idx = static_cast<uint32_t>(entries_.size());
  if (entry.imo != 0) by_imo_.emplace(entry.imo, idx);
  if (entry.mmsi != 0) by_mmsi_.emplace(entry.mmsi, idx);
  std::string key = normalise_name(entry.name);
  if (!key.empty()) {
    // A vessel can only transmit the first 20 characters of a longer name.
    if (entry.name.size() > kAisNameChars) {
      std::string cut = normalise_name(std::string_view(entry.name).substr(0, kAisNameChars));
      if (!cut.empty() && cut != key) by_name_.emplace(std::move(cut), idx);
    }
    by_name_.emplace(std::move(key), idx);
  }
  entries_.push_back(std::move(entry));
}

namespace {

// normalise_name into a stack buffer: no allocation on the per-message path.
// Names longer than the buffer are cut (AIS names have 20 characters).
std::string_view normalise_into(std::string_view name, std::array<char, 64>& buf) {
  std::size_t n = 0;
  bool pending_space = false;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80 && !std::isalnum(c)) {
      pending_space = n > 0;
      continue;
    }
    if (n + 2 > buf.size()) break;
    if (pending_space) buf[n++] = ' ';
    pending_space = false;
    buf[n++] = static_cast<char>(std::toupper(c));
  }
  return {buf.data(), n};
}

}  // namespace

const WatchEntry* Watchlist::match(uint32_t imo, uint32_t mmsi, std::string_view name,
                                   WatchMatch* how) const {
  auto found = [&](uint32_t idx, WatchMatch rule) {
    if (how != nullptr) *how = rule;
    return &entries_[idx];
  };
  if (imo != 0) {
    if (auto it = by_imo_.find(imo); it != by_imo_.end()) return found(it->second, WatchMatch::kImo);
  }
  if (mmsi != 0) {
    auto it = by_mmsi_.find(mmsi);
    if (it != by_mmsi_.end() && !conflicts(entries_[it->second], imo)) return found(it->second, WatchMatch::kMmsi);
  }
  if (!name.empty() && !by_name_.empty()) {
    std::array<char, 64> buf{};
    std::string_view key = normalise_into(name, buf);
    if (!key.empty()) {
      // The earliest entry of that name whose IMO does not contradict the vessel's.
      uint32_t best = UINT32_MAX;
      auto [lo, hi] = by_name_.equal_range(key);
      for (auto it = lo; it != hi; ++it) {
        if (it->second < best && !conflicts(entries_[it->second], imo)) best = it->second;
      }
      if (best != UINT32_MAX) return found(best, WatchMatch::kName);
    }
  }
  if (how != nullptr) *how = WatchMatch::kNone;
  return nullptr;
}

bool Watchlist::names_hull(const WatchEntry& hull, std::string_view name) const {
  std::array<char, 64> buf{};
  std::string_view key = normalise_into(name, buf);
  if (key.empty()) return false;
  auto [lo, hi] = by_name_.equal_range(key);
  for (auto it = lo; it != hi; ++it) {
    const WatchEntry& e = entries_[it->second];
    if (&e == &hull || (hull.imo != 0 && e.imo == hull.imo)) return true;
  }
  return false;
}

bool Watchlist::parse_csv(std::string_view text, std::string_view source, std::string& error) {
  auto fail = [&](std::size_t line, const std::string& what) {
    error = std::string(source) + ":" + std::to_string(line) + ": " + what;
    return false;
  };
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  std::size_t pos = 0, line = 1;
  Record rec;
  std::string parse_error;
  // Header: the first record that is not blank or a comment.
  int col_imo = -1, col_mmsi = -1, col_name = -1, col_reason = -1;
  bool have_header = false;
  while (!have_header) {
    if (!next_record(text, pos, line, rec, parse_error)) {
      if (!parse_error.empty()) return fail(rec.line, parse_error);
      return fail(line, "no header line \"imo,mmsi,name,reason\"");
    }
    if (is_blank(rec) || is_comment(rec)) continue;
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
      std::string col = lower(trim(rec.fields[i]));
      int idx = static_cast<int>(i);
      if (col == "imo" && col_imo < 0) col_imo = idx;
      if (col == "mmsi" && col_mmsi < 0) col_mmsi = idx;
      if (col == "name" && col_name < 0) col_name = idx;
      if (col == "reason" && col_reason < 0) col_reason = idx;
    }
    if (col_imo < 0 || col_mmsi < 0 || col_name < 0 || col_reason < 0) {
      return fail(rec.line, "the header must name the columns imo,mmsi,name,reason");
    }
    have_header = true;
  }
  const auto columns = rec.fields.size();

  // Rows. Entries are only added once the whole text is valid.
  std::vector<WatchEntry> rows;
  while (next_record(text, pos, line, rec, parse_error)) {
    if (is_blank(rec) || is_comment(rec)) continue;
    if (rec.fields.size() != columns) {
      return fail(rec.line, "expected " + std::to_string(columns) + " fields, found " +
                                std::to_string(rec.fields.size()));
    }
    WatchEntry e;
    if (auto why = parse_imo(rec.fields[static_cast<std::size_t>(col_imo)], e.imo); !why.empty()) {
      return fail(rec.line, "field imo: " + why);
    }
    if (auto why = parse_mmsi(rec.fields[static_cast<std::size_t>(col_mmsi)], e.mmsi); !why.empty()) {
      return fail(rec.line, "field mmsi: " + why);
    }
    e.name = std::string(trim(rec.fields[static_cast<std::size_t>(col_name)]));
    e.reason = std::string(trim(rec.fields[static_cast<std::size_t>(col_reason)]));
    if (e.imo == 0 && e.mmsi == 0 && normalise_name(e.name).empty()) {
      return fail(rec.line, "the row gives no imo, mmsi or name to match on");
    }
    rows.push_back(std::move(e));
  }
  if (!parse_error.empty()) return fail(rec.line, parse_error);
  for (auto& e : rows) add(std::move(e));
  return true;
}

bool Watchlist::load_csv(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot be read";
    return false;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = path + ": cannot be read";
    return false;
  }
  return parse_csv(text, path, error);
}

}  // namespace lookout::detect
