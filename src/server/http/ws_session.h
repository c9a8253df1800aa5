// Internal to src/server/http: the WebSocket session template (see session.h). Included through session.h only.
#pragma once

#include "server/http/session.h"

namespace lookout::server::detail {

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
  bool closing() const override { return state_ == State::kClosing || state_ == State::kClosed; }
  void notify_drained(std::size_t bytes) override { drained_mark_ = bytes; }

  void abort() noexcept override { finish(); }

 private:
  enum class State : uint8_t { kOpening, kOpen, kClosing, kClosed };

  template <typename F>
  void guard(F&& f) noexcept {
    guarded(*impl_, std::forward<F>(f), [this]() noexcept { finish(); });
  }

  void refuse(Response&& response, unsigned version);
  // Hands the Handler the upgrade's outcome for the audit log (see
  // Handler::record); an exception from it is counted and swallowed.
  void record(int status) noexcept;
  void on_accept(const error_code& ec);
  void do_read();
  void on_read(const error_code& ec, std::size_t n);
  // Tells the client (the audit log) of a message refused here.
  void refused(std::string_view why, uint16_t code) noexcept;
  // Queues a message (urgent: ahead of the others not yet begun); closes
  // the connection with 1008 when the queue grows beyond its bound.
  void enqueue(std::shared_ptr<const std::string> text, bool urgent);
  void maybe_write();
  void on_write(const error_code& ec, std::size_t n);
  // Tells the client its queue fell to the mark it asked for.
  void drained();
  void do_close();
  void finish() noexcept;

  std::shared_ptr<Impl> impl_;
  websocket::stream<Stream> ws_;
  ConnectionSlot slot_;
  asio::steady_timer close_timer_;
  uint64_t id_ = 0;
  http::request<http::string_body> upgrade_;  // alive until async_accept completes
  Request request_;          // the upgrade request, for the audit record of its outcome
  int upgrade_status_ = 0;   // the status of the handshake's answer (101, or Beast's 400/426)
  HttpResponse refusal_;
  beast::flat_buffer read_buffer_;
  std::size_t message_bytes_ = 0;  // of the message being read
  bool message_too_big_ = false;   // the message being read is over the limit: dropped
  std::unique_ptr<LiveClient> client_;
  std::deque<std::shared_ptr<const std::string>> queue_;  // front: being written when writing_
  std::size_t queued_bytes_ = 0;
  std::size_t urgent_ahead_ = 0;  // urgent messages at the head of the queue, after the one being written
  std::optional<std::size_t> drained_mark_;  // notify_drained(): call on_drained() at or below this
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
  request_ = request;
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
  // Beast decorates every answer to the handshake, its refusals too: the
  // status seen here is the one the client gets.
  ws_.set_option(websocket::stream_base::decorator([this](websocket::response_type& res) {
    upgrade_status_ = static_cast<int>(res.result_int());
    res.set("X-Content-Type-Options", "nosniff");
  }));
  ws_.text(true);
  // One frame per message, written with one gather write. Beast's default
  // cuts a message into 4 KB frames, each its own write and its own turn of
  // the event loop: a 32 KB vessel slice cost eight. Our messages are
  // bounded (live_hub.cc), so a control frame never waits long behind one.
  ws_.auto_fragment(false);
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
  const int status = static_cast<int>(refusal_.result_int());
  http::async_write(ws_.next_layer(), refusal_,
                    [self = this->shared_from_this(), status](const error_code&, std::size_t n) {
                      self->impl_->stats.bytes_out += n;
                      self->record(status);
                      self->finish();
                    });
}

template <typename Stream>
void WsSession<Stream>::record(int status) noexcept {
  if (impl_->stopped) return;
  try {
    impl_->handler.record(request_, status);
  } catch (...) {
    impl_->count(HttpFailure::kHandlerError);
  }
}

template <typename Stream>
void WsSession<Stream>::on_accept(const error_code& ec) {
  if (state_ == State::kClosed) return;
  if (ec) {
    impl_->count(ec == beast::error::timeout ? HttpFailure::kHeaderTimeout : HttpFailure::kWsProtocol);
    // A handshake Beast refused (400, 426), or one whose answer could not
    // be written (the status it would have had; 408 when none was built).
    record(upgrade_status_ != 0 && upgrade_status_ != 101 ? upgrade_status_ : 408);
    finish();
    return;
  }
  record(101);
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
      refused("message too big", 1009);
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
      refused("binary", 1003);
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
void WsSession<Stream>::refused(std::string_view why, uint16_t code) noexcept {
  if (!client_ || state_ == State::kClosed || state_ == State::kOpening) return;
  try {
    client_->on_refused(why, code);
  } catch (...) {
    impl_->count(HttpFailure::kHandlerError);
  }
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
  if (drained_mark_ && queued_bytes_ <= *drained_mark_) drained();
  maybe_write();
}

template <typename Stream>
void WsSession<Stream>::drained() {
  drained_mark_.reset();
  if (!client_ || state_ != State::kOpen) return;
  try {
    client_->on_drained();  // may send (and start the next write) or close
  } catch (...) {
    impl_->count(HttpFailure::kHandlerError);
    close(1011, "internal error");
  }
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

}  // namespace lookout::server::detail
