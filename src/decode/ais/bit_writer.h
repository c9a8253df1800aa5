// BitWriter: builds the bit string of one AIS message, most significant bit
// first, and armours it into payload characters. The inverse of BitReader
// (bit_reader.h); internal to the encoder (encoder.h).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "decode/ais/bit_reader.h"
#include "decode/ais/message.h"

namespace lookout::ais::detail {

class BitWriter {
 public:
  // As much as BitReader accepts: five slots. Bits past it are dropped.
  static constexpr std::size_t kMaxBits = BitReader::kMaxBits;

  // Writes the low `width` bits of `value`. REQUIRES: width <= 64.
  void put(uint64_t value, unsigned width) {
    for (unsigned bit = width; bit-- > 0;) put_bit((value >> bit) & 1U);
  }
  // Two's complement: the low `width` bits of the value.
  void put_signed(int64_t value, unsigned width) { put(static_cast<uint64_t>(value), width); }
  void put_bool(bool value) { put_bit(value ? 1U : 0U); }
  // Writes exactly `chars` six-bit characters of `text`, padded with '@'
  // (see encoder.h for characters outside the alphabet).
  void put_text(std::string_view text, std::size_t chars) {
    for (std::size_t i = 0; i < chars; ++i) put(i < text.size() ? six_bit_value(text[i]) : 0U, 6);
  }
  // The first data.bitcount bits of data.bytes.
  void put_binary(const BinaryData& data) {
    const std::size_t bits = std::min<std::size_t>(data.bitcount, BinaryData::kCapacity * 8);
    for (std::size_t i = 0; i < bits; ++i) put_bit((data.bytes[i / 8] >> (7 - i % 8)) & 1U);
  }
  // Zero bits up to `bits` in all.
  void pad_to(std::size_t bits) {
    while (size_ < bits && size_ < kMaxBits) put_bit(0);
  }
  // Zero bits up to a whole number of bytes (the standard's trailing spare).
  void pad_to_byte() { pad_to((size_ + 7) / 8 * 8); }
  std::size_t size() const { return size_; }

  // Armours the bits, six to a character ('0'..'W', '`'..'w'), the last
  // character padded with zero bits whose count goes to *fill_bits.
  std::string armour(unsigned* fill_bits) const {
    const std::size_t chars = (size_ + 5) / 6;
    std::string out;
    out.reserve(chars);
    for (std::size_t c = 0; c < chars; ++c) {
      unsigned v = 0;
      for (std::size_t b = 0; b < 6; ++b) v = (v << 1) | bit(c * 6 + b);
      out.push_back(static_cast<char>(v < 40 ? v + 48 : v + 56));
    }
    if (fill_bits != nullptr) *fill_bits = static_cast<unsigned>(chars * 6 - size_);
    return out;
  }

  // Six-bit ASCII (ITU-R M.1371-5 table 47): '@'..'_' are 0..31, ' '..'?'
  // 32..63; lower-case letters as upper case; anything else as '?'.
  static unsigned six_bit_value(char ch) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 'a' + 'A');
    if (c >= 64 && c <= 95) return c - 64U;
    if (c >= 32 && c <= 63) return c;
    return '?';
  }

 private:
  void put_bit(unsigned b) {
    if (size_ >= kMaxBits) return;
    if (b != 0) bytes_[size_ / 8] |= static_cast<uint8_t>(0x80U >> (size_ % 8));
    ++size_;
  }
  unsigned bit(std::size_t i) const {
    if (i >= size_) return 0;
    return (bytes_[i / 8] >> (7 - i % 8)) & 1U;
  }

  std::array<uint8_t, kMaxBits / 8> bytes_{};
  std::size_t size_ = 0;
};

// The bits after the 38-bit header of the data link and binary messages
// (encoder_link_messages.cc). One overload per body.
void encode_body(BitWriter& w, const Message& msg, const AddressedBinary& b);
void encode_body(BitWriter& w, const Message& msg, const BroadcastBinary& b);
void encode_body(BitWriter& w, const Message& msg, const Acknowledgement& b);
void encode_body(BitWriter& w, const Message& msg, const UtcInquiry& b);
void encode_body(BitWriter& w, const Message& msg, const Interrogation& b);
void encode_body(BitWriter& w, const Message& msg, const AssignmentCommand& b);
void encode_body(BitWriter& w, const Message& msg, const DgnssBroadcast& b);
void encode_body(BitWriter& w, const Message& msg, const DataLinkManagement& b);
void encode_body(BitWriter& w, const Message& msg, const ChannelManagement& b);
void encode_body(BitWriter& w, const Message& msg, const GroupAssignment& b);
void encode_body(BitWriter& w, const Message& msg, const SlotBinary& b);

}  // namespace lookout::ais::detail
