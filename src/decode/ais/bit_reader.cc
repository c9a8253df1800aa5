#include "decode/ais/bit_reader.h"

#include <algorithm>

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

}  // namespace

Error BitReader::load(std::string_view payload, unsigned fill_bits) noexcept {
  size_ = 0;
  words_[0] = words_[1] = words_[2] = 0;
  if (payload.empty()) return make_error(ErrorCode::kEmptyPayload);
  if (fill_bits > 5) return make_error(ErrorCode::kBadFillBits, payload.size(), "fill_bits");
  const std::size_t nchars = payload.size();
  if (nchars > kMaxChars || nchars * 6 - fill_bits > kMaxBits) {
    return make_error(ErrorCode::kPayloadOverflow, kMaxBits / 6);
  }

  // Groups of ten characters (60 bits) are gathered in a register, then
  // written into the word array at their bit position with two shifts. A
  // group touches at most two words and the second one for the first time, so
  // that one is assigned rather than or-ed and the buffer needs no clearing
  // beforehand. Full groups use constant shifts, so the ten table look-ups are
  // independent of each other. Invalid characters are collected in `bad` and
  // located only on the (rare) failure path: the loop has no data-dependent
  // branch.
  const auto* chars = reinterpret_cast<const unsigned char*>(payload.data());
  uint8_t bad = 0;
  std::size_t bit_pos = 0;
  const auto store_group = [this, &bit_pos](uint64_t top, std::size_t nbits) {
    const std::size_t idx = bit_pos >> 6;
    const unsigned off = static_cast<unsigned>(bit_pos & 63);
    words_[idx] |= top >> off;
    words_[idx + 1] = (top << 1) << (63 - off);  // top << (64 - off), defined for off 0
    bit_pos += nbits;
  };
  std::size_t char_idx = 0;
  for (; char_idx + kCharsPerGroup <= nchars; char_idx += kCharsPerGroup) {
    uint64_t acc = 0;
#pragma GCC unroll 10
    for (std::size_t k = 0; k < kCharsPerGroup; ++k) {
      const uint8_t value = kArmorValue[chars[char_idx + k]];
      bad |= value;
      acc |= uint64_t{value & 0x3Fu} << (58 - 6 * k);
    }
    store_group(acc, 6 * kCharsPerGroup);
  }
  if (char_idx < nchars) {
    uint64_t acc = 0;
    for (std::size_t k = 0; char_idx + k < nchars; ++k) {
      const uint8_t value = kArmorValue[chars[char_idx + k]];
      bad |= value;
      acc |= uint64_t{value & 0x3Fu} << (58 - 6 * k);
    }
    store_group(acc, 6 * (nchars - char_idx));
  }

  if ((bad & kNotArmor) != 0) {
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
