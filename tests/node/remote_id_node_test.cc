// The live node's Remote ID input: kind = "udp", format = "remote_id", a real
// UDP socket on loopback. Hex and JSON Lines datagrams become cooperative
// reports in the partition's air picture (counted as observations); garbage
// is rejected and counted, never fatal.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <string>

#include "app/node/config.h"
#include "app/node/node.h"
#include "core/time.h"
#include "server/api/auth.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;

// One Message Pack of the shared capture odid_wifi_bcn_sample.pcap (Basic ID,
// Location, Self-ID, System, Operator ID).
constexpr const char* kPack =
    "f01905"
    "00004d464731413031323334353637383900000000000050f6"
    "10005c527ebcba251ba88cb4b60000aa099808394100000a00"
    "300052656372656174696f6e616c0000000000000000000000"
    "4004a485251b6edbb3b6010032000000001500000000000000"
    "50004742522d4f502d31323341424344000000000000000000";

std::string now_iso(int64_t dt_ms = 0) {
  return format_iso8601(std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()) +
                        std::chrono::milliseconds(dt_ms));
}

TEST(RemoteIdNode, UdpDatagramsReachTheAirPictureGarbageIsCounted) {
  const fs::path dir = fs::temp_directory_path() / ("lookout-rid-node-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  NodeConfig c;
  c.name = "rid-test";
  c.listen = "127.0.0.1:0";
  c.store = (dir / "history.db").string();
  InputConfig in;
  in.name = "rid-rx";
  in.kind = InputKind::kUdp;
  in.format = InputFormat::kRemoteId;
  in.address = "127.0.0.1:0";
  in.marking = {"NOR", {"JEF"}};
  c.inputs = {in};
  boost::asio::io_context io;
  auto node = std::make_unique<Node>(c, io);
  std::string error;
  ASSERT_TRUE(node->open(error)) << error;
  ASSERT_TRUE(node->start(error)) << error;
  const uint16_t port = node->input_port(0);
  ASSERT_NE(port, 0);

  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  auto send = [&](const std::string& d) {
    ASSERT_EQ(::sendto(fd, d.data(), d.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr),
              static_cast<ssize_t>(d.size()));
  };
  send(now_iso() + " 84:cc:a8:60:43:24 " + kPack + "\n");
  send("not remote id at all\n");
  send(R"({"time":")" + now_iso(500) + R"(","transmitter":"84:cc:a8:60:43:24","rssi":-70,"payload":")" + kPack +
       "\"}\n" + now_iso(1000) + " 84:cc:a8:60:43:24 f0190a\n");

  auto metrics = [&] {
    std::string out;
    node->write_metrics(out, server::Principal{"admin", "NOR", server::Role::kAdmin});
    return out;
  };
  const std::string label = "{input=\"rid-rx\",kind=\"udp\"}";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (metrics().find("lookout_input_observations_total" + label + " 2\n") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    io.run_for(std::chrono::milliseconds(5));
  }
  const std::string m = metrics();
  EXPECT_NE(m.find("lookout_input_observations_total" + label + " 2\n"), std::string::npos) << m;
  EXPECT_NE(m.find("lookout_input_rejected_total" + label + " 2\n"), std::string::npos) << m;
  ::close(fd);
  node->stop();
  node.reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lookout::node
