// Test helper: builds armoured AIS payloads bit by bit, so tests can make
// messages with exactly the values (and lengths) they need. Deliberately
// simple (one character per bit group, std::string) and independent of the
// decoder it checks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lookout::ais::testing {

class PayloadBuilder {
 public:
  // Appends the low `width` bits of `value`, most significant first (zeros
  // above bit 63 when width is larger).
  PayloadBuilder& put(uint64_t value, unsigned width) {
    for (unsigned bit = width; bit-- > 0;) {
      bits_.push_back(bit < 64 && ((value >> bit) & 1) != 0 ? '1' : '0');
    }
    return *this;
  }
  PayloadBuilder& put_signed(int64_t value, unsigned width) {
    return put(static_cast<uint64_t>(value), width);
  }
  // Appends `nchars` six-bit characters of `text`, padded with '@'.
  // REQUIRES: text holds only characters of the six-bit set ('@'..'_', ' '..'?').
  PayloadBuilder& text(std::string_view text, unsigned nchars) {
    for (unsigned idx = 0; idx < nchars; ++idx) {
      const char c = idx < text.size() ? text[idx] : '@';
      put(static_cast<unsigned char>(c) >= 64 ? static_cast<unsigned char>(c) - 64u
                                               : static_cast<unsigned char>(c),
          6);
    }
    return *this;
  }
  // The usual message header.
  PayloadBuilder& header(unsigned type, unsigned repeat, uint32_t mmsi) {
    return put(type, 6).put(repeat, 2).put(mmsi, 30);
  }

  std::size_t size() const { return bits_.size(); }

  // The armoured characters; the last one is padded with fill_bits() zeros.
  std::string payload() const {
    std::string out;
    for (std::size_t pos = 0; pos < bits_.size(); pos += 6) {
      unsigned value = 0;
      for (std::size_t bit = pos; bit < pos + 6; ++bit) {
        value = (value << 1) | (bit < bits_.size() && bits_[bit] == '1' ? 1u : 0u);
      }
      out.push_back(static_cast<char>(value < 40 ? '0' + value : '`' + (value - 40)));
    }
    return out;
  }
  unsigned fill_bits() const { return static_cast<unsigned>((6 - bits_.size() % 6) % 6); }

 private:
  std::string bits_;  // '0' and '1'
};

}  // namespace lookout::ais::testing
