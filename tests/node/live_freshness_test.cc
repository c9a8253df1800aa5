// What the web UI needs to show how fresh its picture is (issue 19), over a
// real server on 127.0.0.1: the node's clock and its speed (/api/health and
// the WebSocket hello), so that the browser can run the node's clock between
// answers; a pong stamped with the node's time and the bytes queued ahead
// of it, so that the browser sees how far behind the node it reads; a SAR
// aircraft's class, whose reporting rate and speed differ from a ship's.
// The class comes from the partition's own data: a nation the partition is
// not released to sees neither the aircraft nor its class.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/node/node.h"
#include "decode/ais/encoder.h"
#include "server/api/api.h"
#include "server/api/auth.h"
#include "server/http/server.h"
#include "tests/node/leak_support.h"
#include "tests/node/node_test_support.h"
#include "tests/server/http/http_test_support.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using server::testing::Client;
using server::testing::TestServer;

constexpr uint32_t kSar = 111219501;  // a Danish SAR aircraft (111MIDxxx)

std::string sar_report() {
  ais::Message m;
  m.type = 9;
  m.mmsi = kSar;
  ais::SarAircraftReport r;
  r.alt = 300;
  r.speed = 140;
  r.course = 2700;
  r.pos = ais::Position{static_cast<int32_t>(11.9 * 600000), static_cast<int32_t>(55.5 * 600000)};
  m.body = r;
  std::string text = ais::encode_nmea(m);
  return text.substr(0, text.find("\r\n"));
}

class LiveFreshness : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = leak::fresh_test_dir("lookout-freshness");
    NodeConfig c;
    c.name = "freshness-test";
    c.store = (dir_ / "history.db").string();
    c.clock_speed = 90;  // the demo's
    InputConfig dnk;
    dnk.name = "dnk-feed";
    dnk.kind = InputKind::kUdp;
    dnk.address = "127.0.0.1:0";
    dnk.marking = {"DNK", {}};
    c.inputs = {dnk};
    dnk_token_ = node_test::add_viewer(c, "dnk-view", "DNK");
    gbr_token_ = node_test::add_viewer(c, "gbr-view", "GBR");
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
    node_->ingest_line(0, sar_report(), node_->now());
    server::ServerOptions o;
    o.listen = "127.0.0.1:0";
    server_ = std::make_unique<TestServer>(o, node_->api(), &node_->api());
    ASSERT_TRUE(server_->ok()) << server_->error();
  }

  void TearDown() override {
    server_.reset();
    node_.reset();
    fs::remove_all(dir_);
  }

  static json next(Client& c) {
    for (;;) {
      auto f = c.ws_read();
      if (!f || f->opcode == 8) return json();
      if (f->opcode == 1) return json::parse(f->payload);
    }
  }

  // Through the API on this thread (no client is connected meanwhile, so
  // the server's thread does not touch the node).
  json get(const std::string& path, const std::string& token) {
    auto r = node_->api().handle(leak::make_request("GET", path, token));
    EXPECT_EQ(r.status, 200) << path << " " << r.body;
    return json::parse(r.body);
  }

  fs::path dir_;
  boost::asio::io_context io_;
  std::unique_ptr<Node> node_;
  std::unique_ptr<TestServer> server_;
  std::string dnk_token_, gbr_token_;
};

TEST_F(LiveFreshness, HealthAndHelloGiveTheNodesClockAndItsSpeed) {
  json h = get("/api/health", "");
  EXPECT_EQ(h["clock_speed"], 90.0);
  ASSERT_TRUE(h["time"].is_string());

  Client c(server_->port());
  auto reply = c.ws_handshake("/api/live?access_token=" + dnk_token_);
  ASSERT_TRUE(reply && reply->status == 101);
  json hello = next(c);
  EXPECT_EQ(hello["type"], "hello");
  EXPECT_EQ(hello["clock_speed"], 90.0);
  ASSERT_TRUE(hello["time"].is_string());
}

TEST_F(LiveFreshness, APongCarriesTheNodesTimeAndWhatWasQueuedAheadOfIt) {
  Client c(server_->port());
  auto reply = c.ws_handshake("/api/live?access_token=" + dnk_token_);
  ASSERT_TRUE(reply && reply->status == 101);
  json hello = next(c);
  auto t0 = parse_timestamp(hello["time"].get<std::string>());
  ASSERT_TRUE(t0.ok());
  ASSERT_TRUE(c.ws_send_text(R"({"ping":17})"));
  json pong = next(c);
  ASSERT_EQ(pong["type"], "pong") << pong.dump();
  EXPECT_EQ(pong["ping"], 17);
  auto t1 = parse_timestamp(pong.value("time", std::string()));
  ASSERT_TRUE(t1.ok()) << pong.dump();
  EXPECT_GE(*t1, *t0);  // the node's clock, not an echo of the hello's
  ASSERT_TRUE(pong["queued"].is_number_unsigned()) << pong.dump();
}

TEST_F(LiveFreshness, ASarAircraftSaysItsClassOnlyToTheNationsItIsReleasedTo) {
  json dnk = get("/api/vessels", dnk_token_);
  ASSERT_EQ(dnk["vessels"].size(), 1u) << dnk.dump();
  EXPECT_EQ(dnk["vessels"][0]["class"], "SAR");
  json one = get("/api/vessels/" + std::to_string(kSar), dnk_token_);
  EXPECT_EQ(one["class"], "SAR");
  json gbr = get("/api/vessels", gbr_token_);
  EXPECT_TRUE(gbr["vessels"].empty()) << gbr.dump();
}

}  // namespace
}  // namespace lookout::node
