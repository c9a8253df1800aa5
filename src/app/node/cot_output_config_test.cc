// [[output]] kind = "cot" in the node configuration (docs/cot-output.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "app/node/config.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;

const fs::path kTests = fs::path(LOOKOUT_SOURCE_DIR) / "tests" / "cot";

Result<NodeConfig> parse(const std::string& text, std::string& error) {
  return parse_config(text, "cot.toml", kTests, error);
}

std::string error_of(const std::string& text) {
  std::string error;
  auto r = parse(text, error);
  EXPECT_FALSE(r.ok()) << text;
  return error;
}

TEST(CotOutputConfig, ReadsEachTransport) {
  std::string error;
  auto r = parse(R"(
[[output]]
name = "tak"
kind = "cot"
address = "127.0.0.1:8087"
nation = "DNK"

[[output]]
name = "tak-tls"
kind = "cot"
transport = "tls"
address = "tak.example.org:8089"
nation = "GBR"
ca = "cot_node_test.cc"
cert = "cot_test_support.h"
key = "tak_receiver_support.h"
max_events_per_second = 5
burst = 10
vessels = false

[[output]]
name = "sa"
kind = "cot"
transport = "udp"
address = "239.2.3.1:6969"
nation = "NOR"
multicast_ttl = 2
multicast_interface = "127.0.0.1"
air = false
)", error);
  ASSERT_TRUE(r.ok()) << error;
  ASSERT_EQ(r->outputs.size(), 3u);
  const auto& tcp = r->outputs[0];
  EXPECT_EQ(tcp.transport, server::cot::CotTransport::kTcp);
  EXPECT_EQ(tcp.nation, "DNK");
  EXPECT_EQ(tcp.max_events_per_second, 20);
  EXPECT_TRUE(tcp.vessels && tcp.air);
  const auto& tls = r->outputs[1];
  EXPECT_EQ(tls.transport, server::cot::CotTransport::kTls);
  EXPECT_EQ(tls.ca_file, (kTests / "cot_node_test.cc").string());
  EXPECT_EQ(tls.max_events_per_second, 5);
  EXPECT_EQ(tls.burst, 10u);
  EXPECT_FALSE(tls.vessels);
  const auto& udp = r->outputs[2];
  EXPECT_EQ(udp.transport, server::cot::CotTransport::kUdp);
  EXPECT_EQ(udp.multicast_ttl, 2u);
  EXPECT_EQ(udp.multicast_interface, "127.0.0.1");
  EXPECT_FALSE(udp.air);
}

TEST(CotOutputConfig, RefusesWhatCannotWork) {
  const std::string head = "[[output]]\nname = \"o\"\nkind = \"cot\"\n";
  EXPECT_NE(error_of(head + "address = \"127.0.0.1:8087\"\n").find("nation: missing"), std::string::npos);
  EXPECT_NE(error_of(head + "address = \"127.0.0.1:8087\"\nnation = \"JEF\"\n").find("nation"), std::string::npos);
  EXPECT_NE(error_of(head + "address = \"127.0.0.1:8087\"\nnation = \"DNK\"\ntransport = \"quic\"\n").find("transport"),
            std::string::npos);
  EXPECT_NE(error_of(head + "address = \"127.0.0.1\"\nnation = \"DNK\"\n").find("address"), std::string::npos);
  EXPECT_NE(error_of(head + "address = \"127.0.0.1:8089\"\nnation = \"DNK\"\ntransport = \"tls\"\n").find("ca: missing"),
            std::string::npos);
  EXPECT_NE(error_of(head + "address = \"127.0.0.1:8089\"\nnation = \"DNK\"\ntransport = \"tls\"\nca = \"nope.pem\"\n")
                .find("does not exist"),
            std::string::npos);
  EXPECT_NE(error_of(head + "address = \"127.0.0.1:8087\"\nnation = \"DNK\"\nca = \"cot_node_test.cc\"\n").find("only for"),
            std::string::npos);
  EXPECT_NE(error_of(head + "address = \"127.0.0.1:8087\"\nnation = \"DNK\"\nmax_events_per_second = 0\n")
                .find("max_events_per_second"),
            std::string::npos);
  EXPECT_NE(error_of(head + "address = \"127.0.0.1:8087\"\nnation = \"DNK\"\nmulticast_ttl = 1\n").find("only for"),
            std::string::npos);
  EXPECT_NE(error_of(head + "address = \"127.0.0.1:8087\"\nnation = \"DNK\"\nadress = \"x\"\n").find("unknown key 'adress'"),
            std::string::npos);
  EXPECT_NE(error_of("[[output]]\nname = \"o\"\nkind = \"sapient\"\naddress = \"127.0.0.1:1\"\nnation = \"DNK\"\n").find("kind"),
            std::string::npos);
  const std::string twice = head + "address = \"127.0.0.1:8087\"\nnation = \"DNK\"\n";
  EXPECT_NE(error_of(twice + twice).find("used by another output"), std::string::npos);
}

}  // namespace
}  // namespace lookout::node
