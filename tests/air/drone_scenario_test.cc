// Counter-drone end to end: the drone-from-a-ship scenario
// (tests/scenarios/drone_from_ship) through the real `lookout replay` with
// --sensors and --tracks, every air alert tied back to the simulator's ground
// truth: each alert's track must be a drone (never a bird, the airliner or
// clutter), each of the three drones must raise drone_incursion and
// drone_origin (naming the launch vessel only), and the replay must be
// deterministic. Also: relative detections from an unconfigured sensor are
// rejected with a clear reason.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/geodesy.h"
#include "core/time.h"
#include "tests/air/timed_scenario_support.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kDir = fs::path(LOOKOUT_SOURCE_DIR) / "tests/scenarios/drone_from_ship";
constexpr uint32_t kTanker = 613414602;

using lookout::test::lines;
using lookout::test::ms;
using lookout::test::slurp;

struct ReplayRun {
  fs::path alerts, tracks, log;
  int rc = -1;
};

ReplayRun replay(const std::string& tag, bool with_sensors) {
  ReplayRun r;
  fs::path tmp = fs::temp_directory_path();
  std::string stem = "lookout_drone_" + tag + "_" + std::to_string(::getpid());
  r.alerts = tmp / (stem + "_alerts.jsonl");
  r.tracks = tmp / (stem + "_tracks.jsonl");
  r.log = tmp / (stem + ".log");
  std::string cmd = std::string("'") + LOOKOUT_BINARY + "' replay --no-progress --alerts '" + r.alerts.string() +
                    "' --tracks '" + r.tracks.string() + "'";
  if (with_sensors) cmd += " --sensors '" + (kDir / "sensors.json").string() + "'";
  cmd += " '" + (kDir / "ais.nmea").string() + "' '" + (kDir / "detections.jsonl").string() + "' 2>'" +
         r.log.string() + "'";
  r.rc = std::system(cmd.c_str());
  return r;
}

void remove(const ReplayRun& r) {
  fs::remove(r.alerts);
  fs::remove(r.tracks);
  fs::remove(r.log);
}

// The truth object nearest to (lat, lon) at time t (truth every 2 s).
struct Truth {
  std::string id, kind;
  double distance_m = 1e18;
};

class TruthTable {
 public:
  explicit TruthTable(const std::vector<json>& rows) {
    for (const auto& r : rows) by_time_[ms(r["time"])].push_back(r);
  }
  Truth nearest(int64_t t, lookout::LatLon p) const {
    Truth best;
    auto it = by_time_.lower_bound(t - 1000);
    for (int k = 0; k < 2 && it != by_time_.end(); ++k, ++it) {
      for (const auto& r : it->second) {
        double d = lookout::distance_m(p, {r["lat"].get<double>(), r["lon"].get<double>()});
        if (d < best.distance_m) best = {r["truth"], r["kind"], d};
      }
    }
    return best;
  }

 private:
  std::map<int64_t, std::vector<json>> by_time_;
};

TEST(DroneScenario, EveryAirAlertIsADroneAndEveryDroneIsCaught) {
  ReplayRun r = replay("truth", true);
  ASSERT_EQ(r.rc, 0) << slurp(r.log);
  TruthTable truth(lines(kDir / "truth.jsonl"));

  // Track positions by id and time.
  std::map<std::string, std::map<int64_t, lookout::LatLon>> tracks;
  for (const auto& s : lines(r.tracks)) {
    tracks[s["track"]][ms(s["time"])] = {s["lat"].get<double>(), s["lon"].get<double>()};
  }
  auto truth_of = [&](const std::string& track, int64_t t) {
    const auto& states = tracks.at(track);
    auto it = states.upper_bound(t);
    EXPECT_NE(it, states.begin()) << track;
    --it;
    return truth.nearest(it->first, it->second);
  };

  std::map<std::string, std::set<std::string>> caught;  // kind -> drone truths
  std::map<std::string, json> final_state;
  for (const auto& a : lines(r.alerts)) final_state[a["id"]] = a;
  for (const auto& [id, a] : final_state) {
    if (a["track"].is_null()) continue;  // maritime alert
    Truth t = truth_of(a["track"], ms(a["time"]));
    EXPECT_EQ(t.kind, "drone") << a.dump();
    EXPECT_LT(t.distance_m, 400) << a.dump();
    caught[a["kind"]].insert(t.id);
    if (a["kind"] == "drone_origin") {
      EXPECT_EQ(a["mmsi"], json::array({kTanker})) << a.dump();
    }
    if (a["kind"] == "swarm") {
      for (const auto& m : a["evidence"]["members"]) EXPECT_EQ(truth_of(m["track"], ms(a["time"])).kind, "drone");
    }
  }
  std::set<std::string> drones{"drone-1", "drone-2", "drone-3"};
  EXPECT_EQ(caught["drone_incursion"], drones);
  EXPECT_EQ(caught["drone_origin"], drones);
  EXPECT_EQ(caught["swarm"].size(), 1u);
  std::string log = slurp(r.log);
  EXPECT_NE(log.find("detections: "), std::string::npos) << log;
  remove(r);
}

TEST(DroneScenario, ReplayIsDeterministic) {
  ReplayRun a = replay("det_a", true);
  ReplayRun b = replay("det_b", true);
  ASSERT_EQ(a.rc, 0);
  ASSERT_EQ(b.rc, 0);
  std::string tracks = slurp(a.tracks);
  EXPECT_GT(tracks.size(), 1000u);
  EXPECT_EQ(tracks, slurp(b.tracks));
  EXPECT_EQ(slurp(a.alerts), slurp(b.alerts));
  // Every track line carries the contract's fields.
  json first = json::parse(tracks.substr(0, tracks.find('\n')));
  for (const char* k : {"time", "track", "lat", "lon", "alt_m", "velocity", "speed", "course", "class",
                        "class_probabilities", "status"}) {
    EXPECT_TRUE(first.contains(k)) << k;
  }
  remove(a);
  remove(b);
}

TEST(DroneScenario, RangeBearingFromAnUnconfiguredSensorIsRejectedWithAReason) {
  ReplayRun r = replay("nosensors", false);
  ASSERT_EQ(r.rc, 0);
  std::string log = slurp(r.log);
  EXPECT_NE(log.find("range/bearing detections from sensor 'radar-1' rejected: not in any --sensors file"),
            std::string::npos)
      << log;
  // The RF sensor's absolute fixes still make tracks.
  EXPECT_GT(lines(r.tracks).size(), 10u);
  remove(r);
}

TEST(DroneScenario, BadDetectionLinesAreCountedAndReported) {
  fs::path tmp = fs::temp_directory_path() / ("lookout_bad_dets_" + std::to_string(::getpid()) + ".jsonl");
  fs::path log = fs::path(tmp.string() + ".log");
  {
    std::ofstream out(tmp);
    out << R"({"time":"2025-09-22T20:31:02.5Z","sensor":"rf-1","lat":55.6391,"lon":12.7102,"sigma_m":150})" << '\n'
        << R"({"time":"2025-09-22T20:31:03.5Z","sensor":"rf-1","lat":95.0,"lon":12.7102})" << '\n'
        << R"({"time":"2025-09-22T20:31:04.5Z","sensor":"rf-1","lat":55.6392})" << '\n'
        << R"({"time":"2025-09-22T20:31:05.5Z","sensor":"rf-1","lat":55.6393,"lon":12.7104})" << '\n';
  }
  std::string cmd = std::string("'") + LOOKOUT_BINARY + "' replay --no-progress '" + tmp.string() + "' 2>'" +
                    log.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::string text = slurp(log);
  EXPECT_NE(text.find("detections: 4 lines, 2 accepted, 2 rejected"), std::string::npos) << text;
  EXPECT_NE(text.find("'lat'"), std::string::npos) << text;
  fs::remove(tmp);
  fs::remove(log);
}

}  // namespace
