#include "feed/net/tcp_server.h"

#include <utility>  // before Asio: GCC 12 + C++20 needs std::exchange declared

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>

#include "feed/net/line_framer.h"

namespace lookout::feed {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

struct TcpServerInput::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io_context, TcpServerParams p, NowFn now_fn, LineHandler handler)
      : io(io_context),
        params(std::move(p)),
        now(std::move(now_fn)),
        on_line(std::move(handler)),
        acceptor(io_context),
        retry_timer(io_context) {}

  bool start();
  void accept();
  void on_accept(const error_code& ec, tcp::socket socket);
  void stop();

  asio::io_context& io;
  TcpServerParams params;
  NowFn now;
  LineHandler on_line;
  tcp::acceptor acceptor;
  asio::steady_timer retry_timer;  // waits a moment after a failed accept (e.g. out of descriptors)
  std::map<uint64_t, std::shared_ptr<Session>> sessions;
  uint64_t next_session_id = 1;
  uint16_t bound_port = 0;
  InputStatus status;
  bool stopped = false;
};

// One accepted connection, framed on its own.
struct TcpServerInput::Session : std::enable_shared_from_this<Session> {
  Session(std::shared_ptr<Impl> owner, uint64_t session_id, tcp::socket s)
      : server(std::move(owner)), id(session_id), socket(std::move(s)),
        framer(server->params.max_line_bytes) {}

  void read() {
    auto self = shared_from_this();
    socket.async_read_some(asio::buffer(buffer), [self](const error_code& ec, std::size_t n) {
      self->on_read(ec, n);
    });
  }

  void on_read(const error_code& ec, std::size_t n) {
    Impl& s = *server;
    if (s.stopped || closed) return;
    if (n > 0) {
      s.status.bytes += n;
      Timestamp received = s.now();
      uint64_t dropped_before = framer.dropped();
      framer.push(std::string_view(buffer.data(), n), [&](std::string_view line) {
        if (s.stopped) return;
        ++s.status.lines;
        s.on_line(line, received);
      });
      s.status.dropped_long += framer.dropped() - dropped_before;
      if (s.stopped || closed) return;
    }
    if (!ec) {
      read();
      return;
    }
    if (ec != asio::error::eof) s.status.last_error = "client: " + ec.message();
    close();
  }

  // Closes the connection and forgets it (the last reference may be the caller's).
  void close() {
    if (closed) return;
    closed = true;
    error_code ignored;
    socket.close(ignored);
    auto keep = shared_from_this();
    server->sessions.erase(id);
    server->status.clients = static_cast<uint32_t>(server->sessions.size());
    server->status.connected = !server->sessions.empty();
  }

  std::shared_ptr<Impl> server;  // cycle with Impl::sessions, broken by close() and Impl::stop()
  uint64_t id;
  tcp::socket socket;
  LineFramer framer;
  std::array<char, 16 * 1024> buffer{};
  bool closed = false;
};

bool TcpServerInput::Impl::start() {
  error_code ec;
  auto address = asio::ip::make_address(params.address, ec);
  std::string where = params.address + ":" + std::to_string(params.port);
  if (ec) {
    status.last_error = "bind " + where + ": not an IP address";
    return false;
  }
  tcp::endpoint endpoint(address, params.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    status.last_error = "bind " + where + ": " + ec.message();
    error_code ignored;
    acceptor.close(ignored);
    return false;
  }
  bound_port = acceptor.local_endpoint(ec).port();
  accept();
  return true;
}

void TcpServerInput::Impl::accept() {
  auto self = shared_from_this();
  acceptor.async_accept([self](const error_code& ec, tcp::socket socket) {
    self->on_accept(ec, std::move(socket));
  });
}

void TcpServerInput::Impl::on_accept(const error_code& ec, tcp::socket socket) {
  if (stopped) return;
  if (ec) {
    if (ec == asio::error::operation_aborted) return;
    status.last_error = "accept: " + ec.message();
    auto self = shared_from_this();
    retry_timer.expires_after(std::chrono::milliseconds(200));
    retry_timer.async_wait([self](const error_code& timer_ec) {
      if (!timer_ec && !self->stopped) self->accept();
    });
    return;
  }
  if (sessions.size() >= params.max_clients) {
    ++status.refused;
    error_code ignored;
    socket.close(ignored);
  } else {
    uint64_t id = next_session_id++;
    auto session = std::make_shared<Session>(shared_from_this(), id, std::move(socket));
    sessions.emplace(id, session);
    ++status.connections;
    status.clients = static_cast<uint32_t>(sessions.size());
    status.connected = true;
    session->read();
  }
  accept();
}

void TcpServerInput::Impl::stop() {
  if (stopped) return;
  stopped = true;
  error_code ignored;
  acceptor.close(ignored);
  retry_timer.cancel();
  for (auto& [id, session] : sessions) {
    session->closed = true;
    session->socket.close(ignored);
  }
  sessions.clear();
  status.clients = 0;
  status.connected = false;
}

TcpServerInput::TcpServerInput(asio::io_context& io, TcpServerParams params, NowFn now,
                               LineHandler on_line)
    : impl_(std::make_shared<Impl>(io, std::move(params), std::move(now), std::move(on_line))) {}

TcpServerInput::~TcpServerInput() { impl_->stop(); }

bool TcpServerInput::start() { return impl_->start(); }

void TcpServerInput::stop() { impl_->stop(); }

InputStatus TcpServerInput::status() const { return impl_->status; }

uint16_t TcpServerInput::port() const { return impl_->bound_port; }

}  // namespace lookout::feed
