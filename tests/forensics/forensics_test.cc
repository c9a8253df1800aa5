// `lookout forensics` end to end: the real CLI replays the busy incident
// reconstructions (tests/forensics/make.py: each incident among 100+ vessels
// crossing the same cable normally) into a real SQLite store, then asks who
// crossed. The incident vessel must rank first for each cable; `near` and
// `track` must agree with the stored tracks; every query is audited; bad
// arguments get a clear error.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "store/store.h"
#include "tests/store/store_test_support.h"

namespace lookout {
namespace {

namespace fs = std::filesystem;

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

std::string input(const std::string& name) { return std::string(LOOKOUT_SOURCE_DIR) + "/tests/forensics/" + name; }

nlohmann::json crossings(const std::string& db, const std::string& asset, const std::string& from, const std::string& to) {
  auto o = run("forensics crossings --store " + db + " --asset " + asset + " --from " + from + " --to " + to +
               " --json --limit 1000");
  EXPECT_EQ(o.status, 0) << o.out;
  return nlohmann::json::parse(o.out, nullptr, false);
}

class BusyIncidents : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new store::testing::ScratchDir();
    eagle_ = (dir_->path() / "eagle.db").string();
    yi_ = (dir_->path() / "yi.db").string();
    auto a = run("replay --no-progress --store " + eagle_ + " " + input("eagle_s_busy.nmea"));
    ASSERT_EQ(a.status, 0) << a.out;
    auto b = run("replay --no-progress --store " + yi_ + " " + input("yi_peng_3_busy.nmea"));
    ASSERT_EQ(b.status, 0) << b.out;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static store::testing::ScratchDir* dir_;
  static std::string eagle_, yi_;
};

store::testing::ScratchDir* BusyIncidents::dir_ = nullptr;
std::string BusyIncidents::eagle_;
std::string BusyIncidents::yi_;

void expect_ranked_first(const nlohmann::json& result, uint32_t mmsi, std::size_t min_passes) {
  ASSERT_TRUE(result.is_object());
  const auto& passes = result["passes"];
  ASSERT_GE(passes.size(), min_passes) << "the background must be found too";
  EXPECT_EQ(passes[0]["mmsi"], mmsi) << passes[0].dump(2);
  EXPECT_GE(passes[0]["suspicion"].get<int>(), 40);
  EXPECT_GE(passes[0]["suspicion"].get<int>() - passes[1]["suspicion"].get<int>(), 20)
      << "the incident must stand out: " << passes[1].dump(2);
  EXPECT_TRUE(passes[0]["crossed"].get<bool>());
  EXPECT_GT(passes[0]["speed_drop"].get<double>(), 0.15);
  EXPECT_FALSE(passes[0]["reasons"].empty());
  // Everyone else crossed at their own cruise speed.
  for (std::size_t i = 1; i < passes.size(); ++i) {
    EXPECT_LT(passes[i]["speed_drop"].get<double>(), 0.1) << passes[i].dump();
  }
}

TEST_F(BusyIncidents, EagleSRanksFirstOverEstlink2) {
  auto r = crossings(eagle_, "estlink-2", "2024-12-25T00:00:00Z", "2024-12-26T00:00:00Z");
  expect_ranked_first(r, 518998950, 100);
  const auto& top = r["passes"][0];
  EXPECT_NEAR(top["cruise_kn"].get<double>(), 8.5, 0.3);
  EXPECT_NEAR(top["speed_kn"].get<double>(), 6.3, 0.4);
  // The drag went on across the telecom cables west of Estlink 2.
  EXPECT_GE(top["other_assets"].size(), 1u);
  EXPECT_FALSE(top["alerts"].empty()) << "the live anchor_drag alerts are linked";
}

TEST_F(BusyIncidents, YiPeng3RanksFirstOverEachOfItsCables) {
  auto bcs = crossings(yi_, "bcs-east-west", "2024-11-17T00:00:00Z", "2024-11-19T00:00:00Z");
  expect_ranked_first(bcs, 414270000, 100);
  auto cl = crossings(yi_, "c-lion1", "2024-11-17T00:00:00Z", "2024-11-19T00:00:00Z");
  expect_ranked_first(cl, 414270000, 100);
  // At BCS the drag that follows reaches C-Lion1 in the same slow episode.
  auto others = bcs["passes"][0]["other_assets"];
  EXPECT_NE(std::find(others.begin(), others.end(), "c-lion1"), others.end()) << others.dump();
}

TEST_F(BusyIncidents, AtAPlaceNarrowsTheCrossings) {
  // Around Eagle S's crossing point only those who crossed within 3 km.
  auto o = run("forensics crossings --store " + eagle_ +
               " --asset estlink-2 --at 59.9871,25.9787 --radius-km 3 --from 2024-12-25T00:00:00Z "
               "--to 2024-12-26T00:00:00Z --json --limit 1000");
  ASSERT_EQ(o.status, 0) << o.out;
  auto r = nlohmann::json::parse(o.out);
  auto all = crossings(eagle_, "estlink-2", "2024-12-25T00:00:00Z", "2024-12-26T00:00:00Z");
  ASSERT_GE(r["passes"].size(), 1u);
  EXPECT_LT(r["passes"].size(), all["passes"].size());
  EXPECT_EQ(r["passes"][0]["mmsi"], 518998950);
}

TEST_F(BusyIncidents, NearFindsWhoWasThereAndTheTableReadsWell) {
  auto o = run("forensics near --store " + eagle_ +
               " --at 59.9871,25.9787 --radius-km 2 --from 2024-12-25T10:00:00Z --to 2024-12-25T11:00:00Z --json");
  ASSERT_EQ(o.status, 0) << o.out;
  auto r = nlohmann::json::parse(o.out);
  bool eagle = false;
  for (const auto& v : r["vessels"]) {
    EXPECT_LE(v["closest_m"].get<double>(), 2000.0);
    if (v["mmsi"] == 518998950) {
      eagle = true;
      EXPECT_EQ(v["name"], "EAGLE S");
      EXPECT_LT(v["closest_m"].get<double>(), 500.0);
    }
  }
  EXPECT_TRUE(eagle) << o.out;

  auto table = run("forensics near --store " + eagle_ +
                   " --at 59.9871,25.9787 --radius-km 2 --from 2024-12-25T10:00:00Z --to 2024-12-25T11:00:00Z");
  ASSERT_EQ(table.status, 0);
  EXPECT_NE(table.out.find("EAGLE S"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("closest m"), std::string::npos) << table.out;
}

TEST_F(BusyIncidents, TrackIsGeoJsonWithTimesForPlayback) {
  auto o = run("forensics track --store " + eagle_ +
               " --mmsi 518998950 --from 2024-12-25T09:00:00Z --to 2024-12-25T12:00:00Z --json");
  ASSERT_EQ(o.status, 0) << o.out;
  auto g = nlohmann::json::parse(o.out);
  ASSERT_EQ(g["type"], "FeatureCollection");
  const auto& f = g["features"][0];
  EXPECT_EQ(f["geometry"]["type"], "LineString");
  const auto& coords = f["geometry"]["coordinates"];
  const auto& times = f["properties"]["times"];
  ASSERT_EQ(coords.size(), times.size());
  ASSERT_GE(times.size(), 150u) << "one report a minute for three hours";
  for (std::size_t i = 1; i < times.size(); ++i) EXPECT_LT(times[i - 1].get<std::string>(), times[i].get<std::string>());
  EXPECT_GE(times[0].get<std::string>(), "2024-12-25T09:00:00Z");
  EXPECT_LE(times.back().get<std::string>(), "2024-12-25T12:00:00Z");
  EXPECT_EQ(f["properties"]["name"], "EAGLE S");
  EXPECT_EQ(f["properties"]["sog_kn"].size(), times.size());
  // Longitude first, as GeoJSON has it.
  EXPECT_NEAR(coords[0][1].get<double>(), 60.0, 0.2);
  EXPECT_NEAR(coords[0][0].get<double>(), 26.3, 0.6);
}

TEST_F(BusyIncidents, EveryQueryIsAudited) {
  std::string error;
  {
    auto before = store::open_store(eagle_, {}, error);
    ASSERT_NE(before, nullptr) << error;
  }
  run("forensics near --store " + eagle_ + " --at 59.9,25.9 --from 2024-12-25T00:00:00Z --to 2024-12-26T00:00:00Z");
  auto s = store::open_store(eagle_, {}, error);
  auto rows = s->audit({0, INT64_MAX / 4}, 10000).value();
  ASSERT_FALSE(rows.empty());
  bool found = false;
  for (const auto& r : rows) {
    if (r.action == "forensics near" && r.target.find("59.9,25.9") != std::string::npos) found = true;
  }
  EXPECT_TRUE(found);
}

TEST(ForensicsCli, ClearErrors) {
  store::testing::ScratchDir dir;
  std::string db = (dir.path() / "h.db").string();
  auto missing = run("forensics near --store " + db + " --at 1,2 --from 2024-01-01T00:00:00Z --to 2024-01-02T00:00:00Z");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("does not exist"), std::string::npos) << missing.out;
  EXPECT_FALSE(fs::exists(db)) << "a query must not create an empty store";

  auto made = run("replay --no-progress --store " + db + " " + std::string(LOOKOUT_SOURCE_DIR) +
                  "/tests/scenarios/normal_transit/track.nmea");
  ASSERT_EQ(made.status, 0) << made.out;
  auto asset = run("forensics crossings --store " + db + " --asset no-such-cable --from 2024-01-01T00:00:00Z --to 2024-01-02T00:00:00Z");
  EXPECT_EQ(asset.status, 2);
  EXPECT_NE(asset.out.find("unknown asset id 'no-such-cable'"), std::string::npos) << asset.out;
  EXPECT_NE(asset.out.find("estlink-2"), std::string::npos) << "the error lists known ids: " << asset.out;
  auto time = run("forensics near --store " + db + " --at 1,2 --from yesterday --to 2024-01-02T00:00:00Z");
  EXPECT_EQ(time.status, 2);
  EXPECT_NE(time.out.find("--from 'yesterday'"), std::string::npos) << time.out;
  auto at = run("forensics near --store " + db + " --at 95,2 --from 2024-01-01T00:00:00Z --to 2024-01-02T00:00:00Z");
  EXPECT_EQ(at.status, 2);
  EXPECT_NE(at.out.find("--at '95,2'"), std::string::npos) << at.out;
  auto order = run("forensics near --store " + db + " --at 1,2 --from 2024-01-02T00:00:00Z --to 2024-01-01T00:00:00Z");
  EXPECT_EQ(order.status, 2);
}

// Options that may be repeated take one value each, so the inputs can follow them.
TEST(ReplayCli, RepeatableOptionsDoNotSwallowTheInputs) {
  auto o = run("replay --no-progress --infra " + std::string(LOOKOUT_SOURCE_DIR) +
               "/data/assets/baltic_north_sea.geojson --watchlist " + std::string(LOOKOUT_SOURCE_DIR) +
               "/data/watchlists/eu_designated_vessels.csv --releasable-to JEF " + std::string(LOOKOUT_SOURCE_DIR) +
               "/tests/scenarios/normal_transit/track.nmea");
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_EQ(o.out.find("lookout replay: 0 lines"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("vessels"), std::string::npos) << o.out;
}

}  // namespace
}  // namespace lookout
