#include "core/result.h"

#include <array>

namespace lookout {

namespace {

constexpr std::array<const char*, kErrorCodeCount> kNames = {
    "ok",
    "empty_line",
    "line_too_long",
    "not_ais",
    "bad_timestamp_prefix",
    "missing_checksum",
    "bad_checksum",
    "bad_sentence_field",
    "bad_tag_block",
    "tag_block_checksum",
    "trailing_data",
    "orphan_fragment",
    "duplicate_fragment",
    "fragment_timeout",
    "fragment_overflow",
    "empty_payload",
    "bad_armor",
    "bad_fill_bits",
    "payload_too_short",
    "payload_too_long",
    "payload_overflow",
    "unknown_message_type",
    "bad_csv_header",
    "bad_csv_row",
    "bad_json",
    "bad_value",
    "missing_field",
    "io_error",
};

}  // namespace

const char* to_string(ErrorCode code) noexcept {
  auto idx = static_cast<std::size_t>(code);
  return idx < kNames.size() ? kNames[idx] : "unknown_error";
}

std::string Error::message() const {
  std::string out = to_string(code);
  if (field != nullptr) {
    out += " in field '";
    out += field;
    out += '\'';
  }
  out += " at byte ";
  out += std::to_string(offset);
  return out;
}

}  // namespace lookout
