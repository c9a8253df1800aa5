// Test support for the HTTP server core: an HttpServer on its own
// io_context thread, and a blocking POSIX-socket client that speaks just
// enough HTTP/1.1 and WebSocket (RFC 6455) to drive it - including the
// things a real client would never do (garbage, huge headers, binary frames,
// never reading).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/server.h"

namespace lookout::server::testing {

// An HttpServer started on `options.listen` (default "127.0.0.1:0") with its
// io_context run by a thread of its own. All access to the server goes
// through run().
class TestServer {
 public:
  TestServer(ServerOptions options, Handler& handler, LiveHandler* live = nullptr);
  ~TestServer();

  bool ok() const { return port_ != 0; }
  const std::string& error() const { return error_; }
  uint16_t port() const { return port_; }

  // Runs `fn` on the io thread and waits for it.
  void run(const std::function<void()>& fn);
  ServerStats stats();

  // Calls `fn` on the io thread every `interval` until it returns false or
  // the server stops.
  void every(std::chrono::milliseconds interval, std::function<bool()> fn);

  // HttpServer::stop() on the io thread, then waits for the io thread to run
  // out of work (every connection gone). False if it did not within 30 s.
  bool stop();

  struct State;  // http_test_support.cc

 private:
  std::unique_ptr<State> state_;
  uint16_t port_ = 0;
  std::string error_;
  bool stopped_ = false;
};

struct HttpReply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::optional<std::string> header(std::string_view name) const;
};

struct WsFrame {
  bool fin = true;
  uint8_t opcode = 0;  // 1 text, 2 binary, 8 close, 9 ping, 10 pong
  std::string payload;
  // The status code of a close frame, 0 if none.
  uint16_t close_code() const;
};

// A blocking client socket (30 s receive timeout, so no test hangs).
class Client {
 public:
  explicit Client(uint16_t port, const char* address = "127.0.0.1");
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool send(std::string_view bytes);  // false when the peer is gone
  void shutdown_write();

  // One response: status line, headers, Content-Length body (none for HEAD
  // or 101). nullopt when the connection closed or timed out first.
  std::optional<HttpReply> read_reply(bool head = false);

  // Reads and discards until the server closes the connection (EOF or
  // reset): true, or false if still open after `timeout`.
  bool wait_closed(std::chrono::seconds timeout = std::chrono::seconds(30));

  // WebSocket: upgrade on `target`, returning the server's reply (101 to go on).
  std::optional<HttpReply> ws_handshake(std::string_view target, std::string_view extra_headers = "");
  // One masked frame from the client.
  bool ws_send(uint8_t opcode, std::string_view payload, bool fin = true);
  bool ws_send_text(std::string_view text) { return ws_send(1, text); }
  // One frame from the server; nullopt on close/timeout.
  std::optional<WsFrame> ws_read();

 private:
  bool fill();  // reads more into buffer_

  int fd_ = -1;
  std::string buffer_;
};

// "GET target HTTP/1.1\r\nHost: ...\r\n<extra>\r\n"
std::string get_request(std::string_view target, std::string_view extra_headers = "");

// One request on a new connection.
std::optional<HttpReply> http_once(uint16_t port, const std::string& request, bool head = false);

// Polls `predicate` every 10 ms until true or `timeout`.
bool wait_until(const std::function<bool()>& predicate, std::chrono::seconds timeout = std::chrono::seconds(30));

// A fresh directory under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  void write(const std::string& relative, std::string_view content) const;

 private:
  std::string path_;
};

}  // namespace lookout::server::testing
