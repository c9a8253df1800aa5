// RemoteIdLineDecoder: one line of Remote ID text, as a receiver logs or
// forwards what it heard, into a Heard (the decoded payload with its time,
// transmitter, receiver and signal strength). Two formats, told apart per
// line by its first character (docs/ARCHITECTURE.md, "Remote ID"):
//
//   Hex, whitespace-separated fields:
//     TIME TRANSMITTER PAYLOAD [RECEIVER]
//     2021-05-21T21:52:11.162Z 84:cc:a8:60:43:24 f01905004d46...
//   TIME is ISO 8601 UTC; TRANSMITTER the MAC address (or any id of at most
//   24 bytes) that ties the messages of one drone together; PAYLOAD the
//   bytes from the message header on (one 25-byte message or a Message
//   Pack), in hex; RECEIVER optional, at most 32 bytes.
//
//   JSON Lines, one object a line:
//     {"time":"2021-05-21T21:52:11.162Z","transmitter":"84:cc:a8:60:43:24",
//      "receiver":"mast-1","rssi":-71,"payload":"f01905004d46..."}
//   Required: "time", "transmitter", "payload"; optional "receiver",
//   "rssi" (dBm). Unknown keys are ignored.
//
// Blank lines and lines starting with '#' return kEmptyLine, which callers
// skip silently. Every other failure names its field and is counted in
// stats(); a pack's malformed messages count as kUnknownMessageType warnings.
// Not thread-safe; no allocation per line once warm.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "core/fixed_string.h"
#include "core/result.h"
#include "core/time.h"
#include "decode/remote_id/message.h"
#include "decode/stats.h"

namespace lookout::remote_id {

inline constexpr std::size_t kMaxLineBytes = 2048;

struct Heard {
  Timestamp time;
  FixedString<24> transmitter;
  FixedString<32> receiver;
  std::optional<double> rssi_dbm;
  Payload payload;
};

class RemoteIdLineDecoder {
 public:
  RemoteIdLineDecoder();
  ~RemoteIdLineDecoder();
  RemoteIdLineDecoder(const RemoteIdLineDecoder&) = delete;
  RemoteIdLineDecoder& operator=(const RemoteIdLineDecoder&) = delete;
  RemoteIdLineDecoder(RemoteIdLineDecoder&&) noexcept;
  RemoteIdLineDecoder& operator=(RemoteIdLineDecoder&&) noexcept;

  // One line without its newline (a trailing '\r' is ignored).
  Result<Heard> decode(std::string_view line);

  const DecodeStats& stats() const { return stats_; }

 private:
  class Json;
  std::unique_ptr<Json> json_;
  DecodeStats stats_;
};

}  // namespace lookout::remote_id
