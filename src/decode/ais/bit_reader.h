// BitReader: random access to the bits of one armoured AIS payload.
//
// An AIS payload is a string of "armoured" characters, each carrying six bits
// of a big-endian bit stream (ITU-R M.1371-5 annex 8 and IEC 61162-1). Field
// decoders need unsigned and signed fields at fixed bit positions, and six-bit
// text. BitReader de-armours the whole payload once into 64-bit words (most
// significant bit first; sixteen characters per step with SSE2, ten through a
// table elsewhere) so that every field is then one or two word loads and two
// shifts, with no loop over bits. The 64 bits after size() read as
// zero, which is what a zero-filled tail of a cut field should read as; the
// words past those are never cleared (clearing the whole buffer per message
// cost more than the rest of de-armouring).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/fixed_string.h"
#include "core/result.h"

namespace lookout::ais {

class BitReader {
 public:
  // The largest payload accepted: five slots of 256 bits. The standard caps
  // data at 1008 bits, but real senders overrun it slightly (type 14 with 487
  // bits, type 8 with 568 bits in five-slot form); anything beyond the raw
  // capacity of five slots cannot be a real message.
  static constexpr std::size_t kMaxBits = 5 * 256;
  static constexpr std::size_t kMaxChars = (kMaxBits + 5) / 6;

  // An empty reader (size() == 0).
  BitReader() noexcept { words_[0] = words_[1] = words_[2] = 0; }

  // De-armours `payload` ('0'..'W' and '`'..'w', six bits each) and drops the
  // last `fill_bits` bits. On failure the reader is empty and the Error says
  // why: kEmptyPayload; kBadFillBits (field "fill_bits"); kPayloadOverflow
  // (offset = first character past the limit); kBadArmor (offset = index of
  // the first character outside the alphabet). Returns code kOk on success.
  Error load(std::string_view payload, unsigned fill_bits) noexcept;

  // load() without SIMD: what load() does on targets without SSE2. Kept
  // callable everywhere so that tests hold the two to each other.
  Error load_portable(std::string_view payload, unsigned fill_bits) noexcept;

  // Number of data bits (6 * characters - fill bits).
  std::size_t size() const noexcept { return size_; }

  // Unsigned field of `width` bits starting at bit `start` (0 = first bit);
  // bits at or past size() read as zero.
  // REQUIRES: 1 <= width <= 64 and start + width <= size() + 64.
  uint64_t u(std::size_t start, unsigned width) const noexcept {
    const std::size_t idx = start >> 6;
    const unsigned off = static_cast<unsigned>(start & 63);
    // (x >> 1) >> (63 - off) is x >> (64 - off) without the undefined shift
    // by 64 when off is 0.
    const uint64_t window = (words_[idx] << off) | ((words_[idx + 1] >> 1) >> (63 - off));
    return window >> (64 - width);
  }

  // Two's-complement signed field; same REQUIRES as u().
  int64_t s(std::size_t start, unsigned width) const noexcept {
    return static_cast<int64_t>(u(start, width) << (64 - width)) >> (64 - width);
  }

  // One bit as a flag.
  bool flag(std::size_t start) const noexcept { return u(start, 1) != 0; }

  // The trailing field of a message that may arrive cut short: reads the
  // min(width, size() - start) bits that did arrive, right-aligned, or 0 when
  // none did. Used for the communication state at the end of position
  // reports, which some senders truncate (gpsd reports it the same way).
  // REQUIRES: 1 <= width <= 64.
  uint64_t u_partial(std::size_t start, unsigned width) const noexcept {
    if (start >= size_) return 0;
    const std::size_t avail = size_ - start;
    return u(start, avail < width ? static_cast<unsigned>(avail) : width);
  }

 private:
  // load() with the given de-armouring step, a callable
  // bool(const unsigned char* chars, std::size_t nchars, uint64_t* words)
  // that writes the bits and says whether every character was valid.
  template <typename Dearmor>
  Error load_with(std::string_view payload, unsigned fill_bits, Dearmor dearmor) noexcept;

  // Words written by load() for kMaxBits (the last one holds up to 4 fill
  // bits past kMaxBits), then two zero words so that u() may read its second
  // word 64 bits past the end.
  static constexpr std::size_t kWords = (kMaxBits >> 6) + 3;
  static_assert((kMaxChars * 6 + 63) / 64 + 1 <= kWords);
  static_assert((kMaxChars + 31) / 32 * 3 <= kWords, "load() writes units of three words");
  std::array<uint64_t, kWords> words_;  // NOLINT: load() writes what it reads
  std::size_t size_ = 0;
};

// The six-bit character set of AIS text: 0 = '@', 1..31 = 'A'..'_', 32..63 =
// ' '..'?'.
constexpr char six_bit_char(unsigned value) noexcept {
  return static_cast<char>(value < 32 ? value + 64 : value);
}

// Decodes up to `nchars` six-bit characters from bit `start` into `out`,
// stopping at the first '@'. Returns the number of characters written and
// sets `ended` when an '@' stopped the text.
//
// Why stop at the first '@' rather than only trimming trailing ones: value 0
// ('@') is the standard's "not available" and padding character, the NUL of
// AIS text; nothing meaningful follows it. Real senders leave garbage after it
// ("IBC G BUOY@?????????" in a type 21 name) or pad at the front ("@@J130B",
// a call sign sent as not available). gpsd and pyais also stop at the first
// '@', so users see the same names in every tool.
// REQUIRES: `out` holds nchars bytes; start + 6 * nchars <= reader.size() + 64.
std::size_t decode_six_bit_text(const BitReader& reader, std::size_t start, std::size_t nchars,
                                char* out, bool& ended) noexcept;

// Appends the six-bit text of `nchars` characters from bit `start` to `out`
// (as decode_six_bit_text, characters beyond out's capacity dropped). Returns
// true when an '@' ended the text. Trailing spaces are not removed here; see
// trim_trailing_spaces().
// REQUIRES: start + 6 * nchars <= reader.size() + 64.
template <std::size_t N>
bool append_six_bit_text(const BitReader& reader, std::size_t start, std::size_t nchars,
                         FixedString<N>& out) noexcept {
  char buf[N];
  const std::string_view kept = out.view();
  std::copy(kept.begin(), kept.end(), buf);
  bool ended = false;
  const std::size_t room = N - kept.size();
  const std::size_t added =
      decode_six_bit_text(reader, start, nchars < room ? nchars : room, buf + kept.size(), ended);
  out.assign(std::string_view(buf, kept.size() + added));
  return ended;
}

// Removes trailing spaces, the other padding senders use.
template <std::size_t N>
void trim_trailing_spaces(FixedString<N>& text) noexcept {
  std::size_t len = text.size();
  const std::string_view view = text.view();
  while (len > 0 && view[len - 1] == ' ') --len;
  text.resize(len);
}

// A text field as it should be shown: up to the first '@', trailing spaces
// trimmed, at most N characters.
template <std::size_t N>
void read_six_bit_text(const BitReader& reader, std::size_t start, std::size_t nchars,
                       FixedString<N>& out) noexcept {
  char buf[N];
  bool ended = false;
  std::size_t len = decode_six_bit_text(reader, start, nchars < N ? nchars : N, buf, ended);
  while (len > 0 && buf[len - 1] == ' ') --len;
  out.assign(std::string_view(buf, len));
}

}  // namespace lookout::ais
