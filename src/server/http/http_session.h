// Internal to src/server/http: the HTTP session template (see session.h). Included through session.h only.
#pragma once

#include "server/http/session.h"

namespace lookout::server::detail {

// ---------------------------------------------------------------------------
// HTTP session: one keep-alive connection, one request at a time (the next
// is read only once the answer to the last is written, however long the
// Handler takes to give it).

template <typename Stream>
class HttpSession final : public Session, public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(std::shared_ptr<Impl> impl, tcp::socket&& socket, std::string remote, ConnectionSlot&& slot)
      : impl_(std::move(impl)),
        stream_(make_stream(std::move(socket), *impl_)),
        slot_(std::move(slot)),
        buffer_(impl_->options.max_header_bytes + impl_->options.max_body_bytes + 64 * 1024),
        remote_(std::move(remote)) {}

  ~HttpSession() override { impl_->remove(id_); }

  void start() {
    id_ = impl_->add(this->weak_from_this());
    // One deadline from the accept to the end of the first request (and the
    // TLS handshake before it): a connection that sends nothing, or too
    // little, holds its slot for header_timeout, not idle_timeout.
    tcp().expires_after(impl_->options.header_timeout);
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
    guarded(*impl_, std::forward<F>(f), [this]() noexcept { close_now(); });
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
  // Hands the Handler a request the core answered (or dropped) itself, for
  // the audit log; an exception from it is counted and swallowed.
  void record(const Request& request, int status) noexcept;
  // What was read of a request that could not be parsed: from the parser
  // once it has the request line, else the request line in the buffer.
  Request partial_request();
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
  bool first_ = true;  // the first request not read yet: the accept's deadline runs
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
  if (!first_) tcp().expires_after(impl_->options.idle_timeout);
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
  if (!first_) tcp().expires_after(impl_->options.header_timeout);
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
      record(partial_request(), 408);  // begun, not finished: dropped without an answer
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
  first_ = false;
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
    Request seen;
    seen.method = std::string(sv(message.method_string()));
    seen.target = std::string(sv(message.target()));
    for (const auto& field : message) {
      seen.headers.emplace_back(std::string(sv(field.name_string())), std::string(sv(field.value())));
    }
    seen.remote = remote_;
    record(seen, 400);
    respond(json_error(400, "bad_request", "invalid request target"), version, false, head, Kind::kOther);
    return;
  }
  const Request& request = built.value();
  const bool api = is_api_path(request.path);
  if (!method_supported(verb)) {
    impl_->count(HttpFailure::kMethodNotAllowed);
    Response r = json_error(405, "method_not_allowed", "method not allowed");
    r.headers.emplace_back("Allow", api ? "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" : "GET, HEAD");
    record(request, 405);
    respond(std::move(r), version, keep_alive, head, api ? Kind::kApi : Kind::kOther);
    return;
  }
  if (api) {
    if (verb == http::verb::get && request.path == "/api/live" && websocket::is_upgrade(message)) {
      if (impl_->live == nullptr) {
        record(request, 404);
        respond(json_error(404, "not_found", "no live feed here"), version, false, head, Kind::kApi);
        return;
      }
      done_ = true;  // the stream moves to the WebSocket session
      impl_->remove(id_);
      start_ws_session(impl_, std::move(stream_), std::move(slot_), request, std::move(message));
      return;
    }
    // The Handler answers now or later (a store read runs on a thread of
    // its own): until it does, this connection reads nothing more, and an
    // answer that comes after the connection closed or the server stopped
    // is dropped (respond() checks). The reply keeps the session alive.
    auto answered = std::make_shared<bool>(false);
    Reply reply = [self = this->shared_from_this(), answered, version, keep_alive, head](Response response) {
      if (*answered) return;  // exactly once
      *answered = true;
      self->guard([&] { self->respond(std::move(response), version, keep_alive, head, Kind::kApi); });
    };
    Request copy = request;  // the Handler keeps it; `request` may be recorded below
    try {
      impl_->handler.handle_async(std::move(copy), reply);
    } catch (...) {
      impl_->count(HttpFailure::kHandlerError);
      if (!*answered) {
        record(request, 500);  // the Handler could not audit it
        reply(json_error(500, "internal", "the request could not be answered"));
      }
    }
    return;
  }
  if (verb != http::verb::get && verb != http::verb::head) {
    impl_->count(HttpFailure::kMethodNotAllowed);
    Response r = json_error(405, "method_not_allowed", "method not allowed");
    r.headers.emplace_back("Allow", "GET, HEAD");
    record(request, 405);
    respond(std::move(r), version, keep_alive, head, Kind::kOther);
    return;
  }
  if (impl_->web_root.empty()) {
    record(request, 404);
    respond(json_error(404, "not_found", "no such file"), version, keep_alive, head, Kind::kOther);
    return;
  }
  Response file = serve_static(impl_->web_root, request.path);
  record(request, file.status);
  const Kind kind = file.status == 200 ? Kind::kStatic : Kind::kOther;
  respond(std::move(file), version, keep_alive, head, kind);
}

template <typename Stream>
void HttpSession<Stream>::respond(Response&& response, unsigned version, bool keep_alive, bool head, Kind kind) {
  if (done_ || impl_->stopped) return;  // closed or stopped, maybe while the Handler worked
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
  record(partial_request(), status);
  respond(json_error(status, code, message), 11, false, false, Kind::kOther);
}

template <typename Stream>
void HttpSession<Stream>::record(const Request& request, int status) noexcept {
  if (impl_->stopped) return;
  try {
    impl_->handler.record(request, status);
  } catch (...) {
    impl_->count(HttpFailure::kHandlerError);
  }
}

template <typename Stream>
Request HttpSession<Stream>::partial_request() {
  Request r;
  r.remote = remote_;
  // Beast's parser takes the request line and each field into its message
  // as it reads them (and consumes those bytes): once it has a method, the
  // message holds what there is; before, the buffer does.
  if (parser_ && !parser_->get().method_string().empty()) {
    const auto& header = parser_->get();
    r.method = std::string(sv(header.method_string()));
    r.target = std::string(sv(header.target()));
    for (const auto& field : header) {
      r.headers.emplace_back(std::string(sv(field.name_string())), std::string(sv(field.value())));
    }
  } else {
    const auto data = buffer_.cdata();
    const auto line = peek_request_line(std::string_view(static_cast<const char*>(data.data()), data.size()));
    r.method = std::string(line.method);
    r.target = std::string(line.target);
  }
  // Path and query when the target decodes; the raw target either way.
  if (auto done = finish_request(r)) return std::move(done).value();
  return r;
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
