#include "feed/net/tcp_server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "feed/net/net_test_util.h"

namespace lookout::feed {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using testing::fixed_now;
using testing::loopback;
using testing::run_until;
using testing::run_until_idle;
using testing::write_all;

struct Received {
  std::vector<std::string> lines;
  LineHandler handler() {
    return [this](std::string_view line, Timestamp) { lines.emplace_back(line); };
  }
};

TEST(TcpServerInput, FramesTwoClientsIndependently) {
  asio::io_context io;
  Received got;
  TcpServerInput server(io, TcpServerParams{}, fixed_now, got.handler());
  ASSERT_TRUE(server.start()) << server.status().last_error;
  ASSERT_NE(server.port(), 0);

  tcp::socket a(io), b(io);
  a.connect(loopback(server.port()));
  b.connect(loopback(server.port()));
  ASSERT_TRUE(run_until(io, [&] { return server.status().clients == 2; }));
  EXPECT_TRUE(server.status().connected);

  // A leaves a line half sent while B sends a whole one: they must not mix.
  write_all(a, "a1\r\na2-half");
  ASSERT_TRUE(run_until(io, [&] { return server.status().bytes == 11; }));
  write_all(b, "b1\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 2; }));
  write_all(a, "-rest\r\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 3; }));
  EXPECT_EQ(got.lines, (std::vector<std::string>{"a1", "b1", "a2-half-rest"}));

  // B disconnects in the middle of a line: only that line is lost.
  write_all(b, "b2-never-finished");
  b.close();
  ASSERT_TRUE(run_until(io, [&] { return server.status().clients == 1; }));
  write_all(a, "a3\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 4; }));
  EXPECT_EQ(got.lines.back(), "a3");
  EXPECT_EQ(server.status().connections, 2u);
  EXPECT_EQ(server.status().lines, 4u);
}

TEST(TcpServerInput, ClosesConnectionsOverMaxClients) {
  asio::io_context io;
  Received got;
  TcpServerParams params;
  params.max_clients = 1;
  TcpServerInput server(io, params, fixed_now, got.handler());
  ASSERT_TRUE(server.start());
  tcp::socket a(io), b(io);
  a.connect(loopback(server.port()));
  ASSERT_TRUE(run_until(io, [&] { return server.status().clients == 1; }));
  b.connect(loopback(server.port()));
  ASSERT_TRUE(run_until(io, [&] { return server.status().refused == 1; }));
  // The refused client sees the end of the stream.
  char byte = 0;
  boost::system::error_code ec;
  b.read_some(asio::buffer(&byte, 1), ec);
  EXPECT_EQ(ec, asio::error::eof);
  // The first client is still served.
  write_all(a, "still here\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 1; }));
  EXPECT_EQ(server.status().clients, 1u);
}

TEST(TcpServerInput, DropsOverLongLinesPerConnection) {
  asio::io_context io;
  Received got;
  TcpServerInput server(io, TcpServerParams{}, fixed_now, got.handler());
  ASSERT_TRUE(server.start());
  tcp::socket a(io);
  a.connect(loopback(server.port()));
  write_all(a, std::string(10000, 'z') + "\nok\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 1; }));
  EXPECT_EQ(got.lines[0], "ok");
  EXPECT_EQ(server.status().dropped_long, 1u);
}

TEST(TcpServerInput, ReportsAnAddressThatCannotBeBound) {
  asio::io_context io;
  Received got;
  TcpServerInput first(io, TcpServerParams{}, fixed_now, got.handler());
  ASSERT_TRUE(first.start());
  TcpServerParams same;
  same.port = first.port();
  TcpServerInput second(io, same, fixed_now, got.handler());
  EXPECT_FALSE(second.start());
  EXPECT_NE(second.status().last_error.find("bind 127.0.0.1:"), std::string::npos);

  TcpServerParams name;
  name.address = "localhost";
  TcpServerInput third(io, name, fixed_now, got.handler());
  EXPECT_FALSE(third.start());
  EXPECT_NE(third.status().last_error.find("not an IP address"), std::string::npos);
}

TEST(TcpServerInput, StopClosesEveryConnection) {
  asio::io_context io;
  Received got;
  TcpServerInput server(io, TcpServerParams{}, fixed_now, got.handler());
  ASSERT_TRUE(server.start());
  tcp::socket a(io), b(io);
  a.connect(loopback(server.port()));
  b.connect(loopback(server.port()));
  ASSERT_TRUE(run_until(io, [&] { return server.status().clients == 2; }));
  server.stop();
  EXPECT_EQ(server.status().clients, 0u);
  EXPECT_TRUE(run_until_idle(io));
  char byte = 0;
  boost::system::error_code ec;
  a.read_some(asio::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
  EXPECT_TRUE(got.lines.empty());
}

}  // namespace
}  // namespace lookout::feed
