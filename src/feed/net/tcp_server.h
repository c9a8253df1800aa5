// TcpServerInput: listens for receivers that push lines (a station's
// forwarder, `socat`, AIS-catcher's TCP output in client mode).
//
// Each accepted connection is framed on its own, so two receivers' lines are
// never glued together; a receiver that disconnects mid-line loses only that
// line. At most max_clients connections are open at once: a connection over
// the limit is accepted and closed at once (and counted), which is friendlier
// to the sender than a full backlog.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "feed/net/line_input.h"

namespace lookout::feed {

struct TcpServerParams {
  std::string address = "127.0.0.1";                   ///< IP literal to bind ("0.0.0.0", "::").
  uint16_t port = 0;                                   ///< 0: the system picks one (see port()).
  std::size_t max_line_bytes = kDefaultMaxLineBytes;   ///< Longer lines are dropped and counted.
  std::size_t max_clients = 64;                        ///< Open connections at most.
};

class TcpServerInput final : public LineInput {
 public:
  // `io` must outlive the input's pending operations. `now` and `on_line`
  // are called on the io thread.
  TcpServerInput(boost::asio::io_context& io, TcpServerParams params, NowFn now,
                 LineHandler on_line);
  ~TcpServerInput() override;

  // Binds and listens; false (status().last_error says why) when the address
  // is not an IP literal or cannot be bound.
  bool start() override;
  // Closes the listening socket and every client connection.
  void stop() override;
  InputStatus status() const override;

  // The bound port (the chosen one when params.port was 0); 0 before start().
  uint16_t port() const;

 private:
  struct Impl;
  struct Session;
  // Shared with the pending asynchronous operations, which may complete
  // (as "aborted") after this object is gone.
  std::shared_ptr<Impl> impl_;
};

}  // namespace lookout::feed
