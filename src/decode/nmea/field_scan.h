// One pass over an NMEA field list that finds the '*' that ends the
// checksummed part, the XOR of the bytes before it, and the commas:
//   scan_star()    count of commas only; 16 bytes at a time with SSE2 where
//                  the compiler targets it (every x86-64), else as below;
//   scan_fields()  positions of the commas too; 8 bytes at a time in plain
//                  C++ (SWAR: "SIMD within a register"), for the rarer paths
//                  (malformed sentences, $PGHP).
//
// Internal to decode/nmea: the sentence and tag-block parsers share it.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lookout::nmea::detail {

static_assert(std::endian::native == std::endian::little,
              "scan_fields maps byte lanes to string positions little-endian first");

struct FieldScan {
  static constexpr uint32_t kNoStar = 0xFFFFFFFFu;
  static constexpr int kMaxCommas = 16;

  uint32_t comma[kMaxCommas] = {};  // positions of the first kMaxCommas commas before the star
  int commas = 0;                   // number of commas before the star (may exceed kMaxCommas)
  uint32_t star = kNoStar;          // position of the first '*', or kNoStar
  uint8_t xor_sum = 0;              // XOR of every byte before the star (all bytes if none)
};

namespace swar {

inline constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
inline constexpr uint64_t kOnes = 0x0101010101010101ull;

// 0x80 in every byte lane of `w` that equals `c`, 0 elsewhere. Exact: no
// false positives from borrows, unlike the shorter (x - 1) & ~x trick.
inline uint64_t lanes_equal(uint64_t w, char c) noexcept {
  const uint64_t x = w ^ (kOnes * static_cast<uint8_t>(c));
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

inline uint64_t load(const char* p) noexcept {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Folds one word: records commas and the star, accumulates the XOR. Returns
// true when the star was in this word.
inline bool step(uint64_t w, uint32_t base, uint64_t& acc, FieldScan& out) noexcept {
  const uint64_t star = lanes_equal(w, '*');
  uint64_t keep = ~uint64_t{0};
  if (star != 0) {
    const int lane = std::countr_zero(star) >> 3;
    keep = lane == 0 ? 0 : ~uint64_t{0} >> (64 - 8 * lane);
    out.star = base + static_cast<uint32_t>(lane);
  }
  acc ^= w & keep;
  uint64_t commas = lanes_equal(w, ',') & keep;
  while (commas != 0) {
    if (out.commas < FieldScan::kMaxCommas) {
      out.comma[out.commas] = base + static_cast<uint32_t>(std::countr_zero(commas) >> 3);
    }
    ++out.commas;
    commas &= commas - 1;
  }
  return star != 0;
}

}  // namespace swar

// Scans `text` up to its first '*', recording comma positions.
// REQUIRES: text.size() < 4 GiB.
inline void scan_fields(std::string_view text, FieldScan& out) noexcept {
  const char* p = text.data();
  const auto n = static_cast<uint32_t>(text.size());
  uint64_t acc = 0;
  uint32_t i = 0;
  bool found = false;
  for (; i + 8 <= n; i += 8) {
    if (swar::step(swar::load(p + i), i, acc, out)) {
      found = true;
      break;
    }
  }
  if (!found && i < n) {
    uint64_t w = 0;  // zero padding is neither '*' nor ',' and does not change the XOR
    std::memcpy(&w, p + i, n - i);
    swar::step(w, i, acc, out);
  }
  acc ^= acc >> 32;
  acc ^= acc >> 16;
  acc ^= acc >> 8;
  out.xor_sum = static_cast<uint8_t>(acc);
}

// What the hot path needs: where the star is, the XOR before it, and how
// many commas there are before it (not where).
struct StarScan {
  uint32_t star = FieldScan::kNoStar;  // position of the first '*', or kNoStar
  uint32_t commas = 0;                 // commas before the star
  uint8_t xor_sum = 0;                 // XOR of every byte before the star
};

// The portable StarScan; also used for texts shorter than one SSE2 block.
inline StarScan scan_star_swar(std::string_view text) noexcept {
  FieldScan f;
  scan_fields(text, f);
  return {f.star, static_cast<uint32_t>(f.commas), f.xor_sum};
}

#if defined(__SSE2__)

namespace sse {

// Lanes [0, k) all ones, the rest zero, for 0 <= k <= 16.
inline __m128i first_lanes(uint32_t k) noexcept {
  static constexpr uint8_t kOnesThenZeros[32] = {
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0,    0,    0,    0,    0,    0,
      0,    0,    0,    0,    0,    0,    0,    0,    0,    0};
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(kOnesThenZeros + 16 - k));
}

}  // namespace sse

// StarScan 16 bytes at a time. The XOR and the comma count (each comma lane
// adds one to a byte counter) accumulate in vector registers; the block with
// the star, and the last block, are masked to the lanes that count. The last
// block overlaps the one before it, so no byte past the end of `text` is ever
// read. Texts over 4080 bytes, whose byte counters could wrap, go the
// portable way. REQUIRES: text.size() < 4 GiB.
inline StarScan scan_star(std::string_view text) noexcept {
  const auto n = static_cast<uint32_t>(text.size());
  if (n < 16 || n > 4080) return scan_star_swar(text);
  const char* p = text.data();
  const __m128i star_byte = _mm_set1_epi8('*');
  const __m128i comma_byte = _mm_set1_epi8(',');
  __m128i acc = _mm_setzero_si128();
  __m128i counts = _mm_setzero_si128();
  StarScan out;
  // Operation: full blocks until the star.
  uint32_t i = 0;
  uint32_t first = 0;  // lanes of the current block already counted
  for (;;) {
    if (i + 16 > n) {
      if (i >= n) break;
      first = i - (n - 16);  // overlap the last block with the one before
      i = n - 16;
    }
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const auto stars = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, star_byte))) &
                       (0xFFFFu << first);
    const __m128i commas = _mm_cmpeq_epi8(v, comma_byte);
    if (stars == 0 && first == 0) {
      acc = _mm_xor_si128(acc, v);
      counts = _mm_sub_epi8(counts, commas);
      i += 16;
      continue;
    }
    const uint32_t end = stars != 0 ? static_cast<uint32_t>(std::countr_zero(stars)) : 16;
    const __m128i keep = _mm_andnot_si128(sse::first_lanes(first), sse::first_lanes(end));
    acc = _mm_xor_si128(acc, _mm_and_si128(v, keep));
    counts = _mm_sub_epi8(counts, _mm_and_si128(commas, keep));
    if (stars != 0) out.star = i + end;
    break;
  }
  // Response: fold the lanes.
  alignas(16) uint64_t halves[2];
  _mm_store_si128(reinterpret_cast<__m128i*>(halves), acc);
  uint64_t x = halves[0] ^ halves[1];
  x ^= x >> 32;
  x ^= x >> 16;
  x ^= x >> 8;
  out.xor_sum = static_cast<uint8_t>(x);
  _mm_store_si128(reinterpret_cast<__m128i*>(halves),
                  _mm_sad_epu8(counts, _mm_setzero_si128()));
  out.commas = static_cast<uint32_t>(halves[0] + halves[1]);
  return out;
}

#else

// Scans `text` up to its first '*'. REQUIRES: text.size() < 4 GiB.
inline StarScan scan_star(std::string_view text) noexcept { return scan_star_swar(text); }

#endif

}  // namespace lookout::nmea::detail
