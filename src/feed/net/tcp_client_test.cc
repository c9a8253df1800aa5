#include "feed/net/tcp_client.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "feed/net/net_test_util.h"

namespace lookout::feed {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;
using testing::fixed_now;
using testing::loopback;
using testing::run_until;
using testing::run_until_idle;
using testing::write_all;

struct Received {
  std::vector<std::string> lines;
  std::vector<Timestamp> times;
  LineHandler handler() {
    return [this](std::string_view line, Timestamp t) {
      lines.emplace_back(line);
      times.push_back(t);
    };
  }
};

TcpClientParams fast_params(uint16_t port) {
  TcpClientParams p;
  p.host = "127.0.0.1";
  p.port = port;
  p.backoff_initial = 10ms;
  p.backoff_max = 40ms;
  return p;
}

// Accepts one connection on `acceptor`, running the io_context meanwhile.
bool accept_one(asio::io_context& io, tcp::acceptor& acceptor, tcp::socket& peer) {
  bool accepted = false;
  acceptor.async_accept(peer, [&](const boost::system::error_code& ec) { accepted = !ec; });
  return run_until(io, [&] { return accepted; });
}

TEST(TcpClientInput, ReadsLinesSplitAcrossReadsAndStampsThemWithTheNodeClock) {
  asio::io_context io;
  tcp::acceptor acceptor(io, loopback(0));
  Received got;
  TcpClientInput client(io, fast_params(acceptor.local_endpoint().port()), fixed_now, got.handler());
  ASSERT_TRUE(client.start());
  tcp::socket peer(io);
  ASSERT_TRUE(accept_one(io, acceptor, peer));
  ASSERT_TRUE(run_until(io, [&] { return client.status().connected; }));

  write_all(peer, "!AIVDM,1,1,,A,first*00\r\n!AIVDM,1,1,,B,sec");
  // The second half goes out only after the first was read: two reads for one line.
  ASSERT_TRUE(run_until(io, [&] { return client.status().bytes == 41; }));
  EXPECT_EQ(got.lines.size(), 1u);
  write_all(peer, "ond*00\r\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 2; }));
  EXPECT_EQ(got.lines[0], "!AIVDM,1,1,,A,first*00");
  EXPECT_EQ(got.lines[1], "!AIVDM,1,1,,B,second*00");
  EXPECT_EQ(got.times[1], fixed_now());
  EXPECT_EQ(client.status().lines, 2u);
  EXPECT_EQ(client.status().connections, 1u);
}

TEST(TcpClientInput, DropsOverLongLinesAndCarriesOn) {
  asio::io_context io;
  tcp::acceptor acceptor(io, loopback(0));
  Received got;
  TcpClientInput client(io, fast_params(acceptor.local_endpoint().port()), fixed_now, got.handler());
  client.start();
  tcp::socket peer(io);
  ASSERT_TRUE(accept_one(io, acceptor, peer));
  write_all(peer, "before\n" + std::string(5000, 'x') + "\nafter\n" + std::string(4096, 'y') + "\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 3; }));
  EXPECT_EQ(got.lines[0], "before");
  EXPECT_EQ(got.lines[1], "after");
  EXPECT_EQ(got.lines[2], std::string(4096, 'y'));  // exactly the bound is kept
  EXPECT_EQ(client.status().dropped_long, 1u);
}

TEST(TcpClientInput, ReconnectsAfterTheServerGoesAwayAndComesBack) {
  asio::io_context io;
  tcp::acceptor acceptor(io, loopback(0));
  uint16_t port = acceptor.local_endpoint().port();
  Received got;
  TcpClientInput client(io, fast_params(port), fixed_now, got.handler());
  client.start();
  {
    tcp::socket peer(io);
    ASSERT_TRUE(accept_one(io, acceptor, peer));
    write_all(peer, "one\ncut in the mid");
    ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 1; }));
    // The server goes away: connection and listening socket.
    peer.close();
    acceptor.close();
  }
  ASSERT_TRUE(run_until(io, [&] { return !client.status().connected; }));
  // Connection refused a few times, with back-off.
  ASSERT_TRUE(run_until(io, [&] { return client.status().reconnects >= 3; }));
  EXPECT_FALSE(client.status().last_error.empty());

  // The server comes back on the same port.
  acceptor.open(tcp::v4());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(loopback(port));
  acceptor.listen();
  tcp::socket peer(io);
  ASSERT_TRUE(accept_one(io, acceptor, peer));
  write_all(peer, "two\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 2; }));
  // The half line cut by the disconnect was not glued to the next one.
  EXPECT_EQ(got.lines[1], "two");
  EXPECT_EQ(client.status().connections, 2u);
  EXPECT_TRUE(client.status().connected);
}

TEST(TcpClientInput, BacksOffExponentiallyUpToTheMaximum) {
  asio::io_context io;
  uint16_t port = 0;
  {
    tcp::acceptor probe(io, loopback(0));  // a port nobody listens on once closed
    port = probe.local_endpoint().port();
  }
  Received got;
  TcpClientInput client(io, fast_params(port), fixed_now, got.handler());
  EXPECT_EQ(client.next_backoff(), 10ms);
  client.start();
  ASSERT_TRUE(run_until(io, [&] { return client.status().reconnects >= 1; }));
  EXPECT_GE(client.next_backoff(), 20ms);
  ASSERT_TRUE(run_until(io, [&] { return client.status().reconnects >= 4; }));
  EXPECT_EQ(client.next_backoff(), 40ms);
  EXPECT_NE(client.status().last_error.find("connect 127.0.0.1:"), std::string::npos);
  EXPECT_EQ(client.status().connections, 0u);
}

// Fails until the back-off is at its maximum, then connects once, and the
// server hangs up: returns the back-off the client will use next.
std::chrono::milliseconds backoff_after_one_connection(std::chrono::milliseconds stable_after) {
  asio::io_context io;
  uint16_t port = 0;
  {
    tcp::acceptor probe(io, loopback(0));
    port = probe.local_endpoint().port();
  }
  Received got;
  auto params = fast_params(port);
  params.stable_after = stable_after;
  TcpClientInput client(io, params, fixed_now, got.handler());
  client.start();
  EXPECT_TRUE(run_until(io, [&] { return client.next_backoff() == 40ms; }));
  tcp::acceptor acceptor(io);
  acceptor.open(tcp::v4());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(loopback(port));
  acceptor.listen();
  tcp::socket peer(io);
  EXPECT_TRUE(accept_one(io, acceptor, peer));
  EXPECT_TRUE(run_until(io, [&] { return client.status().connected; }));
  peer.close();
  EXPECT_TRUE(run_until(io, [&] { return !client.status().connected; }));
  return client.next_backoff();
}

TEST(TcpClientInput, ALongLivedConnectionResetsTheBackOff) {
  // Lived at least stable_after: the next wait is the initial one (10 ms),
  // so the one after it is 20 ms.
  EXPECT_EQ(backoff_after_one_connection(0ms), 20ms);
  // Hung up before stable_after: the back-off stays where it was.
  EXPECT_EQ(backoff_after_one_connection(std::chrono::hours(1)), 40ms);
}

TEST(TcpClientInput, ResolvesHostNames) {
  asio::io_context io;
  tcp::acceptor acceptor(io, loopback(0));
  Received got;
  auto params = fast_params(acceptor.local_endpoint().port());
  params.host = "localhost";
  TcpClientInput client(io, params, fixed_now, got.handler());
  client.start();
  tcp::socket peer(io);
  // localhost may resolve to ::1 first (refused here), then 127.0.0.1.
  ASSERT_TRUE(accept_one(io, acceptor, peer));
  write_all(peer, "hello\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 1; }));
}

TEST(TcpClientInput, StopClosesAtOnceAndNothingIsDeliveredAfter) {
  asio::io_context io;
  tcp::acceptor acceptor(io, loopback(0));
  Received got;
  TcpClientInput client(io, fast_params(acceptor.local_endpoint().port()), fixed_now, got.handler());
  client.start();
  tcp::socket peer(io);
  ASSERT_TRUE(accept_one(io, acceptor, peer));
  ASSERT_TRUE(run_until(io, [&] { return client.status().connected; }));
  client.stop();
  EXPECT_FALSE(client.status().connected);
  boost::system::error_code ec;
  asio::write(peer, asio::buffer(std::string_view("late\n")), ec);
  // No timer, read or reconnect is left: the io_context runs out of work.
  EXPECT_TRUE(run_until_idle(io));
  EXPECT_TRUE(got.lines.empty());
}

TEST(TcpClientInput, StoppingFromTheLineHandlerIsSafe) {
  asio::io_context io;
  tcp::acceptor acceptor(io, loopback(0));
  std::vector<std::string> lines;
  TcpClientInput* self = nullptr;
  TcpClientInput client(io, fast_params(acceptor.local_endpoint().port()), fixed_now,
                        [&](std::string_view line, Timestamp) {
                          lines.emplace_back(line);
                          self->stop();
                        });
  self = &client;
  client.start();
  tcp::socket peer(io);
  ASSERT_TRUE(accept_one(io, acceptor, peer));
  write_all(peer, "a\nb\nc\n");
  EXPECT_TRUE(run_until_idle(io));
  EXPECT_EQ(lines, (std::vector<std::string>{"a"}));
}

TEST(TcpClientInput, DestroyingTheInputWithOperationsPendingIsSafe) {
  asio::io_context io;
  tcp::acceptor acceptor(io, loopback(0));
  Received got;
  {
    TcpClientInput client(io, fast_params(acceptor.local_endpoint().port()), fixed_now,
                          got.handler());
    client.start();
    io.run_for(1ms);
  }
  EXPECT_TRUE(run_until_idle(io));
  EXPECT_TRUE(got.lines.empty());
}

TEST(TcpClientInput, AServerThatStallsIsLeftAfterTheIdleTimeoutAndConnectedAgain) {
  asio::io_context io;
  tcp::acceptor acceptor(io, loopback(0));
  Received got;
  TcpClientParams p = fast_params(acceptor.local_endpoint().port());
  p.idle_timeout = 100ms;
  TcpClientInput client(io, p, fixed_now, got.handler());
  client.start();
  tcp::socket peer(io);
  ASSERT_TRUE(accept_one(io, acceptor, peer));
  write_all(peer, "MSG,8,1,1,4CA2D6,1,2024/12/25,10:31:40.123,2024/12/25,10:31:40.150,,,,,,,,,,,,0\r\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 1; }));
  // Then nothing, connection open: the client gives up on it and comes back.
  tcp::socket second(io);
  ASSERT_TRUE(accept_one(io, acceptor, second));
  EXPECT_EQ(client.status().connections, 2u);
  EXPECT_EQ(client.status().reconnects, 1u);
  EXPECT_NE(client.status().last_error.find("no data from 127.0.0.1:"), std::string::npos) << client.status().last_error;
  write_all(second, "after\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 2; }));
  EXPECT_EQ(got.lines[1], "after");
}

}  // namespace
}  // namespace lookout::feed
