// A reported cable fault to its suspects, on the busy reconstructions of the
// Eagle S (Estlink 2, 25 December 2024) and the Yi Peng 3 (BCS East-West
// and C-Lion1, 17-18 November 2024), each among 100+ vessels crossing the
// same cables normally (tests/forensics/make.py). The recordings are
// replayed by the real CLI into SQLite stores marked as Finnish feeds. The
// culprit must be named first: by `lookout forensics fault` given the fault
// as a position or as a distance along the cable, and by POST
// /api/incidents on a live node over the same store, with its last
// position and a friendly unit's intercept. A nation that may see the cable
// (JEF) but not the Finnish feed is shown no suspect; one that may not see
// the cable is told it does not know it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "app/node/node.h"
#include "core/geodesy.h"
#include "forensics/fault.h"
#include "geo/asset_loader.h"
#include "server/api/auth.h"
#include "tests/server/http/http_test_support.h"
#include "tests/store/store_test_support.h"

namespace lookout {
namespace {

using nlohmann::json;

constexpr uint32_t kEagleS = 518998950;
constexpr uint32_t kYiPeng3 = 414270000;
const char* kEagleWindow = "--from 2024-12-25T00:00:00Z --to 2024-12-26T00:00:00Z";
const char* kYiWindow = "--from 2024-11-17T00:00:00Z --to 2024-11-19T00:00:00Z";

struct Output {
  int status = -1;
  std::string out;
};

Output run(const std::string& args) {
  std::string cmd = std::string(LOOKOUT_BINARY) + " " + args + " 2>&1";
  Output o;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return o;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) o.out.append(buf, n);
  int raw = ::pclose(pipe);
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return o;
}

json run_json(const std::string& args) {
  auto o = run(args);
  EXPECT_EQ(o.status, 0) << o.out;
  return json::parse(o.out, nullptr, false);
}

class FaultSuspects : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new store::testing::ScratchDir();
    eagle_ = (dir_->path() / "eagle.db").string();
    yi_ = (dir_->path() / "yi.db").string();
    const std::string src = std::string(LOOKOUT_SOURCE_DIR) + "/tests/forensics/";
    // The Eagle S feed is Finland's alone (the cable is released to the JEF).
    auto a = run("replay --no-progress --owner FIN --store " + eagle_ + " " + src + "eagle_s_busy.nmea");
    ASSERT_EQ(a.status, 0) << a.out;
    auto b = run("replay --no-progress --owner FIN --releasable-to JEF --store " + yi_ + " " + src + "yi_peng_3_busy.nmea");
    ASSERT_EQ(b.status, 0) << b.out;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static store::testing::ScratchDir* dir_;
  static std::string eagle_, yi_;
};

store::testing::ScratchDir* FaultSuspects::dir_ = nullptr;
std::string FaultSuspects::eagle_;
std::string FaultSuspects::yi_;

const Asset& bundled(const std::string& id) {
  static const auto loaded = load_assets_file(std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson");
  for (const auto& a : loaded.value().assets) {
    if (a.id == id) return a;
  }
  throw std::runtime_error("no asset " + id);
}

// The distance along `asset` of the point of it nearest `p`, found by
// walking it in 100 m steps.
double distance_along(const Asset& asset, LatLon p) {
  double best = 0, best_m = 1e18;
  const double length = forensics::line_length_m(asset);
  for (double d = 0; d <= length; d += 100) {
    const double m = distance_m(*forensics::point_along(asset, d), p);
    if (m < best_m) {
      best_m = m;
      best = d;
    }
  }
  return best;
}

TEST(FaultGeometry, PointAlongWalksTheCableFromItsFirstPoint) {
  Asset a;
  a.id = "c";
  a.geometry = GeometryType::kMultiLineString;
  a.lines = {{{60.0, 25.0}, {60.1, 25.0}}, {{60.1, 25.0}, {60.1, 25.2}}};
  const double first = distance_m({60.0, 25.0}, {60.1, 25.0});
  EXPECT_NEAR(forensics::line_length_m(a), first + distance_m({60.1, 25.0}, {60.1, 25.2}), 1e-6);
  EXPECT_EQ(*forensics::point_along(a, 0), (LatLon{60.0, 25.0}));
  EXPECT_NEAR(distance_m(*forensics::point_along(a, 5000), {60.0, 25.0}), 5000, 1e-6);
  // Into the second part, and clamped at the far end.
  EXPECT_NEAR(distance_m(*forensics::point_along(a, first + 1000), {60.1, 25.0}), 1000, 1e-3);
  EXPECT_NEAR(distance_m(*forensics::point_along(a, 1e9), {60.1, 25.2}), 0, 1e-6);
  EXPECT_FALSE(forensics::point_along(a, -1));
  a.geometry = GeometryType::kPoint;
  EXPECT_FALSE(forensics::point_along(a, 10));
}

TEST_F(FaultSuspects, EagleSIsNamedFirstForAFaultGivenAsAPosition) {
  json r = run_json("forensics fault --store " + eagle_ + " --asset estlink-2 --at 59.9871,25.9787 " + kEagleWindow +
                    " --unit TURVA,60.10,25.60,25 --now 2024-12-25T13:00:00Z --json");
  ASSERT_TRUE(r.is_object());
  ASSERT_GE(r["suspects"].size(), 2u);
  EXPECT_EQ(r["suspects"][0]["mmsi"], kEagleS) << r["suspects"][0].dump(1);
  EXPECT_GE(r["suspects"][0]["crossing"]["suspicion"].get<int>() - r["suspects"][1]["crossing"]["suspicion"].get<int>(), 20);
  // Where it was last seen, and the patrol's answer for it.
  ASSERT_FALSE(r["suspects"][0]["last"].is_null());
  ASSERT_EQ(r["suspects"][0]["intercept"].size(), 1u);
  EXPECT_EQ(r["suspects"][0]["intercept"][0]["unit"], "TURVA");
  EXPECT_TRUE(r["suspects"][0]["intercept"][0]["target_age_s"].is_number());

  auto table = run("forensics fault --store " + eagle_ + " --asset estlink-2 --at 59.9871,25.9787 " + kEagleWindow);
  EXPECT_EQ(table.status, 0) << table.out;
  EXPECT_NE(table.out.find(" 1. 518998950"), std::string::npos) << table.out;
}

TEST_F(FaultSuspects, YiPeng3IsNamedFirstForAFaultGivenAsADistanceAlongTheCable) {
  {
    const std::string cable = "bcs-east-west";
    // Where the Yi Peng 3 crossed, as the operator's fault location would
    // give it: kilometres from the cable's end.
    json all = run_json("forensics crossings --store " + yi_ + " --asset " + cable + " " + kYiWindow + " --json --limit 1000");
    LatLon crossed{};
    for (const auto& p : all["passes"]) {
      if (p["mmsi"] == kYiPeng3) crossed = {p["place"]["lat"].get<double>(), p["place"]["lon"].get<double>()};
    }
    ASSERT_NE(crossed.lat, 0) << "the crossings list must hold the Yi Peng 3";
    const double km = distance_along(bundled(cable), crossed) / 1000;
    json r = run_json("forensics fault --store " + yi_ + " --asset " + cable + " --distance-km " + std::to_string(km) +
                      " --radius-km 5 " + kYiWindow + " --json");
    ASSERT_GE(r["suspects"].size(), 1u) << r.dump();
    EXPECT_EQ(r["suspects"][0]["mmsi"], kYiPeng3) << r["suspects"][0].dump(1);
    EXPECT_LT(r["suspects"].size(), all["passes"].size()) << "the fault's place narrows the list";
  }
  auto beyond = run("forensics fault --store " + yi_ + " --asset c-lion1 --distance-km 5000 " + kYiWindow);
  EXPECT_EQ(beyond.status, 2);
  EXPECT_NE(beyond.out.find("the distance must lie along the asset"), std::string::npos) << beyond.out;
}

// The same question through the API of a live node over the Eagle S store.
TEST_F(FaultSuspects, TheApiNamesTheCulpritWithWhereItIsAndWhoCanReachIt) {
  const std::string db = (dir_->path() / "eagle-node.db").string();
  std::filesystem::copy_file(eagle_, db);
  node::NodeConfig c;
  c.name = "incident-test";
  c.store = db;
  c.assets.push_back({std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson", {"FIN", {"NATO"}}});
  node::InputConfig fin;
  fin.name = "fin-feed";
  fin.kind = node::InputKind::kUdp;
  fin.address = "127.0.0.1:0";
  fin.marking = {"FIN", {"JEF"}};
  c.inputs = {fin};
  const std::string fin_op = server::new_token(), gbr_op = server::new_token(), usa_op = server::new_token();
  c.tokens = {{"fin-op", server::to_hex(server::sha256(fin_op)), "FIN", server::Role::kOperator},
              {"gbr-op", server::to_hex(server::sha256(gbr_op)), "GBR", server::Role::kOperator},
              {"usa-op", server::to_hex(server::sha256(usa_op)), "USA", server::Role::kOperator}};
  boost::asio::io_context io;
  node::Node n(c, io);
  std::string error;
  ASSERT_TRUE(n.open(error)) << error;
  ASSERT_TRUE(n.start(error, "127.0.0.1:0")) << error;
  std::thread io_thread([&] { io.run(); });
  auto post = [&](const std::string& path, const std::string& token, const std::string& body) {
    const std::string r = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                          "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                          "\r\n\r\n" + body;
    auto reply = server::testing::http_once(n.http_port(), r);
    EXPECT_TRUE(reply);
    return reply ? *reply : server::testing::HttpReply{};
  };
  const std::string unit = R"({"id":"FIN-CG-1","name":"Coast guard","kind":"vessel","lat":60.10,"lon":25.60,)"
                           R"("top_speed_knots":25,"releasable_to":["JEF"]})";
  EXPECT_EQ(post("/api/units", fin_op, unit).status, 201);
  const std::string incident =
      R"({"asset":"estlink-2","at":{"lat":59.9871,"lon":25.9787},"radius_km":3,)"
      R"("from":"2024-12-25T00:00:00Z","to":"2024-12-26T00:00:00Z"})";
  auto r = post("/api/incidents", fin_op, incident);
  auto hidden = post("/api/incidents", gbr_op, incident);
  auto refused = post("/api/incidents", usa_op, incident);
  auto bad = post("/api/incidents", fin_op, R"({"asset":"estlink-2","from":"2024-12-25T00:00:00Z"})");
  auto distance = post("/api/incidents", fin_op,
                       R"({"asset":"estlink-2","distance_km":9999,"from":"2024-12-25T00:00:00Z","to":"2024-12-26T00:00:00Z"})");
  boost::asio::post(io, [&] {
    n.stop();
    io.stop();
  });
  io_thread.join();

  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  ASSERT_GE(j["suspects"].size(), 1u) << j.dump();
  const json& top = j["suspects"][0];
  EXPECT_EQ(top["mmsi"], kEagleS);
  EXPECT_EQ(top["rank"], 1);
  EXPECT_EQ(top["current"]["source"], "history");  // not in the live picture: from the store
  EXPECT_GT(top["current"]["age_s"].get<double>(), 3600);
  ASSERT_EQ(top["intercept"].size(), 1u);
  EXPECT_EQ(top["intercept"][0]["unit"]["id"], "FIN-CG-1");
  EXPECT_TRUE(top["intercept"][0].contains("possible"));
  EXPECT_NEAR(j["incident"]["fault"][1].get<double>(), 59.9871, 1e-9);

  // Britain sees the cable (JEF) but none of the Finnish feed; the United
  // States does not see the cable (estlink-2 is released to the JEF).
  ASSERT_EQ(hidden.status, 200) << hidden.body;
  EXPECT_EQ(json::parse(hidden.body)["suspects"].size(), 0u) << hidden.body;
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("unknown asset"), std::string::npos);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(distance.status, 422) << distance.body;
}

}  // namespace
}  // namespace lookout
