// Watchlist: hulls of interest (sanctioned, shadow fleet, under
// investigation), loaded from CSV with the header `imo,mmsi,name,reason`
// (docs/ARCHITECTURE.md). Any of the first three may be empty. A vessel
// matches on IMO first, then MMSI, then its exact normalised name.
//
// MMSIs are reassigned and names repeat (the EU list alone has two MARIAs),
// so an MMSI or name match is refused when both the vessel and the entry
// give an IMO and the two differ: the IMO is the hull's permanent number.
//
// CSV rules (RFC 4180): fields may be quoted, "" inside quotes is a quote,
// quoted fields may hold commas and line breaks; CRLF or LF; a UTF-8 byte
// order mark is skipped; lines starting with '#' before or after the header
// are comments (provenance notes) and blank lines are skipped. The header
// must name the four columns (any order, any case; extra columns ignored).
// IMO: empty or seven digits with a valid check digit ("IMO " prefix
// allowed); MMSI: empty or up to nine digits, not zero; each row gives at
// least one of IMO, MMSI, name. The first entry wins when two share an IMO,
// MMSI; a name may belong to several hulls (the first that does not
// conflict with the vessel's IMO matches).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lookout::detect {

struct WatchEntry {
  uint32_t imo = 0;        ///< 0 = not given
  uint32_t mmsi = 0;       ///< 0 = not given
  std::string name;        ///< as written in the list
  std::string reason;
};

enum class WatchMatch : uint8_t { kNone, kImo, kMmsi, kName };
const char* to_string(WatchMatch m) noexcept;

class Watchlist {
 public:
  // Loads a CSV file; appends to what is loaded. Returns false and sets
  // `error` to a sentence naming the file, line and field on a bad file.
  bool load_csv(const std::string& path, std::string& error);
  // Parses CSV text (same rules); `source` names it in errors.
  bool parse_csv(std::string_view text, std::string_view source, std::string& error);

  void add(WatchEntry entry);

  // The entry a vessel matches, best rule first, or nullptr. `how` (may be
  // null) says which rule matched.
  const WatchEntry* match(uint32_t imo, uint32_t mmsi, std::string_view name,
                          WatchMatch* how = nullptr) const;

  // True when `name` (normalised) is borne by `hull` or by another entry for
  // the same IMO: the list's own names for that hull.
  // REQUIRES: `hull` is one of entries().
  bool names_hull(const WatchEntry& hull, std::string_view name) const;

  std::size_t size() const { return entries_.size(); }
  const std::vector<WatchEntry>& entries() const { return entries_; }

  // Upper case, runs of spaces and punctuation collapsed to one space, trimmed.
  static std::string normalise_name(std::string_view name);

 private:
  // Heterogeneous lookup, so that match() looks a name up without
  // allocating a std::string per static message.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  bool conflicts(const WatchEntry& e, uint32_t imo) const { return imo != 0 && e.imo != 0 && e.imo != imo; }

  std::vector<WatchEntry> entries_;
  std::unordered_map<uint32_t, uint32_t> by_imo_, by_mmsi_;  // -> entries_ index
  std::unordered_multimap<std::string, uint32_t, NameHash, std::equal_to<>> by_name_;
};

}  // namespace lookout::detect
