#include "decode/remote_id/line_decoder.h"

#include <simdjson.h>

#include <array>

#include "decode/remote_id/decoder.h"

namespace lookout::remote_id {

namespace dom = simdjson::dom;

namespace {

// The largest payload: a full Message Pack.
constexpr std::size_t kMaxPayload = 3 + kMaxPackMessages * kMessageSize;

bool space(char c) { return c == ' ' || c == '\t'; }

bool blank_or_comment(std::string_view line) {
  for (char c : line) {
    if (space(c)) continue;
    return c == '#';
  }
  return true;
}

// Next whitespace-separated field from `pos`; empty at the end of the line.
std::string_view next_field(std::string_view line, std::size_t& pos) {
  while (pos < line.size() && space(line[pos])) ++pos;
  const std::size_t start = pos;
  while (pos < line.size() && !space(line[pos])) ++pos;
  return line.substr(start, pos - start);
}

Error shifted(Error e, std::size_t by) {
  e.offset += static_cast<uint32_t>(by);
  return e;
}

// The payload's hex into a decoded Payload; `at` is its offset in the line.
Result<Payload> payload_of(std::string_view hex, std::size_t at) {
  std::array<uint8_t, kMaxPayload> bytes;
  auto n = parse_hex(hex, bytes, "payload");
  if (!n.ok()) return shifted(n.error(), at);
  auto p = decode_payload(std::span<const uint8_t>(bytes.data(), *n));
  if (!p.ok()) {
    Error e = p.error();  // a byte of the payload is two characters of the line
    e.offset = static_cast<uint32_t>(at + 2 * e.offset);
    return e;
  }
  return p;
}

Result<Heard> hex_line(std::string_view line) {
  Heard h;
  std::size_t pos = 0;
  const std::string_view time = next_field(line, pos);
  auto t = parse_timestamp(time);
  if (!t.ok()) return make_error(ErrorCode::kBadValue, 0, "time");
  h.time = *t;
  const std::size_t tx_at = pos;
  const std::string_view tx = next_field(line, pos);
  if (tx.empty()) return make_error(ErrorCode::kMissingField, pos, "transmitter");
  if (tx.size() > decltype(h.transmitter)::capacity()) {
    return make_error(ErrorCode::kBadValue, tx_at, "transmitter");
  }
  h.transmitter.assign(tx);
  while (pos < line.size() && space(line[pos])) ++pos;
  const std::size_t payload_at = pos;
  const std::string_view hex = next_field(line, pos);
  if (hex.empty()) return make_error(ErrorCode::kMissingField, pos, "payload");
  auto p = payload_of(hex, payload_at);
  if (!p.ok()) return p.error();
  h.payload = *p;
  while (pos < line.size() && space(line[pos])) ++pos;
  const std::size_t rx_at = pos;
  const std::string_view rx = next_field(line, pos);
  if (rx.size() > decltype(h.receiver)::capacity()) return make_error(ErrorCode::kBadValue, rx_at, "receiver");
  h.receiver.assign(rx);
  if (!next_field(line, pos).empty()) return make_error(ErrorCode::kTrailingData, pos, "line");
  return h;
}

}  // namespace

class RemoteIdLineDecoder::Json {
 public:
  Result<Heard> decode(std::string_view line);

 private:
  dom::parser parser_;
  std::string buffer_;
};

Result<Heard> RemoteIdLineDecoder::Json::decode(std::string_view line) {
  // simdjson reads past the end: a padded copy that keeps its capacity.
  buffer_.assign(line);
  buffer_.append(simdjson::SIMDJSON_PADDING, '\0');
  dom::element root;
  if (parser_.parse(buffer_.data(), line.size(), false).get(root) != simdjson::SUCCESS) {
    return make_error(ErrorCode::kBadJson);
  }
  dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) return make_error(ErrorCode::kBadJson);
  Heard h;
  bool have_time = false;
  std::string_view payload;
  for (dom::key_value_pair field : obj) {
    std::string_view text;
    const std::string_view key = field.key;
    if (key == "time") {
      if (field.value.get_string().get(text) != simdjson::SUCCESS) return make_error(ErrorCode::kBadValue, 0, "time");
      auto t = parse_timestamp(text);
      if (!t.ok()) return make_error(ErrorCode::kBadValue, 0, "time");
      h.time = *t;
      have_time = true;
    } else if (key == "transmitter") {
      if (field.value.get_string().get(text) != simdjson::SUCCESS || text.empty() ||
          text.size() > decltype(h.transmitter)::capacity()) {
        return make_error(ErrorCode::kBadValue, 0, "transmitter");
      }
      h.transmitter.assign(text);
    } else if (key == "receiver") {
      if (field.value.get_string().get(text) != simdjson::SUCCESS ||
          text.size() > decltype(h.receiver)::capacity()) {
        return make_error(ErrorCode::kBadValue, 0, "receiver");
      }
      h.receiver.assign(text);
    } else if (key == "rssi") {
      double v = 0;
      if (field.value.get_double().get(v) != simdjson::SUCCESS || v < -200 || v > 50) {
        return make_error(ErrorCode::kBadValue, 0, "rssi");
      }
      h.rssi_dbm = v;
    } else if (key == "payload") {
      if (field.value.get_string().get(payload) != simdjson::SUCCESS) {
        return make_error(ErrorCode::kBadValue, 0, "payload");
      }
    }
  }
  if (!have_time) return make_error(ErrorCode::kMissingField, 0, "time");
  if (h.transmitter.empty()) return make_error(ErrorCode::kMissingField, 0, "transmitter");
  if (payload.empty()) return make_error(ErrorCode::kMissingField, 0, "payload");
  // The payload's offsets are within its text: the line's JSON escapes make
  // a byte offset in the line unreliable, the field name says where.
  auto p = payload_of(payload, 0);
  if (!p.ok()) return p.error();
  h.payload = *p;
  return h;
}

RemoteIdLineDecoder::RemoteIdLineDecoder() : json_(std::make_unique<Json>()) {}
RemoteIdLineDecoder::~RemoteIdLineDecoder() = default;
RemoteIdLineDecoder::RemoteIdLineDecoder(RemoteIdLineDecoder&&) noexcept = default;
RemoteIdLineDecoder& RemoteIdLineDecoder::operator=(RemoteIdLineDecoder&&) noexcept = default;

Result<Heard> RemoteIdLineDecoder::decode(std::string_view line) {
  stats_.count_line();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (blank_or_comment(line)) return make_error(ErrorCode::kEmptyLine);
  Result<Heard> result = make_error(ErrorCode::kLineTooLong, kMaxLineBytes);
  if (line.size() <= kMaxLineBytes) {
    std::size_t first = 0;
    while (first < line.size() && space(line[first])) ++first;
    result = line[first] == '{' ? json_->decode(line) : hex_line(line);
  }
  if (result.ok()) {
    stats_.count_message();
    for (uint8_t i = 0; i < result->payload.skipped; ++i) stats_.warn(ErrorCode::kUnknownMessageType);
  } else {
    stats_.reject(result.error(), line);
  }
  return result;
}

}  // namespace lookout::remote_id
