// A TAK-side receiver for the CoT tests, on loopback in the test's own
// io_context: a TCP server (TAK Server's 8087), a TLS server that demands a
// client certificate (8089), or a UDP socket (SA, multicast or unicast). It
// reads what a node's CoT output sends, splits and parses it with our CoT
// reader (decode/cot), and keeps every event, the raw bytes (to look for
// what must never appear) and the latest event per uid (the picture a TAK
// client draws).
#pragma once

#include <utility>  // before Asio: GCC 12 + C++20 needs std::exchange declared

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/multicast.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ssl.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "decode/cot/parser.h"
#include "decode/cot/stream.h"

namespace lookout::cot_testing {

// What a receiver has read: every event, and the picture they draw.
struct SeenEvents {
  std::vector<cot::CotEvent> events;
  int parse_errors = 0;
  std::map<std::string, cot::CotEvent> picture;  // latest per uid; a t-x-d-d removes its link's uid

  bool add(std::string_view doc) {
    auto e = cot::parse_event(doc);
    if (!e.ok()) {
      ++parse_errors;
      return false;
    }
    if (e->type == "t-x-d-d") {
      for (const auto& l : e->links) picture.erase(l.uid);
    } else {
      picture[e->uid] = *e;
    }
    events.push_back(std::move(e.value()));
    return true;
  }
};

class TakReceiver {
 public:
  // A stream server on 127.0.0.1 (an ephemeral port); with `tls`, the server
  // certificate and the CA its clients' certificates must chain to.
  TakReceiver(boost::asio::io_context& io, boost::asio::ssl::context* tls) : tls_(tls), acceptor_(io) {
    using boost::asio::ip::tcp;
    tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen();
    accept();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  // Closes every connection (the output must reconnect).
  void drop() {
    boost::system::error_code ignored;
    for (auto& c : conns_) {
      if (c->plain) c->plain->close(ignored);
      if (c->secure) c->secure->next_layer().close(ignored);
    }
  }

  int connections = 0;            // accepted (and, for TLS, handshaken)
  int handshake_failures = 0;
  std::string bytes;              // everything received, all connections
  SeenEvents seen;
  std::vector<int> event_connection;  // the connection each event came on (1, 2, ...)

 private:
  struct Conn {
    std::unique_ptr<boost::asio::ip::tcp::socket> plain;
    std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> secure;
    std::array<char, 16 * 1024> buf{};
    cot::CotStream stream;
    int number = 0;
  };

  void accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, boost::asio::ip::tcp::socket s) {
      if (ec) return;
      auto c = std::make_shared<Conn>();
      conns_.push_back(c);
      if (tls_ == nullptr) {
        c->plain = std::make_unique<boost::asio::ip::tcp::socket>(std::move(s));
        c->number = ++connections;
        read(c);
      } else {
        c->secure = std::make_unique<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>(std::move(s), *tls_);
        c->secure->async_handshake(boost::asio::ssl::stream_base::server, [this, c](const boost::system::error_code& hs) {
          if (hs) {
            ++handshake_failures;
            return;
          }
          c->number = ++connections;
          read(c);
        });
      }
      accept();
    });
  }
  void read(const std::shared_ptr<Conn>& c) {
    auto done = [this, c](const boost::system::error_code& ec, std::size_t n) {
      const std::string_view data(c->buf.data(), n);
      bytes.append(data);
      c->stream.feed(data);
      while (auto doc = c->stream.next()) {
        if (seen.add(*doc)) event_connection.push_back(c->number);
      }
      if (!ec) read(c);
    };
    if (c->plain) {
      c->plain->async_read_some(boost::asio::buffer(c->buf), done);
    } else {
      c->secure->async_read_some(boost::asio::buffer(c->buf), done);
    }
  }

  boost::asio::ssl::context* tls_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::vector<std::shared_ptr<Conn>> conns_;
};

// SA over UDP: one event a datagram.
class UdpTakReceiver {
 public:
  // Joins `group` (on the loopback interface) when it is not empty; binds
  // an ephemeral port either way.
  UdpTakReceiver(boost::asio::io_context& io, const std::string& group) : socket_(io) {
    using boost::asio::ip::udp;
    socket_.open(udp::v4());
    socket_.set_option(udp::socket::reuse_address(true));
    socket_.bind(udp::endpoint(group.empty() ? boost::asio::ip::make_address("127.0.0.1") : boost::asio::ip::address_v4::any(), 0));
    if (!group.empty()) {
      socket_.set_option(boost::asio::ip::multicast::join_group(boost::asio::ip::make_address_v4(group),
                                                                boost::asio::ip::make_address_v4("127.0.0.1")),
                         join_error);
    }
    read();
  }
  uint16_t port() const { return socket_.local_endpoint().port(); }
  boost::system::error_code join_error;
  std::string bytes;  // every datagram, back to back
  int datagrams = 0;
  SeenEvents seen;

 private:
  void read() {
    socket_.async_receive(boost::asio::buffer(buf_), [this](const boost::system::error_code& ec, std::size_t n) {
      if (ec) return;
      ++datagrams;
      bytes.append(buf_.data(), n);
      seen.add(std::string_view(buf_.data(), n));
      read();
    });
  }
  boost::asio::ip::udp::socket socket_;
  std::array<char, 64 * 1024> buf_{};
};

}  // namespace lookout::cot_testing
