#include "decode/csv/static_change_filter.h"

#include <cstring>

namespace lookout::csv {

StaticChangeFilter::StaticChangeFilter(std::size_t max_vessels)
    : max_vessels_(max_vessels == 0 ? 1 : max_vessels) {
  last_.reserve(max_vessels_ < 4096 ? max_vessels_ : 4096);
}

bool StaticChangeFilter::changed(uint32_t mmsi, uint64_t fingerprint) {
  auto it = last_.find(mmsi);
  if (it != last_.end()) {
    if (it->second == fingerprint) return false;
    it->second = fingerprint;
    return true;
  }
  if (last_.size() >= max_vessels_) last_.clear();
  last_.emplace(mmsi, fingerprint);
  return true;
}

namespace {

// The bytes of a field of at most 8 bytes as one word, without reading past
// it: two overlapping 4-byte reads, or three single bytes below 4. Together
// with the length this determines every byte.
uint64_t read_small(const char* p, std::size_t n) {
  if (n >= 4) {
    uint32_t lo = 0;
    uint32_t hi = 0;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return (uint64_t{hi} << 32) | lo;
  }
  if (n == 0) return 0;
  auto byte = [&](std::size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
  return (byte(0) << 16) | (byte(n >> 1) << 8) | byte(n - 1);
}

}  // namespace

uint64_t fingerprint(std::initializer_list<std::string_view> fields) noexcept {
  // FNV-1a's structure, eight bytes a step; each field also mixes in its
  // length, so that ("ab", "c") and ("a", "bc") differ.
  constexpr uint64_t kPrime = 1099511628211ULL;
  uint64_t h = 14695981039346656037ULL;
  auto mix = [&](uint64_t word) {
    h ^= word;
    h *= kPrime;
    h ^= h >> 29;
  };
  for (std::string_view f : fields) {
    const char* p = f.data();
    std::size_t n = f.size();
    h ^= n << 56;  // the length, folded into the field's last mix
    while (n > 8) {
      uint64_t word = 0;
      std::memcpy(&word, p, 8);
      mix(word);
      p += 8;
      n -= 8;
    }
    mix(read_small(p, n));
  }
  return h;
}

}  // namespace lookout::csv
