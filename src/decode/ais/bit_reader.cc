#include "decode/ais/bit_reader.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lookout::ais {

namespace {

constexpr uint8_t kNotArmor = 0x40;

// Armour character -> six-bit value; kNotArmor for every other byte. The
// alphabet is '0'..'W' (values 0..39) followed by '`'..'w' (40..63).
constexpr std::array<uint8_t, 256> kArmorValue = [] {
  std::array<uint8_t, 256> table{};
  table.fill(kNotArmor);
  for (unsigned c = '0'; c <= 'W'; ++c) table[c] = static_cast<uint8_t>(c - '0');
  for (unsigned c = '`'; c <= 'w'; ++c) table[c] = static_cast<uint8_t>(c - '`' + 40);
  return table;
}();

// Ten characters (60 bits) fit in one 64-bit accumulator.
constexpr std::size_t kCharsPerGroup = 10;

// Writes `nbits` (<= 64) bits, held at the top of `top` with zeros below
// them, at bit `bit_pos` of `words`. The group touches at most two words, and
// groups are written in bit order, so the second word is assigned rather than
// or-ed: the buffer needs no clearing beforehand, beyond words[0].
inline void store_group(uint64_t* words, std::size_t bit_pos, uint64_t top) noexcept {
  const std::size_t idx = bit_pos >> 6;
  const unsigned off = static_cast<unsigned>(bit_pos & 63);
  words[idx] |= top >> off;
  words[idx + 1] = (top << 1) << (63 - off);  // top << (64 - off), defined for off 0
}

// The portable de-armouring: groups of ten characters (60 bits) gathered in
// a register through a table, then stored. Full groups use constant shifts,
// so the ten look-ups are independent of each other. Invalid characters are
// collected in `bad` and located by the caller: the loop has no
// data-dependent branch. Returns whether every character was valid.
bool dearmor_by_table(const unsigned char* chars, std::size_t nchars, uint64_t* words) noexcept {
  uint8_t bad = 0;
  std::size_t char_idx = 0;
  for (; char_idx + kCharsPerGroup <= nchars; char_idx += kCharsPerGroup) {
    uint64_t acc = 0;
#pragma GCC unroll 10
    for (std::size_t k = 0; k < kCharsPerGroup; ++k) {
      const uint8_t value = kArmorValue[chars[char_idx + k]];
      bad |= value;
      acc |= uint64_t{value & 0x3Fu} << (58 - 6 * k);
    }
    store_group(words, 6 * char_idx, acc);
  }
  if (char_idx < nchars) {
    uint64_t acc = 0;
    for (std::size_t k = 0; char_idx + k < nchars; ++k) {
      const uint8_t value = kArmorValue[chars[char_idx + k]];
      bad |= value;
      acc |= uint64_t{value & 0x3Fu} << (58 - 6 * k);
    }
    store_group(words, 6 * char_idx, acc);
  }
  return (bad & kNotArmor) == 0;
}

#if defined(__SSE2__)

// Thirty-two characters at a time with SSE2 (every x86-64): their 192 bits
// are exactly three words, so no bit shifting is needed to store them. Each
// half of sixteen is one vector: the alphabet check and the character ->
// value step, then the six-bit values are packed big-endian by shifts (pairs
// of bytes into 12 bits) and a multiply-add (pairs of those into 24 bits).
namespace sse2 {

// The sixteen characters of `c` as two groups of 48 bits, each at the top of
// its 64-bit lane (the first characters in the low lane). Adds to `invalid`
// a set bit per lane that is not an armour character.
inline __m128i pack_half(__m128i c, int& invalid) noexcept {
  // Signed compares: bytes >= 0x80 are negative and fall outside both ranges.
  const __m128i digits_to_w = _mm_andnot_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8('W')),
                                               _mm_cmpgt_epi8(c, _mm_set1_epi8('0' - 1)));
  const __m128i tick_to_w = _mm_andnot_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8('w')),
                                             _mm_cmpgt_epi8(c, _mm_set1_epi8('`' - 1)));
  invalid |= _mm_movemask_epi8(_mm_or_si128(digits_to_w, tick_to_w)) ^ 0xFFFF;
  // '0'..'W' -> 0..39, '`'..'w' -> 40..63.
  const __m128i values = _mm_sub_epi8(_mm_sub_epi8(c, _mm_set1_epi8('0')),
                                      _mm_and_si128(tick_to_w, _mm_set1_epi8(8)));
  // Byte lanes (a, b) -> a << 6 | b in each 16-bit lane (a, the earlier
  // character, is the low byte).
  const __m128i pairs = _mm_or_si128(
      _mm_slli_epi16(_mm_and_si128(values, _mm_set1_epi16(0xFF)), 6), _mm_srli_epi16(values, 8));
  // 16-bit lanes (p, q) -> p << 12 | q in each 32-bit lane.
  const __m128i quads = _mm_madd_epi16(pairs, _mm_set1_epi32((1 << 16) | (1 << 12)));
  // 32-bit lanes (x, y) -> x << 24 | y in each 64-bit lane, moved to the top.
  return _mm_slli_epi64(_mm_or_si128(_mm_slli_epi64(quads, 24), _mm_srli_epi64(quads, 32)), 16);
}

// The last `count` (1..15) characters before `end` in the low lanes, '0'
// (value 0) in the others. Reads the 16 bytes before `end` only.
inline __m128i load_tail(const unsigned char* end, std::size_t count) noexcept {
  // Shift right by 16 - count bytes, across the two 64-bit halves (shift
  // counts of 64 or more give zero), with the bytes xor-ed with '0' so that
  // the lanes shifted in come out as '0'.
  const __m128i zeros = _mm_set1_epi8('0');
  const __m128i v = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16)), zeros);
  const __m128i high = _mm_srli_si128(v, 8);
  const auto shift = static_cast<long long>(8 * (16 - count));
  const __m128i shifted =
      _mm_or_si128(_mm_or_si128(_mm_srl_epi64(v, _mm_cvtsi32_si128(static_cast<int>(shift))),
                                _mm_sll_epi64(high, _mm_set_epi64x(0, 64 - shift))),
                   _mm_srl_epi64(high, _mm_set_epi64x(0, shift - 64)));
  return _mm_xor_si128(shifted, zeros);
}

// Packs 32 characters (two halves) into three words at `out`.
inline void store_unit(uint64_t* out, __m128i first, __m128i second, int& invalid) noexcept {
  alignas(16) uint64_t g[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(g), pack_half(first, invalid));
  _mm_store_si128(reinterpret_cast<__m128i*>(g + 2), pack_half(second, invalid));
  out[0] = g[0] | g[1] >> 48;
  out[1] = g[1] << 16 | g[2] >> 32;
  out[2] = g[2] << 32 | g[3] >> 16;
}

inline __m128i load16(const unsigned char* p) noexcept {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

bool dearmor(const unsigned char* chars, std::size_t nchars, uint64_t* words) noexcept {
  constexpr std::size_t kHalf = 16;
  const __m128i zeros = _mm_set1_epi8('0');
  int invalid = 0;
  if (nchars < kHalf) {
    // Too short for one vector load: copy, padded with '0'.
    alignas(16) unsigned char padded[kHalf];
    _mm_store_si128(reinterpret_cast<__m128i*>(padded), zeros);
    std::memcpy(padded, chars, nchars);
    store_unit(words, load16(padded), zeros, invalid);
    return invalid == 0;
  }
  std::size_t char_idx = 0;
  for (; char_idx + 2 * kHalf <= nchars; char_idx += 2 * kHalf, words += 3) {
    store_unit(words, load16(chars + char_idx), load16(chars + char_idx + kHalf), invalid);
  }
  const std::size_t rest = nchars - char_idx;
  if (rest > kHalf) {
    store_unit(words, load16(chars + char_idx), load_tail(chars + nchars, rest - kHalf), invalid);
  } else if (rest == kHalf) {
    store_unit(words, load16(chars + char_idx), zeros, invalid);
  } else if (rest > 0) {
    store_unit(words, load_tail(chars + nchars, rest), zeros, invalid);
  }
  return invalid == 0;
}

}  // namespace sse2

#endif  // __SSE2__

}  // namespace

template <typename Dearmor>
Error BitReader::load_with(std::string_view payload, unsigned fill_bits,
                           Dearmor dearmor) noexcept {
  size_ = 0;
  words_[0] = words_[1] = words_[2] = 0;
  if (payload.empty()) return make_error(ErrorCode::kEmptyPayload);
  if (fill_bits > 5) return make_error(ErrorCode::kBadFillBits, payload.size(), "fill_bits");
  const std::size_t nchars = payload.size();
  if (nchars > kMaxChars || nchars * 6 - fill_bits > kMaxBits) {
    return make_error(ErrorCode::kPayloadOverflow, kMaxBits / 6);
  }

  // Invalid characters are located only on the (rare) failure path.
  if (!dearmor(reinterpret_cast<const unsigned char*>(payload.data()), nchars, words_.data())) {
    words_[0] = words_[1] = words_[2] = 0;
    const auto first_bad = std::find_if(payload.begin(), payload.end(), [](char c) {
      return kArmorValue[static_cast<uint8_t>(c)] == kNotArmor;
    });
    return make_error(ErrorCode::kBadArmor,
                      static_cast<std::size_t>(first_bad - payload.begin()));
  }

  // Clear the fill bits and the 64 bits after them so that reads past size()
  // see zeros.
  size_ = nchars * 6 - fill_bits;
  const std::size_t last = size_ >> 6;
  const unsigned keep = static_cast<unsigned>(size_ & 63);
  words_[last] &= keep == 0 ? 0 : ~uint64_t{0} << (64 - keep);
  words_[last + 1] = 0;
  words_[last + 2] = 0;
  return Error{};
}

// The de-armouring step as a function object, so that load_with() inlines it.
template <bool (*kDearmor)(const unsigned char*, std::size_t, uint64_t*) noexcept>
struct Step {
  bool operator()(const unsigned char* chars, std::size_t nchars, uint64_t* words) const noexcept {
    return kDearmor(chars, nchars, words);
  }
};

Error BitReader::load(std::string_view payload, unsigned fill_bits) noexcept {
#if defined(__SSE2__)
  return load_with(payload, fill_bits, Step<sse2::dearmor>{});
#else
  return load_with(payload, fill_bits, Step<dearmor_by_table>{});
#endif
}

Error BitReader::load_portable(std::string_view payload, unsigned fill_bits) noexcept {
  return load_with(payload, fill_bits, Step<dearmor_by_table>{});
}

std::size_t decode_six_bit_text(const BitReader& reader, std::size_t start, std::size_t nchars,
                                char* out, bool& ended) noexcept {
  // Ten characters per field read; then shifts within the register.
  std::size_t written = 0;
  while (written < nchars) {
    const std::size_t chunk = std::min(kCharsPerGroup, nchars - written);
    const uint64_t bits = reader.u(start + 6 * written, static_cast<unsigned>(6 * chunk))
                          << (64 - 6 * chunk);
    for (std::size_t k = 0; k < chunk; ++k) {
      const auto value = static_cast<unsigned>(bits >> (58 - 6 * k)) & 0x3F;
      if (value == 0) {
        ended = true;
        return written;
      }
      out[written++] = six_bit_char(value);
    }
  }
  ended = false;
  return written;
}

}  // namespace lookout::ais
