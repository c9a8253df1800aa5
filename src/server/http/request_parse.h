// Request parsing of the HTTP server core: the pure pieces (request target
// into path and query, percent-decoding, the bearer token, header names) and
// parse_request(), which turns raw request bytes into a Request with the same
// Beast parser and limits the server uses. The pure functions here are the
// attack surface every request crosses first; fuzz/fuzz_http_request.cc
// drives all of them.
//
// Errors are lookout::Error values (core/result.h): code kBadValue for text
// that breaks the grammar (field names the part: "target", "path", "query",
// "authorization", "method", "header", "body", "request"), kLineTooLong for
// a limit ("header" -> 431, "body" -> 413), kMissingField for a request cut
// short. http_status_for() maps an Error to the HTTP status to answer with.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "server/http/http.h"

namespace lookout::server {

struct RequestLimits {
  std::size_t max_header_bytes = 8 * 1024;  ///< Request line plus header fields.
  std::size_t max_body_bytes = 64 * 1024;   ///< Decoded body (after chunking).
};

// A request target split at the first '?': both parts still percent-encoded.
struct TargetParts {
  std::string_view path;   ///< Starts with '/'.
  std::string_view query;  ///< Without the '?'; empty when there is none.
};

// Splits an origin-form target ("/path?query"). Rejects anything else
// (absolute-form, "*", empty), a fragment ('#'), control characters, spaces
// and bytes above 0x7E.
Result<TargetParts> split_target(std::string_view target);

// Decodes %XX escapes; with `plus_is_space` ('+' in a query) '+' becomes ' '.
// Rejects a '%' not followed by two hex digits and a NUL byte, raw or encoded
// (error offset: the byte in `text`).
Result<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Splits a query string at '&' and each pair at its first '=' ("a" alone has
// an empty value; empty pairs are skipped), decoding names and values.
Result<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view query);

// The token of an `Authorization: Bearer TOKEN` header value: the scheme in
// any case, one or more spaces, exactly one token of the RFC 6750 b64token
// characters (A-Z a-z 0-9 - . _ ~ + / then optional '='), nothing after.
Result<std::string_view> parse_bearer(std::string_view authorization);

// ASCII case-insensitive comparison of header names.
bool header_name_equals(std::string_view a, std::string_view b) noexcept;

// Completes `request` (method, target, headers, body and remote filled in):
// header names to lower case, target split and decoded into path and query.
Result<Request> finish_request(Request request);

// Parses one complete HTTP/1.x request from `bytes` (bytes after it are
// ignored) within `limits`, then finish_request().
Result<Request> parse_request(std::string_view bytes, const RequestLimits& limits = {});

// The method and target of the request line at the start of `bytes`, as
// far as they are there: what the audit log keeps of a request that could
// not be parsed (400, 431, 408). The method is the bytes before the first
// space (at most 32, else empty), the target those up to the next space,
// CR or LF (at most 2048, else cut); both empty when `bytes` holds no space
// within the first 32. The views point into `bytes`; no byte is checked.
struct RequestLine {
  std::string_view method;
  std::string_view target;
};
RequestLine peek_request_line(std::string_view bytes) noexcept;

// 431 for a header limit, 413 for a body limit, 400 for anything else.
int http_status_for(const Error& error) noexcept;

}  // namespace lookout::server
