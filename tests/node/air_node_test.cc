// The counter-drone side of the live node: JSON Lines detections over UDP and
// a SAPIENT fusion node as inputs of a partition, whose air engine shares the
// maritime picture - so the drone-from-a-ship scenario raises its drone
// alerts and names the launch vessel through the API, as `replay` does.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "app/node/node.h"
#include "core/time.h"
#include "server/api/api.h"
#include "server/api/auth.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class AirNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lookout-air-node-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const std::string scenario = std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/drone_from_ship/";
    NodeConfig c;
    c.name = "air-test";
    c.listen = "127.0.0.1:0";
    c.store = (dir_ / "history.db").string();
    c.air_sensors = scenario + "sensors.json";
    c.assets.push_back({std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson", {"DNK", {"JEF"}}});
    InputConfig ais;
    ais.name = "ais";
    ais.kind = InputKind::kUdp;
    ais.address = "127.0.0.1:0";
    ais.marking = {"DNK", {"JEF"}};
    InputConfig det = ais;
    det.name = "radar-json";
    det.kind = InputKind::kDetectionsUdp;
    InputConfig sap = ais;
    sap.name = "sapient";
    sap.kind = InputKind::kSapient;
    c.inputs = {ais, det, sap};
    token_ = server::new_token();
    c.tokens.push_back({"dnk-op", server::to_hex(server::sha256(token_)), "DNK", Role::kOperator});
    // A NATO ally outside JEF: the air partition (DNK, releasable to JEF) is not released to it.
    usa_token_ = server::new_token();
    c.tokens.push_back({"usa-viewer", server::to_hex(server::sha256(usa_token_)), "USA", Role::kViewer});
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
  }

  void TearDown() override {
    if (node_) node_->stop();
    node_.reset();
    fs::remove_all(dir_);
  }

  json get(const std::string& target, int status = 200) { return get_as(token_, target, status); }

  json get_as(const std::string& token, const std::string& target, int status = 200) {
    server::Request r;
    r.method = "GET";
    r.target = target;
    r.path = target.substr(0, target.find('?'));
    if (auto q = target.find('?'); q != std::string::npos) {
      auto kv = target.substr(q + 1);
      auto eq = kv.find('=');
      r.query.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    r.headers.emplace_back("authorization", "Bearer " + token);
    auto resp = node_->api().handle(r);
    EXPECT_EQ(resp.status, status) << target << ": " << resp.body;
    return json::parse(resp.body);
  }

  fs::path dir_;
  boost::asio::io_context io_;
  std::string token_;
  std::string usa_token_;
  std::unique_ptr<Node> node_;
};

TEST_F(AirNodeTest, DroneFromShipScenarioRaisesDroneAlertsNamingTheLaunchVessel) {
  // AIS and detections merged by event time, as they would arrive live.
  const std::string scenario = std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/drone_from_ship/";
  struct Item {
    int64_t t;
    bool ais;
    std::string line;
  };
  std::vector<Item> items;
  std::ifstream ais(scenario + "ais.nmea"), det(scenario + "detections.jsonl");
  std::string line;
  std::regex tag(R"(c:(\d+))");
  int64_t last_ais = 0;
  while (std::getline(ais, line)) {
    std::smatch m;
    if (std::regex_search(line, m, tag)) last_ais = std::stoll(m[1].str()) * 1000;
    items.push_back({last_ais, true, line});
  }
  while (std::getline(det, line)) {
    auto j = json::parse(line);
    auto t = parse_timestamp(j["time"].get<std::string>());
    ASSERT_TRUE(t.ok());
    items.push_back({to_unix_ms(*t), false, line});
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.t < b.t; });
  for (const auto& it : items) {
    if (it.ais) {
      node_->ingest_line(0, it.line, from_unix_ms(it.t));
    } else {
      node_->ingest_detection_line(1, it.line);
    }
  }
  // Tracks of the scenario are in the air picture (a tick would now close
  // them: the node clock is years past the scenario).
  auto tracks = get("/api/air/tracks");
  EXPECT_FALSE(tracks["tracks"].empty());
  for (const auto& t : tracks["tracks"]) {
    EXPECT_EQ(t["marking"]["owner"], "DNK");
    EXPECT_FALSE(t["trail"].empty()) << t.dump();
  }
  // ?confirmed=true: what the map draws, no tentative track.
  auto confirmed = get("/api/air/tracks?confirmed=true");
  EXPECT_FALSE(confirmed["tracks"].empty());
  EXPECT_LE(confirmed["tracks"].size(), tracks["tracks"].size());
  for (const auto& t : confirmed["tracks"]) EXPECT_NE(t["status"], "tentative") << t.dump();
  get("/api/air/tracks?confirmed=yes", 400);
  node_->sync_store();
  auto alerts = get("/api/alerts?limit=1000");
  std::map<std::string, int> kinds;
  bool origin_names_tanker = false;
  for (const auto& a : alerts["alerts"]) {
    kinds[a["kind"]]++;
    if (a["kind"] == "drone_origin") {
      ASSERT_EQ(a["mmsi"].size(), 1u) << a.dump();
      EXPECT_EQ(a["mmsi"][0], 613414602) << "only the launch tanker may be named";
      origin_names_tanker = true;
    }
  }
  EXPECT_GE(kinds["drone_incursion"], 3) << alerts.dump().substr(0, 500);
  // A nation the partition is not released to sees none of it: no track, no
  // drone alert, and a drone alert's id answers as an unknown one.
  ASSERT_FALSE(alerts["alerts"].empty());
  EXPECT_TRUE(get_as(usa_token_, "/api/air/tracks")["tracks"].empty());
  EXPECT_TRUE(get_as(usa_token_, "/api/alerts?limit=1000")["alerts"].empty());
  get_as(usa_token_, "/api/alerts/" + alerts["alerts"][0]["id"].get<std::string>(), 404);
  get_as(usa_token_, "/api/alerts/no-such-alert", 404);
  EXPECT_TRUE(origin_names_tanker);
  EXPECT_GE(kinds["swarm"], 1);
  // The birds, the airliner and the clutter raise nothing else.
  for (const auto& [kind, n] : kinds) {
    EXPECT_TRUE(kind == "drone_incursion" || kind == "drone_approach" || kind == "drone_origin" || kind == "swarm")
        << kind << " x" << n;
  }
}

TEST_F(AirNodeTest, DetectionsArriveOverUdpAndTheSapientPortListens) {
  std::string error;
  ASSERT_TRUE(node_->start(error)) << error;
  uint16_t det_port = node_->input_port(1);
  uint16_t sap_port = node_->input_port(2);
  ASSERT_NE(det_port, 0);
  ASSERT_NE(sap_port, 0);
  // Three detections in one datagram, stamped now so the tracker takes them.
  std::string datagram;
  auto now = std::chrono::system_clock::now();
  for (int i = 0; i < 3; ++i) {
    auto t = from_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() + i * 500);
    datagram += R"({"time":")" + format_iso8601(t) + R"(","sensor":"rf-1","lat":55.6391,"lon":12.7102,"sigma_m":150,"class":"drone"})" "\n";
  }
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(det_port);
  ASSERT_EQ(::sendto(fd, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr),
            static_cast<ssize_t>(datagram.size()));
  ::close(fd);
  // The metrics count what the input brought once the io thread has run.
  std::string metrics;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  server::Request r;
  r.method = "GET";
  r.target = r.path = "/metrics";
  r.headers.emplace_back("authorization", "Bearer " + token_);
  while (std::chrono::steady_clock::now() < deadline) {
    io_.run_for(std::chrono::milliseconds(50));
    metrics = node_->api().handle(r).body;
    if (metrics.find("lookout_input_observations_total{input=\"radar-json\",kind=\"detections_udp\"} 3") != std::string::npos) break;
  }
  EXPECT_NE(metrics.find("lookout_input_observations_total{input=\"radar-json\",kind=\"detections_udp\"} 3"), std::string::npos)
      << metrics;
  // A SAPIENT sensor can connect to the fusion node.
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  addr.sin_port = htons(sap_port);
  EXPECT_EQ(::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ::close(s);
  node_->stop();
}

}  // namespace
}  // namespace lookout::node
