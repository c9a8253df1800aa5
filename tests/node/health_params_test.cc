// Detector parameters per partition, end to end: a node whose Danish
// partition is configured to wait most of a day before an anchor drag and
// whose British partition keeps the defaults. GET /api/health shows each
// caller the parameters of the partitions it may see, and only those.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app/node/node.h"
#include "server/api/api.h"
#include "server/api/auth.h"
#include "server/http/http.h"
#include "tests/node/leak_support.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

class HealthParams : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = leak::fresh_test_dir("lookout-health-params");
    NodeConfig c;
    c.name = "params-test";
    c.store = (dir_ / "history.db").string();
    c.assets.push_back({std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson", {"DNK", {"NATO"}}});
    InputConfig dnk;
    dnk.name = "dnk-feed";
    dnk.kind = InputKind::kUdp;
    dnk.address = "127.0.0.1:0";
    dnk.marking = {"DNK", {}};
    InputConfig gbr = dnk;
    gbr.name = "gbr-feed";
    gbr.marking = {"GBR", {}};
    c.inputs = {dnk, gbr};
    // Node-wide: loitering waits 45 min. Denmark: anchor drags only after 23 hours.
    c.detectors.loitering.min_duration = 45min;
    PartitionConfig danish{dnk.marking, c.detectors};
    danish.detectors.anchor_drag.min_slow = 23h;
    c.partitions.push_back(danish);
    for (const auto& [name, nation] : {std::pair{"dnk-view", "DNK"}, std::pair{"gbr-view", "GBR"}, std::pair{"usa-view", "USA"}}) {
      tokens_[name] = server::new_token();
      c.tokens.push_back({name, server::to_hex(server::sha256(tokens_[name])), nation, server::Role::kViewer});
    }
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
  }

  void TearDown() override {
    node_.reset();
    fs::remove_all(dir_);
  }

  json get(const std::string& path, const std::string& who) {
    auto r = node_->api().handle(leak::make_request("GET", path, who.empty() ? "" : tokens_[who]));
    EXPECT_EQ(r.status, 200) << path << " " << r.body;
    return json::parse(r.body);
  }

  fs::path dir_;
  boost::asio::io_context io_;
  std::unique_ptr<Node> node_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(HealthParams, EachCallerSeesTheParametersOfItsOwnPartitionsOnly) {
  json dnk = get("/api/health", "dnk-view");
  ASSERT_EQ(dnk["partitions"].size(), 1u) << dnk.dump();
  EXPECT_EQ(dnk["partitions"][0]["marking"]["owner"], "DNK");
  const json& dd = dnk["partitions"][0]["detectors"];
  EXPECT_EQ(dd["anchor_drag"]["min_slow"], "23h");
  EXPECT_EQ(dd["loitering"]["min_duration"], "45min");
  EXPECT_EQ(dd["swarm"]["gate"]["min_probability"], 0.6);

  json gbr = get("/api/health", "gbr-view");
  ASSERT_EQ(gbr["partitions"].size(), 1u) << gbr.dump();
  EXPECT_EQ(gbr["partitions"][0]["marking"]["owner"], "GBR");
  EXPECT_EQ(gbr["partitions"][0]["detectors"]["anchor_drag"]["min_slow"], "10min");
  EXPECT_EQ(gbr["partitions"][0]["detectors"]["loitering"]["min_duration"], "45min");
  EXPECT_EQ(gbr.dump().find("23h"), std::string::npos) << "Denmark's setting shown to Britain";

  // A nation with no partition released to it sees none; without a token
  // (or with a wrong one) health says nothing of the detectors.
  EXPECT_EQ(get("/api/health", "usa-view")["partitions"], json::array());
  json anonymous = get("/api/health", "");
  EXPECT_FALSE(anonymous.contains("partitions"));
  EXPECT_EQ(anonymous["status"], "ok");
  auto wrong = node_->api().handle(leak::make_request("GET", "/api/health", "not-a-token"));
  EXPECT_EQ(wrong.status, 200);
  EXPECT_FALSE(json::parse(wrong.body).contains("partitions"));
}

}  // namespace
}  // namespace lookout::node
