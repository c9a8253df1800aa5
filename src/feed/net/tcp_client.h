// TcpClientInput: connects to a server that streams lines (an NMEA server
// such as AIS-catcher, a coastal authority's feed) and keeps connecting.
//
// The host is resolved on every attempt (a feed's address may move). When
// the connection ends - end of stream, reset, refused, a connect that takes
// longer than connect_timeout - the input waits and tries again with an
// exponential back-off: backoff_initial, doubling up to backoff_max, and back
// to backoff_initial after a connection that lived at least stable_after (so
// a server that accepts and hangs up at once is not hammered).
//
// A server that stalls - connected, sending nothing - is noticed only with
// idle_timeout set: no byte for that long ends the connection (and the
// back-off applies) as a disconnect does. Off by default: an NMEA server may
// be quiet for long; dump1090 and readsb send an SBS heartbeat every 60 s,
// so the node's SBS inputs use it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "feed/net/line_input.h"

namespace lookout::feed {

struct TcpClientParams {
  std::string host;                                     ///< DNS name or IP literal.
  uint16_t port = 0;                                    ///< 1-65535.
  std::size_t max_line_bytes = kDefaultMaxLineBytes;    ///< Longer lines are dropped and counted.
  std::chrono::milliseconds backoff_initial{500};       ///< First wait after a failure.
  std::chrono::milliseconds backoff_max{30'000};        ///< The wait doubles up to this.
  std::chrono::milliseconds stable_after{10'000};       ///< A connection this old resets the back-off.
  std::chrono::milliseconds connect_timeout{10'000};    ///< Give up on one connect after this long.
  std::chrono::milliseconds idle_timeout{0};            ///< No byte for this long: reconnect. 0 = never.
};

class TcpClientInput final : public LineInput {
 public:
  // `io` must outlive the input's pending operations (run it, or destroy it,
  // after the input). `now` and `on_line` are called on the io thread.
  TcpClientInput(boost::asio::io_context& io, TcpClientParams params, NowFn now,
                 LineHandler on_line);
  ~TcpClientInput() override;

  // Starts the first connection attempt; always returns true.
  bool start() override;
  void stop() override;
  InputStatus status() const override;

  // How long the client will wait after the next failure or disconnect
  // (for tests and the status page).
  std::chrono::milliseconds next_backoff() const;

 private:
  struct Impl;
  // Shared with the pending asynchronous operations, which may complete
  // (as "aborted") after this object is gone.
  std::shared_ptr<Impl> impl_;
};

}  // namespace lookout::feed
