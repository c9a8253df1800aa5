// Internal to src/server/http: the HTTP session (keep-alive, limits,
// timeouts, routing, static files, error answers; http_session.h) and the
// WebSocket session (the bounded write queue behind LiveConnection;
// ws_session.h), templates over the stream they run on: beast::tcp_stream
// (plain) or beast::ssl_stream over it (TLS). This header holds what both
// share and includes the two.
// The TLS session adds a handshake (bounded by header_timeout) in front and
// a bounded close_notify at the end; everything in between is the same
// code. Included by server.cc (plain), server_tls.cc (TLS HTTP) and
// server_tls_ws.cc (TLS WebSocket) only.
//
// Every completion handler runs its body under guard(): an exception from
// our code or from the API closes that one connection, counted as
// kHandlerError, and never reaches io_context::run().
#pragma once

#include <utility>  // before any Asio/Beast header (GCC 12 + C++20)

// GCC 12 with -fsanitize reports a boost::optional inside Beast's parser as
// maybe-uninitialized (a false positive, located in the Boost headers).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <exception>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

#include "server/http/request_parse.h"
#include "server/http/server_impl.h"

namespace lookout::server::detail {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

inline std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

inline bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Paths the Handler answers; everything else is the web UI.
inline bool is_api_path(std::string_view path) {
  return path == "/api" || starts_with(path, "/api/") || path == "/metrics";
}

inline bool method_supported(http::verb v) {
  switch (v) {
    case http::verb::get:
    case http::verb::head:
    case http::verb::post:
    case http::verb::put:
    case http::verb::patch:
    case http::verb::delete_:
    case http::verb::options:
      return true;
    default:
      return false;
  }
}

// No CR, LF or NUL: an extra header from the API can never split a response.
inline bool header_text_safe(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

inline bool header_name_safe(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!token) return false;
  }
  return true;
}

enum class Kind : uint8_t { kApi, kStatic, kOther };

using HttpResponse = http::response<http::string_body>;

// TLS is any stream over the TCP stream (beast::ssl_stream); the TLS-only
// calls below are dependent on Stream so that server.cc needs no SSL header.
template <typename Stream>
inline constexpr bool kIsTls = !std::is_same_v<Stream, beast::tcp_stream>;

// Fills `res` from the API's (or our own) Response.
inline void fill_response(HttpResponse& res, Response&& r, unsigned version, bool keep_alive, bool head, Kind kind,
                          const ServerOptions& options) {
  res = HttpResponse();
  res.version(version);
  const int status = (r.status >= 100 && r.status <= 599) ? r.status : 500;
  res.result(static_cast<unsigned>(status));
  if (header_text_safe(r.content_type) && !r.content_type.empty()) {
    res.set(http::field::content_type, r.content_type);
  }
  for (auto& [name, value] : r.headers) {
    if (header_name_safe(name) && header_text_safe(value)) res.insert(name, value);
  }
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  if (kind == Kind::kApi) res.set(http::field::cache_control, "no-store");
  if (kind == Kind::kStatic) res.set("Content-Security-Policy", options.content_security_policy);
  const std::size_t size = r.body.size();
  if (!head) res.body() = std::move(r.body);
  res.content_length(size);
  res.keep_alive(keep_alive);
}

// Runs the body of a completion handler: an exception from it closes that
// one connection (`close`), counted as kHandlerError, and never reaches
// io_context::run(). Both sessions wrap every handler in it.
template <typename F, typename Close>
void guarded(Impl& impl, F&& f, Close&& close) noexcept {
  try {
    f();
  } catch (...) {
    impl.count(HttpFailure::kHandlerError);
    close();
  }
}

}  // namespace lookout::server::detail

#include "server/http/ws_session.h"    // IWYU pragma: export
#include "server/http/http_session.h"  // IWYU pragma: export
