// A subscription's snapshot of a big picture, over a real server on
// 127.0.0.1 with a small per-client queue (256 KiB, where 20,000 vessels
// are ~5.6 MB of JSON): it goes out in slices, each queued when the client
// has read the last ones, so a client that reads - however slowly - gets
// every vessel once and stays; one that never reads is closed only when
// live traffic fills its queue; an alert passes the slices; changes made
// meanwhile are neither lost nor undone by a stale slice; a new
// subscription restarts it; each nation gets only its partitions' vessels.
//
// The node is opened, not started: its Api answers on a TestServer (whose
// io thread is the only one touching the node once it runs), so that the
// test can set the queue bound. What the node's own loop would run (the
// batch flush, the posted alert flush) the test runs on that thread.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/node/node.h"
#include "decode/ais/encoder.h"
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
using server::testing::wait_until;

constexpr uint32_t kDnkVessels = 20000;  // MMSI 219000000 + i, all over the world
constexpr uint32_t kGbrVessels = 1000;   // MMSI 232000000 + i, around Britain
constexpr std::size_t kQueueBytes = 256 * 1024;

struct Place {
  double lat, lon;
};

Place dnk_place(uint32_t i) { return {-55.0 + (i / 359) * 2.0, -179.0 + (i % 359) * 1.0}; }
Place gbr_place(uint32_t i) { return {50.0 + (i % 40) * 0.1, -6.0 + (i / 40) * 0.3}; }

// A vessel's report as a receiver gives it: position (type 1) and, with
// `name`, its static and voyage data (type 5, two sentences).
std::vector<std::string> report(uint32_t mmsi, Place at, const std::string& name = {}) {
  std::vector<std::string> lines;
  auto add = [&](const ais::Message& m) {
    const std::string text = ais::encode_nmea(m);
    for (std::size_t i = 0; i < text.size();) {
      std::size_t end = text.find("\r\n", i);
      lines.push_back(text.substr(i, end - i));
      i = end + 2;
    }
  };
  ais::Message m;
  m.type = 1;
  m.mmsi = mmsi;
  ais::PositionReportA a;
  a.status = 0;
  a.speed = 5;
  a.course = 900;
  a.heading = 90;
  a.pos = ais::Position{static_cast<int32_t>(at.lon * 600000), static_cast<int32_t>(at.lat * 600000)};
  m.body = a;
  add(m);
  if (!name.empty()) {
    ais::Message s;
    s.type = 5;
    s.mmsi = mmsi;
    ais::StaticVoyageData v;
    v.callsign = FixedString<7>("OX" + std::to_string(mmsi % 10000));
    v.shipname = FixedString<20>(name);
    v.shiptype = 70;
    v.destination = FixedString<20>("GDANSK");
    s.body = v;
    add(s);
  }
  return lines;
}

class LiveSnapshot : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = leak::fresh_test_dir("lookout-snapshot");
    NodeConfig c;
    c.name = "snapshot-test";
    c.store = (dir_ / "history.db").string();
    InputConfig dnk;
    dnk.name = "dnk-feed";
    dnk.kind = InputKind::kUdp;
    dnk.address = "127.0.0.1:0";
    dnk.marking = {"DNK", {}};
    InputConfig gbr = dnk;
    gbr.name = "gbr-feed";
    gbr.marking = {"GBR", {}};
    c.inputs = {dnk, gbr};
    dnk_token_ = node_test::add_viewer(c, "dnk-view", "DNK");
    gbr_token_ = node_test::add_viewer(c, "gbr-view", "GBR");
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
    // Ten minutes ago: a move made now is a ship's few hundred metres.
    const Timestamp then = node_->now() - std::chrono::minutes(10);
    for (uint32_t i = 0; i < kDnkVessels; ++i) {
      for (const auto& line : report(219000000 + i, dnk_place(i), "DANISH TRADER " + std::to_string(i))) {
        node_->ingest_line(0, line, then);
      }
    }
    for (uint32_t i = 0; i < kGbrVessels; ++i) {
      for (const auto& line : report(232000000 + i, gbr_place(i), "BRITISH TRADER " + std::to_string(i))) {
        node_->ingest_line(1, line, then);
      }
    }
    server::ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.ws_max_queue_bytes = kQueueBytes;
    o.ws_close_timeout = std::chrono::milliseconds(500);
    o.header_timeout = std::chrono::seconds(10);
    server_ = std::make_unique<TestServer>(o, node_->api(), &node_->api());
    ASSERT_TRUE(server_->ok()) << server_->error();
  }

  void TearDown() override {
    server_.reset();  // first: it destroys the live clients, which leave the hub
    node_.reset();
    fs::remove_all(dir_);
  }

  // A client of /api/live subscribed to `bbox`, past "hello" and "subscribed".
  std::unique_ptr<Client> subscribe(const std::string& token, const std::string& bbox = "[-180,-90,180,90]") {
    auto c = std::make_unique<Client>(server_->port());
    auto reply = c->ws_handshake("/api/live?access_token=" + token);
    EXPECT_TRUE(reply && reply->status == 101);
    if (!reply || reply->status != 101) return nullptr;
    EXPECT_EQ(next(*c).value("type", ""), "hello");
    EXPECT_TRUE(c->ws_send_text(R"({"subscribe":{"bbox":)" + bbox + "}}"));
    EXPECT_EQ(next(*c).value("type", ""), "subscribed");
    return c;
  }

  // The next text message, parsed; null when the connection closed. Every
  // message is within the hub's bound.
  static json next(Client& c) {
    for (;;) {
      auto f = c.ws_read();
      if (!f || f->opcode == 8) return json();
      if (f->opcode != 1) continue;
      EXPECT_LE(f->payload.size(), server::LiveHub::kMaxMessageBytes);
      return json::parse(f->payload);
    }
  }

  // What a client read: how often each MMSI came in a snapshot slice, the
  // latest state of each vessel (slices and batches, in order), the other
  // messages' types in order (with "complete" where the snapshot ended).
  struct Reading {
    std::map<uint32_t, int> in_snapshot;
    std::map<uint32_t, json> latest;
    std::vector<std::string> order;
    std::size_t snapshot_messages = 0;
    bool complete = false;
    bool closed = false;
    void take(const json& m, const std::string& nation) {
      if (!m.is_object()) {
        closed = true;
        return;
      }
      const std::string type = m.value("type", "");
      if (type == "vessels") {
        const bool snapshot = m.value("snapshot", false);
        for (const auto& v : m["vessels"]) {
          const auto mmsi = v["mmsi"].get<uint32_t>();
          if (snapshot) ++in_snapshot[mmsi];
          latest[mmsi] = v;
          leak::expect_markings_releasable(v, nation, "live vessel");
        }
        if (snapshot) ++snapshot_messages;
        if (m.value("complete", false)) {
          EXPECT_TRUE(snapshot);
          complete = true;
          order.push_back("complete");
          return;
        }
      }
      order.push_back(type);
    }
  };

  // Reads until `done` holds (or the connection closes).
  static Reading read_until(Client& c, const std::string& nation, const std::function<bool(const Reading&)>& done) {
    return read_until(c, nation, done, Reading());
  }
  static Reading read_until(Client& c, const std::string& nation, const std::function<bool(const Reading&)>& done,
                            Reading r) {
    while (!done(r)) {
      json m = next(c);
      if (m.is_null()) {
        r.closed = true;
        break;
      }
      r.take(m, nation);
    }
    return r;
  }
  static bool snapshot_done(const Reading& r) { return r.complete; }

  server::LiveHub::Stats hub_stats() {
    server::LiveHub::Stats s;
    server_->run([&] { s = node_->hub().stats(); });
    return s;
  }
  std::size_t streaming() {
    std::size_t n = 0;
    server_->run([&] { n = node_->hub().snapshots_streaming(); });
    return n;
  }

  // Every DNK vessel once, and nothing else.
  static void expect_every_dnk_vessel_once(const Reading& r) {
    EXPECT_EQ(r.in_snapshot.size(), kDnkVessels);
    for (const auto& [mmsi, n] : r.in_snapshot) {
      EXPECT_TRUE(mmsi >= 219000000 && mmsi < 219000000 + kDnkVessels) << mmsi;
      EXPECT_EQ(n, 1) << mmsi;
    }
  }

  fs::path dir_;
  boost::asio::io_context io_;  // the node's own loop: never run here
  std::unique_ptr<Node> node_;
  std::unique_ptr<TestServer> server_;
  std::string dnk_token_, gbr_token_;
};

TEST_F(LiveSnapshot, AWholeWorldSnapshotPassesASmallQueueEveryVesselOnce) {
  auto dnk = subscribe(dnk_token_);
  auto gbr = subscribe(gbr_token_);
  ASSERT_TRUE(dnk && gbr);
  Reading d = read_until(*dnk, "DNK", snapshot_done);
  Reading g = read_until(*gbr, "GBR", snapshot_done);
  ASSERT_FALSE(d.closed);
  ASSERT_FALSE(g.closed);
  expect_every_dnk_vessel_once(d);
  // Britain's partition is not released to Denmark, nor Denmark's to Britain.
  EXPECT_EQ(g.in_snapshot.size(), kGbrVessels);
  for (const auto& [mmsi, n] : g.in_snapshot) {
    EXPECT_TRUE(mmsi >= 232000000 && mmsi < 232000000 + kGbrVessels) << mmsi;
    EXPECT_EQ(n, 1) << mmsi;
  }
  EXPECT_EQ(d.latest.at(219000123)["name"], "DANISH TRADER 123");
  EXPECT_NEAR(d.latest.at(219000123)["lat"].get<double>(), dnk_place(123).lat, 1e-5);
  // ~5.6 MB in slices: many messages, far more than the queue holds.
  EXPECT_GT(d.snapshot_messages, 100u);
  EXPECT_EQ(d.order.back(), "complete");
  const auto stats = hub_stats();
  EXPECT_EQ(stats.snapshots, 2u);
  EXPECT_EQ(stats.snapshot_messages, d.snapshot_messages + g.snapshot_messages);
  EXPECT_EQ(streaming(), 0u);
  EXPECT_EQ(server_->stats().dropped_slow_clients, 0u);
  EXPECT_EQ(server_->stats().websocket_open, 2u);
}

TEST_F(LiveSnapshot, ASlowReaderIsNotClosedAndGetsEveryVessel) {
  auto c = subscribe(dnk_token_);
  ASSERT_TRUE(c);
  Reading r;
  r.take(next(*c), "DNK");
  // It pauses: the snapshot waits for it (the socket buffers fill, ~4 MB
  // on loopback, then the hub queues no more), it is not closed.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(server_->stats().dropped_slow_clients, 0u);
  r = read_until(*c, "DNK", snapshot_done, std::move(r));
  ASSERT_FALSE(r.closed);
  expect_every_dnk_vessel_once(r);
  EXPECT_EQ(server_->stats().dropped_slow_clients, 0u);
  EXPECT_EQ(server_->stats().websocket_open, 1u);
}

TEST_F(LiveSnapshot, AnAlertRaisedMidSnapshotOvertakesTheRestOfIt) {
  // As soon as the snapshot is under way, vessel 7 reports again 2 degrees
  // away: no ship could have (position_jump).
  auto raised = std::make_shared<std::atomic<bool>>(false);
  server_->every(std::chrono::milliseconds(1), [this, raised] {
    if (node_->hub().snapshots_streaming() == 0) return true;
    Place far = dnk_place(7);
    far.lat += 2.0;
    for (const auto& line : report(219000007, far)) node_->ingest_line(0, line, node_->now());
    node_->hub().flush_alerts();  // what the node's loop runs next
    *raised = true;
    return false;
  });
  auto c = subscribe(dnk_token_);
  ASSERT_TRUE(c);
  Reading r = read_until(*c, "DNK", snapshot_done);
  ASSERT_TRUE(*raised);
  ASSERT_FALSE(r.closed);
  expect_every_dnk_vessel_once(r);
  auto alert_at = std::find_if(r.order.begin(), r.order.end(), [](const std::string& t) { return t == "alert" || t == "alerts"; });
  ASSERT_NE(alert_at, r.order.end()) << "no alert before the snapshot ended";
  EXPECT_LT(alert_at - r.order.begin(), static_cast<std::ptrdiff_t>(r.order.size()) - 1);
}

TEST_F(LiveSnapshot, ChangesDuringASnapshotAreNeitherLostNorUndone) {
  auto c = subscribe(dnk_token_);
  ASSERT_TRUE(c);
  Reading r;
  r.take(next(*c), "DNK");
  ASSERT_FALSE(r.complete);
  ASSERT_GT(r.in_snapshot.size(), 10u);
  // 150 vessels the client has, 150 it has not (most not yet sent): each
  // moves ~200 m north; the node's batch goes out.
  std::set<uint32_t> moved;
  for (const auto& [mmsi, n] : r.in_snapshot) {
    if (moved.size() < 150) moved.insert(mmsi);
  }
  for (uint32_t i = kDnkVessels; moved.size() < 300; --i) {
    if (!r.in_snapshot.count(219000000 + i - 1)) moved.insert(219000000 + i - 1);
  }
  auto moved_place = [](uint32_t mmsi) {
    Place p = dnk_place(mmsi - 219000000);
    p.lat += 0.002;
    return p;
  };
  server_->run([&] {
    for (uint32_t mmsi : moved) {
      for (const auto& line : report(mmsi, moved_place(mmsi))) node_->ingest_line(0, line, node_->now());
    }
    node_->hub().flush_vessels();
  });
  std::set<uint32_t> batched;
  r = read_until(*c, "DNK", [&](const Reading& now) {
    batched.clear();
    for (uint32_t mmsi : moved) {
      auto it = now.latest.find(mmsi);
      if (it != now.latest.end() && std::abs(it->second["lat"].get<double>() - moved_place(mmsi).lat) < 1e-5) {
        batched.insert(mmsi);
      }
    }
    return now.complete && batched.size() == moved.size();
  }, std::move(r));
  ASSERT_FALSE(r.closed);
  expect_every_dnk_vessel_once(r);
  // The last state each vessel got is its state now: the moved ones where
  // they went, the others where they were.
  for (const auto& [mmsi, v] : r.latest) {
    const Place want = moved.count(mmsi) ? moved_place(mmsi) : dnk_place(mmsi - 219000000);
    EXPECT_NEAR(v["lat"].get<double>(), want.lat, 1e-5) << mmsi;
    EXPECT_NEAR(v["lon"].get<double>(), want.lon, 1e-5) << mmsi;
  }
  EXPECT_EQ(server_->stats().dropped_slow_clients, 0u);
}

TEST_F(LiveSnapshot, ANewSubscriptionRestartsTheSnapshot) {
  auto c = subscribe(dnk_token_);
  ASSERT_TRUE(c);
  Reading r;
  r.take(next(*c), "DNK");
  ASSERT_FALSE(r.complete);
  // The Baltic and North Sea only: what the old snapshot still had queued
  // comes before "subscribed", nothing of it after.
  ASSERT_TRUE(c->ws_send_text(R"({"subscribe":{"bbox":[0,50,30,60]}})"));
  r = read_until(*c, "DNK", [](const Reading& now) { return now.order.back() == "subscribed"; }, std::move(r));
  ASSERT_FALSE(r.closed);
  Reading box = read_until(*c, "DNK", snapshot_done);
  ASSERT_FALSE(box.closed);
  std::set<uint32_t> want;
  for (uint32_t i = 0; i < kDnkVessels; ++i) {
    const Place p = dnk_place(i);
    if (p.lat >= 50 && p.lat <= 60 && p.lon >= 0 && p.lon <= 30) want.insert(219000000 + i);
  }
  ASSERT_FALSE(want.empty());
  EXPECT_EQ(box.in_snapshot.size(), want.size());
  for (const auto& [mmsi, n] : box.in_snapshot) {
    EXPECT_TRUE(want.count(mmsi)) << mmsi;
    EXPECT_EQ(n, 1) << mmsi;
  }
  EXPECT_EQ(hub_stats().snapshots, 2u);
  EXPECT_EQ(streaming(), 0u);
}

TEST_F(LiveSnapshot, AClientThatNeverReadsIsClosedOnlyByLiveTraffic) {
  auto c = subscribe(dnk_token_);
  ASSERT_TRUE(c);
  // The snapshot alone does not close it: it waits.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(server_->stats().dropped_slow_clients, 0u);
  // Live traffic: 200 vessels move every 20 ms, each batch to the client at
  // once. Its queue grows past the bound: closed as too slow.
  server_->every(std::chrono::milliseconds(20), [this, round = uint32_t{0}]() mutable {
    for (uint32_t k = 0; k < 200; ++k) {
      const uint32_t i = (round * 200 + k) % kDnkVessels;
      Place p = dnk_place(i);
      p.lat += 0.0001 * (1 + round / 100);
      for (const auto& line : report(219000000 + i, p)) node_->ingest_line(0, line, node_->now());
    }
    ++round;
    node_->hub().flush_vessels();
    return node_->hub().clients() > 0;
  });
  EXPECT_TRUE(wait_until([&] { return server_->stats().dropped_slow_clients == 1; }, std::chrono::seconds(60)));
  EXPECT_EQ(server_->stats().failure(server::HttpFailure::kWsTooSlow), 1u);
  EXPECT_TRUE(c->wait_closed());
  EXPECT_TRUE(wait_until([&] {
    std::size_t n = 1;
    server_->run([&] { n = node_->hub().clients(); });
    return n == 0;
  }));
}

}  // namespace
}  // namespace lookout::node
