// libFuzzer target for the request parsing of the HTTP server core
// (server/http/request_parse.h): parse_request() over the raw bytes, as the
// server's Beast parser sees them, and the pure pieces (target split,
// percent-decoding, query, bearer token) over the same bytes. Beyond "no
// crash, no sanitizer report, no leak" it checks what the functions promise:
// limits hold, decoded text has no NUL, paths start with '/', header names
// are lower case, every error maps to 400/413/431 with a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/http/request_parse.h"
#include "server/http/static_files.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void check_decoded(std::string_view s) { check(s.find('\0') == std::string_view::npos); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace lookout::server;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  RequestLimits limits;
  limits.max_header_bytes = 2048;
  limits.max_body_bytes = 4096;
  auto request = parse_request(text, limits);
  if (request.ok()) {
    check(!request->method.empty());
    check(!request->path.empty() && request->path.front() == '/');
    check_decoded(request->path);
    check(request->body.size() <= limits.max_body_bytes);
    for (const auto& [name, value] : request->headers) {
      for (char c : name) check(!(c >= 'A' && c <= 'Z'));
      check(request->header(name).has_value());
    }
    for (const auto& [name, value] : request->query) {
      check_decoded(name);
      check_decoded(value);
    }
    if (auto auth = request->header("authorization")) {
      auto token = parse_bearer(*auth);
      if (token.ok()) check(!token->empty() && token->find(' ') == std::string_view::npos);
    }
    // The static file resolution refuses before touching the file system
    // what would leave the root; a root that does not exist keeps it so.
    (void)resolve_static_path("/nonexistent-lookout-fuzz-root", request->path);
  } else {
    const int status = http_status_for(request.error());
    check(status == 400 || status == 413 || status == 431);
    check(!request.error().message().empty());
  }

  if (auto parts = split_target(text); parts.ok()) {
    check(parts->path.size() + (parts->query.empty() ? 0 : parts->query.size() + 1) <= text.size());
  }
  for (bool plus : {false, true}) {
    if (auto decoded = percent_decode(text, plus); decoded.ok()) {
      check(decoded->size() <= text.size());
      check_decoded(*decoded);
    } else {
      check(percent_decode(text, plus).error().offset < text.size());
    }
  }
  if (auto query = parse_query(text); query.ok()) {
    for (const auto& [name, value] : *query) check(name.size() + value.size() <= text.size());
  }
  if (auto token = parse_bearer(text); token.ok()) check(!token->empty() && token->size() < text.size());
  return 0;
}
