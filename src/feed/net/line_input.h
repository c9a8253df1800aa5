// LineInput: the interface of the live node's network inputs (TCP client,
// TCP server, UDP listener), each of which turns a socket into framed lines.
//
// Threading: every input runs on the one io_context the node runs on one
// thread; callbacks, status() and stop() happen on that thread, so nothing
// here locks. Errors (refused connections, resets, bad datagrams) are
// counted and recorded in the status; nothing throws out of io_context::run.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace boost::asio {
class io_context;
}

namespace lookout::feed {

// One framed line (without its terminator) and the node-clock time at which
// the read that completed it arrived. The view is valid only during the call.
// The callback may call stop() on the input that called it.
using LineHandler = std::function<void(std::string_view line, Timestamp received)>;

// The node's "now" (NodeClock::now), read once per completed read.
using NowFn = std::function<Timestamp()>;

struct InputStatus {
  bool connected = false;        ///< TCP client: connected; server: at least one client; UDP: bound.
  uint32_t clients = 0;          ///< TCP server: open client connections.
  uint64_t bytes = 0;            ///< Bytes received.
  uint64_t lines = 0;            ///< Lines handed to the LineHandler.
  uint64_t dropped_long = 0;     ///< Lines dropped for being longer than max_line_bytes.
  uint64_t reconnects = 0;       ///< TCP client: connection attempts after the first.
  uint64_t connections = 0;      ///< TCP client/server: connections established (accepted).
  uint64_t refused = 0;          ///< TCP server: connections closed because max_clients was reached.
  std::string last_error;        ///< The last error, for a person ("connect 127.0.0.1:5631: Connection refused").
};

class LineInput {
 public:
  LineInput() = default;
  LineInput(const LineInput&) = delete;
  LineInput& operator=(const LineInput&) = delete;
  LineInput(LineInput&&) = delete;
  LineInput& operator=(LineInput&&) = delete;
  // Stops the input; pending operations end with no further callbacks.
  virtual ~LineInput() = default;

  // Begins connecting / binding. Returns false (with status().last_error set)
  // when a server or UDP input cannot bind; a TCP client never fails here, it
  // retries. Call once.
  virtual bool start() = 0;

  // Closes every socket and cancels every timer at once; no callback runs
  // after it returns. Idempotent.
  virtual void stop() = 0;

  virtual InputStatus status() const = 0;
};

// Default bound on a line: an NMEA sentence is at most 82 bytes, with a tag
// block and logger time stamps a few hundred.
inline constexpr std::size_t kDefaultMaxLineBytes = 4096;

}  // namespace lookout::feed
