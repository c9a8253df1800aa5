#include "feed/net/udp_listener.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/udp.hpp>
#include <string>
#include <vector>

#include "feed/net/net_test_util.h"

namespace lookout::feed {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using testing::fixed_now;
using testing::run_until;
using testing::run_until_idle;

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

void send(asio::io_context& io, uint16_t port, std::string_view datagram) {
  udp::socket s(io, udp::v4());
  s.send_to(asio::buffer(datagram.data(), datagram.size()),
            udp::endpoint(asio::ip::make_address("127.0.0.1"), port));
}

TEST(UdpInput, SplitsADatagramOfThreeLines) {
  asio::io_context io;
  Received got;
  UdpInput input(io, UdpParams{}, fixed_now, got.handler());
  ASSERT_TRUE(input.start()) << input.status().last_error;
  ASSERT_NE(input.port(), 0);
  EXPECT_TRUE(input.status().connected);

  send(io, input.port(), "!AIVDM,one*00\r\n!AIVDM,two*00\r\n!AIVDM,three*00");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 3; }));
  EXPECT_EQ(got.lines, (std::vector<std::string>{"!AIVDM,one*00", "!AIVDM,two*00", "!AIVDM,three*00"}));
  EXPECT_EQ(got.times[2], fixed_now());

  // Each datagram is framed on its own: an unterminated last line does not
  // wait for the next datagram.
  send(io, input.port(), "!AIVDM,four*00\r\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 4; }));
  EXPECT_EQ(got.lines[3], "!AIVDM,four*00");
  EXPECT_EQ(input.datagrams(), 2u);
  EXPECT_EQ(input.status().lines, 4u);
}

TEST(UdpInput, DropsOverLongLinesInADatagram) {
  asio::io_context io;
  Received got;
  UdpParams params;
  params.max_line_bytes = 100;
  UdpInput input(io, params, fixed_now, got.handler());
  ASSERT_TRUE(input.start());
  send(io, input.port(), std::string(500, 'x') + "\nfits\n" + std::string(101, 'y'));
  send(io, input.port(), "next\n");
  ASSERT_TRUE(run_until(io, [&] { return got.lines.size() == 2; }));
  EXPECT_EQ(got.lines, (std::vector<std::string>{"fits", "next"}));
  EXPECT_EQ(input.status().dropped_long, 2u);
}

TEST(UdpInput, StopReleasesThePort) {
  asio::io_context io;
  Received got;
  UdpInput input(io, UdpParams{}, fixed_now, got.handler());
  ASSERT_TRUE(input.start());
  uint16_t port = input.port();
  input.stop();
  EXPECT_FALSE(input.status().connected);
  EXPECT_TRUE(run_until_idle(io));
  UdpParams again;
  again.port = port;
  UdpInput second(io, again, fixed_now, got.handler());
  EXPECT_TRUE(second.start()) << second.status().last_error;
}

TEST(UdpInput, RefusesABindAddressThatIsNotAnIpAddress) {
  asio::io_context io;
  Received got;
  UdpParams params;
  params.address = "not-an-ip";
  UdpInput input(io, params, fixed_now, got.handler());
  EXPECT_FALSE(input.start());
  EXPECT_NE(input.status().last_error.find("not an IP address"), std::string::npos);
}

}  // namespace
}  // namespace lookout::feed
