// Air tracks pushed over /api/live (server/api/live_air.h), on a real server
// on 127.0.0.1: two partitions, each with a drone seen by the same radar,
// one released to Denmark only, the other to Britain only. Each nation's
// client gets its own drone's track when it is confirmed, follows it as it
// moves (no poll), and gets its end; it never gets a word of the other's,
// not even the end of a track whose number its own track shares. A client
// that subscribes later gets the air picture at once (a snapshot).
//
// The node is opened, not started, as in live_snapshot_test.cc: its Api
// answers on a TestServer and the test runs the node's batch flush on that
// server's io thread.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/node/node.h"
#include "core/time.h"
#include "server/api/api.h"
#include "server/api/auth.h"
#include "server/api/live_hub.h"
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

class LiveAirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = leak::fresh_test_dir("lookout-live-air");
    NodeConfig c;
    c.name = "live-air-test";
    c.store = (dir_ / "history.db").string();
    // radar-1 at 55.612 N 12.700 E, 20 km; rf-1 (no plots here).
    c.air_sensors = std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/drone_from_ship/sensors.json";
    InputConfig dnk;
    dnk.name = "dnk-radar";
    dnk.kind = InputKind::kDetectionsUdp;
    dnk.address = "127.0.0.1:0";
    dnk.marking = {"DNK", {}};
    InputConfig gbr = dnk;
    gbr.name = "gbr-radar";
    gbr.marking = {"GBR", {}};
    c.inputs = {dnk, gbr};
    dnk_token_ = node_test::add_viewer(c, "dnk-view", "DNK");
    gbr_token_ = node_test::add_viewer(c, "gbr-view", "GBR");
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
    t0_ = node_->now() - std::chrono::minutes(30);
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

  // A client of /api/live past "hello" and "subscribed".
  std::unique_ptr<Client> subscribe(const std::string& token) {
    auto c = std::make_unique<Client>(server_->port());
    auto reply = c->ws_handshake("/api/live?access_token=" + token);
    EXPECT_TRUE(reply && reply->status == 101);
    if (!reply || reply->status != 101) return nullptr;
    EXPECT_EQ(next(*c).value("type", ""), "hello");
    EXPECT_TRUE(c->ws_send_text(R"({"subscribe":{"bbox":[-180,-90,180,90]}})"));
    EXPECT_EQ(next(*c).value("type", ""), "subscribed");
    return c;
  }

  static json next(Client& c) {
    for (;;) {
      auto f = c.ws_read();
      if (!f || f->opcode == 8) return json();
      if (f->opcode != 1) continue;
      EXPECT_LE(f->payload.size(), server::LiveHub::kMaxMessageBytes);
      return json::parse(f->payload);
    }
  }

  // The air messages a client was sent before the answer to a ping it
  // sends now (everything the node queued for it so far), each checked
  // for what its nation may see.
  static std::vector<json> air_messages(Client& c, const std::string& nation) {
    EXPECT_TRUE(c.ws_send_text(R"({"ping":"sync"})"));
    std::vector<json> out;
    for (;;) {
      json m = next(c);
      if (m.is_null()) {
        ADD_FAILURE() << nation << " client closed";
        return out;
      }
      if (m.value("type", "") == "pong") return out;
      if (m.value("type", "") != "air") continue;
      leak::expect_markings_releasable(m, nation, "live air");
      out.push_back(std::move(m));
    }
  }

  // One radar-1 plot of a drone `i` seconds after t0, on a radial at
  // `bearing_deg` moving out at 8 m/s from 4 km.
  std::string plot(int i, double bearing_deg) const {
    json j{{"time", format_iso8601(t0_ + std::chrono::seconds(i))},
           {"sensor", "radar-1"},
           {"range_m", 4000.0 + 8.0 * i},
           {"bearing_deg", bearing_deg},
           {"elevation_deg", 1.5}};
    return j.dump();
  }

  // Seconds [from, to) of both drones: Denmark's due east of the radar,
  // Britain's to the south-south-west; then the node's batch goes out.
  void fly(int from, int to) {
    server_->run([&] {
      for (int i = from; i < to; ++i) {
        node_->ingest_detection_line(0, plot(i, 90));
        node_->ingest_detection_line(1, plot(i, 200));
      }
      node_->hub().flush_vessels();
    });
  }

  fs::path dir_;
  boost::asio::io_context io_;  // the node's own loop: never run here
  std::unique_ptr<Node> node_;
  std::unique_ptr<TestServer> server_;
  std::string dnk_token_, gbr_token_;
  Timestamp t0_;
};

// The tracks of `messages` not ended, by id, latest state last.
std::map<std::string, json> live_tracks(const std::vector<json>& messages, std::vector<std::string>* ended = nullptr) {
  std::map<std::string, json> tracks;
  for (const auto& m : messages) {
    if (m.value("snapshot", false)) tracks.clear();
    for (const auto& t : m["tracks"]) {
      const auto id = t["track"].get<std::string>();
      if (t.value("ended", false)) {
        tracks.erase(id);
        if (ended) ended->push_back(id);
      } else {
        tracks[id] = t;
      }
    }
  }
  return tracks;
}

TEST_F(LiveAirTest, EachNationFollowsOnlyItsOwnAirTracksFromConfirmedToEnded) {
  auto dnk = subscribe(dnk_token_);
  auto gbr = subscribe(gbr_token_);
  ASSERT_TRUE(dnk && gbr);
  // The air picture on subscribing: empty, and says it is complete.
  auto first = air_messages(*dnk, "DNK");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first[0].value("snapshot", false));
  EXPECT_TRUE(first[0].value("complete", false));
  EXPECT_TRUE(first[0]["tracks"].empty());
  air_messages(*gbr, "GBR");

  // 30 s of plots: each drone's track is confirmed and pushed.
  fly(0, 30);
  auto d = live_tracks(air_messages(*dnk, "DNK"));
  auto g = live_tracks(air_messages(*gbr, "GBR"));
  ASSERT_EQ(d.size(), 1u);
  ASSERT_EQ(g.size(), 1u);
  const json dt = d.begin()->second;
  const json gt = g.begin()->second;
  // Denmark's is its drone east of the radar, Britain's south of it.
  EXPECT_GT(dt["lon"].get<double>(), 12.74) << dt.dump();
  EXPECT_NEAR(dt["lat"].get<double>(), 55.612, 0.01) << dt.dump();
  EXPECT_LT(gt["lat"].get<double>(), 55.58) << gt.dump();
  EXPECT_EQ(dt["marking"]["owner"], "DNK");
  EXPECT_EQ(gt["marking"]["owner"], "GBR");
  EXPECT_NE(dt["status"], "tentative");
  EXPECT_FALSE(dt["trail"].empty());

  // 20 s more: the same track, moved out along its radial.
  fly(30, 50);
  auto d2 = live_tracks(air_messages(*dnk, "DNK"));
  ASSERT_EQ(d2.count(dt["track"].get<std::string>()), 1u) << "the track went on under its id";
  const json moved = d2.at(dt["track"].get<std::string>());
  EXPECT_GT(moved["lon"].get<double>(), dt["lon"].get<double>() + 0.0015) << moved.dump();  // > 100 m east
  EXPECT_GT(parse_timestamp(moved["time"].get<std::string>()).value(),
            parse_timestamp(dt["time"].get<std::string>()).value());
  air_messages(*gbr, "GBR");

  // A client that subscribes now gets both at once: Denmark's track only.
  auto late = subscribe(dnk_token_);
  ASSERT_TRUE(late);
  auto snap = air_messages(*late, "DNK");
  ASSERT_FALSE(snap.empty());
  EXPECT_TRUE(snap[0].value("snapshot", false));
  EXPECT_TRUE(snap.back().value("complete", false));
  auto s = live_tracks(snap);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s.begin()->first, dt["track"].get<std::string>());
  EXPECT_EQ(s.begin()->second["marking"]["owner"], "DNK");

  // Denmark's drone is no longer seen: ten minutes on, the radar's next
  // plot (far away) takes its tracker past the track's silence, which ends
  // it. Britain's drone flies on.
  server_->run([&] {
    // Three plots 5 s apart: the reorder buffer lets the first ones through.
    for (int k = 0; k < 3; ++k) {
      json far{{"time", format_iso8601(t0_ + std::chrono::minutes(10) + std::chrono::seconds(5 * k))},
               {"sensor", "radar-1"},
               {"range_m", 15000.0},
               {"bearing_deg", 300.0},
               {"elevation_deg", 0.5}};
      node_->ingest_detection_line(0, far.dump());
    }
    node_->hub().flush_vessels();
  });
  std::vector<std::string> ended;
  auto d3 = live_tracks(air_messages(*dnk, "DNK"), &ended);
  EXPECT_TRUE(d3.empty());
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0], dt["track"].get<std::string>());
  std::vector<std::string> late_ended;
  live_tracks(air_messages(*late, "DNK"), &late_ended);
  EXPECT_EQ(late_ended, ended);
  // Britain is told nothing of it (its own track may have the same number).
  std::vector<std::string> gbr_ended;
  live_tracks(air_messages(*gbr, "GBR"), &gbr_ended);
  EXPECT_TRUE(gbr_ended.empty());
  fly(50, 55);
  auto g2 = live_tracks(air_messages(*gbr, "GBR"));
  EXPECT_EQ(g2.count(gt["track"].get<std::string>()), 1u) << "Britain's drone is still tracked";

  server::LiveHub::Stats stats;
  server_->run([&] { stats = node_->hub().stats(); });
  EXPECT_GE(stats.air_snapshots, 3u);
  EXPECT_GE(stats.air_batches, 3u);
}

}  // namespace
}  // namespace lookout::node
