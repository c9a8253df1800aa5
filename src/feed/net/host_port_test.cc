#include "feed/net/host_port.h"

#include <gtest/gtest.h>

namespace lookout::feed {
namespace {

TEST(HostPort, ParsesIpv4NamesAndBracketedIpv6) {
  auto a = parse_host_port("127.0.0.1:5631");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 5631);
  EXPECT_TRUE(a->is_literal);

  auto b = parse_host_port("ais.example-coast.org:10110");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->host, "ais.example-coast.org");
  EXPECT_FALSE(b->is_literal);

  auto c = parse_host_port("[::1]:0");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(c->port, 0);
  EXPECT_TRUE(c->is_literal);
  EXPECT_EQ(to_string(*c), "[::1]:0");
}

TEST(HostPort, RejectsWhatIsNotHostColonPort) {
  auto field = [](std::string_view text) {
    auto r = parse_host_port(text);
    return r.ok() ? std::string("ok") : std::string(r.error().field);
  };
  EXPECT_EQ(field("127.0.0.1"), "address");
  EXPECT_EQ(field(":80"), "address");
  EXPECT_EQ(field("host:"), "port");
  EXPECT_EQ(field("host:65536"), "port");
  EXPECT_EQ(field("host:8o"), "port");
  EXPECT_EQ(field("host:-1"), "port");
  EXPECT_EQ(field("::1:80"), "host");
  EXPECT_EQ(field("[::1:80"), "host");
  EXPECT_EQ(field("[nothing]:80"), "host");
  EXPECT_EQ(field("999.1.1.1:80"), "host");
  EXPECT_EQ(field("bad_name:80"), "host");
  EXPECT_EQ(field("-bad.org:80"), "host");
  EXPECT_EQ(field("a..b:80"), "host");
}

TEST(HostPort, DescribesEachError) {
  auto r = parse_host_port("localhost:99999");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(describe_host_port_error("localhost:99999", r.error()),
            "'localhost:99999': the port must be a number from 0 to 65535");
}

}  // namespace
}  // namespace lookout::feed
