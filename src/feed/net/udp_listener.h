// UdpInput: receives NMEA over UDP, the way receivers and AIS-catcher
// forward it: each datagram holds one sentence or a few, separated by
// "\r\n"; the last needs no terminator. Each datagram is framed on its own
// (UDP keeps message boundaries, so a line never spans two datagrams).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "feed/net/line_input.h"

namespace lookout::feed {

struct UdpParams {
  std::string address = "127.0.0.1";                   ///< IP literal to bind ("0.0.0.0", "::").
  uint16_t port = 0;                                   ///< 0: the system picks one (see port()).
  std::size_t max_line_bytes = kDefaultMaxLineBytes;   ///< Longer lines are dropped and counted.
};

class UdpInput final : public LineInput {
 public:
  // `io` must outlive the input's pending operations. `now` and `on_line`
  // are called on the io thread.
  UdpInput(boost::asio::io_context& io, UdpParams params, NowFn now, LineHandler on_line);
  ~UdpInput() override;

  // Binds; false (status().last_error says why) when the address is not an
  // IP literal or cannot be bound.
  bool start() override;
  void stop() override;
  // connected is true while bound.
  InputStatus status() const override;

  // The bound port (the chosen one when params.port was 0); 0 before start().
  uint16_t port() const;
  // Datagrams received.
  uint64_t datagrams() const;

 private:
  struct Impl;
  // Shared with the pending receive, which may complete (as "aborted")
  // after this object is gone.
  std::shared_ptr<Impl> impl_;
};

}  // namespace lookout::feed
