// StaticChangeFilter: emit a vessel's static data only when it changes.
//
// Historical CSV repeats a vessel's static fields (name, IMO, size, ...) on
// every row, while the air interface sends them every six minutes. Turning
// each row into a static message would flood consumers (a DMA day file has
// about ten million rows), so decoders remember a fingerprint of the last
// static fields per MMSI and emit only on a change. Memory is bounded: when
// the table holds `max_vessels` entries it is cleared, and each vessel then
// emits its static data once more.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <unordered_map>

namespace lookout::csv {

class StaticChangeFilter {
 public:
  // REQUIRES: max_vessels > 0.
  explicit StaticChangeFilter(std::size_t max_vessels);

  // True when `fingerprint` differs from the last one seen for `mmsi`, or
  // when none was seen; records it either way.
  bool changed(uint32_t mmsi, uint64_t fingerprint);

  std::size_t size() const { return last_.size(); }

 private:
  std::unordered_map<uint32_t, uint64_t> last_;
  std::size_t max_vessels_;
};

// A 64-bit hash of the fields (FNV-1a style, eight bytes a step); the field
// boundaries count, so ("ab", "c") and ("a", "bc") differ. Not for security.
uint64_t fingerprint(std::initializer_list<std::string_view> fields) noexcept;

}  // namespace lookout::csv
