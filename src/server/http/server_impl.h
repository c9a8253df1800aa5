// Internal to src/server/http: the state an HttpServer shares with its
// sessions (options, stats, the open sessions for stop(), the TLS context),
// and the entry points that start a session on an accepted socket, defined
// in different translation units so that the instantiations of the Beast
// session templates (session.h) compile separately: plain in server.cc, TLS
// in server_tls.cc and server_tls_ws.cc (all in one TU: 3.1 GB). No Beast
// here.
#pragma once

#include <utility>  // before any Asio header (GCC 12 + C++20)

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/http/http.h"
#include "server/http/server.h"
#include "server/http/static_files.h"
#include "server/http/tls_context.h"

namespace lookout::server::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// A connection the server can close at once (stop()).
class Session {
 public:
  virtual ~Session() = default;
  virtual void abort() noexcept = 0;
};

struct ServerImpl : std::enable_shared_from_this<ServerImpl> {
  ServerImpl(asio::io_context& io_context, ServerOptions opts, Handler& h, LiveHandler* l)
      : io(io_context), options(std::move(opts)), handler(h), live(l), acceptor(io_context), retry(io_context) {
    if (options.content_security_policy.empty()) options.content_security_policy = kContentSecurityPolicy;
  }

  void count(HttpFailure f) { ++stats.failures[static_cast<std::size_t>(f)]; }

  uint64_t add(std::weak_ptr<Session> session) {
    const uint64_t id = next_id++;
    sessions.emplace(id, std::move(session));
    return id;
  }
  void remove(uint64_t id) { sessions.erase(id); }

  void do_accept();
  void on_accept(const error_code& ec, tcp::socket socket);

  asio::io_context& io;
  ServerOptions options;
  Handler& handler;
  LiveHandler* live;
  tcp::acceptor acceptor;
  asio::steady_timer retry;  // after an accept error (EMFILE): do not spin
  std::filesystem::path web_root;  // canonical; empty: none
  TlsContextPtr tls;               // null: plain HTTP
  // Contexts replaced by reload_tls(): connections made with them may still
  // use them, so they live until the server does (a reload is rare).
  std::vector<TlsContextPtr> retired_tls;
  ServerStats stats;
  std::string error_text;
  bool started = false;
  bool stopped = false;
  uint64_t next_id = 1;
  std::unordered_map<uint64_t, std::weak_ptr<Session>> sessions;
  // Open connections by remote address (address_key()), for
  // max_connections_per_address; an address leaves with its last one.
  std::unordered_map<std::string, std::size_t> per_address;
};

using Impl = ServerImpl;

// The key connections are counted under for max_connections_per_address:
// the IPv4 address (an IPv4-mapped IPv6 one as IPv4), or the /64 prefix of
// an IPv6 address (one host usually holds a whole /64).
std::string address_key(const asio::ip::address& address);

// One open TCP connection in connections_open and in its address's count;
// taken when the connection is accepted, moves from the HTTP session to the
// WebSocket session on upgrade.
class ConnectionSlot {
 public:
  ConnectionSlot(std::shared_ptr<Impl> impl, std::string address)
      : impl_(std::move(impl)), address_(std::move(address)) {
    ++impl_->stats.connections_open;
    ++impl_->per_address[address_];
  }
  ConnectionSlot(ConnectionSlot&& other) noexcept
      : impl_(std::move(other.impl_)), address_(std::move(other.address_)) {}
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ConnectionSlot(const ConnectionSlot&) = delete;
  ~ConnectionSlot() { release(); }
  void release() noexcept {
    if (!impl_) return;
    --impl_->stats.connections_open;
    if (auto it = impl_->per_address.find(address_); it != impl_->per_address.end() && --it->second == 0) {
      impl_->per_address.erase(it);
    }
    impl_.reset();
  }

 private:
  std::shared_ptr<Impl> impl_;
  std::string address_;
};

// Serve one accepted connection: plain HTTP (server.cc) or TLS
// (server_tls.cc, needs impl->tls).
void start_plain_session(std::shared_ptr<ServerImpl> impl, tcp::socket&& socket, std::string remote,
                         ConnectionSlot&& slot);
void start_tls_session(std::shared_ptr<ServerImpl> impl, tcp::socket&& socket, std::string remote,
                       ConnectionSlot&& slot);

// How a failed TLS handshake is counted: kHeaderTimeout (timed out),
// kTlsHandshake (a protocol error: not TLS, nothing in common, an alert from
// the client), or nothing (the client closed or reset the connection).
std::optional<HttpFailure> tls_handshake_failure(const error_code& ec);

}  // namespace lookout::server::detail
