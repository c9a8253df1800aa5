// The transports of a CoT output: a TCP or TLS stream that keeps
// reconnecting (TAK Server's streaming inputs, 8087 and 8089), and UDP
// datagrams (SA multicast, 239.2.3.1:6969, or unicast to one client).
//
// Stream: the host is resolved on every attempt; a failed connect, a TLS
// handshake refused, a write that fails or the server closing ends the
// connection, and the next attempt waits backoff_initial, doubling up to
// backoff_max (reset after a connection that lived stable_after). Events are
// written back to back; while a write is under way the next wait in a queue
// bounded in bytes; ready() is false while disconnected or while the queue
// is above half its bound, so the publisher holds (and coalesces) them. An
// event taken and then lost with the connection is counted (`lost`), and
// the publisher sends the whole picture again when the sink is back.
//
// Every failure is counted by reason and its sentence kept (last_error), for
// /metrics: an output error is reported, never silent.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "server/cot/cot_output_config.h"
#include "server/cot/cot_publisher.h"

namespace boost::asio {
class io_context;
}

namespace lookout::server::cot {

struct CotSinkStats {
  bool connected = false;        ///< Stream: connected (and handshaken); udp: socket open.
  uint64_t connects = 0;         ///< Connections made.
  uint64_t bytes_sent = 0;
  uint64_t lost = 0;             ///< Events taken and not delivered (the connection died under them).
  std::map<std::string, uint64_t> errors;  ///< By reason: resolve, connect, tls, write, closed, send, not_connected.
  std::string last_error;        ///< The last failure in a sentence, empty if none.
};

struct CotSinkParams {
  std::chrono::milliseconds backoff_initial{500};
  std::chrono::milliseconds backoff_max{30'000};
  std::chrono::milliseconds stable_after{10'000};
  std::chrono::milliseconds connect_timeout{10'000};
  std::size_t max_queued_bytes = 4 * 1024 * 1024;
};

class CotNetSink final : public CotSink {
 public:
  // `io` must outlive the sink's pending operations. REQUIRES: the config
  // has been checked (address parses; tls names its files).
  CotNetSink(boost::asio::io_context& io, const CotOutputConfig& config, CotSinkParams params = {});
  ~CotNetSink() override;
  CotNetSink(const CotNetSink&) = delete;
  CotNetSink& operator=(const CotNetSink&) = delete;

  // Loads the TLS files and opens the UDP socket (errors here are the
  // config's: `error` says which file and why) and starts connecting.
  bool start(std::string& error);
  void stop();

  bool ready() const override;
  bool send(std::string_view event) override;
  CotSinkStats stats() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace lookout::server::cot
