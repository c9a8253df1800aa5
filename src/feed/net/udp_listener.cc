#include "feed/net/udp_listener.h"

#include <utility>  // before Asio: GCC 12 + C++20 needs std::exchange declared

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <vector>

#include "feed/net/line_framer.h"

namespace lookout::feed {

namespace asio = boost::asio;
using asio::ip::udp;
using boost::system::error_code;

struct UdpInput::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, UdpParams p, NowFn now_fn, LineHandler handler)
      : params(std::move(p)),
        now(std::move(now_fn)),
        on_line(std::move(handler)),
        socket(io),
        framer(params.max_line_bytes),
        buffer(65536) {}

  bool start();
  void receive();
  void on_receive(const error_code& ec, std::size_t n);
  void stop();

  UdpParams params;
  NowFn now;
  LineHandler on_line;
  udp::socket socket;
  udp::endpoint sender;
  LineFramer framer;
  std::vector<char> buffer;  // the largest UDP payload
  InputStatus status;
  uint64_t datagrams = 0;
  uint16_t bound_port = 0;
  bool stopped = false;
};

bool UdpInput::Impl::start() {
  error_code ec;
  auto address = asio::ip::make_address(params.address, ec);
  std::string where = params.address + ":" + std::to_string(params.port);
  if (ec) {
    status.last_error = "bind " + where + ": not an IP address";
    return false;
  }
  udp::endpoint endpoint(address, params.port);
  socket.open(endpoint.protocol(), ec);
  if (!ec) socket.bind(endpoint, ec);
  if (ec) {
    status.last_error = "bind " + where + ": " + ec.message();
    error_code ignored;
    socket.close(ignored);
    return false;
  }
  // A burst of datagrams must not overflow the kernel's queue while the io
  // thread is busy; the system may grant less, which is fine.
  error_code ignored;
  socket.set_option(asio::socket_base::receive_buffer_size(1 << 20), ignored);
  bound_port = socket.local_endpoint(ec).port();
  status.connected = true;
  receive();
  return true;
}

void UdpInput::Impl::receive() {
  auto self = shared_from_this();
  socket.async_receive_from(asio::buffer(buffer), sender,
                            [self](const error_code& ec, std::size_t n) { self->on_receive(ec, n); });
}

void UdpInput::Impl::on_receive(const error_code& ec, std::size_t n) {
  if (stopped) return;
  if (ec) {
    if (ec == asio::error::operation_aborted) return;
    // An ICMP error or a truncated datagram: record it and keep listening.
    status.last_error = "receive: " + ec.message();
    receive();
    return;
  }
  ++datagrams;
  status.bytes += n;
  Timestamp received = now();
  auto sink = [&](std::string_view line) {
    if (stopped) return;
    ++status.lines;
    on_line(line, received);
  };
  framer.push(std::string_view(buffer.data(), n), sink);
  framer.finish(sink);
  status.dropped_long = framer.dropped();
  if (!stopped) receive();
}

void UdpInput::Impl::stop() {
  if (stopped) return;
  stopped = true;
  status.connected = false;
  error_code ignored;
  socket.close(ignored);
}

UdpInput::UdpInput(asio::io_context& io, UdpParams params, NowFn now, LineHandler on_line)
    : impl_(std::make_shared<Impl>(io, std::move(params), std::move(now), std::move(on_line))) {}

UdpInput::~UdpInput() { impl_->stop(); }

bool UdpInput::start() { return impl_->start(); }

void UdpInput::stop() { impl_->stop(); }

InputStatus UdpInput::status() const { return impl_->status; }

uint16_t UdpInput::port() const { return impl_->bound_port; }

uint64_t UdpInput::datagrams() const { return impl_->datagrams; }

}  // namespace lookout::feed
