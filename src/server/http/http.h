// The HTTP and WebSocket seam between the server core (src/server/http/,
// Boost.Beast, the only code that includes Beast) and the API behind it
// (src/server/api/): plain request and response values, and the two
// interfaces the server calls. Keeping Beast out of this header keeps it in
// two translation units (see ../shared/STACK.md: one TU with Beast costs 36 s
// and 1.6 GB to compile).
//
// Threading: the server, the API and the live node run on one io_context
// thread; every call below happens on it, and so does every Reply. Nothing
// here locks. Work that may wait (a store read) leaves that thread through
// Handler::handle_async and comes back to it as the Reply.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace lookout::server {

// One HTTP request as the API sees it. Parsing (request_parse.h) has already
// split the target and percent-decoded path and query.
struct Request {
  std::string method;  ///< "GET", "POST", ... as sent.
  std::string target;  ///< The raw request target ("/api/vessels?bbox=...").
  std::string path;    ///< Percent-decoded path without the query ("/api/vessels").
  std::vector<std::pair<std::string, std::string>> query;    ///< Decoded, in order.
  std::vector<std::pair<std::string, std::string>> headers;  ///< Names in lower case.
  std::string body;
  std::string remote;  ///< "127.0.0.1:54321"

  // The first header / query parameter with this name (header names are
  // compared case-insensitively), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const;
  std::optional<std::string_view> param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< Extra headers.
};

// A structured JSON error: {"error":{"status":404,"code":"not_found","message":"..."}}.
// `message` is for a person and must not reveal anything the caller may not see.
Response json_error(int status, std::string_view code, std::string_view message);

// The answer to a request given to Handler::handle_async.
using Reply = std::function<void(Response)>;

// Answers plain HTTP requests under /api/ and /metrics (static files of the
// web UI are served by the server core itself).
class Handler {
 public:
  virtual ~Handler() = default;
  virtual Response handle(const Request& request) = 0;
  // The server core calls this one. `reply` is called exactly once, on the
  // io thread, now or later (when the answer needs work done elsewhere, such
  // as a store read); meanwhile the connection reads no further request. An
  // answer to a connection that has closed, or to a server that has
  // stopped, is dropped; a Handler that stops may drop `reply` uncalled.
  // Default: reply(handle(request)).
  virtual void handle_async(Request request, Reply reply) { reply(handle(request)); }
  // A request the server core answered itself, so that the Handler audits
  // every request whichever layer answers: a refusal (400, 405, 413, 431;
  // 408 for a request begun and not finished in time, dropped without an
  // answer), a static file, a WebSocket upgrade (101 once the handshake is
  // done, or the status of the refusal sent: the LiveHandler's, or Beast's
  // 400/426 for a bad handshake; 500 when handle() threw). `request` holds
  // what was read: method and target as sent (empty when the request line
  // could not be read), the headers when the whole header was, path and
  // query when the target could be decoded, and remote. Default: nothing.
  virtual void record(const Request& /*request*/, int /*status*/) {}
};

// The server core's side of one open WebSocket. send() queues a text frame;
// when the client does not keep up (queued bytes over the configured limit)
// the server closes the connection (code 1008, "too slow") and tells the
// LiveClient through its destructor - the server never blocks on a client.
class LiveConnection {
 public:
  virtual ~LiveConnection() = default;
  virtual void send(std::shared_ptr<const std::string> text) = 0;
  // Like send(), but ahead of every message not yet begun that was not sent
  // urgently itself (alerts overtake queued map batches); urgent messages
  // keep their order among themselves. Counts towards the same queue limit.
  virtual void send_urgent(std::shared_ptr<const std::string> text) { send(std::move(text)); }
  // Closes the connection with a WebSocket close code and reason.
  virtual void close(uint16_t code, std::string_view reason) = 0;
  // Bytes queued and not yet written.
  virtual std::size_t queued_bytes() const = 0;
  // True once the connection is closing (by either side, or for being too
  // slow): what is sent from then on is dropped. Default: false.
  virtual bool closing() const { return false; }
  // Flow control for a client with more to send than should sit in its
  // queue (the hub streams a picture's snapshot in slices): asks for one
  // LiveClient::on_drained() call when a write completes and leaves at most
  // `bytes` queued. A later call replaces the mark. Never calls back from
  // inside this call: send while queued_bytes() is low, then ask. Default:
  // nothing, for a connection that never queues (queued_bytes() stays 0).
  virtual void notify_drained(std::size_t /*bytes*/) {}
};

// The API's side of one open WebSocket; destroyed when the connection closes
// (after which its LiveConnection must not be used).
class LiveClient {
 public:
  virtual ~LiveClient() = default;
  // One text message from the client (binary messages are refused by the core).
  virtual void on_message(std::string_view text) = 0;
  // A message the core refused without calling on_message, and the close
  // code it closes the connection with: binary (1003), over the size limit
  // (1009). For the audit log; default: nothing.
  virtual void on_refused(std::string_view /*why*/, uint16_t /*close_code*/) {}
  // The queue fell to the mark asked for with LiveConnection::notify_drained();
  // called once per request, while the connection is open. Default: nothing.
  virtual void on_drained() {}
};

// Decides WebSocket upgrades on /api/live. `open` sees the upgrade request;
// it returns a Response to refuse (401, 403, ...), which the server sends as
// plain HTTP, or a LiveClient to accept. `connection` stays valid for the
// LiveClient's life.
class LiveHandler {
 public:
  virtual ~LiveHandler() = default;
  virtual std::variant<Response, std::unique_ptr<LiveClient>> open(const Request& request,
                                                                   LiveConnection& connection) = 0;
};

}  // namespace lookout::server
