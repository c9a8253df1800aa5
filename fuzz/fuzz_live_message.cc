// libFuzzer target for the messages a live WebSocket client sends
// (server/api/live_message.h): parse_live_message() over any bytes, and the
// audit log's text of them (server/api/audit_log.h). Beyond "no crash, no
// sanitizer report" it checks what they promise: a subscription's box is
// inside the world with min <= max, a bad message says why, and the audit
// text is valid UTF-8 within its bound.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "server/api/audit_log.h"
#include "server/api/live_message.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace lookout::server;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const LiveMessage m = parse_live_message(text);
  switch (m.kind) {
    case LiveMessage::Kind::kSubscribe:
      check(m.box.min_lon <= m.box.max_lon && m.box.min_lat <= m.box.max_lat);
      check(m.box.min_lon >= -180 && m.box.max_lon <= 180 && m.box.min_lat >= -90 && m.box.max_lat <= 90);
      break;
    case LiveMessage::Kind::kPing:
      (void)m.ping.dump();  // the pong echoes it
      break;
    case LiveMessage::Kind::kBad:
      check(!m.problem.empty());
      break;
  }
  const std::string stored = audit_text(text, 500);
  check(stored.size() <= 500);
  // nlohmann's dump() throws on invalid UTF-8 (an uncaught exception is a finding).
  (void)nlohmann::json(stored).dump();
  return 0;
}
