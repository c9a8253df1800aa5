// Test support for the HTTP server core: an HttpServer on its own
// io_context thread, and a blocking POSIX-socket client that speaks just
// enough HTTP/1.1 and WebSocket (RFC 6455) to drive it - including the
// things a real client would never do (garbage, huge headers, binary frames,
// never reading) - in the clear or over TLS (OpenSSL, verifying the server
// against a certificate made by make_test_certificate()).
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

struct ssl_st;      // OpenSSL's SSL
struct ssl_ctx_st;  // OpenSSL's SSL_CTX

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
  // HttpServer::reload_tls() on the io thread: "" when it worked, else its error_text().
  std::string reload_tls();
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
  // Closes the socket with a TCP reset (SO_LINGER 0), without a TLS
  // close_notify or a WebSocket close: a client that vanishes.
  void reset();

  // Makes this a TLS connection: a blocking handshake that trusts only the
  // certificate `ca_pem` and checks that it is for 127.0.0.1. From then on
  // send() and the reads go through TLS. `max_version` (e.g. TLS1_2_VERSION)
  // caps the versions offered; 0: any. False when the handshake failed;
  // tls_error() then says why.
  bool start_tls(const std::string& ca_pem, int max_version = 0);
  const std::string& tls_error() const { return tls_error_; }
  // Sends our TLS close_notify (the end of a well-behaved TLS client).
  void tls_close();
  // The negotiated version, e.g. "TLSv1.3"; empty without TLS.
  std::string tls_version() const;

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
  // One read: > 0 bytes, 0 at the end, < 0 on an error (errno set for a
  // socket error, EAGAIN at the receive timeout).
  long read_some(char* data, std::size_t size);

  int fd_ = -1;
  std::string buffer_;
  ssl_ctx_st* tls_ctx_ = nullptr;
  ssl_st* tls_ = nullptr;
  std::string tls_error_;
};

// A self-signed certificate and its key, made with OpenSSL in memory: EC
// P-256, CN=localhost, subjectAltName IP:127.0.0.1 and DNS:localhost, valid
// from an hour ago for a day. PEM text (never written to the repository).
struct TestCertificate {
  std::string cert_pem;
  std::string key_pem;
  // The key encrypted with `passphrase` (AES-256-CBC), for the refusal test.
  std::string encrypted_key_pem(const std::string& passphrase) const;
};
TestCertificate make_test_certificate();

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
