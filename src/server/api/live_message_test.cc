#include "server/api/live_message.h"

#include <gtest/gtest.h>

namespace lookout::server {
namespace {

TEST(LiveMessage, ParsesASubscription) {
  auto m = parse_live_message(R"({"subscribe":{"bbox":[10,54,13.5,58]}})");
  ASSERT_EQ(m.kind, LiveMessage::Kind::kSubscribe);
  EXPECT_EQ(m.box.min_lon, 10);
  EXPECT_EQ(m.box.max_lat, 58);
  EXPECT_STREQ(m.name(), "subscribe");
  m = parse_live_message(R"({"subscribe":{"bbox":null}})");
  ASSERT_EQ(m.kind, LiveMessage::Kind::kSubscribe);
  EXPECT_EQ(m.box.min_lon, -180);
  EXPECT_EQ(parse_live_message(R"({"subscribe":{}})").kind, LiveMessage::Kind::kSubscribe);
}

TEST(LiveMessage, EchoesAPing) {
  auto m = parse_live_message(R"({"ping":[1,"x"]})");
  ASSERT_EQ(m.kind, LiveMessage::Kind::kPing);
  EXPECT_EQ(m.ping.dump(), R"([1,"x"])");
}

TEST(LiveMessage, SaysWhatIsWrongWithABadOne) {
  EXPECT_EQ(parse_live_message("not json").problem, "a message must be a JSON object");
  EXPECT_EQ(parse_live_message("[1]").kind, LiveMessage::Kind::kBad);
  EXPECT_NE(parse_live_message(R"({"subscribe":{"bbox":[10,54,9,58]}})").problem.find("bbox"), std::string::npos);
  EXPECT_NE(parse_live_message(R"({"subscribe":{"bbox":[-181,0,0,1]}})").problem.find("bbox"), std::string::npos);
  EXPECT_NE(parse_live_message(R"({"subscribe":{"bbox":[0,0,1,"1"]}})").problem.find("bbox"), std::string::npos);
  EXPECT_NE(parse_live_message(R"({"hello":1})").problem.find("unknown message"), std::string::npos);
  EXPECT_STREQ(parse_live_message("{}").name(), "bad");
}

}  // namespace
}  // namespace lookout::server
