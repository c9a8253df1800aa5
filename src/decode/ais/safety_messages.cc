// Safety related text: type 12 (addressed) and type 14 (broadcast).
//
// Both are variable length: the text runs to the end of the payload, whole
// six-bit characters only (the remainder is padding). An empty text is
// legal. Text beyond the standard's 1008 bits is decoded with a warning and
// cut at the capacity of SafetyMessage::text (161 characters).
#include <algorithm>

#include "decode/ais/layout.h"

namespace lookout::ais::detail {

namespace {

using Text = decltype(SafetyMessage::text);

void read_text_to_end(const BitReader& reader, std::size_t start, Text& out) noexcept {
  const std::size_t nchars =
      std::min<std::size_t>((reader.size() - start) / 6, Text::capacity());
  read_six_bit_text(reader, start, nchars, out);
}

// Type 12: ITU-R M.1371-5 table 60.
namespace addressed {
constexpr Field kSeqno{38, 2, "seqno"}, kDestMmsi{40, 30, "dest_mmsi"},
    kRetransmit{70, 1, "retransmit"}, kSpare{71, 1, "spare"}, kText{72, 936, "text"};
constexpr Field kLayout[] = {kType,  kRepeat,     kMmsi, kSeqno, kDestMmsi,
                             kRetransmit, kSpare, kText};
}  // namespace addressed

Error decode_addressed_safety(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<SafetyMessage>();
  out.seqno = static_cast<uint8_t>(get(reader, addressed::kSeqno));
  out.dest_mmsi = static_cast<uint32_t>(get(reader, addressed::kDestMmsi));
  out.retransmit = get_flag(reader, addressed::kRetransmit);
  read_text_to_end(reader, addressed::kText.start, out.text);
  return Error{};
}

// Type 14: table 62.
namespace broadcast {
constexpr Field kSpare{38, 2, "spare"}, kText{40, 968, "text"};
constexpr Field kLayout[] = {kType, kRepeat, kMmsi, kSpare, kText};
}  // namespace broadcast

Error decode_broadcast_safety(const BitReader& reader, Message& msg) noexcept {
  auto& out = msg.body.emplace<SafetyMessage>();
  read_text_to_end(reader, broadcast::kText.start, out.text);
  return Error{};
}

}  // namespace

constexpr TypeSpec kAddressedSafetySpec{decode_addressed_safety, addressed::kText.start, 1008,
                                        addressed::kLayout};
constexpr TypeSpec kBroadcastSafetySpec{decode_broadcast_safety, broadcast::kText.start, 1008,
                                        broadcast::kLayout};

}  // namespace lookout::ais::detail
