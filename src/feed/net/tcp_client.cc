#include "feed/net/tcp_client.h"

#include <utility>  // before Asio: GCC 12 + C++20 needs std::exchange declared

#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "feed/net/line_framer.h"

namespace lookout::feed {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

struct TcpClientInput::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, TcpClientParams p, NowFn now_fn, LineHandler handler)
      : params(std::move(p)),
        now(std::move(now_fn)),
        on_line(std::move(handler)),
        resolver(io),
        socket(io),
        retry_timer(io),
        connect_timer(io),
        idle_timer(io),
        framer(params.max_line_bytes),
        backoff(params.backoff_initial) {}

  void attempt();
  void on_resolved(const error_code& ec, const tcp::resolver::results_type& results, uint64_t gen);
  void on_connected(const error_code& ec, uint64_t gen);
  void read(uint64_t gen);
  void on_read(const error_code& ec, std::size_t n, uint64_t gen);
  void fail(std::string what);
  void arm_idle(uint64_t gen);
  void stop();
  std::string where() const { return params.host + ":" + std::to_string(params.port); }

  TcpClientParams params;
  NowFn now;
  LineHandler on_line;
  tcp::resolver resolver;
  tcp::socket socket;
  asio::steady_timer retry_timer;
  asio::steady_timer connect_timer;
  asio::steady_timer idle_timer;
  bool idle_expired = false;  // the idle timer closed the socket
  LineFramer framer;
  std::array<char, 16 * 1024> buffer{};
  InputStatus status;
  std::chrono::milliseconds backoff;
  std::chrono::steady_clock::time_point connected_at{};
  uint64_t generation = 0;  // one per attempt: handlers of older attempts do nothing
  uint64_t attempts = 0;
  bool stopped = false;
};

void TcpClientInput::Impl::attempt() {
  if (stopped) return;
  if (attempts++ > 0) ++status.reconnects;
  uint64_t gen = ++generation;
  auto self = shared_from_this();
  resolver.async_resolve(params.host, std::to_string(params.port),
                         [self, gen](const error_code& ec, tcp::resolver::results_type results) {
                           self->on_resolved(ec, results, gen);
                         });
}

void TcpClientInput::Impl::on_resolved(const error_code& ec,
                                       const tcp::resolver::results_type& results, uint64_t gen) {
  if (stopped || gen != generation) return;
  if (ec) {
    fail("resolve " + where() + ": " + ec.message());
    return;
  }
  auto self = shared_from_this();
  connect_timer.expires_after(params.connect_timeout);
  connect_timer.async_wait([self, gen](const error_code& timer_ec) {
    if (timer_ec || self->stopped || gen != self->generation || self->status.connected) return;
    error_code ignored;
    self->socket.close(ignored);  // the pending connect completes with operation_aborted
  });
  asio::async_connect(socket, results, [self, gen](const error_code& connect_ec, const tcp::endpoint&) {
    self->on_connected(connect_ec, gen);
  });
}

void TcpClientInput::Impl::on_connected(const error_code& ec, uint64_t gen) {
  if (stopped || gen != generation) return;
  connect_timer.cancel();
  if (ec) {
    fail("connect " + where() + ": " +
         (ec == asio::error::operation_aborted ? std::string("timed out") : ec.message()));
    return;
  }
  error_code ignored;
  socket.set_option(asio::socket_base::keep_alive(true), ignored);
  status.connected = true;
  ++status.connections;
  connected_at = std::chrono::steady_clock::now();
  framer.reset();
  arm_idle(gen);
  read(gen);
}

void TcpClientInput::Impl::arm_idle(uint64_t gen) {
  if (params.idle_timeout.count() <= 0) return;
  idle_timer.expires_after(params.idle_timeout);  // cancels the wait before
  auto self = shared_from_this();
  idle_timer.async_wait([self, gen](const error_code& ec) {
    if (ec || self->stopped || gen != self->generation || !self->status.connected) return;
    self->idle_expired = true;
    error_code ignored;
    self->socket.close(ignored);  // the pending read completes with operation_aborted
  });
}

void TcpClientInput::Impl::read(uint64_t gen) {
  auto self = shared_from_this();
  socket.async_read_some(asio::buffer(buffer), [self, gen](const error_code& ec, std::size_t n) {
    self->on_read(ec, n, gen);
  });
}

void TcpClientInput::Impl::on_read(const error_code& ec, std::size_t n, uint64_t gen) {
  if (stopped || gen != generation) return;
  if (n > 0) {
    status.bytes += n;
    Timestamp received = now();
    framer.push(std::string_view(buffer.data(), n), [&](std::string_view line) {
      if (stopped) return;
      ++status.lines;
      on_line(line, received);
    });
    status.dropped_long = framer.dropped();
    if (stopped) return;
    if (!ec) arm_idle(gen);
  }
  if (!ec) {
    read(gen);
    return;
  }
  if (idle_expired) {
    idle_expired = false;
    fail("no data from " + where() + " for " + std::to_string(params.idle_timeout.count()) + " ms: reconnecting");
    return;
  }
  // The connection ended: a connection that lived long enough resets the back-off.
  if (std::chrono::steady_clock::now() - connected_at >= params.stable_after) {
    backoff = params.backoff_initial;
  }
  fail(ec == asio::error::eof ? "connection to " + where() + " closed by the server"
                              : "read from " + where() + ": " + ec.message());
}

void TcpClientInput::Impl::fail(std::string what) {
  status.last_error = std::move(what);
  status.connected = false;
  idle_timer.cancel();
  error_code ignored;
  socket.close(ignored);
  framer.reset();  // a sentence cut by the disconnect is lost, not glued to the next
  retry_timer.expires_after(backoff);
  backoff = std::min(backoff * 2, params.backoff_max);
  auto self = shared_from_this();
  retry_timer.async_wait([self](const error_code& ec) {
    if (!ec) self->attempt();
  });
}

void TcpClientInput::Impl::stop() {
  if (stopped) return;
  stopped = true;
  status.connected = false;
  resolver.cancel();
  retry_timer.cancel();
  connect_timer.cancel();
  idle_timer.cancel();
  error_code ignored;
  socket.close(ignored);
}

TcpClientInput::TcpClientInput(asio::io_context& io, TcpClientParams params, NowFn now,
                               LineHandler on_line)
    : impl_(std::make_shared<Impl>(io, std::move(params), std::move(now), std::move(on_line))) {}

TcpClientInput::~TcpClientInput() { impl_->stop(); }

bool TcpClientInput::start() {
  impl_->attempt();
  return true;
}

void TcpClientInput::stop() { impl_->stop(); }

InputStatus TcpClientInput::status() const { return impl_->status; }

std::chrono::milliseconds TcpClientInput::next_backoff() const { return impl_->backoff; }

}  // namespace lookout::feed
