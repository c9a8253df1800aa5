// The leak suite, derived data (issue #16): what the API computes from
// several items - a vessel's risk, counts and metrics, alert ids, an
// acknowledgement - shows a nation nothing of the items it may not see.
//
// Denmark's feed carries the Eagle S reconstruction and Britain's the Yi
// Peng 3 reconstruction, both released to NATO, so the US sees both vessels;
// their cable alerts are about Finnish and Lithuanian cables released to the
// JEF nations only, so the US may not see them. A third feed, Britain's own,
// carries a ship nobody else may see.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "app/engine.h"
#include "app/node/node.h"
#include "server/api/api.h"
#include "server/api/auth.h"
#include "server/api/live_hub.h"
#include "store/store.h"
#include "tests/node/leak_support.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
using leak::CaptureConnection;
using leak::make_request;
using nlohmann::json;

constexpr uint32_t kEagleS = 518998950;
constexpr uint32_t kYiPeng3 = 414270000;

class LeakDerived : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = leak::fresh_test_dir("lookout-leak-derived");
    NodeConfig c;
    c.name = "leak-derived";
    c.nation = "DNK";
    c.store = (dir_ / "history.db").string();
    c.assets.push_back({std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson", {"DNK", {"NATO"}}});
    InputConfig in;
    in.kind = InputKind::kUdp;
    in.address = "127.0.0.1:0";
    in.name = "dnk-nato-feed";
    in.marking = {"DNK", {"NATO"}};
    c.inputs.push_back(in);
    in.name = "gbr-nato-feed";
    in.marking = {"GBR", {"NATO"}};
    c.inputs.push_back(in);
    in.name = "gbr-own-feed";
    in.marking = {"GBR", {}};
    c.inputs.push_back(in);
    for (const auto& [name, nation, role] :
         std::vector<std::tuple<std::string, std::string, server::Role>>{{"dnk-op", "DNK", server::Role::kOperator},
                                                                         {"dnk-admin", "DNK", server::Role::kAdmin},
                                                                         {"gbr-op", "GBR", server::Role::kOperator},
                                                                         {"gbr-admin", "GBR", server::Role::kAdmin},
                                                                         {"usa-op", "USA", server::Role::kOperator}}) {
      tokens_[name] = server::new_token();
      c.tokens.push_back({name, server::to_hex(server::sha256(tokens_[name])), nation, role});
    }
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
  }

  void TearDown() override {
    node_.reset();
    fs::remove_all(dir_);
  }

  void feed(std::size_t input, const std::string& file) {
    std::ifstream in(std::string(LOOKOUT_SOURCE_DIR) + "/" + file);
    ASSERT_TRUE(in) << file;
    std::string line;
    while (std::getline(in, line)) node_->ingest_line(input, line, node_->now());
    node_->settle();  // the io thread, and the alerts held for the node's store read
    node_->sync_store();
  }

  server::Response call(const std::string& who, const std::string& method, const std::string& target,
                        const std::string& body = {}) {
    return node_->api().handle(make_request(method, target, tokens_.at(who), body));
  }
  json get_json(const std::string& who, const std::string& target) {
    auto r = call(who, "GET", target);
    EXPECT_EQ(r.status, 200) << who << " " << target << ": " << r.body;
    return json::parse(r.body);
  }

  std::unique_ptr<server::LiveClient> open_live(const std::string& who, CaptureConnection& conn) {
    auto r = node_->api().open(make_request("GET", "/api/live?access_token=" + tokens_.at(who), ""), conn);
    EXPECT_TRUE(std::holds_alternative<std::unique_ptr<server::LiveClient>>(r)) << who;
    return std::get<std::unique_ptr<server::LiveClient>>(std::move(r));
  }

  // /metrics without the caller's own request counter (it counts this call).
  std::string metrics(const std::string& who) {
    std::istringstream in(call(who, "GET", "/metrics").body);
    std::string line, out;
    while (std::getline(in, line)) {
      if (line.rfind("lookout_api_requests_total", 0) != 0) out += line + "\n";
    }
    return out;
  }

  fs::path dir_;
  boost::asio::io_context io_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<Node> node_;
};

int combined_risk(const std::vector<int>& scores) {
  double keep = 1.0;
  for (int s : scores) keep *= 1.0 - s / 100.0;
  return static_cast<int>(std::lround(100.0 * (1.0 - keep)));
}

TEST_F(LeakDerived, AVesselsRiskCountsOnlyTheAlertsTheCallerMaySee) {
  feed(0, "tests/scenarios/eagle_s_estlink2/track.nmea");
  feed(1, "tests/scenarios/yi_peng_3/track.nmea");
  CaptureConnection usa_conn, dnk_conn;
  auto usa = open_live("usa-op", usa_conn);
  auto dnk = open_live("dnk-op", dnk_conn);
  usa->on_message(R"({"subscribe":{"bbox":[-180,-90,180,90]}})");
  dnk->on_message(R"({"subscribe":{"bbox":[-180,-90,180,90]}})");
  auto live_risk = [](const CaptureConnection& c, uint32_t mmsi) {
    int risk = -1;
    for (const auto& msg : c.sent) {
      auto j = json::parse(msg);
      if (j["type"] != "vessels") continue;
      for (const auto& v : j["vessels"]) {
        if (v["mmsi"] == mmsi) risk = v["risk"].get<int>();
      }
    }
    return risk;
  };
  for (uint32_t mmsi : {kEagleS, kYiPeng3}) {
    const std::string m = std::to_string(mmsi);
    // Denmark sees the cable alerts (JEF) and the risk they make.
    const json dnk_alerts = get_json("dnk-op", "/api/alerts?mmsi=" + m);
    ASSERT_GT(dnk_alerts["count"].get<int>(), 0) << m;
    const int dnk_risk = get_json("dnk-op", "/api/vessels/" + m)["risk"];
    EXPECT_GT(dnk_risk, 0) << m;
    // The US sees the vessel but none of its cable alerts: its risk is what
    // the alerts it may see make, 0 when it sees none.
    const json usa_vessel = get_json("usa-op", "/api/vessels/" + m);
    std::vector<int> usa_scores;
    const json usa_alerts = get_json("usa-op", "/api/alerts?mmsi=" + m);
    for (const auto& a : usa_alerts["alerts"]) {
      EXPECT_FALSE(a["asset"].is_string()) << "a JEF cable's alert shown to the US: " << a.dump();
      if (a["status"] != "retracted") usa_scores.push_back(a["score"]);
    }
    EXPECT_LE(usa_vessel["risk"].get<int>(), combined_risk(usa_scores)) << m;
    if (usa_scores.empty()) {
      EXPECT_EQ(usa_vessel["risk"], 0) << m;
    }
    EXPECT_LT(usa_vessel["risk"].get<int>(), dnk_risk) << m;
    // The vessel list and the live feed say the same.
    const json usa_vessels = get_json("usa-op", "/api/vessels");
    for (const auto& v : usa_vessels["vessels"]) {
      if (v["mmsi"] == mmsi) {
        EXPECT_EQ(v["risk"], usa_vessel["risk"]) << m;
      }
    }
    EXPECT_EQ(live_risk(usa_conn, mmsi), usa_vessel["risk"].get<int>()) << m;
    EXPECT_EQ(live_risk(dnk_conn, mmsi), dnk_risk) << m;
  }
  // A batch (not a snapshot) too: the next report of Eagle S goes to both.
  usa_conn.sent.clear();
  dnk_conn.sent.clear();
  feed(0, "tests/scenarios/eagle_s_estlink2/track.nmea");  // again: every vessel changes
  node_->hub().flush_vessels();
  EXPECT_EQ(live_risk(usa_conn, kEagleS), get_json("usa-op", "/api/vessels/" + std::to_string(kEagleS))["risk"]);
  EXPECT_EQ(live_risk(dnk_conn, kEagleS), get_json("dnk-op", "/api/vessels/" + std::to_string(kEagleS))["risk"]);
}

TEST_F(LeakDerived, MetricsShowANationNothingOfWhatItMayNotSee) {
  feed(0, "tests/scenarios/eagle_s_estlink2/track.nmea");
  feed(1, "tests/scenarios/yi_peng_3/track.nmea");
  const std::string usa_before = metrics("usa-op"), dnk_before = metrics("dnk-op"), gbr_before = metrics("gbr-op");
  // Britain's own feed: nobody else may see any of it.
  feed(2, "tests/scenarios/loitering_over_pipeline/track.nmea");
  feed(2, "tests/scenarios/jump_spoofed/track.nmea");
  EXPECT_EQ(metrics("usa-op"), usa_before);
  EXPECT_EQ(metrics("dnk-op"), dnk_before);
  EXPECT_NE(metrics("gbr-op"), gbr_before) << "Britain sees its own feed counted";
  // Alerts opened, as counted for a nation, are the alerts it may see.
  for (const std::string who : {"usa-op", "dnk-op", "gbr-op"}) {
    std::istringstream in(metrics(who));
    std::string line;
    double opened = 0;
    while (std::getline(in, line)) {
      if (line.rfind("lookout_alerts_opened_total{", 0) == 0) opened += std::stod(line.substr(line.rfind(' ') + 1));
    }
    EXPECT_EQ(opened, get_json(who, "/api/alerts?limit=5000")["count"].get<double>()) << who;
  }
  // The store's counters cover every nation's rows: the admins of the node's
  // nation read them, nobody else.
  EXPECT_NE(metrics("dnk-admin").find("lookout_store_rows_written_total"), std::string::npos);
  for (const std::string who : {"dnk-op", "gbr-admin", "usa-op"}) {
    EXPECT_EQ(metrics(who).find("lookout_store_"), std::string::npos) << who;
  }
}

TEST_F(LeakDerived, AlertIdsCarryNoPartitionAndNoSequence) {
  feed(0, "tests/scenarios/eagle_s_estlink2/track.nmea");
  feed(1, "tests/scenarios/yi_peng_3/track.nmea");
  feed(2, "tests/scenarios/jump_spoofed/track.nmea");
  const std::regex opaque("a-[0-9]{8}-[0-9a-f]{20}");
  std::set<std::string> ids;
  for (const std::string who : {"dnk-op", "gbr-op"}) {
    const json list = get_json(who, "/api/alerts?limit=5000");
    for (const auto& a : list["alerts"]) {
      const std::string id = a["id"];
      EXPECT_TRUE(std::regex_match(id, opaque)) << id;
      ids.insert(id);
    }
  }
  EXPECT_GT(ids.size(), 5u);
  // Sorted by id, they are not in the order they were raised.
  std::vector<std::pair<std::string, std::string>> by_time;  // (first_time, id)
  const json gbr_list = get_json("gbr-op", "/api/alerts?limit=5000");
  for (const auto& a : gbr_list["alerts"]) {
    by_time.emplace_back(a["first_time"].get<std::string>(), a["id"].get<std::string>());
  }
  std::sort(by_time.begin(), by_time.end());
  std::vector<std::string> order;
  for (const auto& [t, id] : by_time) order.push_back(id);
  EXPECT_FALSE(std::is_sorted(order.begin(), order.end()));
}

TEST_F(LeakDerived, AnAcknowledgementIsTheAcknowledgingNationsAlone) {
  feed(0, "tests/scenarios/eagle_s_estlink2/track.nmea");
  feed(1, "tests/scenarios/yi_peng_3/track.nmea");
  feed(1, "tests/scenarios/jump_spoofed/track.nmea");  // position jumps: alerts about no asset
  feed(2, "tests/scenarios/loitering_over_pipeline/track.nmea");
  CaptureConnection usa_conn, dnk_conn, gbr_conn;
  auto usa = open_live("usa-op", usa_conn);
  auto dnk = open_live("dnk-op", dnk_conn);
  auto gbr = open_live("gbr-op", gbr_conn);
  // Alerts the US may not see: a cable alert (JEF) and Britain's own feed's.
  std::vector<std::string> hidden;
  std::string shared;  // open, seen by all three
  const json gbr_alerts = get_json("gbr-op", "/api/alerts?limit=5000");
  for (const auto& a : gbr_alerts["alerts"]) {
    auto seen_by_usa = call("usa-op", "GET", "/api/alerts/" + a["id"].get<std::string>());
    if (seen_by_usa.status == 404) hidden.push_back(a["id"].get<std::string>());
    if (seen_by_usa.status == 200 && a["status"] == "open" &&
        call("dnk-op", "GET", "/api/alerts/" + a["id"].get<std::string>()).status == 200) {
      shared = a["id"].get<std::string>();
    }
  }
  ASSERT_FALSE(hidden.empty());
  ASSERT_FALSE(shared.empty()) << "an alert of a NATO feed about no JEF asset";
  const std::string body = R"({"comment":"usa-private-remark"})";
  auto absent = call("usa-op", "POST", "/api/alerts/a-20240101-00000000000000000000/ack", body);
  for (const auto& id : hidden) {
    auto r = call("usa-op", "POST", "/api/alerts/" + id + "/ack", body);
    EXPECT_EQ(r.status, 404) << id;
    EXPECT_EQ(r.body, absent.body) << id;
  }
  // The US acknowledges the alert it shares with Denmark and Britain.
  auto ok = call("usa-op", "POST", "/api/alerts/" + shared + "/ack", body);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["ack"]["comment"], "usa-private-remark");
  EXPECT_EQ(json::parse(ok.body)["ack"]["marking"]["owner"], "USA");
  // The others see that it was handled, not by whom or why.
  for (const std::string who : {"dnk-op", "gbr-op"}) {
    const json a = get_json(who, "/api/alerts/" + shared);
    EXPECT_EQ(a["status"], "acknowledged") << who;
    EXPECT_FALSE(a.contains("ack")) << who << ": " << a.dump();
    const std::string list = call(who, "GET", "/api/alerts?state=acknowledged").body;
    EXPECT_EQ(list.find("usa-private-remark"), std::string::npos) << who;
    EXPECT_EQ(list.find("usa-op"), std::string::npos) << who;
    // A second acknowledgement changes nothing and tells nothing.
    auto again = call(who, "POST", "/api/alerts/" + shared + "/ack", R"({"comment":"mine"})");
    EXPECT_EQ(again.status, 200);
    EXPECT_FALSE(json::parse(again.body).contains("ack")) << again.body;
  }
  EXPECT_EQ(get_json("usa-op", "/api/alerts/" + shared)["ack"]["by"], "usa-op");
  // Over the WebSocket: the comment goes to the US clients only, the status
  // to everyone who sees the alert; later updates keep it so.
  feed(1, "tests/scenarios/yi_peng_3/track.nmea");
  node_->hub().flush_vessels();
  node_->settle();  // the io thread, and the alerts held for the node's store read
  auto saw = [&](const CaptureConnection& c) {
    bool status = false;
    for (const auto& msg : c.sent) {
      for (const auto& a : leak::live_alerts(json::parse(msg))) {
        if (a["id"] == shared && a["status"] == "acknowledged") status = true;
      }
    }
    return status;
  };
  EXPECT_TRUE(saw(usa_conn));
  EXPECT_TRUE(saw(dnk_conn));
  EXPECT_TRUE(saw(gbr_conn));
  for (const auto* c : {&dnk_conn, &gbr_conn}) {
    for (const auto& msg : c->sent) {
      EXPECT_EQ(msg.find("usa-private-remark"), std::string::npos) << msg.substr(0, 300);
      EXPECT_EQ(msg.find("usa-op"), std::string::npos) << msg.substr(0, 300);
    }
  }
  bool usa_comment = false;
  for (const auto& msg : usa_conn.sent) usa_comment |= msg.find("usa-private-remark") != std::string::npos;
  EXPECT_TRUE(usa_comment);
}

TEST_F(LeakDerived, TheStoreReadsNoReportOfAVesselTheCallerMayNotSee) {
  // A track request for a hidden vessel should cost what one for an absent
  // vessel does: the store filters by release in the query, so no hidden
  // report becomes a row (bench/micro/api_track_bench.cc measures both).
  feed(2, "tests/scenarios/jump_spoofed/track.nmea");
  store::TimeRange all{0, INT64_MAX / 2};
  std::set<uint32_t> gbr_own;
  for (const auto& part : node_->partitions()) {
    if (part.marking->releasable_to.empty()) {
      part.picture->for_each([&](const track::Vessel& v) { gbr_own.insert(v.mmsi); });
    }
  }
  ASSERT_FALSE(gbr_own.empty());
  for (uint32_t mmsi : gbr_own) {
    EXPECT_TRUE(node_->store().visible_track(mmsi, all, "USA").value().empty()) << mmsi;
    EXPECT_TRUE(node_->store().visible_track(mmsi, all, "").value().empty()) << mmsi;
    EXPECT_EQ(node_->store().visible_track(mmsi, all, "GBR").value().size(), node_->store().track(mmsi, all).value().size()) << mmsi;
    EXPECT_EQ(call("usa-op", "GET", "/api/vessels/" + std::to_string(mmsi) + "/track").body,
              call("usa-op", "GET", "/api/vessels/999999998/track").body);
  }
}

}  // namespace
}  // namespace lookout::node
