// Friendly units and intercepts end to end, over real sockets on loopback: a
// Finnish node (its feed released to the JEF) whose own patrol vessel
// reports on AIS, an operator posting a helicopter, a watch-listed vessel
// raising an alert. GET /api/intercept ranks the units the caller may see;
// a nation that may not see the alert gets 404, and every call is audited.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "app/node/node.h"
#include "core/geodesy.h"
#include "detect/episode_test_util.h"
#include "server/api/auth.h"
#include "tests/server/http/http_test_support.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using server::testing::Client;
using server::testing::HttpReply;
using server::testing::wait_until;

constexpr uint32_t kPatrol = 230'999'001;
constexpr uint32_t kSuspect = 273'000'777;
constexpr double kKnot = 1852.0 / 3600.0;

struct Caller {
  std::string name, nation, token;
  server::Role role;
};

class InterceptApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lookout-intercept-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "watch.csv") << "imo,mmsi,name,reason\n," << kSuspect << ",,test: under investigation\n";
    NodeConfig c;
    c.name = "intercept-test";
    c.store = (dir_ / "history.db").string();
    c.watchlists.push_back({(dir_ / "watch.csv").string()});
    InputConfig fin;
    fin.name = "fin-feed";
    fin.kind = InputKind::kUdp;
    fin.address = "127.0.0.1:0";
    fin.marking = {"FIN", {"JEF"}};
    c.inputs = {fin};
    c.units = {{kPatrol, "TURVA", track::UnitKind::kVessel, 25 * kKnot}};
    callers_ = {{"fin-op", "FIN", server::new_token(), server::Role::kOperator},
                {"fin-admin", "FIN", server::new_token(), server::Role::kAdmin},
                {"gbr-view", "GBR", server::new_token(), server::Role::kViewer},
                {"usa-op", "USA", server::new_token(), server::Role::kOperator}};
    for (const auto& k : callers_) c.tokens.push_back({k.name, server::to_hex(server::sha256(k.token)), k.nation, k.role});
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
    ASSERT_TRUE(node_->start(error, "127.0.0.1:0")) << error;
    port_ = node_->http_port();
    io_thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    if (io_thread_.joinable()) {
      boost::asio::post(io_, [this] {
        node_->stop();
        io_.stop();
      });
      io_thread_.join();
    }
    node_.reset();
    fs::remove_all(dir_);
  }

  const std::string& token(const std::string& who) const {
    for (const auto& k : callers_) {
      if (k.name == who) return k.token;
    }
    throw std::runtime_error("no caller " + who);
  }

  HttpReply call(const std::string& method, const std::string& target, const std::string& who,
                 const std::string& body = "") {
    std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token(who) + "\r\n";
    if (method == "POST") r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    r += "\r\n" + body;
    Client c(port_);
    EXPECT_TRUE(c.connected() && c.send(r));
    auto reply = c.read_reply();
    EXPECT_TRUE(reply);
    return reply ? *reply : HttpReply{};
  }

  // Positions on the io thread, as an input brings them, `age_s` old.
  void report(uint32_t mmsi, LatLon p, double sog_kn, double cog, double age_s) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      const int64_t t = to_unix_ms(node_->now()) - static_cast<int64_t>(age_s * 1000);
      node_->ingest(0, detect::testing::position_report(mmsi, t, p, sog_kn, cog, 0, false));
      done.set_value();
    });
    done.get_future().wait();
  }

  fs::path dir_;
  std::vector<Caller> callers_;
  boost::asio::io_context io_;
  std::unique_ptr<Node> node_;
  std::thread io_thread_;
  uint16_t port_ = 0;
};

TEST_F(InterceptApi, RanksTheUnitsTheCallerMaySeeForAnAlert) {
  // The suspect runs east along the Gulf of Finland at 10 knots; the patrol
  // (25 knots) is 15 km astern; the helicopter (120 knots) 60 km ahead.
  const LatLon suspect{59.85, 25.00};
  report(kPatrol, destination(suspect, 270, 15'000), 0, 0, 30);
  report(kSuspect, suspect, 10, 90, 5);

  // The patrol is a friendly unit from its AIS, with its configured name.
  json units = json::parse(call("GET", "/api/units", "fin-op").body)["units"];
  ASSERT_EQ(units.size(), 1u) << units.dump();
  EXPECT_EQ(units[0]["id"], "mmsi:" + std::to_string(kPatrol));
  EXPECT_EQ(units[0]["name"], "TURVA");
  EXPECT_EQ(units[0]["source"], "ais");

  // A helicopter posted by a Finnish operator for the JEF; a viewer may not
  // post, and an American unit released to nobody else stays American.
  const LatLon heli = destination(suspect, 80, 60'000);
  const std::string heli_body = json{{"id", "FIN-HELI-1"}, {"name", "Helicopter 1"}, {"kind", "helicopter"},
                                     {"lat", heli.lat}, {"lon", heli.lon}, {"top_speed_knots", 120},
                                     {"releasable_to", {"JEF"}}}.dump();
  HttpReply posted = call("POST", "/api/units", "fin-op", heli_body);
  ASSERT_EQ(posted.status, 201) << posted.body;
  EXPECT_EQ(json::parse(posted.body)["marking"]["owner"], "FIN");
  EXPECT_EQ(call("POST", "/api/units", "gbr-view", heli_body).status, 403);
  EXPECT_EQ(call("POST", "/api/units", "fin-op", R"({"id":"x","lat":95,"lon":0,"top_speed_knots":5})").status, 400);
  EXPECT_EQ(call("POST", "/api/units", "fin-op", R"({"id":"x","lat":60,"lon":25})").status, 400);
  ASSERT_EQ(call("POST", "/api/units", "usa-op",
                 R"({"id":"USA-BOAT","kind":"vessel","lat":59.85,"lon":25.05,"top_speed_knots":40})")
                .status,
            201);
  EXPECT_EQ(json::parse(call("GET", "/api/units", "gbr-view").body)["units"].size(), 2u);

  // The watch-list alert, once stored.
  std::string alert_id;
  ASSERT_TRUE(wait_until([&] {
    json a = json::parse(call("GET", "/api/alerts", "fin-op").body);
    for (const auto& x : a["alerts"]) {
      if (x["mmsi"] == json::array({kSuspect})) alert_id = x["id"];
    }
    return !alert_id.empty();
  }));

  HttpReply r = call("GET", "/api/intercept?alert=" + alert_id, "gbr-view");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["alert"], alert_id);
  EXPECT_EQ(j["target"]["kind"], "vessel");
  EXPECT_EQ(j["target"]["mmsi"], kSuspect);
  EXPECT_TRUE(j["target"]["velocity_known"]);
  EXPECT_GE(j["target"]["age_s"].get<double>(), 5);
  ASSERT_EQ(j["units"].size(), 2u) << j.dump(1);  // not the American boat
  // The helicopter, four times further away, arrives first.
  EXPECT_EQ(j["units"][0]["unit"]["id"], "FIN-HELI-1");
  EXPECT_EQ(j["units"][1]["unit"]["id"], "mmsi:" + std::to_string(kPatrol));
  for (const auto& u : j["units"]) {
    EXPECT_TRUE(u["possible"]);
    EXPECT_TRUE(u["aim"].is_array());
    EXPECT_TRUE(u["course_deg"].is_number());
    EXPECT_GT(u["distance_m"].get<double>(), 0);
    EXPECT_TRUE(u["unit_age_s"].is_number());
    EXPECT_TRUE(u["target_age_s"].is_number());
  }
  EXPECT_LT(j["units"][0]["time_s"].get<double>(), j["units"][1]["time_s"].get<double>());
  EXPECT_LT(j["units"][1]["range_m"].get<double>(), j["units"][0]["range_m"].get<double>());
  EXPECT_EQ(j["units"][0]["method"], "geodesic");  // 60 km: beyond the plane
  EXPECT_EQ(j["units"][1]["method"], "plane");
  EXPECT_GE(j["units"][1]["unit_age_s"].get<double>(), 30);

  // The United States may not see the alert: as if it did not exist.
  EXPECT_EQ(call("GET", "/api/intercept?alert=" + alert_id, "usa-op").status, 404);
  EXPECT_EQ(call("GET", "/api/intercept?alert=nope", "fin-op").status, 404);
  EXPECT_EQ(call("GET", "/api/intercept", "fin-op").status, 400);

  // Each call is in the audit log, refusals included.
  int audited = 0;
  ASSERT_TRUE(wait_until([&] {
    json a = json::parse(call("GET", "/api/audit?limit=1000", "fin-admin").body)["audit"];
    audited = 0;
    for (const auto& row : a) {
      if (row["action"] == "GET /api/intercept" || row["action"] == "POST /api/units") ++audited;
    }
    return audited >= 5;
  }, std::chrono::seconds(10))) << audited;
}

}  // namespace
}  // namespace lookout::node
