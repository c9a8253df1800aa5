// The audit log's rows as the API writes them: one per HTTP request and one
// per WebSocket client message, whichever layer answered (the server core
// hands the API what it answered itself: Handler::record,
// LiveClient::on_refused). docs/api/README.md says what an admin reads.
//
// Text in the log is valid UTF-8 whatever the request held:
//   - the target is kept as sent (percent-encoded), any byte outside
//     printable ASCII percent-escaped as %XX, so the row says exactly which
//     bytes came and holds only ASCII;
//   - other text (a decoded path in the action, a WebSocket message) has
//     each byte that starts no valid UTF-8 sequence replaced by U+FFFD.
// Credentials never reach the log: the values of the access_token and token
// query parameters are written as <redacted>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/api/auth.h"
#include "store/store.h"

namespace lookout::server {

// The target as sent, for the log (see above); at most 500 bytes, cut
// before an escape, never inside one.
std::string audit_target(std::string_view raw_target);

// `text` as valid UTF-8 (U+FFFD for bad bytes), at most `max_bytes` bytes,
// cut at a character boundary.
std::string audit_text(std::string_view text, std::size_t max_bytes);

// The outcome of an HTTP status: "ok" (below 400), "unauthenticated" (401),
// "denied" (403), "not_found" (404), "timeout" (408), "bad_request" (other
// 4xx), "error" (5xx).
const char* audit_outcome(int status) noexcept;

// One row: the caller's name, nation and role, or for a caller without a
// valid token (`who` null) principal "anonymous" and no nation (NULL: every
// admin of the node reads it). `action` and `target` are stored as given:
// pass them through audit_text()/audit_target().
store::AuditRow audit_row(int64_t time_ms, const Principal* who, std::string_view remote, std::string action,
                          std::string target, int status, std::string outcome);

}  // namespace lookout::server
