#include "server/cot/cot_sink.h"

#include <utility>  // before Asio: GCC 12 + C++20 needs std::exchange declared

#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/multicast.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <optional>

#include "decode/cot/writer.h"
#include "feed/net/host_port.h"

namespace lookout::server::cot {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;
using asio::ip::udp;
using boost::system::error_code;

struct CotNetSink::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io_context, const CotOutputConfig& c, CotSinkParams p)
      : io(io_context), config(c), params(p), resolver(io), retry_timer(io), connect_timer(io), udp_socket(io),
        backoff(p.backoff_initial) {}

  bool start(std::string& error);
  void attempt();
  void on_resolved(const error_code& ec, const tcp::resolver::results_type& results, uint64_t gen);
  void on_connected(const error_code& ec, uint64_t gen);
  void on_handshake(const error_code& ec, uint64_t gen);
  void up(uint64_t gen);
  void read(uint64_t gen);
  void write(uint64_t gen);
  void fail(const char* reason, std::string what);
  bool send(std::string_view event);
  void stop();
  tcp::socket& socket() { return tls ? tls->next_layer() : *plain; }
  std::string where() const { return config.address; }

  asio::io_context& io;
  CotOutputConfig config;
  CotSinkParams params;
  feed::HostPort target;
  std::optional<ssl::context> tls_context;
  tcp::resolver resolver;
  std::unique_ptr<tcp::socket> plain;
  std::unique_ptr<ssl::stream<tcp::socket>> tls;
  asio::steady_timer retry_timer;
  asio::steady_timer connect_timer;
  udp::socket udp_socket;
  udp::endpoint udp_target;
  std::array<char, 4096> read_buffer{};
  std::deque<std::string> queue;  // the front one is being written
  std::size_t queued_bytes = 0;
  bool writing = false;
  CotSinkStats stats;
  std::chrono::milliseconds backoff;
  std::chrono::steady_clock::time_point connected_at{};
  uint64_t generation = 0;
  bool stopped = false;
  std::string datagram;
};

bool CotNetSink::Impl::start(std::string& error) {
  auto hp = feed::parse_host_port(config.address);
  if (!hp.ok()) {
    error = "output '" + config.name + "': " + feed::describe_host_port_error(config.address, hp.error());
    return false;
  }
  target = *hp;
  if (config.transport == CotTransport::kUdp) {
    error_code ec;
    auto results = udp::resolver(io).resolve(target.host, std::to_string(target.port), ec);
    if (ec || results.empty()) {
      error = "output '" + config.name + "': resolving " + config.address + ": " + (ec ? ec.message() : "no address");
      return false;
    }
    udp_target = *results.begin();
    udp_socket.open(udp_target.protocol(), ec);
    if (!ec && udp_target.address().is_multicast()) {
      udp_socket.set_option(asio::ip::multicast::hops(static_cast<int>(config.multicast_ttl)), ec);
      if (!ec) udp_socket.set_option(asio::ip::multicast::enable_loopback(true), ec);
      if (!ec && !config.multicast_interface.empty() && udp_target.address().is_v4()) {
        auto ifa = asio::ip::make_address_v4(config.multicast_interface, ec);
        if (!ec) udp_socket.set_option(asio::ip::multicast::outbound_interface(ifa), ec);
      }
    }
    if (ec) {
      error = "output '" + config.name + "': udp socket for " + config.address + ": " + ec.message();
      return false;
    }
    udp_socket.non_blocking(true, ec);
    stats.connected = true;
    return true;
  }
  if (config.transport == CotTransport::kTls) {
    // TAK Server's 8089: the client proves itself with a certificate and
    // checks the server's against the CA it was given (and its name).
    try {
      tls_context.emplace(ssl::context::tls_client);
      tls_context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                               ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::no_compression);
      tls_context->set_verify_mode(ssl::verify_peer);
    } catch (const boost::system::system_error& e) {
      error = "output '" + config.name + "': TLS: " + e.what();
      return false;
    }
    auto load = [&](const char* what, const std::string& file, auto fn) {
      error_code ec;
      fn(ec);
      if (ec) error = "output '" + config.name + "': " + what + " " + file + ": " + ec.message();
      return !ec;
    };
    if (!load("ca", config.ca_file, [&](error_code& ec) { tls_context->load_verify_file(config.ca_file, ec); }) ||
        !load("cert", config.cert_file,
              [&](error_code& ec) { tls_context->use_certificate_chain_file(config.cert_file, ec); }) ||
        !load("key", config.key_file,
              [&](error_code& ec) { tls_context->use_private_key_file(config.key_file, ssl::context::pem, ec); })) {
      return false;
    }
  }
  attempt();
  return true;
}

void CotNetSink::Impl::attempt() {
  if (stopped) return;
  const uint64_t gen = ++generation;
  if (tls_context) {
    tls = std::make_unique<ssl::stream<tcp::socket>>(io, *tls_context);
    if (!target.is_literal) {
      // SNI, as SSL_set_tlsext_host_name does (the macro casts C-style).
      SSL_ctrl(tls->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(target.host.c_str()));
    }
    tls->set_verify_callback(ssl::host_name_verification(target.host));
  } else {
    plain = std::make_unique<tcp::socket>(io);
  }
  auto self = shared_from_this();
  resolver.async_resolve(target.host, std::to_string(target.port),
                         [self, gen](const error_code& ec, tcp::resolver::results_type results) {
                           self->on_resolved(ec, results, gen);
                         });
}

void CotNetSink::Impl::on_resolved(const error_code& ec, const tcp::resolver::results_type& results, uint64_t gen) {
  if (stopped || gen != generation) return;
  if (ec) {
    fail("resolve", "resolve " + where() + ": " + ec.message());
    return;
  }
  auto self = shared_from_this();
  connect_timer.expires_after(params.connect_timeout);
  connect_timer.async_wait([self, gen](const error_code& timer_ec) {
    if (timer_ec || self->stopped || gen != self->generation || self->stats.connected) return;
    error_code ignored;
    self->socket().close(ignored);  // the pending connect or handshake completes with operation_aborted
  });
  asio::async_connect(socket(), results, [self, gen](const error_code& connect_ec, const tcp::endpoint&) {
    self->on_connected(connect_ec, gen);
  });
}

void CotNetSink::Impl::on_connected(const error_code& ec, uint64_t gen) {
  if (stopped || gen != generation) return;
  if (ec) {
    connect_timer.cancel();
    fail("connect", "connect " + where() + ": " + (ec == asio::error::operation_aborted ? std::string("timed out") : ec.message()));
    return;
  }
  error_code ignored;
  socket().set_option(asio::socket_base::keep_alive(true), ignored);
  socket().set_option(tcp::no_delay(true), ignored);  // an alert goes now, not with the next batch
  if (!tls) {
    connect_timer.cancel();
    up(gen);
    return;
  }
  auto self = shared_from_this();
  tls->async_handshake(ssl::stream_base::client, [self, gen](const error_code& hs_ec) { self->on_handshake(hs_ec, gen); });
}

void CotNetSink::Impl::on_handshake(const error_code& ec, uint64_t gen) {
  if (stopped || gen != generation) return;
  connect_timer.cancel();
  if (ec) {
    fail("tls", "TLS handshake with " + where() + ": " + ec.message());
    return;
  }
  up(gen);
}

void CotNetSink::Impl::up(uint64_t gen) {
  stats.connected = true;
  ++stats.connects;
  connected_at = std::chrono::steady_clock::now();
  read(gen);
}

void CotNetSink::Impl::read(uint64_t gen) {
  // TAK Server may send events back (pings, other clients'); they are read
  // and dropped: this output only sends. The read notices a close.
  auto self = shared_from_this();
  auto done = [self, gen](const error_code& ec, std::size_t) {
    if (self->stopped || gen != self->generation) return;
    if (!ec) {
      self->read(gen);
      return;
    }
    if (std::chrono::steady_clock::now() - self->connected_at >= self->params.stable_after) {
      self->backoff = self->params.backoff_initial;
    }
    self->fail("closed", ec == asio::error::eof || ec == ssl::error::stream_truncated
                             ? "connection to " + self->where() + " closed by the server"
                             : "read from " + self->where() + ": " + ec.message());
  };
  if (tls) {
    tls->async_read_some(asio::buffer(read_buffer), done);
  } else {
    plain->async_read_some(asio::buffer(read_buffer), done);
  }
}

void CotNetSink::Impl::write(uint64_t gen) {
  if (writing || queue.empty() || !stats.connected) return;
  writing = true;
  auto self = shared_from_this();
  auto done = [self, gen](const error_code& ec, std::size_t n) {
    if (self->stopped || gen != self->generation) return;
    self->writing = false;
    if (ec) {
      self->fail("write", "write to " + self->where() + ": " + ec.message());
      return;
    }
    self->stats.bytes_sent += n;
    self->queued_bytes -= self->queue.front().size();
    self->queue.pop_front();
    self->write(gen);
  };
  if (tls) {
    asio::async_write(*tls, asio::buffer(queue.front()), done);
  } else {
    asio::async_write(*plain, asio::buffer(queue.front()), done);
  }
}

void CotNetSink::Impl::fail(const char* reason, std::string what) {
  ++stats.errors[reason];
  stats.last_error = std::move(what);
  stats.connected = false;
  stats.lost += queue.size();  // taken, never delivered
  queue.clear();
  queued_bytes = 0;
  writing = false;
  error_code ignored;
  if (plain) plain->close(ignored);
  if (tls) tls->next_layer().close(ignored);
  ++generation;  // handlers of this connection do nothing now
  retry_timer.expires_after(backoff);
  backoff = std::min(backoff * 2, params.backoff_max);
  auto self = shared_from_this();
  retry_timer.async_wait([self](const error_code& ec) {
    if (!ec) self->attempt();
  });
}

bool CotNetSink::Impl::send(std::string_view event) {
  if (stopped) return false;
  if (config.transport == CotTransport::kUdp) {
    // One event a datagram with its XML declaration, as TAK clients send SA.
    datagram.assign(lookout::cot::kXmlDeclaration);
    datagram.append(event);
    error_code ec;
    const std::size_t n = udp_socket.send_to(asio::buffer(datagram), udp_target, 0, ec);
    if (ec) {
      ++stats.errors["send"];
      stats.last_error = "send to " + where() + ": " + ec.message();
      return false;
    }
    stats.bytes_sent += n;
    return true;
  }
  if (!stats.connected) {
    ++stats.errors["not_connected"];
    return false;
  }
  queue.emplace_back(event);
  queued_bytes += event.size();
  write(generation);
  return true;
}

void CotNetSink::Impl::stop() {
  if (stopped) return;
  stopped = true;
  stats.connected = false;
  resolver.cancel();
  retry_timer.cancel();
  connect_timer.cancel();
  error_code ignored;
  if (plain) plain->close(ignored);
  if (tls) tls->next_layer().close(ignored);
  udp_socket.close(ignored);
}

CotNetSink::CotNetSink(asio::io_context& io, const CotOutputConfig& config, CotSinkParams params)
    : impl_(std::make_shared<Impl>(io, config, params)) {}

CotNetSink::~CotNetSink() { impl_->stop(); }

bool CotNetSink::start(std::string& error) { return impl_->start(error); }
void CotNetSink::stop() { impl_->stop(); }

bool CotNetSink::ready() const {
  const Impl& m = *impl_;
  return !m.stopped && m.stats.connected && m.queued_bytes <= m.params.max_queued_bytes / 2;
}

bool CotNetSink::send(std::string_view event) { return impl_->send(event); }

CotSinkStats CotNetSink::stats() const { return impl_->stats; }

}  // namespace lookout::server::cot
