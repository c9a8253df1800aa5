#include "tests/air/timed_scenario_support.h"

#include <unistd.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/geodesy.h"
#include "core/time.h"
#include "track/air/metrics.h"

namespace lookout::test {

namespace fs = std::filesystem;
using nlohmann::json;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<json> lines(const fs::path& p) {
  std::vector<json> out;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') out.push_back(json::parse(line));
  }
  return out;
}

int64_t ms(const json& t) { return to_unix_ms(parse_timestamp(t.get<std::string>()).value()); }

namespace {

constexpr uint32_t kTanker = 613414602;  // SILVER DAWN, the launch vessel
const LatLon kFrameOrigin{55.618, 12.656};

struct TruthPoint {
  std::string id, kind;
  Eigen::Vector3d enu;
};

struct Nearest {
  std::string id, kind;
  double distance_m = 1e18;
};

// Truth every 2 s, keyed by time.
class Truths {
 public:
  explicit Truths(const std::vector<json>& rows) : frame_(kFrameOrigin) {
    for (const auto& r : rows) {
      EastNorth en = frame_.to_local({r["lat"].get<double>(), r["lon"].get<double>()});
      by_time_[ms(r["time"])].push_back({r["truth"], r["kind"], {en.east_m, en.north_m, r["alt_m"].get<double>()}});
    }
  }
  Nearest nearest(int64_t t, LatLon p) const {
    Nearest best;
    EastNorth en = frame_.to_local(p);
    auto it = by_time_.lower_bound(t - 1000);
    for (int k = 0; k < 2 && it != by_time_.end(); ++k, ++it) {
      for (const auto& r : it->second) {
        double d = std::hypot(r.enu.x() - en.east_m, r.enu.y() - en.north_m);
        if (d < best.distance_m) best = {r.id, r.kind, d};
      }
    }
    return best;
  }
  const std::map<int64_t, std::vector<TruthPoint>>& by_time() const { return by_time_; }
  const LocalFrame& frame() const { return frame_; }

 private:
  LocalFrame frame_;
  std::map<int64_t, std::vector<TruthPoint>> by_time_;
};

struct TrackPoint {
  LatLon pos;
  double alt_m, ve, vn, vu;
  bool live;  // confirmed or coasting
};

}  // namespace

TimedOutcome replay_timed(const TimedRun& run, const std::set<std::string>& kinds) {
  TimedOutcome o;
  const fs::path dir = fs::path(LOOKOUT_TIMED_SCENARIOS) / run.variant;
  const fs::path tmp = fs::temp_directory_path();
  const std::string stem = "lookout_timed_" + run.variant + "_" + std::to_string(::getpid());
  const fs::path alerts = tmp / (stem + "_alerts.jsonl"), tracks_file = tmp / (stem + "_tracks.jsonl"),
                 log = tmp / (stem + ".log");
  std::string cmd = std::string("'") + LOOKOUT_BINARY + "' replay --no-progress --alerts '" + alerts.string() +
                    "' --tracks '" + tracks_file.string() + "' --sensors '" + (dir / "sensors.json").string() + "'";
  for (const std::string& a : run.args) cmd += " " + a;
  cmd += " '" + (dir / "ais.nmea").string() + "' '" + (dir / "detections.jsonl").string() + "' 2>'" + log.string() + "'";
  o.rc = std::system(cmd.c_str());
  o.log = slurp(log);
  if (auto at = o.log.find("air: "); at != std::string::npos) o.air_summary = o.log.substr(at, o.log.find('\n', at) - at);
  Truths truth(lines(dir / "truth.jsonl"));

  std::map<std::string, std::map<int64_t, TrackPoint>> tracks;
  for (const auto& s : lines(tracks_file)) {
    const std::string status = s["status"];
    tracks[s["track"]][ms(s["time"])] = {{s["lat"].get<double>(), s["lon"].get<double>()},
                                         s["alt_m"].get<double>(),
                                         s["velocity"]["e"].get<double>(),
                                         s["velocity"]["n"].get<double>(),
                                         s["velocity"]["u"].get<double>(),
                                         status == "confirmed" || status == "coasting"};
  }
  auto truth_of = [&](const std::string& track, int64_t t) {
    auto found = tracks.find(track);
    if (found == tracks.end()) return Nearest{};
    auto it = found->second.upper_bound(t);
    if (it == found->second.begin()) return Nearest{};
    --it;
    return truth.nearest(it->first, it->second.pos);
  };

  std::map<std::string, json> final_state;
  for (const auto& a : lines(alerts)) final_state[a["id"]] = a;
  for (const auto& [id, a] : final_state) {
    const std::string kind = a["kind"];
    const std::string mmsi = a.contains("mmsi") ? a["mmsi"].dump() : "";
    if (a["track"].is_null()) {
      o.signatures.insert({kind, "", mmsi});
      continue;
    }
    Nearest t = truth_of(a["track"], ms(a["time"]));
    o.signatures.insert({kind, t.kind == "drone" ? t.id : t.kind, mmsi});
    if (t.kind != "drone" || t.distance_m > 400) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "%s on %s (nearest truth %s, %.0f m)", kind.c_str(),
                    a["track"].get<std::string>().c_str(), t.id.c_str(), t.distance_m);
      o.wrong.push_back(buf);
      continue;
    }
    if (kind == "drone_incursion") o.incursion.insert(t.id);
    if (kind == "drone_origin") {
      if (a["mmsi"] == json::array({kTanker})) {
        o.origin.insert(t.id);
      } else {
        o.wrong.push_back("drone_origin of " + t.id + " names " + a["mmsi"].dump());
      }
    }
    if (kind == "swarm") {
      bool drones = true;
      for (const auto& m : a["evidence"]["members"]) drones &= truth_of(m["track"], ms(a["time"])).kind == "drone";
      if (drones) {
        ++o.swarms;
      } else {
        o.wrong.push_back("swarm " + id + " with a member that is no drone");
      }
    }
  }

  // GOSPA at every truth time: the tracks confirmed or coasting then (their
  // last state at most 10 s old), brought to that time by their velocity.
  double sum = 0;
  int steps = 0;
  for (const auto& [t, points] : truth.by_time()) {
    std::vector<Eigen::Vector3d> want, have;
    for (const auto& p : points) {
      if (kinds.count(p.kind)) want.push_back(p.enu);
    }
    for (const auto& [id, states] : tracks) {
      auto it = states.upper_bound(t);
      if (it == states.begin()) continue;
      --it;
      double dt = static_cast<double>(t - it->first) / 1000.0;
      if (!it->second.live || dt > 10) continue;
      EastNorth en = truth.frame().to_local(it->second.pos);
      have.push_back({en.east_m + it->second.ve * dt, en.north_m + it->second.vn * dt, it->second.alt_m + it->second.vu * dt});
    }
    air::GospaResult g = air::gospa(want, have, 100, 2);
    sum += g.distance;
    o.missed_mean += static_cast<double>(g.missed);
    o.false_mean += static_cast<double>(g.false_tracks);
    ++steps;
  }
  o.gospa_mean = steps > 0 ? sum / steps : 0;
  o.missed_mean = steps > 0 ? o.missed_mean / steps : 0;
  o.false_mean = steps > 0 ? o.false_mean / steps : 0;
  fs::remove(alerts);
  fs::remove(tracks_file);
  fs::remove(log);
  return o;
}

std::vector<std::string> shortfalls(const TimedOutcome& o, double gospa_bound_m) {
  std::vector<std::string> out;
  if (o.rc != 0) out.push_back("replay exit status " + std::to_string(o.rc) + ": " + o.log);
  const std::set<std::string> drones{"drone-1", "drone-2", "drone-3"};
  auto list = [](const std::set<std::string>& s) {
    std::string r;
    for (const auto& x : s) r += (r.empty() ? "" : ",") + x;
    return "{" + r + "}";
  };
  if (o.incursion != drones) out.push_back("drone_incursion from " + list(o.incursion) + ", want all three");
  if (o.origin != drones) out.push_back("drone_origin naming the tanker from " + list(o.origin) + ", want all three");
  if (o.swarms < 1) out.push_back("no swarm");
  for (const auto& w : o.wrong) out.push_back("wrong alert: " + w);
  if (!(o.gospa_mean < gospa_bound_m)) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "mean GOSPA %.1f m, bound %.0f m (missed %.2f, false %.2f a step)", o.gospa_mean,
                  gospa_bound_m, o.missed_mean, o.false_mean);
    out.push_back(buf);
  }
  if (!out.empty()) out.push_back(o.air_summary);
  return out;
}

}  // namespace lookout::test
