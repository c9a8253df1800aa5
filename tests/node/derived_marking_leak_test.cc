// The leak suite, for what is derived from data rather than read from it:
// alerts that name several assets of different markings (issue #16, item 1;
// docs/decisions/0010-derived-markings.md).
//
// Denmark's feed is released to NATO. Three cables cross the Eagle S
// reconstruction's drag: one released to Denmark only, one to the US only
// and one to NATO, beside the bundled assets (most released to the JEF
// nations). Every alert a caller receives - over the REST alert endpoints
// and over the live WebSocket - must name (by id or name) only assets
// released to that caller, and its marking must be releasable to it; each
// owner must still get the alert of its own cable. A vessel that goes dark
// beside the NATO cable and reappears across the US-only one narrows its
// open alert to the US: every other nation gets a withdrawal on the
// WebSocket and can no longer read the alert.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "app/node/node.h"
#include "decode/ais/encoder.h"
#include "geo/asset_index.h"
#include "server/api/api.h"
#include "server/api/auth.h"
#include "server/api/live_hub.h"
#include "server/http/http.h"
#include "tests/node/leak_support.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr uint32_t kEagleS = 518998950;
constexpr uint32_t kDark = 219555000;   // goes dark beside the NATO cable
constexpr uint32_t kClock = 219555001;  // reports far away, so that event time runs on

class DerivedMarkingLeak : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = leak::fresh_test_dir("lookout-derived");
    // North-south cables across the westbound lane Eagle S drags along
    // (about 59.99 N, from 25.9 E to 24.4 E).
    // Two more in the Bay of Biscay, where no bundled asset lies, for the
    // vessel that goes dark.
    auto cable = [](const char* id, const char* name, double lon, double lat, const char* marking) {
      return std::string(R"({"type":"Feature","properties":{"id":")") + id + R"(","name":")" + name +
             R"(","kind":"cable","buffer_m":2000,"marking":)" + marking +
             R"(},"geometry":{"type":"LineString","coordinates":[[)" + std::to_string(lon) + "," +
             std::to_string(lat - 0.2) + "],[" + std::to_string(lon) + "," + std::to_string(lat + 0.2) + "]]}}";
    };
    const char* dnk_only = R"({"owner":"DNK","releasable_to":[]})";
    const char* usa_only = R"({"owner":"USA","releasable_to":[]})";
    const char* nato = R"({"owner":"NOR","releasable_to":["NATO"]})";
    std::ofstream(dir_ / "cables.geojson")
        << R"({"type":"FeatureCollection","features":[)"
        << cable("dnk-only-cable", "Danish Only Cable", 25.20, 60.0, dnk_only) << ","
        << cable("nato-cable", "Allied Cable", 25.00, 60.0, nato) << ","
        << cable("usa-only-cable", "American Only Cable", 24.90, 60.0, usa_only) << ","
        << cable("biscay-nato-cable", "Allied Biscay Cable", -5.00, 45.5, nato) << ","
        << cable("biscay-usa-cable", "American Biscay Cable", -5.10, 45.5, usa_only) << "]}";

    NodeConfig c;
    c.name = "derived-leak-test";
    c.store = (dir_ / "history.db").string();
    c.assets.push_back({std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson", {"DNK", {"NATO"}}});
    c.assets.push_back({(dir_ / "cables.geojson").string(), {"DNK", {}}});
    InputConfig dnk;
    dnk.name = "dnk-feed";
    dnk.kind = InputKind::kUdp;
    dnk.address = "127.0.0.1:0";
    dnk.marking = {"DNK", {"NATO"}};
    c.inputs = {dnk};
    for (const char* n : {"DNK", "USA", "GBR", "NOR"}) {
      nations_.push_back(n);
      tokens_[n] = server::new_token();
      c.tokens.push_back({std::string("view-") + n, server::to_hex(server::sha256(tokens_[n])), n, server::Role::kViewer});
    }
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
    for (const auto& n : nations_) {
      auto r = node_->api().open(leak::make_request("GET", "/api/live?access_token=" + tokens_[n], ""), conns_[n]);
      ASSERT_TRUE(std::holds_alternative<std::unique_ptr<server::LiveClient>>(r)) << n;
      clients_[n] = std::get<std::unique_ptr<server::LiveClient>>(std::move(r));
    }
  }

  void TearDown() override {
    clients_.clear();
    node_.reset();
    fs::remove_all(dir_);
  }

  server::Response get(const std::string& nation, const std::string& target) {
    return node_->api().handle(leak::make_request("GET", target, tokens_.at(nation)));
  }

  // Sends the live batches and the alerts posted to the event loop.
  void pump() {
    node_->hub().flush_vessels();
    node_->settle();  // the io thread, and the alerts held for the node's store read
  }

  // Every alert object a nation received on its WebSocket.
  std::vector<json> live_alerts(const std::string& nation) {
    std::vector<json> out;
    for (const auto& msg : conns_[nation].sent) {
      for (auto& a : leak::live_alerts(json::parse(msg))) out.push_back(std::move(a));
    }
    return out;
  }

  // The alert as `nation` received it names no asset (id or name) that is
  // not released to `nation`, and its marking is releasable to `nation`.
  void expect_names_only_released_assets(const json& alert, const std::string& nation, const std::string& where) {
    const Marking m{alert["marking"]["owner"].get<std::string>(),
                    alert["marking"]["releasable_to"].get<std::vector<std::string>>()};
    EXPECT_TRUE(releasable_to_nation(m, nation)) << where << ": " << alert.dump();
    const std::string text = alert.dump();
    const AssetIndex& assets = node_->assets();
    for (uint32_t i = 0; i < assets.assets().size(); ++i) {
      const Asset& a = assets.asset(i);
      if (releasable_to_nation(a.marking, nation)) continue;
      EXPECT_EQ(text.find('"' + a.id + '"'), std::string::npos) << where << " names " << a.id << " to " << nation;
      if (a.name.size() >= 5) {
        EXPECT_EQ(text.find(a.name), std::string::npos) << where << " names " << a.name << " to " << nation;
      }
    }
  }

  void feed_position(uint32_t mmsi, double lat, double lon, double sog_kn, double cog_deg, int64_t at_s) {
    ais::Message m;
    m.type = 1;
    m.mmsi = mmsi;
    ais::PositionReportA p;
    p.status = 0;
    p.speed = static_cast<uint16_t>(sog_kn * 10);
    p.course = static_cast<uint16_t>(cog_deg * 10);
    p.heading = static_cast<uint16_t>(cog_deg);
    p.second = static_cast<uint8_t>(at_s % 60);
    p.pos = ais::Position{static_cast<int32_t>(lon * 600000), static_cast<int32_t>(lat * 600000)};
    m.body = p;
    node_->ingest_line(0, ais::encode_nmea(m), t0_ + std::chrono::seconds(at_s));
  }

  fs::path dir_;
  boost::asio::io_context io_;
  std::vector<std::string> nations_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, leak::CaptureConnection> conns_;
  std::map<std::string, std::unique_ptr<server::LiveClient>> clients_;
  std::unique_ptr<Node> node_;
  Timestamp t0_ = from_unix_ms(1'735'120'000'000LL);  // 25 Dec 2024
};

TEST_F(DerivedMarkingLeak, EachNationGetsTheAlertsOfTheCablesReleasedToItAndNoOtherCableNamed) {
  std::ifstream eagle(std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/eagle_s_estlink2/track.nmea");
  ASSERT_TRUE(eagle);
  std::string line;
  for (int round = 0; round < 400 && eagle; ++round) {
    for (int i = 0; i < 40 && std::getline(eagle, line); ++i) node_->ingest_line(0, line, node_->now());
    pump();
  }
  node_->sync_store();

  std::map<std::string, std::set<std::string>> assets_seen;  // nation -> primary assets of its alerts
  for (const auto& n : nations_) {
    const json list = json::parse(get(n, "/api/alerts?limit=5000").body);
    for (const auto& a : list["alerts"]) {
      expect_names_only_released_assets(a, n, n + " GET /api/alerts");
      if (a["asset"].is_string()) assets_seen[n].insert(a["asset"].get<std::string>());
      const auto one = get(n, "/api/alerts/" + a["id"].get<std::string>());
      ASSERT_EQ(one.status, 200);
      expect_names_only_released_assets(json::parse(one.body), n, n + " GET /api/alerts/{id}");
    }
    const json mine = json::parse(get(n, "/api/alerts?mmsi=" + std::to_string(kEagleS)).body);
    for (const auto& a : mine["alerts"]) expect_names_only_released_assets(a, n, n + " GET /api/alerts?mmsi");
    const auto live = live_alerts(n);
    EXPECT_FALSE(live.empty()) << n;
    for (const auto& a : live) expect_names_only_released_assets(a, n, n + " live");
  }
  // Each owner keeps the alert of its own cable, whoever else's cables the
  // drag crossed; the NATO cable's goes to every NATO nation.
  EXPECT_TRUE(assets_seen["DNK"].contains("dnk-only-cable"));
  EXPECT_TRUE(assets_seen["USA"].contains("usa-only-cable"));
  for (const auto& n : nations_) EXPECT_TRUE(assets_seen[n].contains("nato-cable")) << n;
  EXPECT_TRUE(assets_seen["DNK"].contains("estlink-2"));
  EXPECT_FALSE(assets_seen["USA"].contains("estlink-2")) << "Finland's cable, released to JEF";
  EXPECT_FALSE(assets_seen["GBR"].contains("dnk-only-cable"));
  EXPECT_FALSE(assets_seen["GBR"].contains("usa-only-cable"));
}

TEST_F(DerivedMarkingLeak, AnUpdateNamingAnAssetNotReleasedToANationWithdrawsTheAlertFromIt) {
  for (const auto& n : nations_) clients_[n]->on_message(R"({"subscribe":{"bbox":[-180,-90,180,90]}})");
  // The dark vessel sails west at 8 kn into the NATO cable's corridor (at
  // 5.00 W) and falls silent 1.2 km past it; the clock vessel reports every
  // 10 s far away, so that the silence is noticed.
  const double deg_per_s = 8 * 1852.0 / 3600.0 / 78000.0;
  // (It stops before the vessel's second silence would raise a gap of its
  // own.)
  for (int64_t s = 0; s <= 2200; s += 10) {
    feed_position(kClock, 46.5, -8.0 + s * 1e-6, 10, 90, s);
    if (s <= 600) feed_position(kDark, 45.5, -5.0 + (300 - s) * deg_per_s, 8, 270, s);
    if (s == 1800) feed_position(kDark, 45.5, -5.15, 8, 270, s);  // back, across the US-only cable
    if (s % 60 == 0) pump();
  }
  pump();
  node_->sync_store();

  // Every nation saw the alert open (data and cable released to NATO) ...
  std::string id;
  for (const auto& n : nations_) {
    bool opened = false;
    for (const auto& a : live_alerts(n)) {
      expect_names_only_released_assets(a, n, n + " live");
      if (a["kind"] != "ais_gap" || a["mmsi"] != json::array({kDark})) continue;
      if (a["state"] == "open") {
        opened = true;
        EXPECT_EQ(a["asset"], "biscay-nato-cable");
        id = a["id"];
      }
    }
    EXPECT_TRUE(opened) << n;
  }
  ASSERT_FALSE(id.empty());
  // ... and on its return across the US-only cable only the US may see it:
  // the others get a withdrawal and can no longer read it.
  for (const auto& n : nations_) {
    std::vector<std::string> states;
    for (const auto& a : live_alerts(n)) {
      if (a["id"] == id) states.push_back(a["state"]);
    }
    const auto one = get(n, "/api/alerts/" + id);
    if (n == "USA") {
      EXPECT_EQ(states, (std::vector<std::string>{"open", "update"})) << n;
      ASSERT_EQ(one.status, 200);
      const json a = json::parse(one.body);
      EXPECT_NE(a.dump().find("biscay-usa-cable"), std::string::npos) << a.dump();
      EXPECT_EQ(a["marking"], (json{{"owner", "USA"}, {"releasable_to", json::array()}}));
    } else {
      EXPECT_EQ(states, (std::vector<std::string>{"open", "retracted"})) << n;
      EXPECT_EQ(one.status, 404) << n << ": " << one.body;
      const json list = json::parse(get(n, "/api/alerts?mmsi=" + std::to_string(kDark)).body);
      for (const auto& a : list["alerts"]) EXPECT_NE(a["id"], id) << n;
    }
  }
}

}  // namespace
}  // namespace lookout::node
