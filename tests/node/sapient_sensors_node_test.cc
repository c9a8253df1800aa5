// `lookout serve` with a SAPIENT input and no sensors file: a radar node
// connects over TCP (127.0.0.1), registers, reports where it stands, then
// sends range/bearing DetectionReports of a drone. The node's SensorRegistry
// places the radar from its status, so the drone is tracked where it flies;
// a node that sends plots before its status gets them rejected, never placed.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "app/node/node.h"
#include "app/sapient_sensor_test_messages.h"
#include "core/geodesy.h"
#include "core/time.h"
#include "feed/length_prefixed.h"
#include "server/api/api.h"
#include "server/api/auth.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
namespace st = sapient::testing;
namespace pb = sapient::pb;
using nlohmann::json;

const LatLon kSite{55.612, 12.7};

class SapientSensorsNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lookout-sapient-sensors-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    NodeConfig c;
    c.name = "sapient-sensors";
    c.listen = "127.0.0.1:0";
    c.store = (dir_ / "history.db").string();  // no air_sensors: the radar describes itself
    c.assets.push_back({std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson", {"DNK", {"JEF"}}});
    InputConfig sap;
    sap.name = "sapient";
    sap.kind = InputKind::kSapient;
    sap.address = "127.0.0.1:0";
    sap.marking = {"DNK", {"JEF"}};
    c.inputs = {sap};
    token_ = server::new_token();
    c.tokens.push_back({"dnk-op", server::to_hex(server::sha256(token_)), "DNK", Role::kOperator});
    usa_token_ = server::new_token();  // the USA is not in the JEF: the radar is not released to it
    c.tokens.push_back({"usa-view", server::to_hex(server::sha256(usa_token_)), "USA", Role::kViewer});
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
    ASSERT_TRUE(node_->start(error)) << error;
  }

  void TearDown() override {
    if (fd_ >= 0) ::close(fd_);
    if (node_) node_->stop();
    node_.reset();
    fs::remove_all(dir_);
  }

  void connect_sensor() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(node_->input_port(0));
    ASSERT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  }

  void send(const sapient::SapientMessage& msg) {
    std::string bytes;
    ASSERT_TRUE(msg.SerializeToString(&bytes));
    const std::string frame = feed::length_prefixed(bytes);
    ASSERT_EQ(::send(fd_, frame.data(), frame.size(), MSG_NOSIGNAL), static_cast<ssize_t>(frame.size()));
  }

  // A plot of the drone `ms` after `start_ms`: 3 km out on bearing 45, flying
  // north-east at 10 m/s.
  sapient::SapientMessage plot(int64_t start_ms, int i) {
    const int64_t t = start_ms + i * 1000;
    const LatLon where = destination(destination(kSite, 45, 3000), 45, 10.0 * i);
    auto msg = st::detection_polar(distance_m(kSite, where), initial_bearing_deg(kSite, where), 0, st::kRadarId);
    msg.mutable_timestamp()->set_seconds(t / 1000);
    msg.mutable_timestamp()->set_nanos(static_cast<int32_t>(t % 1000) * 1'000'000);
    msg.mutable_detection_report()->clear_classification();
    msg.mutable_detection_report()->add_classification()->set_type("UAV");
    std::string id = "01GGYFBAXGDG7AGAHRZ6XSNY10";
    id[25] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[i % 32];
    msg.mutable_detection_report()->set_report_id(id);
    return msg;
  }

  json get(const std::string& path, const std::string& token) {
    server::Request r;
    r.method = "GET";
    r.target = r.path = path;
    r.headers.emplace_back("authorization", "Bearer " + token);
    auto resp = node_->api().handle(r);
    EXPECT_EQ(resp.status, 200) << path << ": " << resp.body;
    return json::parse(resp.body);
  }
  json tracks() { return get("/api/air/tracks", token_); }

  fs::path dir_;
  boost::asio::io_context io_;
  std::string token_;
  std::string usa_token_;
  std::unique_ptr<Node> node_;
  int fd_ = -1;
};

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_F(SapientSensorsNodeTest, ARadarPlacedByItsOwnStatusTracksTheDroneWhereItFlies) {
  connect_sensor();
  // Stamped ahead of the node's clock, so that its ticks close no scan early.
  const int64_t start = now_ms() + 10'000;
  send(st::radar_registration(st::kRadarId, start / 1000 - 2));
  // Plots before the status: the fusion node has no site for them, nor has the registry.
  send(plot(start - 5000, 0));
  send(st::radar_status(kSite.lat, kSite.lon, 20, start / 1000 - 1));
  for (int i = 0; i < 8; ++i) send(plot(start, i));

  json found;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    io_.run_for(std::chrono::milliseconds(50));
    json t = tracks();
    for (const auto& tr : t["tracks"]) {
      if (tr["status"] == "confirmed") found = tr;
    }
    if (!found.is_null()) break;
  }
  ASSERT_FALSE(found.is_null()) << tracks().dump();
  // Where the drone was at the last plot it took, to within the radar's errors.
  const LatLon truth = destination(destination(kSite, 45, 3000), 45, 10.0 * 6);
  const LatLon at{found["lat"].get<double>(), found["lon"].get<double>()};
  EXPECT_LT(distance_m(at, truth), 100) << found.dump();
  EXPECT_EQ(found["marking"]["owner"], "DNK");

  // What the node knows of the radar, for those who may see its partition only.
  json sensors = get("/api/air/sensors", token_)["sensors"];
  ASSERT_EQ(sensors.size(), 1u) << sensors.dump();
  EXPECT_EQ(sensors[0]["id"], "3f2b9c1e5a474d2e9c618b0f4e7a2d15");
  EXPECT_EQ(sensors[0]["origin"], "sapient");
  EXPECT_EQ(sensors[0]["pattern"], "rotating");
  EXPECT_DOUBLE_EQ(sensors[0]["lat"].get<double>(), kSite.lat);
  EXPECT_DOUBLE_EQ(sensors[0]["max_range_m"].get<double>(), 20000);
  EXPECT_EQ(sensors[0]["marking"]["owner"], "DNK");
  EXPECT_TRUE(get("/api/air/sensors", usa_token_)["sensors"].empty());

  // The plot sent before the status was not placed, and /metrics says so,
  // to those who may see the partition only.
  auto metrics = [&](const std::string& token) {
    server::Request r;
    r.method = "GET";
    r.target = r.path = "/metrics";
    r.headers.emplace_back("authorization", "Bearer " + token);
    return node_->api().handle(r).body;
  };
  EXPECT_NE(metrics(token_).find("lookout_air_detections_rejected_total{sensor=\"3f2b9c1e5a474d2e9c618b0f4e7a2d15\","
                                 "reason=\"no_site\"} 1\n"),
            std::string::npos)
      << metrics(token_);
  EXPECT_EQ(metrics(usa_token_).find("lookout_air_detections_rejected_total"), std::string::npos);
}

}  // namespace
}  // namespace lookout::node
