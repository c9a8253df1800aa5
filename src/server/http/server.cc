// HttpServer; see server.h. The listener (accept loop, connection cap),
// start()/stop(), and the plain-HTTP instantiation of the sessions of
// session.h; the TLS one is server_tls.cc. Beast is included by this TU,
// server_tls.cc and request_parse.cc only (compile cost, see
// docs/decisions/0008-http-server.md).
#include "server/http/server.h"

#include <utility>  // before any Asio/Beast header (GCC 12 + C++20)

#include <filesystem>
#include <vector>

#include "server/http/session.h"

namespace lookout::server {

namespace {

using detail::error_code;
using detail::tcp;
namespace asio = boost::asio;

std::string endpoint_text(const tcp::endpoint& ep) {
  const auto address = ep.address();
  std::string out = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  out += ':';
  out += std::to_string(ep.port());
  return out;
}

}  // namespace

const char* to_string(HttpFailure failure) noexcept {
  switch (failure) {
    case HttpFailure::kMalformed: return "malformed";
    case HttpFailure::kBadTarget: return "bad_target";
    case HttpFailure::kHeaderTooLarge: return "header_too_large";
    case HttpFailure::kBodyTooLarge: return "body_too_large";
    case HttpFailure::kMethodNotAllowed: return "method_not_allowed";
    case HttpFailure::kHeaderTimeout: return "header_timeout";
    case HttpFailure::kWriteTimeout: return "write_timeout";
    case HttpFailure::kOverCapacity: return "over_capacity";
    case HttpFailure::kHandlerError: return "handler_error";
    case HttpFailure::kWsMessageTooBig: return "ws_message_too_big";
    case HttpFailure::kWsBinary: return "ws_binary";
    case HttpFailure::kWsTooSlow: return "ws_too_slow";
    case HttpFailure::kWsTimeout: return "ws_timeout";
    case HttpFailure::kWsProtocol: return "ws_protocol";
    case HttpFailure::kTlsHandshake: return "tls_handshake";
    case HttpFailure::kAddressOverCapacity: return "address_over_capacity";
    case HttpFailure::kCount: break;
  }
  return "unknown";
}

Result<ListenAddress> parse_listen_address(std::string_view text) {
  ListenAddress out;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return make_error(ErrorCode::kBadValue, 0, "listen");
    }
    out.host = std::string(text.substr(1, close - 1));
    port = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return make_error(ErrorCode::kBadValue, text.size(), "listen");
    out.host = std::string(text.substr(0, colon));
    if (out.host.find(':') != std::string::npos) return make_error(ErrorCode::kBadValue, 0, "listen");
    port = text.substr(colon + 1);
  }
  if (out.host.empty() || port.empty() || port.size() > 5) {
    return make_error(ErrorCode::kBadValue, 0, "listen");
  }
  uint32_t value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return make_error(ErrorCode::kBadValue, text.size() - port.size(), "listen");
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value > 65535) return make_error(ErrorCode::kBadValue, text.size() - port.size(), "listen");
  out.port = static_cast<uint16_t>(value);
  return out;
}

void detail::start_plain_session(std::shared_ptr<ServerImpl> impl, tcp::socket&& socket, std::string remote,
                                 ConnectionSlot&& slot) {
  std::make_shared<HttpSession<beast::tcp_stream>>(std::move(impl), std::move(socket), std::move(remote),
                                                   std::move(slot))
      ->start();
}

std::string detail::address_key(const asio::ip::address& address) {
  if (address.is_v4()) return address.to_string();
  const auto v6 = address.to_v6();
  if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_string();
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return asio::ip::address_v6(bytes).to_string() + "/64";
}

// ---------------------------------------------------------------------------
// Accepting.

void detail::ServerImpl::do_accept() {
  acceptor.async_accept([self = this->shared_from_this()](const error_code& ec, tcp::socket socket) {
    try {
      self->on_accept(ec, std::move(socket));
    } catch (...) {
      self->count(HttpFailure::kHandlerError);
      if (!self->stopped) self->do_accept();
    }
  });
}

void detail::ServerImpl::on_accept(const error_code& ec, tcp::socket socket) {
  if (stopped) return;
  if (ec) {
    if (ec == asio::error::operation_aborted) return;
    // Out of file descriptors and the like: try again shortly, do not spin.
    retry.expires_after(std::chrono::milliseconds(100));
    retry.async_wait([self = this->shared_from_this()](const error_code& wait_ec) {
      if (!wait_ec && !self->stopped) self->do_accept();
    });
    return;
  }
  ++stats.connections_total;
  error_code ignored;
  if (stats.connections_open >= options.max_connections) {
    count(HttpFailure::kOverCapacity);
    socket.close(ignored);
    do_accept();
    return;
  }
  const auto remote = socket.remote_endpoint(ignored);
  if (ignored) {  // reset before we got here
    socket.close(ignored);
    do_accept();
    return;
  }
  // One address may hold only its share: many idle connections from one
  // place must not take every slot from everyone else.
  std::string key = address_key(remote.address());
  if (auto it = per_address.find(key); it != per_address.end() && it->second >= options.max_connections_per_address) {
    count(HttpFailure::kAddressOverCapacity);
    socket.close(ignored);
    do_accept();
    return;
  }
  socket.set_option(tcp::no_delay(true), ignored);
  ConnectionSlot slot(shared_from_this(), std::move(key));
  if (tls) {
    start_tls_session(shared_from_this(), std::move(socket), endpoint_text(remote), std::move(slot));
  } else {
    start_plain_session(shared_from_this(), std::move(socket), endpoint_text(remote), std::move(slot));
  }
  do_accept();
}

HttpServer::HttpServer(asio::io_context& io, ServerOptions options, Handler& handler, LiveHandler* live)
    : impl_(std::make_shared<detail::ServerImpl>(io, std::move(options), handler, live)) {}

HttpServer::~HttpServer() { stop(); }

Result<uint16_t> HttpServer::start() {
  detail::ServerImpl& s = *impl_;
  if (s.started) {
    s.error_text = "already started";
    return make_error(ErrorCode::kBadValue, 0, "listen");
  }
  if (!s.options.web_root.empty()) {
    std::error_code fs_ec;
    s.web_root = std::filesystem::canonical(s.options.web_root, fs_ec);
    if (fs_ec || !std::filesystem::is_directory(s.web_root, fs_ec)) {
      s.error_text = "web_root " + s.options.web_root + ": not a directory";
      s.web_root.clear();
      return make_error(ErrorCode::kIoError, 0, "web_root");
    }
  }
  if (tls_enabled(s.options)) {
    auto context = make_tls_context(s.options, s.error_text);
    if (!context) return context.error();
    s.tls = std::move(context.value());
  }
  auto address = parse_listen_address(s.options.listen);
  if (!address) {
    s.error_text = "listen address '" + s.options.listen + "': expected HOST:PORT or [IPV6]:PORT";
    return address.error();
  }
  error_code ec;
  const std::string host = address->host == "localhost" ? "127.0.0.1" : address->host;
  const auto ip = asio::ip::make_address(host, ec);
  if (ec) {
    s.error_text = "listen address '" + s.options.listen + "': '" + address->host + "' is not an IP address";
    return make_error(ErrorCode::kBadValue, 0, "listen");
  }
  const tcp::endpoint endpoint(ip, address->port);
  auto failed = [&](const char* what) -> Result<uint16_t> {
    s.error_text = std::string(what) + " " + s.options.listen + ": " + ec.message();
    error_code ignored;
    s.acceptor.close(ignored);
    return make_error(ErrorCode::kIoError, 0, "listen");
  };
  if (s.acceptor.open(endpoint.protocol(), ec)) return failed("open");
  if (s.acceptor.set_option(asio::socket_base::reuse_address(true), ec)) return failed("setsockopt");
  if (s.acceptor.bind(endpoint, ec)) return failed("bind");
  if (s.acceptor.listen(asio::socket_base::max_listen_connections, ec)) return failed("listen");
  s.started = true;
  s.do_accept();
  return local_port();
}

const std::string& HttpServer::error_text() const { return impl_->error_text; }

Result<bool> HttpServer::reload_tls() {
  detail::ServerImpl& s = *impl_;
  if (!s.tls) {
    s.error_text = "not serving TLS: nothing to reload";
    return make_error(ErrorCode::kBadValue, 0, "tls_cert");
  }
  // The new files are checked as at start; until they pass, the old
  // certificate stays in use.
  std::string error;
  auto context = make_tls_context(s.options, error);
  if (!context) {
    s.error_text = error;
    return context.error();
  }
  s.retired_tls.push_back(std::move(s.tls));
  s.tls = std::move(context.value());
  ++s.stats.tls_reloads;
  return true;
}

bool HttpServer::tls() const { return impl_->tls != nullptr; }

uint16_t HttpServer::local_port() const {
  error_code ec;
  const auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void HttpServer::stop() {
  detail::ServerImpl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  error_code ignored;
  s.acceptor.close(ignored);
  s.retry.cancel(ignored);
  std::vector<std::shared_ptr<detail::Session>> open;
  open.reserve(s.sessions.size());
  for (auto& [id, weak] : s.sessions) {
    if (auto session = weak.lock()) open.push_back(std::move(session));
  }
  for (auto& session : open) session->abort();
}

const ServerStats& HttpServer::stats() const { return impl_->stats; }

}  // namespace lookout::server
