// Internal to src/server/http: the HTTP session (keep-alive, limits,
// timeouts, routing, static files, error answers) and the WebSocket session
// (the bounded write queue behind LiveConnection), templates over the stream
// they run on: beast::tcp_stream (plain) or beast::ssl_stream over it (TLS).
// The TLS session adds a handshake (bounded by header_timeout) in front and
// a bounded close_notify at the end; everything in between is the same
// code. Included by server.cc (plain), server_tls.cc (TLS HTTP) and
// server_tls_ws.cc (TLS WebSocket) only.
//
// Every completion handler runs its body under guard(): an exception from
// our code or from the API closes that one connection, counted as
// kHandlerError, and never reaches io_context::run().
#pragma once

#include <utility>  // before any Asio/Beast header (GCC 12 + C++20)

// GCC 12 with -fsanitize reports a boost::optional inside Beast's parser as
// maybe-uninitialized (a false positive, located in the Boost headers).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <exception>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

#include "server/http/request_parse.h"
#include "server/http/server_impl.h"

namespace lookout::server::detail {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

inline std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

inline bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Paths the Handler answers; everything else is the web UI.
inline bool is_api_path(std::string_view path) {
  return path == "/api" || starts_with(path, "/api/") || path == "/metrics";
}

inline bool method_supported(http::verb v) {
  switch (v) {
    case http::verb::get:
    case http::verb::head:
    case http::verb::post:
    case http::verb::put:
    case http::verb::patch:
    case http::verb::delete_:
    case http::verb::options:
      return true;
    default:
      return false;
  }
}

// No CR, LF or NUL: an extra header from the API can never split a response.
inline bool header_text_safe(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

inline bool header_name_safe(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!token) return false;
  }
  return true;
}

enum class Kind : uint8_t { kApi, kStatic, kOther };

using HttpResponse = http::response<http::string_body>;

// TLS is any stream over the TCP stream (beast::ssl_stream); the TLS-only
// calls below are dependent on Stream so that server.cc needs no SSL header.
template <typename Stream>
inline constexpr bool kIsTls = !std::is_same_v<Stream, beast::tcp_stream>;

// Fills `res` from the API's (or our own) Response.
inline void fill_response(HttpResponse& res, Response&& r, unsigned version, bool keep_alive, bool head, Kind kind,
                          const ServerOptions& options) {
  res = HttpResponse();
  res.version(version);
  const int status = (r.status >= 100 && r.status <= 599) ? r.status : 500;
  res.result(static_cast<unsigned>(status));
  if (header_text_safe(r.content_type) && !r.content_type.empty()) {
    res.set(http::field::content_type, r.content_type);
  }
  for (auto& [name, value] : r.headers) {
    if (header_name_safe(name) && header_text_safe(value)) res.insert(name, value);
  }
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  if (kind == Kind::kApi) res.set(http::field::cache_control, "no-store");
  if (kind == Kind::kStatic) res.set("Content-Security-Policy", options.content_security_policy);
  const std::size_t size = r.body.size();
  if (!head) res.body() = std::move(r.body);
  res.content_length(size);
  res.keep_alive(keep_alive);
}

// ---------------------------------------------------------------------------
// WebSocket session: LiveConnection for one client of /api/live.

template <typename Stream>
class WsSession final : public Session,
                        public LiveConnection,
                        public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(std::shared_ptr<Impl> impl, Stream&& stream, ConnectionSlot&& slot)
      : impl_(std::move(impl)), ws_(std::move(stream)), slot_(std::move(slot)), close_timer_(impl_->io) {}

  ~WsSession() override { impl_->remove(id_); }

  void start(const Request& request, http::request<http::string_body>&& upgrade);

  void send(std::shared_ptr<const std::string> text) override;
  void send_urgent(std::shared_ptr<const std::string> text) override;
  void close(uint16_t code, std::string_view reason) override;
  std::size_t queued_bytes() const override { return queued_bytes_; }

  void abort() noexcept override { finish(); }

 private:
  enum class State : uint8_t { kOpening, kOpen, kClosing, kClosed };

  template <typename F>
  void guard(F&& f) noexcept {
    try {
      f();
    } catch (...) {
      impl_->count(HttpFailure::kHandlerError);
      finish();
    }
  }

  void refuse(Response&& response, unsigned version);
  void on_accept(const error_code& ec);
  void do_read();
  void on_read(const error_code& ec, std::size_t n);
  // Queues a message (urgent: ahead of the others not yet begun); closes
  // the connection with 1008 when the queue grows beyond its bound.
  void enqueue(std::shared_ptr<const std::string> text, bool urgent);
  void maybe_write();
  void on_write(const error_code& ec, std::size_t n);
  void do_close();
  void finish() noexcept;

  std::shared_ptr<Impl> impl_;
  websocket::stream<Stream> ws_;
  ConnectionSlot slot_;
  asio::steady_timer close_timer_;
  uint64_t id_ = 0;
  http::request<http::string_body> upgrade_;  // alive until async_accept completes
  HttpResponse refusal_;
  beast::flat_buffer read_buffer_;
  std::size_t message_bytes_ = 0;  // of the message being read
  bool message_too_big_ = false;   // the message being read is over the limit: dropped
  std::unique_ptr<LiveClient> client_;
  std::deque<std::shared_ptr<const std::string>> queue_;  // front: being written when writing_
  std::size_t queued_bytes_ = 0;
  std::size_t urgent_ahead_ = 0;  // urgent messages at the head of the queue, after the one being written
  State state_ = State::kOpening;
  bool writing_ = false;
  bool accepted_ = false;
  bool close_sent_ = false;
  uint16_t close_code_ = 1000;
  std::string close_reason_;
};

template <typename Stream>
void WsSession<Stream>::start(const Request& request, http::request<http::string_body>&& upgrade) {
  id_ = impl_->add(this->weak_from_this());
  upgrade_ = std::move(upgrade);
  std::variant<Response, std::unique_ptr<LiveClient>> decision;
  try {
    decision = impl_->live->open(request, *this);
  } catch (...) {
    impl_->count(HttpFailure::kHandlerError);
    decision = json_error(500, "internal", "the request could not be answered");
  }
  if (auto* response = std::get_if<Response>(&decision)) {
    refuse(std::move(*response), upgrade_.version());
    return;
  }
  client_ = std::move(std::get<std::unique_ptr<LiveClient>>(decision));
  if (!client_) {
    refuse(json_error(500, "internal", "the request could not be answered"), upgrade_.version());
    return;
  }
  // Beast's WebSocket timeouts replace the TCP stream's.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = impl_->options.header_timeout;
  timeouts.idle_timeout = impl_->options.ws_ping_interval;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  // The message size limit is ours (on_read), not Beast's: Beast's own
  // refusal ends in its teardown, whose error (over TLS, the client's data
  // still in flight after our close_notify) would hide the reason.
  ws_.read_message_max(0);
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
    res.set("X-Content-Type-Options", "nosniff");
  }));
  ws_.text(true);
  ws_.async_accept(upgrade_, [self = this->shared_from_this()](const error_code& ec) {
    self->guard([&] { self->on_accept(ec); });
  });
}

template <typename Stream>
void WsSession<Stream>::refuse(Response&& response, unsigned version) {
  state_ = State::kClosing;
  client_.reset();
  fill_response(refusal_, std::move(response), version, false, false, Kind::kApi, impl_->options);
  beast::get_lowest_layer(ws_).expires_after(impl_->options.write_timeout);
  http::async_write(ws_.next_layer(), refusal_, [self = this->shared_from_this()](const error_code&, std::size_t n) {
    self->impl_->stats.bytes_out += n;
    self->finish();
  });
}

template <typename Stream>
void WsSession<Stream>::on_accept(const error_code& ec) {
  if (state_ == State::kClosed) return;
  if (ec) {
    impl_->count(ec == beast::error::timeout ? HttpFailure::kHeaderTimeout : HttpFailure::kWsProtocol);
    finish();
    return;
  }
  accepted_ = true;
  ++impl_->stats.websocket_open;
  ++impl_->stats.websocket_total;
  do_read();
  if (state_ == State::kClosing) {
    do_close();  // closed (or overflowed) while opening
    return;
  }
  state_ = State::kOpen;
  maybe_write();
}

template <typename Stream>
void WsSession<Stream>::do_read() {
  // At most one byte over the limit of the message so far: enough to know
  // it is too big, never more held.
  const std::size_t max = impl_->options.ws_max_message_bytes;
  const std::size_t room = message_bytes_ <= max ? max - message_bytes_ + 1 : 4096;
  ws_.async_read_some(read_buffer_, room, [self = this->shared_from_this()](const error_code& ec, std::size_t n) {
    self->guard([&] { self->on_read(ec, n); });
  });
}

template <typename Stream>
void WsSession<Stream>::on_read(const error_code& ec, std::size_t n) {
  if (state_ == State::kClosed) return;
  if (ec) {
    if (ec == websocket::error::message_too_big) {
      impl_->count(HttpFailure::kWsMessageTooBig);  // Beast has sent close 1009
    } else if (ec == beast::error::timeout) {
      impl_->count(HttpFailure::kWsTimeout);
    } else if (ec.category() == websocket::make_error_code(websocket::error::closed).category() &&
               ec != websocket::error::closed) {
      impl_->count(HttpFailure::kWsProtocol);
    }
    finish();
    return;
  }
  message_bytes_ += n;
  impl_->stats.bytes_in += n;
  if (message_bytes_ > impl_->options.ws_max_message_bytes) {
    if (!message_too_big_) {
      message_too_big_ = true;
      impl_->count(HttpFailure::kWsMessageTooBig);
      close(1009, "message too big");
    }
    read_buffer_.consume(read_buffer_.size());  // the rest is read and dropped
  } else if (!ws_.is_message_done()) {
    do_read();  // the rest of the message
    return;
  }
  if (!ws_.is_message_done()) {
    if (state_ != State::kClosed) do_read();
    return;
  }
  const bool dropped = message_too_big_;
  message_bytes_ = 0;
  message_too_big_ = false;
  if (dropped) {
    if (state_ != State::kClosed) do_read();
    return;
  }
  ++impl_->stats.ws_messages_in;
  if (state_ == State::kOpen) {
    if (ws_.got_binary()) {
      impl_->count(HttpFailure::kWsBinary);
      close(1003, "binary messages are not accepted");
    } else {
      const auto data = read_buffer_.cdata();
      const std::string_view text(static_cast<const char*>(data.data()), data.size());
      try {
        client_->on_message(text);
      } catch (...) {
        impl_->count(HttpFailure::kHandlerError);
        close(1011, "internal error");
      }
    }
  }
  read_buffer_.consume(read_buffer_.size());
  if (state_ == State::kClosed) return;
  do_read();  // also while closing: the close handshake needs a reader
}

template <typename Stream>
void WsSession<Stream>::send(std::shared_ptr<const std::string> text) {
  enqueue(std::move(text), /*urgent=*/false);
}

template <typename Stream>
void WsSession<Stream>::send_urgent(std::shared_ptr<const std::string> text) {
  enqueue(std::move(text), /*urgent=*/true);
}

template <typename Stream>
void WsSession<Stream>::enqueue(std::shared_ptr<const std::string> text, bool urgent) {
  if (!text || state_ == State::kClosing || state_ == State::kClosed) return;
  queued_bytes_ += text->size();
  if (urgent) {
    // The message being written stays first (its buffer is in use); then
    // the urgent ones already queued, in their order; then this one.
    std::size_t at = std::min((writing_ ? 1u : 0u) + urgent_ahead_, queue_.size());
    queue_.insert(queue_.begin() + static_cast<std::ptrdiff_t>(at), std::move(text));
    ++urgent_ahead_;
  } else {
    queue_.push_back(std::move(text));
  }
  if (queued_bytes_ > impl_->options.ws_max_queue_bytes) {
    impl_->count(HttpFailure::kWsTooSlow);
    ++impl_->stats.dropped_slow_clients;
    close(1008, "too slow");
    return;
  }
  if (state_ == State::kOpen) maybe_write();
}

template <typename Stream>
void WsSession<Stream>::maybe_write() {
  if (writing_ || queue_.empty() || state_ != State::kOpen) return;
  if (urgent_ahead_ > 0) --urgent_ahead_;  // the head, urgent or not, is now being written
  writing_ = true;
  ws_.async_write(asio::buffer(*queue_.front()), [self = this->shared_from_this()](const error_code& ec, std::size_t n) {
    self->guard([&] { self->on_write(ec, n); });
  });
}

template <typename Stream>
void WsSession<Stream>::on_write(const error_code& ec, std::size_t n) {
  writing_ = false;
  if (state_ == State::kClosed) return;
  if (ec) {
    finish();
    return;
  }
  ++impl_->stats.ws_messages_out;
  impl_->stats.bytes_out += n;
  if (!queue_.empty()) {
    queued_bytes_ -= queue_.front()->size();
    queue_.pop_front();
  }
  if (state_ == State::kClosing) {
    if (accepted_ && !close_sent_) do_close();
    return;
  }
  maybe_write();
}

template <typename Stream>
void WsSession<Stream>::close(uint16_t code, std::string_view reason) {
  if (state_ == State::kClosing || state_ == State::kClosed) return;
  const bool was_open = state_ == State::kOpen;
  state_ = State::kClosing;
  close_code_ = code;
  close_reason_.assign(reason.substr(0, 123));  // the most a close frame holds
  // Drop what is waiting; keep the message being written (its buffer is in use).
  const std::size_t keep = writing_ ? 1 : 0;
  while (queue_.size() > keep) queue_.pop_back();
  urgent_ahead_ = 0;
  queued_bytes_ = queue_.empty() ? 0 : queue_.front()->size();
  close_timer_.expires_after(impl_->options.ws_close_timeout);
  close_timer_.async_wait([self = this->shared_from_this()](const error_code& ec) {
    if (!ec) self->finish();  // the last write or the handshake did not finish in time
  });
  if (was_open && !writing_) do_close();
}

template <typename Stream>
void WsSession<Stream>::do_close() {
  close_sent_ = true;
  websocket::close_reason reason(beast::string_view(close_reason_.data(), close_reason_.size()));
  reason.code = close_code_;
  ws_.async_close(reason, [self = this->shared_from_this()](const error_code&) { self->finish(); });
}

template <typename Stream>
void WsSession<Stream>::finish() noexcept {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  error_code ignored;
  close_timer_.cancel(ignored);
  auto& socket = beast::get_lowest_layer(ws_).socket();
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
  // The message being written keeps its buffer until its handler runs.
  while (queue_.size() > (writing_ ? 1u : 0u)) queue_.pop_back();
  urgent_ahead_ = 0;
  queued_bytes_ = 0;
  if (accepted_) --impl_->stats.websocket_open;
  slot_.release();
  impl_->remove(id_);
  // Last: the client's destructor may call send()/close(), no-ops by now.
  std::unique_ptr<LiveClient> client = std::move(client_);
  client.reset();
}

// Hands an upgraded connection to a new WebSocket session. Not inline, so
// that a TU can declare its instantiation extern and leave it to another
// (server_tls.cc and server_tls_ws.cc: the TLS WebSocket alone is the
// biggest instantiation here).
template <typename Stream>
void start_ws_session(std::shared_ptr<Impl> impl, Stream&& stream, ConnectionSlot&& slot, const Request& request,
                      http::request<http::string_body>&& upgrade) {
  auto ws = std::make_shared<WsSession<Stream>>(std::move(impl), std::move(stream), std::move(slot));
  ws->start(request, std::move(upgrade));
}

// ---------------------------------------------------------------------------
// HTTP session: one keep-alive connection, one request at a time.

template <typename Stream>
class HttpSession final : public Session, public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(std::shared_ptr<Impl> impl, tcp::socket&& socket, std::string remote)
      : impl_(std::move(impl)),
        stream_(make_stream(std::move(socket), *impl_)),
        slot_(impl_),
        buffer_(impl_->options.max_header_bytes + impl_->options.max_body_bytes + 64 * 1024),
        remote_(std::move(remote)) {}

  ~HttpSession() override { impl_->remove(id_); }

  void start() {
    id_ = impl_->add(this->weak_from_this());
    if constexpr (kIsTls<Stream>) {
      handshake();
    } else {
      wait_for_request();
    }
  }

  void abort() noexcept override { close_now(); }

 private:
  template <typename F>
  void guard(F&& f) noexcept {
    try {
      f();
    } catch (...) {
      impl_->count(HttpFailure::kHandlerError);
      close_now();
    }
  }

  static Stream make_stream(tcp::socket&& socket, Impl& impl) {
    if constexpr (kIsTls<Stream>) {
      return Stream(beast::tcp_stream(std::move(socket)), *impl.tls);
    } else {
      return Stream(std::move(socket));
    }
  }
  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  void handshake();
  void wait_for_request();
  void read_request();
  void on_read(const error_code& ec, std::size_t n);
  void handle(http::request<http::string_body>&& message);
  void respond(Response&& response, unsigned version, bool keep_alive, bool head, Kind kind);
  void fail(HttpFailure failure, int status, std::string_view code, std::string_view message);
  void on_write(const error_code& ec, std::size_t n, bool keep_alive);
  void linger();
  void drain();
  void close_now() noexcept;

  std::shared_ptr<Impl> impl_;
  Stream stream_;
  ConnectionSlot slot_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpResponse response_;
  std::string remote_;
  uint64_t id_ = 0;
  std::size_t drained_ = 0;
  bool done_ = false;  // closed, or handed to a WebSocket session
};

// TLS: the handshake, within header_timeout of the connection. A client
// that sends nothing or stalls is dropped as a header timeout; one that
// sends something other than a TLS ClientHello (plain HTTP, garbage), agrees
// on nothing or rejects our certificate is closed and counted as
// kTlsHandshake (see tls_handshake_failure()); one that just goes away is
// not counted, as on a plain connection.
template <typename Stream>
void HttpSession<Stream>::handshake() {
  if constexpr (kIsTls<Stream>) {
    tcp().expires_after(impl_->options.header_timeout);
    stream_.async_handshake(Stream::server, [self = this->shared_from_this()](const error_code& ec) {
      self->guard([&] {
        if (self->done_ || self->impl_->stopped) return;
        if (ec) {
          if (auto failure = tls_handshake_failure(ec)) self->impl_->count(*failure);
          self->close_now();
          return;
        }
        self->wait_for_request();
      });
    });
  }
}

template <typename Stream>
void HttpSession<Stream>::wait_for_request() {
  if (done_ || impl_->stopped) return;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(impl_->options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  parser_->body_limit(static_cast<std::uint64_t>(impl_->options.max_body_bytes));
  if (buffer_.size() > 0) {  // the next request is already here (pipelined)
    read_request();
    return;
  }
  tcp().expires_after(impl_->options.idle_timeout);
  stream_.async_read_some(buffer_.prepare(4096), [self = this->shared_from_this()](const error_code& ec, std::size_t n) {
    self->guard([&] {
      self->buffer_.commit(n);
      self->impl_->stats.bytes_in += n;
      if (ec || self->done_) {
        self->close_now();  // closed by the client, idle timeout, or stop()
        return;
      }
      self->read_request();
    });
  });
}

template <typename Stream>
void HttpSession<Stream>::read_request() {
  tcp().expires_after(impl_->options.header_timeout);
  http::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](const error_code& ec, std::size_t n) {
    self->guard([&] { self->on_read(ec, n); });
  });
}

template <typename Stream>
void HttpSession<Stream>::on_read(const error_code& ec, std::size_t n) {
  impl_->stats.bytes_in += n;
  if (done_ || impl_->stopped) return;
  if (ec) {
    if (ec == beast::error::timeout) {
      impl_->count(HttpFailure::kHeaderTimeout);
      close_now();
    } else if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      fail(HttpFailure::kHeaderTooLarge, 431, "header_too_large", "the request header is too large");
    } else if (ec == http::error::body_limit) {
      fail(HttpFailure::kBodyTooLarge, 413, "body_too_large", "the request body is too large");
    } else if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message) {
      fail(HttpFailure::kMalformed, 400, "bad_request", "malformed HTTP request");
    } else {
      close_now();  // the client went away
    }
    return;
  }
  ++impl_->stats.requests;
  handle(parser_->release());
}

template <typename Stream>
void HttpSession<Stream>::handle(http::request<http::string_body>&& message) {
  const unsigned version = message.version();
  const bool keep_alive = message.keep_alive();
  const http::verb verb = message.method();
  const bool head = verb == http::verb::head;

  Request raw;
  raw.method = std::string(sv(message.method_string()));
  raw.target = std::string(sv(message.target()));
  raw.headers.reserve(16);
  for (const auto& field : message) {
    raw.headers.emplace_back(std::string(sv(field.name_string())), std::string(sv(field.value())));
  }
  raw.body = std::move(message.body());
  raw.remote = remote_;
  auto built = finish_request(std::move(raw));
  if (!built) {
    impl_->count(HttpFailure::kBadTarget);
    respond(json_error(400, "bad_request", "invalid request target"), version, false, head, Kind::kOther);
    return;
  }
  const Request& request = built.value();
  const bool api = is_api_path(request.path);
  if (!method_supported(verb)) {
    impl_->count(HttpFailure::kMethodNotAllowed);
    Response r = json_error(405, "method_not_allowed", "method not allowed");
    r.headers.emplace_back("Allow", api ? "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" : "GET, HEAD");
    respond(std::move(r), version, keep_alive, head, api ? Kind::kApi : Kind::kOther);
    return;
  }
  if (api) {
    if (verb == http::verb::get && request.path == "/api/live" && websocket::is_upgrade(message)) {
      if (impl_->live == nullptr) {
        respond(json_error(404, "not_found", "no live feed here"), version, false, head, Kind::kApi);
        return;
      }
      done_ = true;  // the stream moves to the WebSocket session
      impl_->remove(id_);
      start_ws_session(impl_, std::move(stream_), std::move(slot_), request, std::move(message));
      return;
    }
    Response response;
    try {
      response = impl_->handler.handle(request);
    } catch (...) {
      impl_->count(HttpFailure::kHandlerError);
      response = json_error(500, "internal", "the request could not be answered");
    }
    respond(std::move(response), version, keep_alive, head, Kind::kApi);
    return;
  }
  if (verb != http::verb::get && verb != http::verb::head) {
    impl_->count(HttpFailure::kMethodNotAllowed);
    Response r = json_error(405, "method_not_allowed", "method not allowed");
    r.headers.emplace_back("Allow", "GET, HEAD");
    respond(std::move(r), version, keep_alive, head, Kind::kOther);
    return;
  }
  if (impl_->web_root.empty()) {
    respond(json_error(404, "not_found", "no such file"), version, keep_alive, head, Kind::kOther);
    return;
  }
  Response file = serve_static(impl_->web_root, request.path);
  const Kind kind = file.status == 200 ? Kind::kStatic : Kind::kOther;
  respond(std::move(file), version, keep_alive, head, kind);
}

template <typename Stream>
void HttpSession<Stream>::respond(Response&& response, unsigned version, bool keep_alive, bool head, Kind kind) {
  if (done_) return;  // stop() ran inside the handler
  fill_response(response_, std::move(response), version, keep_alive, head, kind, impl_->options);
  tcp().expires_after(impl_->options.write_timeout);
  http::async_write(stream_, response_,
                    [self = this->shared_from_this(), keep_alive](const error_code& ec, std::size_t n) {
                      self->guard([&] { self->on_write(ec, n, keep_alive); });
                    });
}

template <typename Stream>
void HttpSession<Stream>::fail(HttpFailure failure, int status, std::string_view code, std::string_view message) {
  impl_->count(failure);
  respond(json_error(status, code, message), 11, false, false, Kind::kOther);
}

template <typename Stream>
void HttpSession<Stream>::on_write(const error_code& ec, std::size_t n, bool keep_alive) {
  impl_->stats.bytes_out += n;
  if (done_) return;
  if (ec) {
    if (ec == beast::error::timeout) impl_->count(HttpFailure::kWriteTimeout);
    close_now();
    return;
  }
  response_ = HttpResponse();
  if (!keep_alive) {
    linger();
    return;
  }
  wait_for_request();
}

// Closing right after an error answer while the client still sends would
// reset the connection and could destroy the answer in flight: shut down our
// side, read and discard for a moment, then close. Over TLS our side's end
// is a close_notify; OpenSSL then waits for the client's, which a client
// that has gone (or never sends one) does not give: the timer bounds it.
template <typename Stream>
void HttpSession<Stream>::linger() {
  tcp().expires_after(std::min<std::chrono::milliseconds>(impl_->options.header_timeout, std::chrono::seconds(2)));
  buffer_.consume(buffer_.size());
  if constexpr (kIsTls<Stream>) {
    stream_.async_shutdown([self = this->shared_from_this()](const error_code&) { self->close_now(); });
  } else {
    error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
    drain();
  }
}

template <typename Stream>
void HttpSession<Stream>::drain() {
  stream_.async_read_some(buffer_.prepare(4096), [self = this->shared_from_this()](const error_code& ec, std::size_t n) {
    self->guard([&] {
      self->drained_ += n;
      if (ec || self->done_ || self->drained_ > (1u << 20)) {
        self->close_now();
        return;
      }
      self->drain();
    });
  });
}

template <typename Stream>
void HttpSession<Stream>::close_now() noexcept {
  if (done_) return;
  done_ = true;
  error_code ignored;
  tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
  tcp().socket().close(ignored);
  slot_.release();
  impl_->remove(id_);
}

}  // namespace lookout::server::detail
