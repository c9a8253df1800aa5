// The leak suite: two nations' inputs with different markings in one node;
// for each nation's token, requests over every endpoint and query parameter
// and the live WebSocket feed show nothing that was not released to it.
//
// Denmark's feed (released to Denmark only) carries the Eagle S
// reconstruction and a private Danish cable; Britain's feed (released to
// Britain only) carries the Yi Peng 3 reconstruction. A US viewer is given
// nothing but the assets released to NATO. Every JSON answer is walked: each
// "marking" in it must be releasable to the caller, and nothing may name the
// other side's vessels, alerts, assets or inputs - not in a list, a count, a
// metric label or an error message.
#include <gtest/gtest.h>

#include <algorithm>
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
#include "server/api/api.h"
#include "server/api/auth.h"
#include "server/api/live_hub.h"
#include "server/http/http.h"
#include "store/store.h"
#include "tests/node/leak_support.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr uint32_t kEagleS = 518998950;   // in Denmark's feed only
constexpr uint32_t kYiPeng3 = 414270000;  // in Britain's feed (and briefly in Denmark's)

using leak::CaptureConnection;
using leak::make_request;

struct Caller {
  std::string name, nation, token;
  server::Role role;
};

class LeakSuite : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = leak::fresh_test_dir("lookout-leak");
    // A private Danish cable, in the Baltic where nobody else's data runs.
    std::ofstream(dir_ / "private.geojson")
        << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"dnk-secret-cable",)"
        << R"("name":"Secret Danish Cable","kind":"cable"},"geometry":{"type":"LineString",)"
        << R"("coordinates":[[14.0,55.0],[14.5,55.2]]}}]})";

    NodeConfig c;
    c.name = "leak-test";
    c.store = (dir_ / "history.db").string();
    c.assets.push_back({std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson", {"DNK", {"NATO"}}});
    c.assets.push_back({(dir_ / "private.geojson").string(), {"DNK", {}}});
    InputConfig dnk;
    dnk.name = "dnk-secret-feed";
    dnk.kind = InputKind::kUdp;
    dnk.address = "127.0.0.1:0";
    dnk.marking = {"DNK", {}};
    InputConfig gbr = dnk;
    gbr.name = "gbr-secret-feed";
    gbr.marking = {"GBR", {}};
    c.inputs = {dnk, gbr};
    callers_ = {{"dnk-op", "DNK", server::new_token(), server::Role::kOperator},
                {"dnk-admin", "DNK", server::new_token(), server::Role::kAdmin},
                {"gbr-view", "GBR", server::new_token(), server::Role::kViewer},
                {"gbr-op", "GBR", server::new_token(), server::Role::kOperator},
                {"usa-view", "USA", server::new_token(), server::Role::kViewer}};
    for (const auto& k : callers_) {
      c.tokens.push_back({k.name, server::to_hex(server::sha256(k.token)), k.nation, k.role});
    }
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
  }

  void TearDown() override {
    node_.reset();
    fs::remove_all(dir_);
  }

  void feed(std::size_t input, const std::string& file, std::size_t max_lines = SIZE_MAX) {
    std::ifstream in(std::string(LOOKOUT_SOURCE_DIR) + "/" + file);
    ASSERT_TRUE(in) << file;
    std::string line;
    std::size_t n = 0;
    while (n++ < max_lines && std::getline(in, line)) node_->ingest_line(input, line, node_->now());
  }

  void feed_both() {
    feed(0, "tests/scenarios/eagle_s_estlink2/track.nmea");
    feed(1, "tests/scenarios/yi_peng_3/track.nmea");
    node_->sync_store();
  }

  const Caller& caller(const std::string& name) const {
    for (const auto& k : callers_) {
      if (k.name == name) return k;
    }
    throw std::runtime_error("no caller " + name);
  }

  server::Response get(const std::string& who, const std::string& target) {
    return node_->api().handle(make_request("GET", target, who.empty() ? "" : caller(who).token));
  }

  std::vector<std::string> alert_ids_of(const std::string& who) {
    auto r = get(who, "/api/alerts?limit=5000");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    const json list = json::parse(r.body);
    for (const auto& a : list["alerts"]) ids.push_back(a["id"]);
    return ids;
  }

  // Runs what the node posted to its event loop (the live hub's alert flush).
  void run_posted() {
    node_->settle();  // the io thread, and the alerts held for the node's store read
  }

  fs::path dir_;
  boost::asio::io_context io_;
  std::vector<Caller> callers_;
  std::unique_ptr<Node> node_;
};

// Every "marking" object anywhere in `j` must be releasable to `nation`.
void expect_markings_releasable(const json& j, const std::string& nation, const std::string& where) {
  if (j.is_object()) {
    if (auto m = j.find("marking"); m != j.end() && m->is_object()) {
      Marking mk{(*m)["owner"].get<std::string>(), (*m)["releasable_to"].get<std::vector<std::string>>()};
      EXPECT_TRUE(releasable_to_nation(mk, nation)) << where << ": " << m->dump() << " shown to " << nation;
    }
    for (const auto& [k, v] : j.items()) expect_markings_releasable(v, nation, where);
  } else if (j.is_array()) {
    for (const auto& v : j) expect_markings_releasable(v, nation, where);
  }
}

void expect_absent(const std::string& body, const std::vector<std::string>& forbidden, const std::string& where) {
  for (const auto& f : forbidden) {
    EXPECT_EQ(body.find(f), std::string::npos) << where << " reveals '" << f << "'";
  }
}

TEST_F(LeakSuite, EveryEndpointShowsEachNationOnlyWhatWasReleasedToIt) {
  feed_both();
  auto dnk_alerts = alert_ids_of("dnk-op");
  auto gbr_alerts = alert_ids_of("gbr-view");
  ASSERT_FALSE(dnk_alerts.empty()) << "the Eagle S reconstruction raises alerts in Denmark's feed";
  ASSERT_FALSE(gbr_alerts.empty()) << "the Yi Peng 3 reconstruction raises alerts in Britain's feed";
  for (const auto& id : dnk_alerts) {
    EXPECT_EQ(std::count(gbr_alerts.begin(), gbr_alerts.end(), id), 0) << id << " is Danish and Britain sees it";
  }
  EXPECT_TRUE(alert_ids_of("usa-view").empty());

  // What each nation must never see.
  std::vector<std::string> not_for_gbr = {std::to_string(kEagleS), "dnk-secret-cable", "Secret Danish", "dnk-secret-feed",
                                          "EAGLE S"};
  for (const auto& id : dnk_alerts) not_for_gbr.push_back(id);
  std::vector<std::string> not_for_dnk = {"gbr-secret-feed"};
  for (const auto& id : gbr_alerts) not_for_dnk.push_back(id);
  std::vector<std::string> not_for_usa = not_for_gbr;
  not_for_usa.insert(not_for_usa.end(), not_for_dnk.begin(), not_for_dnk.end());
  not_for_usa.push_back(std::to_string(kYiPeng3));

  const std::string eagle = std::to_string(kEagleS), yi = std::to_string(kYiPeng3);
  std::vector<std::string> targets = {
      "/api/me",
      "/api/vessels",
      "/api/vessels?bbox=-180,-90,180,90",
      "/api/vessels?bbox=19,59,27,61&limit=10",
      "/api/vessels/" + eagle,
      "/api/vessels/" + yi,
      "/api/vessels/" + eagle + "/track?from=2024-12-24T00:00:00Z&to=2024-12-26T00:00:00Z",
      "/api/vessels/" + yi + "/track?from=2024-11-17T00:00:00Z&to=2024-11-19T00:00:00Z",
      "/api/vessels/" + eagle + "/track",
      "/api/alerts",
      "/api/alerts?state=open",
      "/api/alerts?state=acknowledged",
      "/api/alerts?kind=anchor_drag",
      "/api/alerts?since=2024-01-01T00:00:00Z",
      "/api/alerts?mmsi=" + eagle,
      "/api/alerts?mmsi=" + yi,
      "/api/alerts?limit=1",
      "/api/assets",
      "/api/air/tracks",
      "/api/audit",
      "/metrics",
      "/api/vessels/999999999",
      "/api/nothing-here",
  };
  for (const auto& id : dnk_alerts) targets.push_back("/api/alerts/" + id);
  for (const auto& id : gbr_alerts) targets.push_back("/api/alerts/" + id);

  struct Case {
    std::string who;
    const std::vector<std::string>* forbidden;
  };
  for (const Case& c : {Case{"gbr-view", &not_for_gbr}, Case{"dnk-op", &not_for_dnk}, Case{"usa-view", &not_for_usa}}) {
    const std::string& nation = caller(c.who).nation;
    for (const auto& t : targets) {
      auto r = get(c.who, t);
      std::string where = c.who + " GET " + t + " -> " + std::to_string(r.status);
      EXPECT_NE(r.status, 401) << where;
      EXPECT_NE(r.status, 500) << where;
      expect_absent(r.body, *c.forbidden, where);
      for (const auto& [k, v] : r.headers) expect_absent(v, *c.forbidden, where + " header " + k);
      if (r.content_type.rfind("application/json", 0) == 0) {
        auto j = json::parse(r.body, nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << where;
        expect_markings_releasable(j, nation, where);
      }
    }
  }

  // An alert of the other nation answers exactly as one that does not exist.
  auto absent = get("gbr-view", "/api/alerts/a-00000000-9999");
  auto hidden = get("gbr-view", "/api/alerts/" + dnk_alerts.front());
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.body, absent.body);
  auto hidden_vessel = get("gbr-view", "/api/vessels/" + eagle);
  auto absent_vessel = get("gbr-view", "/api/vessels/999999999");
  EXPECT_EQ(hidden_vessel.status, 404);
  EXPECT_EQ(hidden_vessel.body, absent_vessel.body);

  // Each sees its own, track included.
  const json yi_track =
      json::parse(get("gbr-view", "/api/vessels/" + yi + "/track?from=2024-11-17T00:00:00Z&to=2024-11-19T00:00:00Z").body);
  EXPECT_GT(yi_track["geometry"]["coordinates"].size(), 100u);
  EXPECT_EQ(yi_track["geometry"]["coordinates"].size(), yi_track["properties"]["times"].size());
  EXPECT_EQ(get("gbr-view", "/api/vessels/" + eagle + "/track?from=2024-12-24T00:00:00Z&to=2024-12-26T00:00:00Z").status, 404);
  EXPECT_EQ(get("dnk-op", "/api/vessels/" + eagle).status, 200);
  EXPECT_EQ(get("gbr-view", "/api/vessels/" + yi).status, 200);
  EXPECT_EQ(get("dnk-op", "/api/vessels/" + yi).status, 404);
  // The bundled assets carry their owners' markings (most released to the
  // JEF nations, some to NATO): the US caller sees the NATO ones only, and
  // not the private Danish cable; Denmark sees that too.
  const json usa_assets = json::parse(get("usa-view", "/api/assets").body);
  const json dnk_assets = json::parse(get("dnk-op", "/api/assets").body);
  EXPECT_GT(usa_assets["features"].size(), 5u);
  EXPECT_GT(dnk_assets["features"].size(), usa_assets["features"].size() + 50);
  EXPECT_NE(dnk_assets.dump().find("dnk-secret-cable"), std::string::npos);
  EXPECT_EQ(usa_assets.dump().find("estlink-2"), std::string::npos);  // Finland's, released to JEF
}

TEST_F(LeakSuite, NoTokenOrAWrongTokenGets401Everywhere) {
  feed_both();
  std::vector<std::string> targets = {"/api/me", "/api/vessels", "/api/vessels/518998950", "/api/vessels/518998950/track",
                                      "/api/alerts", "/api/alerts/x", "/api/assets", "/api/air/tracks", "/api/audit",
                                      "/metrics", "/api/unknown"};
  for (const auto& t : targets) {
    auto none = node_->api().handle(make_request("GET", t, ""));
    EXPECT_EQ(none.status, 401) << t;
    auto wrong = node_->api().handle(make_request("GET", t, "not-a-token"));
    EXPECT_EQ(wrong.status, 401) << t;
    expect_absent(none.body + wrong.body, {"518998950", "EAGLE"}, t);
  }
  auto ack = node_->api().handle(make_request("POST", "/api/alerts/x/ack", "", R"({"comment":"x"})"));
  EXPECT_EQ(ack.status, 401);
  // Health needs no token and says nothing about the picture.
  auto health = node_->api().handle(make_request("GET", "/api/health", ""));
  EXPECT_EQ(health.status, 200);
  expect_absent(health.body, {"518998950", "vessels", "alerts"}, "/api/health");
}

TEST_F(LeakSuite, AViewerCannotAcknowledgeAndNobodyAcknowledgesWhatTheyCannotSee) {
  feed_both();
  auto gbr_alerts = alert_ids_of("gbr-view");
  auto dnk_alerts = alert_ids_of("dnk-op");
  ASSERT_FALSE(gbr_alerts.empty());
  ASSERT_FALSE(dnk_alerts.empty());
  const std::string body = R"({"comment":"seen"})";
  auto as_viewer = node_->api().handle(make_request("POST", "/api/alerts/" + gbr_alerts[0] + "/ack", caller("gbr-view").token, body));
  EXPECT_EQ(as_viewer.status, 403) << as_viewer.body;
  // A British operator cannot acknowledge (or learn of) a Danish alert.
  auto other = node_->api().handle(make_request("POST", "/api/alerts/" + dnk_alerts[0] + "/ack", caller("gbr-op").token, body));
  EXPECT_EQ(other.status, 404) << other.body;
  // A British viewer asking to ack a Danish alert gets 404, not 403: the role
  // check must not confirm that the alert exists.
  auto viewer_other = node_->api().handle(make_request("POST", "/api/alerts/" + dnk_alerts[0] + "/ack", caller("gbr-view").token, body));
  EXPECT_EQ(viewer_other.status, 404);
  // The British operator acknowledges its own alert.
  auto ok = node_->api().handle(make_request("POST", "/api/alerts/" + gbr_alerts[0] + "/ack", caller("gbr-op").token, body));
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto j = json::parse(ok.body);
  EXPECT_EQ(j["status"], "acknowledged");
  EXPECT_EQ(j["ack"]["by"], "gbr-op");
  EXPECT_EQ(j["ack"]["comment"], "seen");
  // A bad body is a 400 naming the field, and the alert stays as it was.
  auto bad = node_->api().handle(make_request("POST", "/api/alerts/" + gbr_alerts[1 % gbr_alerts.size()] + "/ack", caller("gbr-op").token, R"({"comment":7})"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("comment"), std::string::npos);
  // The Danish side's alerts are all still open.
  auto dnk_open = json::parse(get("dnk-op", "/api/alerts?state=acknowledged").body);
  EXPECT_EQ(dnk_open["count"], 0);
}

TEST_F(LeakSuite, EveryRequestIsAudited) {
  feed_both();
  std::vector<std::string> targets = {"/api/vessels", "/api/alerts", "/api/assets", "/metrics", "/api/vessels/1"};
  for (const auto& t : targets) (void)get("gbr-view", t);
  (void)get("", "/api/vessels");
  (void)node_->api().handle(make_request("POST", "/api/alerts/x/ack", caller("gbr-view").token, "{}"));
  node_->sync_store();
  store::TimeRange all{0, INT64_MAX / 2};
  auto rows = node_->store().audit(all, 100000).value();
  std::size_t gbr = 0, anonymous = 0;
  for (const auto& r : rows) {
    if (r.principal == "gbr-view") {
      ++gbr;
      EXPECT_EQ(r.nation, "GBR");
    }
    if (r.principal.rfind("anonymous", 0) == 0) {
      ++anonymous;
      EXPECT_EQ(r.outcome, "unauthenticated");
    }
  }
  EXPECT_EQ(gbr, targets.size() + 1);
  EXPECT_EQ(anonymous, 1u);
  // The admin of one nation reads its own nation's accesses only, and the
  // attempts without a valid token (no nation: every admin reads those; they
  // used to be kept with nation "" and hidden from every admin).
  const json audit = json::parse(get("dnk-admin", "/api/audit").body);
  std::size_t without_nation = 0;
  for (const auto& row : audit["audit"]) {
    if (row["nation"].is_null()) {
      ++without_nation;
      EXPECT_EQ(row["outcome"], "unauthenticated") << row.dump();
    } else {
      EXPECT_EQ(row["nation"], "DNK") << row.dump();
    }
  }
  EXPECT_EQ(without_nation, 1u);
  EXPECT_EQ(get("dnk-op", "/api/audit").status, 403);
}

TEST_F(LeakSuite, TheLiveFeedSendsEachNationOnlyItsOwn) {
  CaptureConnection dnk_conn, gbr_conn, usa_conn;
  auto open = [&](const std::string& who, CaptureConnection& conn) {
    auto req = make_request("GET", "/api/live?access_token=" + caller(who).token, "");
    auto r = node_->api().open(req, conn);
    EXPECT_TRUE(std::holds_alternative<std::unique_ptr<server::LiveClient>>(r)) << who;
    return std::get<std::unique_ptr<server::LiveClient>>(std::move(r));
  };
  auto dnk = open("dnk-op", dnk_conn);
  auto gbr = open("gbr-view", gbr_conn);
  auto usa = open("usa-view", usa_conn);
  // Britain looks at the whole world; the others too.
  gbr->on_message(R"({"subscribe":{"bbox":[-180,-90,180,90]}})");
  // Feed in slices and flush batches as the node's timer would.
  std::ifstream eagle(std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/eagle_s_estlink2/track.nmea");
  std::ifstream yi(std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/yi_peng_3/track.nmea");
  std::string line;
  for (int round = 0; round < 200; ++round) {
    for (int i = 0; i < 40 && std::getline(eagle, line); ++i) node_->ingest_line(0, line, node_->now());
    for (int i = 0; i < 40 && std::getline(yi, line); ++i) node_->ingest_line(1, line, node_->now());
    node_->hub().flush_vessels();
    run_posted();  // the alerts raised in this turn
  }
  auto count_alerts = [](const CaptureConnection& c) {
    return std::count_if(c.sent.begin(), c.sent.end(), [](const std::string& s) {
      return s.find("\"type\":\"alert\"") != std::string::npos || s.find("\"type\":\"alerts\"") != std::string::npos;
    });
  };
  EXPECT_GT(count_alerts(dnk_conn), 0);
  EXPECT_GT(count_alerts(gbr_conn), 0);
  EXPECT_EQ(count_alerts(usa_conn), 0);
  bool gbr_saw_yi = false;
  for (const auto& msg : gbr_conn.sent) {
    expect_absent(msg, {std::to_string(kEagleS), "EAGLE S", "dnk-secret"}, "GBR live");
    auto j = json::parse(msg);
    expect_markings_releasable(j, "GBR", "GBR live");
    if (msg.find(std::to_string(kYiPeng3)) != std::string::npos) gbr_saw_yi = true;
  }
  EXPECT_TRUE(gbr_saw_yi);
  for (const auto& msg : dnk_conn.sent) expect_markings_releasable(json::parse(msg), "DNK", "DNK live");
  for (const auto& msg : usa_conn.sent) {
    expect_absent(msg, {std::to_string(kEagleS), std::to_string(kYiPeng3)}, "USA live");
  }
  // A WebSocket without a token is refused with 401.
  CaptureConnection anon;
  auto refused = node_->api().open(make_request("GET", "/api/live", ""), anon);
  ASSERT_TRUE(std::holds_alternative<server::Response>(refused));
  EXPECT_EQ(std::get<server::Response>(refused).status, 401);
  // Bad subscriptions get an error message, not a crash.
  gbr->on_message("not json");
  gbr->on_message(R"({"subscribe":{"bbox":[200,0,0,0]}})");
  EXPECT_NE(gbr_conn.sent.back().find("error"), std::string::npos);
}

TEST_F(LeakSuite, ABusyPictureGoesOutInMessagesOfBoundedSize) {
  // An alert waits behind the message being written to a client; a whole
  // busy picture in one message would hold it back for long.
  CaptureConnection conn;
  auto r = node_->api().open(make_request("GET", "/api/live?access_token=" + caller("dnk-op").token, ""), conn);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<server::LiveClient>>(r));
  auto client = std::get<std::unique_ptr<server::LiveClient>>(std::move(r));
  client->on_message(R"({"subscribe":{"bbox":[-180,-90,180,90]}})");
  conn.sent.clear();
  constexpr uint32_t kVessels = 2000;
  auto feed_all = [&](int second) {
    for (uint32_t i = 0; i < kVessels; ++i) {
      ais::Message m;
      m.type = 1;
      m.mmsi = 219000000 + i;
      ais::PositionReportA a;
      a.speed = 100;
      a.second = second;
      a.pos = ais::Position{static_cast<int32_t>((11.0 + (i % 100) * 0.01 + second * 1e-4) * 600000),
                            static_cast<int32_t>((55.0 + (i / 100) * 0.01) * 600000)};
      m.body = a;
      node_->ingest_line(0, ais::encode_nmea(m), node_->now() + std::chrono::seconds(second));
    }
  };
  feed_all(10);
  node_->hub().flush_vessels();
  std::set<uint32_t> seen;
  std::size_t batches = 0;
  for (const auto& msg : conn.sent) {
    const json j = json::parse(msg);
    if (j["type"] != "vessels") continue;
    ++batches;
    EXPECT_LE(msg.size(), 33u * 1024) << "one vessel batch message";
    for (const auto& v : j["vessels"]) seen.insert(v["mmsi"].get<uint32_t>());
  }
  EXPECT_GT(batches, 1u);
  EXPECT_EQ(seen.size(), kVessels);
  // The node sends a batch in slices between other work: every vessel still
  // goes out once, and a new flush waits until the last one is done.
  feed_all(20);
  conn.sent.clear();
  ASSERT_TRUE(node_->hub().begin_vessel_flush());
  EXPECT_FALSE(node_->hub().begin_vessel_flush());  // one flush at a time
  int steps = 1;
  while (node_->hub().flush_vessels_step(300)) ++steps;
  EXPECT_EQ(steps, 7);  // 2000 vessels, 300 a slice
  seen.clear();
  for (const auto& msg : conn.sent) {
    const json j = json::parse(msg);
    if (j["type"] == "vessels") {
      for (const auto& v : j["vessels"]) seen.insert(v["mmsi"].get<uint32_t>());
    }
  }
  EXPECT_EQ(seen.size(), kVessels);
  EXPECT_FALSE(node_->hub().begin_vessel_flush());  // nothing changed since
  // A new subscription's snapshot of the same picture is cut the same way.
  conn.sent.clear();
  client->on_message(R"({"subscribe":{"bbox":[10,54,13,56]}})");
  seen.clear();
  batches = 0;
  for (const auto& msg : conn.sent) {
    const json j = json::parse(msg);
    if (j["type"] != "vessels") continue;  // "subscribed" comes first
    EXPECT_TRUE(j["snapshot"].get<bool>());
    EXPECT_LE(msg.size(), 33u * 1024);
    ++batches;
    for (const auto& v : j["vessels"]) seen.insert(v["mmsi"].get<uint32_t>());
  }
  EXPECT_GT(batches, 1u);
  EXPECT_EQ(seen.size(), kVessels);
}

TEST_F(LeakSuite, NewAlertsGoAtOnceAndUpdatesOfOneAlertAreMergedUntilTheNextBatch) {
  // A storm of updates (one MMSI shared by many transmitters updates its
  // alert on every report) must not queue ahead of the next new alert; the
  // new alerts of one turn of the event loop go to a client together.
  CaptureConnection conn;
  auto r = node_->api().open(make_request("GET", "/api/live?access_token=" + caller("dnk-op").token, ""), conn);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<server::LiveClient>>(r));
  auto client = std::get<std::unique_ptr<server::LiveClient>>(std::move(r));
  conn.sent.clear();
  const Marking dnk{"DNK", {}};
  auto alert = [](const std::string& id, const std::string& state, int n) {
    return json{{"id", id}, {"state", state}, {"kind", "position_jump"}, {"evidence", {{"jumps", n}}}};
  };
  auto alerts_sent = [&] {
    std::vector<json> out;
    for (const auto& msg : conn.sent) {
      auto j = json::parse(msg);
      if (j["type"] == "alert") out.push_back(j["alert"]);
      if (j["type"] == "alerts") {
        EXPECT_GT(j["alerts"].size(), 1u) << "one alert goes as an alert message";
        for (const auto& a : j["alerts"]) out.push_back(a);
      }
    }
    return out;
  };
  auto& hub = node_->hub();
  hub.alert(alert("a-1", "open", 1), dnk);
  EXPECT_TRUE(alerts_sent().empty());  // when the event loop comes round
  run_posted();
  ASSERT_EQ(alerts_sent().size(), 1u);
  EXPECT_EQ(json::parse(conn.sent.back())["type"], "alert");
  EXPECT_EQ(conn.urgent, 1u);  // ahead of anything queued
  for (int n = 2; n <= 50; ++n) hub.alert(alert("a-1", "update", n), dnk);
  hub.alert(alert("a-2", "open", 1), dnk);
  hub.alert(alert("a-2", "update", 2), dnk);
  hub.alert(alert("a-3", "open", 1), dnk);
  hub.alert(alert("a-3", "update", 2), dnk);
  hub.alert(alert("a-3", "retracted", 3), dnk);  // the held update is older: dropped
  run_posted();
  auto now = alerts_sent();
  ASSERT_EQ(now.size(), 4u);
  EXPECT_EQ(now[1]["id"], "a-2");
  EXPECT_EQ(now[2]["id"], "a-3");
  EXPECT_EQ(now[3]["state"], "retracted");
  EXPECT_EQ(conn.urgent, 2u) << "the three raised in one turn go as one message";
  EXPECT_EQ(json::parse(conn.sent.back())["type"], "alerts");
  EXPECT_EQ(hub.stats().alert_updates_merged, 48u);
  // With the next batch: the latest state of each updated alert, once, in
  // the order they were first updated, queued behind what was sent before.
  hub.flush_vessels();
  auto after = alerts_sent();
  ASSERT_EQ(after.size(), 6u);
  EXPECT_EQ(after[4]["id"], "a-1");
  EXPECT_EQ(after[4]["evidence"]["jumps"], 50);
  EXPECT_EQ(after[5]["id"], "a-2");
  EXPECT_EQ(conn.urgent, 2u);
  hub.flush_vessels();
  EXPECT_EQ(alerts_sent().size(), 6u);  // nothing held twice
  // A nation that may not see the alert gets neither the alert nor its updates.
  CaptureConnection usa_conn;
  auto u = node_->api().open(make_request("GET", "/api/live?access_token=" + caller("usa-view").token, ""), usa_conn);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<server::LiveClient>>(u));
  usa_conn.sent.clear();
  hub.alert(alert("a-1", "update", 51), dnk);
  hub.alert(alert("a-4", "open", 1), dnk);
  hub.flush_vessels();
  run_posted();
  for (const auto& msg : usa_conn.sent) {
    EXPECT_EQ(msg.find("a-1"), std::string::npos);
    EXPECT_EQ(msg.find("a-4"), std::string::npos);
  }
  EXPECT_EQ(alerts_sent().size(), 8u);
  // A burst larger than one message is cut at the batch bound, in order.
  conn.sent.clear();
  for (int i = 0; i < 300; ++i) {
    json big = alert("b-" + std::to_string(i), "open", i);
    big["summary"] = std::string(400, 'x');
    hub.alert(big, dnk);
  }
  run_posted();
  auto burst = alerts_sent();
  ASSERT_EQ(burst.size(), 300u);
  for (int i = 0; i < 300; ++i) EXPECT_EQ(burst[static_cast<std::size_t>(i)]["id"], "b-" + std::to_string(i));
  EXPECT_GT(conn.sent.size(), 1u);
  for (const auto& msg : conn.sent) EXPECT_LE(msg.size(), 33u * 1024);
}

TEST_F(LeakSuite, HeldAlertUpdatesGoOutInSlicesAndARetractionDropsTheRest) {
  // A batch's held updates are serialised and sent a slice per step (a
  // storm of them must not hold the event loop), and one retracted while
  // the batch is going out is not sent after its retraction.
  CaptureConnection conn;
  auto r = node_->api().open(make_request("GET", "/api/live?access_token=" + caller("dnk-op").token, ""), conn);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<server::LiveClient>>(r));
  auto client = std::get<std::unique_ptr<server::LiveClient>>(std::move(r));
  const Marking dnk{"DNK", {}};
  auto alert = [](int i, const std::string& state) {
    return json{{"id", "u-" + std::to_string(i)}, {"state", state}, {"kind", "position_jump"}};
  };
  auto& hub = node_->hub();
  for (int i = 0; i < 100; ++i) hub.alert(alert(i, "open"), dnk);
  run_posted();
  for (int i = 0; i < 100; ++i) hub.alert(alert(i, "update"), dnk);
  conn.sent.clear();
  auto updates_in = [](const std::string& msg) {
    auto j = json::parse(msg);
    std::vector<json> list;
    if (j["type"] == "alert") list.push_back(j["alert"]);
    if (j["type"] == "alerts") list = j["alerts"].get<std::vector<json>>();
    return list;
  };
  ASSERT_TRUE(hub.begin_vessel_flush());
  EXPECT_EQ(hub.vessels_to_flush(), 100u);
  EXPECT_TRUE(conn.sent.empty()) << "nothing is serialised before the first step";
  std::vector<std::string> order;
  bool more = true;
  int steps = 0;
  while (more) {
    std::size_t before = conn.sent.size();
    more = hub.flush_vessels_step(256);
    ++steps;
    std::size_t in_step = 0;
    for (std::size_t k = before; k < conn.sent.size(); ++k) {
      for (const auto& a : updates_in(conn.sent[k])) {
        ++in_step;
        order.push_back(a["id"].get<std::string>() + ":" + a["state"].get<std::string>());
      }
    }
    EXPECT_LE(in_step, server::LiveHub::kUpdatesPerStep);
    if (steps == 1) {
      hub.alert(alert(99, "retracted"), dnk);  // while the batch is going out
      run_posted();
      order.push_back("u-99:retracted-sent");
    }
  }
  EXPECT_GE(steps, 4);
  std::size_t updates = std::count_if(order.begin(), order.end(), [](const std::string& o) {
    return o.size() > 7 && o.compare(o.size() - 7, 7, ":update") == 0;
  });
  EXPECT_EQ(updates, 99u) << "u-99's update was dropped by its retraction";
  EXPECT_EQ(std::find(order.begin(), order.end(), "u-99:update"), order.end());
  EXPECT_EQ(order.front(), "u-0:update") << "in the order they were held";
}

TEST_F(LeakSuite, AnAcknowledgedAlertStaysAcknowledgedInItsLiveUpdates) {
  // Eagle S opens anchor_drag episodes one after another and updates the
  // first three hours later. The first is acknowledged through this node's
  // API, the second straight in the store (as another node sharing it
  // would); both updates must keep the acknowledgement, and the third's
  // update, which nobody acknowledged, must not gain one.
  CaptureConnection conn;
  auto r = node_->api().open(make_request("GET", "/api/live?access_token=" + caller("dnk-op").token, ""), conn);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<server::LiveClient>>(r));
  auto client = std::get<std::unique_ptr<server::LiveClient>>(std::move(r));
  std::size_t seen = 0;  // messages of conn.sent already read
  std::vector<std::string> opened;
  std::map<std::string, std::vector<json>> updates;
  auto read_sent = [&] {
    for (; seen < conn.sent.size(); ++seen) {
      auto j = json::parse(conn.sent[seen]);
      std::vector<json> list;
      if (j["type"] == "alert") list.push_back(j["alert"]);
      if (j["type"] == "alerts") list = j["alerts"].get<std::vector<json>>();
      for (auto& a : list) {
        // (the acknowledgement itself goes out as the alert's stored state)
        if (a["state"] == "open" && std::find(opened.begin(), opened.end(), a["id"]) == opened.end()) {
          opened.push_back(a["id"]);
        }
        if (a["state"] == "update") updates[a["id"]].push_back(a);
      }
    }
  };
  std::ifstream in(std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/eagle_s_estlink2/track.nmea");
  ASSERT_TRUE(in);
  std::string line;
  std::size_t acked = 0;
  while (std::getline(in, line)) {
    node_->ingest_line(0, line, node_->now());
    run_posted();
    read_sent();
    if (acked == 0 && opened.size() >= 1) {
      node_->sync_store();
      auto ok = node_->api().handle(make_request("POST", "/api/alerts/" + opened[0] + "/ack", caller("dnk-op").token,
                                                 R"({"comment":"on it"})"));
      ASSERT_EQ(ok.status, 200) << ok.body;
      acked = 1;
    }
    if (acked == 1 && opened.size() >= 2) {
      node_->sync_store();
      auto st = node_->store().ack_alert(opened[1], "elsewhere", "DNK", "other node", 0);
      ASSERT_TRUE(st.ok()) << st.message();
      acked = 2;
    }
  }
  node_->hub().flush_vessels();
  read_sent();
  ASSERT_EQ(acked, 2u);
  ASSERT_GE(opened.size(), 3u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& list = updates[opened[i]];
    ASSERT_FALSE(list.empty()) << opened[i] << " was never updated";
    for (const auto& u : list) {
      EXPECT_EQ(u["status"], "acknowledged") << u.dump();
      EXPECT_TRUE(u.contains("ack")) << u.dump();
    }
  }
  EXPECT_EQ(updates[opened[0]].back()["ack"]["comment"], "on it");
  EXPECT_EQ(updates[opened[1]].back()["ack"]["by"], "elsewhere");
  ASSERT_FALSE(updates[opened[2]].empty());
  EXPECT_EQ(updates[opened[2]].back()["status"], "open");
}

}  // namespace
}  // namespace lookout::node
