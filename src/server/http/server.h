// HttpServer: the HTTP/1.1 and WebSocket server core of the live node
// (Boost.Beast, kept out of this header). It accepts connections, enforces
// the limits below, serves the web UI's static files, and hands requests
// under /api/ and /metrics to a Handler and WebSocket upgrades of /api/live
// to a LiveHandler (http.h). See docs/decisions/0008-http-server.md.
//
// Threading: everything - construction, start(), stop(), stats(), and every
// call into Handler/LiveHandler/LiveClient - happens on the one thread that
// runs the io_context. Nothing locks.
//
// Lifetime: stop() closes the listener and every connection at once and
// destroys every LiveClient before it returns; after it no Handler,
// LiveHandler or LiveClient is called again. Do not call stop() from inside
// a LiveClient or LiveConnection call (the hub's send loop); post it. The
// destructor stops. The io_context must outlive the server (destroy it after).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "server/http/http.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace lookout::server {

namespace detail {
struct ServerImpl;  // server.cc
}  // namespace detail

// The oldest TLS version a client may use.
enum class TlsMinVersion : uint8_t { kTls12, kTls13 };

struct ServerOptions {
  // "127.0.0.1:8080", "[::1]:0", "0.0.0.0:8080", "localhost:8080" (port 0:
  // any free port, see local_port()).
  std::string listen = "127.0.0.1:8080";
  // The built web UI (index.html, assets/...); empty: no static files (404).
  std::string web_root;
  std::size_t max_header_bytes = 8 * 1024;   ///< Request line + headers; over: 431.
  std::size_t max_body_bytes = 64 * 1024;    ///< Request body; over: 413.
  // From the first byte of a request to its last, and on a new connection
  // from the accept to the end of its first request (the TLS handshake
  // included): a client that connects and sends nothing, or starts a
  // request and goes quiet (half-open), is dropped after this.
  std::chrono::milliseconds header_timeout{5'000};
  // Waiting for the first byte of the next request on a kept-alive connection.
  std::chrono::milliseconds idle_timeout{30'000};
  // Writing one response; a client that stops reading is dropped after this.
  std::chrono::milliseconds write_timeout{60'000};
  // Open connections (HTTP and WebSocket); a connection over it is closed at once.
  std::size_t max_connections = 1024;
  // Open connections from one address (an IPv6 /64); one over it is closed
  // at once, so that one client cannot take every connection.
  std::size_t max_connections_per_address = 64;
  std::size_t ws_max_queue_bytes = 4u << 20;   ///< Queued for one client; over: close 1008.
  std::size_t ws_max_message_bytes = 4 * 1024; ///< One incoming message; over: close 1009.
  // A ping after this long without hearing from the client; a client silent
  // for twice this long is dropped.
  std::chrono::milliseconds ws_ping_interval{20'000};
  // Time a closing WebSocket gets to finish its last write and the close
  // handshake before the socket is closed under it.
  std::chrono::milliseconds ws_close_timeout{5'000};
  // Sent with static files; default: kContentSecurityPolicy (static_files.h).
  std::string content_security_policy;
  // TLS (OpenSSL): with both files the server speaks HTTPS and WSS only;
  // with neither, plain HTTP and WS. PEM files: the certificate followed by
  // its intermediates (fullchain.pem), and the unencrypted private key.
  // start() loads and checks them (see tls_context.h). A TLS handshake must
  // finish within header_timeout.
  std::string tls_cert_file;
  std::string tls_key_file;
  TlsMinVersion tls_min_version = TlsMinVersion::kTls12;
};

// Why the server refused, answered with an error, or dropped a client.
enum class HttpFailure : uint8_t {
  kMalformed = 0,     ///< Not parseable as HTTP/1.x: 400, closed.
  kBadTarget,         ///< Target not origin-form or bad %-escapes: 400.
  kHeaderTooLarge,    ///< Request line + headers over the limit: 431, closed.
  kBodyTooLarge,      ///< Body over the limit: 413, closed.
  kMethodNotAllowed,  ///< A method the server or the path does not take: 405.
  kHeaderTimeout,     ///< A request begun and not finished in time: dropped.
  kWriteTimeout,      ///< A response the client did not read in time: dropped.
  kOverCapacity,      ///< A connection over max_connections: closed at once.
  kHandlerError,      ///< The Handler/LiveHandler/LiveClient threw: 500 / close 1011.
  kWsMessageTooBig,   ///< An incoming WebSocket message over the limit: close 1009.
  kWsBinary,          ///< A binary WebSocket message: close 1003.
  kWsTooSlow,         ///< A WebSocket client over its queue limit: close 1008.
  kWsTimeout,         ///< A WebSocket peer that stopped answering pings: dropped.
  kWsProtocol,        ///< A WebSocket handshake or framing error.
  kTlsHandshake,      ///< A TLS handshake that failed (plain HTTP, garbage, no shared cipher): closed.
  kAddressOverCapacity,  ///< A connection over max_connections_per_address: closed at once.
  kCount
};
inline constexpr std::size_t kHttpFailureCount = static_cast<std::size_t>(HttpFailure::kCount);

// Stable snake_case name, e.g. "header_too_large" (metrics labels).
const char* to_string(HttpFailure failure) noexcept;

struct ServerStats {
  uint64_t connections_open = 0;
  uint64_t connections_total = 0;  ///< Accepted, including those over capacity.
  uint64_t requests = 0;           ///< Complete HTTP requests read.
  uint64_t websocket_open = 0;
  uint64_t websocket_total = 0;
  uint64_t ws_messages_in = 0;
  uint64_t ws_messages_out = 0;
  uint64_t dropped_slow_clients = 0;  ///< Same as failures[kWsTooSlow].
  uint64_t bytes_in = 0;   ///< HTTP bytes read; WebSocket message payloads.
  uint64_t bytes_out = 0;  ///< HTTP bytes written; WebSocket message payloads.
  uint64_t tls_reloads = 0;  ///< Certificates reloaded by reload_tls().
  std::array<uint64_t, kHttpFailureCount> failures{};

  uint64_t failure(HttpFailure f) const { return failures[static_cast<std::size_t>(f)]; }
};

// host and port of a listen address (see ServerOptions::listen).
struct ListenAddress {
  std::string host;  ///< Without brackets for IPv6.
  uint16_t port = 0;
};
Result<ListenAddress> parse_listen_address(std::string_view text);

class HttpServer {
 public:
  // `handler` and `live` (may be null: /api/live answers 404) must outlive
  // the server or its stop().
  HttpServer(boost::asio::io_context& io, ServerOptions options, Handler& handler, LiveHandler* live);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts accepting; returns the bound port. On failure
  // (bad address, port in use, missing web_root, a TLS certificate or key
  // that cannot be used) an Error with field "listen", "web_root",
  // "tls_cert" or "tls_key"; error_text() says what happened.
  Result<uint16_t> start();
  const std::string& error_text() const;

  uint16_t local_port() const;
  // True when serving HTTPS/WSS (TLS files given).
  bool tls() const;
  // Reads the certificate chain and key files again (a renewed certificate)
  // and uses them for every connection accepted from now on; connections
  // already open keep theirs. On failure (not serving TLS, or files that
  // start() would refuse) the old certificate stays in use and the Error
  // and error_text() say why, as for start(). Call on the io thread.
  Result<bool> reload_tls();

  // Closes the listener and every connection; see the file comment.
  void stop();

  const ServerStats& stats() const;

 private:
  std::shared_ptr<detail::ServerImpl> impl_;
};

}  // namespace lookout::server
