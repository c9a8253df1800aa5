// libFuzzer target for the watch-list CSV reader (src/detect/watchlist.h):
// operators load lists from outside sources, so the text is the world's.
//
// Beyond "no crash, no sanitizer report", it checks what the reader
// promises: a refused list says why; an accepted one holds only entries that
// give an IMO, an MMSI or a name, with an IMO of seven digits and an MMSI of up to
// nine digits, and each entry is found again by its own IMO, MMSI and name
// as a vessel would send it (the first entry wins a shared number, so the
// match may be an earlier one).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "detect/watchlist.h"

using lookout::detect::Watchlist;
using lookout::detect::WatchEntry;
using lookout::detect::WatchMatch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Watchlist list;
  std::string error;
  if (!list.parse_csv(text, "fuzz.csv", error)) {
    if (error.empty()) std::abort();
    return 0;
  }
  for (const WatchEntry& e : list.entries()) {
    if (e.imo == 0 && e.mmsi == 0 && e.name.empty()) std::abort();
    if (e.imo > 9999999) std::abort();
    if (e.mmsi > 999999999) std::abort();
    WatchMatch how = WatchMatch::kNone;
    if (e.imo != 0) {
      const WatchEntry* m = list.match(e.imo, 0, "", &how);
      if (m == nullptr || m->imo != e.imo || how != WatchMatch::kImo) std::abort();
    }
    if (e.mmsi != 0) {
      const WatchEntry* m = list.match(e.imo, e.mmsi, "", &how);
      if (m == nullptr) std::abort();
    }
    std::string normal = Watchlist::normalise_name(e.name);
    if (Watchlist::normalise_name(normal) != normal) std::abort();
    // A vessel sends at most the first 20 characters of a longer name.
    std::string_view sent = std::string_view(e.name).substr(0, 20);
    if (!Watchlist::normalise_name(sent).empty()) {
      const WatchEntry* m = list.match(e.imo, 0, sent, &how);
      if (m == nullptr) std::abort();
      if (how == WatchMatch::kName && !list.names_hull(*m, sent)) std::abort();
    }
  }
  return 0;
}
