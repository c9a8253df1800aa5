// libFuzzer target for the AIS payload decoder (decode/ais/decoder.h).
//
// Input: the first byte selects the mode and the fill bits, the rest is the
// payload.
//   bit 7 clear: the rest is used as armoured text as is (reaches the armour,
//                fill and length checks); fill bits = the low three bits
//                (6 and 7 must be rejected).
//   bit 7 set:   the rest is raw message bits, armoured here six at a time,
//                so every input is a well-formed payload and mutations reach
//                the fields of every message type; fill bits = low three
//                bits mod 6.
// Beyond "no crash, no sanitizer report", it checks what the API promises.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "decode/ais/bit_reader.h"
#include "decode/ais/decoder.h"

namespace {

std::string armour(const uint8_t* data, std::size_t size) {
  std::string out;
  uint32_t acc = 0;
  unsigned nbits = 0;
  for (std::size_t idx = 0; idx < size; ++idx) {
    acc = (acc << 8) | data[idx];
    nbits += 8;
    while (nbits >= 6) {
      nbits -= 6;
      const unsigned value = (acc >> nbits) & 0x3F;
      out.push_back(static_cast<char>(value < 40 ? '0' + value : '`' + value - 40));
    }
  }
  return out;
}

// Text as decoded must be six-bit characters, with no '@' and no trailing space.
template <std::size_t N>
void check_text(const lookout::FixedString<N>& text) {
  for (char c : text.view()) {
    if (c < ' ' || c > '_' || c == '@') __builtin_trap();
  }
  if (!text.empty() && text.view().back() == ' ') __builtin_trap();
}

void check_body(const lookout::ais::StaticVoyageData& m) {
  check_text(m.callsign);
  check_text(m.shipname);
  check_text(m.destination);
}
void check_body(const lookout::ais::ExtendedReportB& m) { check_text(m.shipname); }
void check_body(const lookout::ais::AidToNavigation& m) { check_text(m.name); }
void check_body(const lookout::ais::SafetyMessage& m) { check_text(m.text); }
void check_body(const lookout::ais::StaticDataReport& m) {
  check_text(m.shipname);
  check_text(m.vendorid);
  check_text(m.callsign);
  if (m.partno > 1) __builtin_trap();
}
template <typename Other>
void check_body(const Other& /*body*/) {}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool armoured_here = (data[0] & 0x80) != 0;
  unsigned fill_bits = data[0] & 0x07;
  std::string storage;
  std::string_view payload(reinterpret_cast<const char*>(data + 1), size - 1);
  if (armoured_here) {
    fill_bits %= 6;
    storage = armour(data + 1, size - 1);
    payload = storage;
  }

  lookout::ErrorCode warning = lookout::ErrorCode::kOk;
  auto result = lookout::ais::decode_payload(payload, fill_bits, &warning);
  if (!result.ok()) {
    const lookout::Error& error = result.error();
    if (error.code == lookout::ErrorCode::kOk) __builtin_trap();
    if (error.code == lookout::ErrorCode::kBadArmor && error.offset >= payload.size()) {
      __builtin_trap();
    }
    if (error.code == lookout::ErrorCode::kPayloadTooShort && error.field == nullptr) {
      __builtin_trap();
    }
    return 0;
  }
  if (fill_bits > 5 || payload.empty()) __builtin_trap();
  if (warning != lookout::ErrorCode::kOk && warning != lookout::ErrorCode::kPayloadTooLong) {
    __builtin_trap();
  }
  const lookout::ais::Message& msg = *result;
  if (msg.type < 1 || msg.type > 27 || msg.repeat > 3 || msg.mmsi >= (1u << 30)) __builtin_trap();
  std::visit([](const auto& body) { check_body(body); }, msg.body);
  return 0;
}
