// The drone-from-a-ship scenario under a sensor timing model
// (tools/synth/dronesim.py drone_from_ship_timed, written into the build tree
// by cmake/scenarios.cmake) through the real `lookout replay`, and what came
// out scored against the simulator's ground truth: which truth each air
// alert's track followed, which vessels drone_origin named, and the mean
// GOSPA of the reported tracks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace lookout::test {

// A whole file as text ("" if it cannot be read).
std::string slurp(const std::filesystem::path& p);
// The JSON Lines of a file, skipping empty lines and '#' comments.
std::vector<nlohmann::json> lines(const std::filesystem::path& p);
// An ISO 8601 time string as Unix milliseconds.
int64_t ms(const nlohmann::json& t);

struct TimedRun {
  std::string variant;
  std::vector<std::string> args;  // extra `lookout replay` arguments
};

// One alert reduced to what must not depend on plot timing: its kind, the
// truth its track followed ("" for maritime alerts) and the vessels it names.
struct AlertSignature {
  std::string kind, truth, mmsi;
  auto operator<=>(const AlertSignature&) const = default;
};

struct TimedOutcome {
  int rc = -1;
  std::string log;                          // replay's stderr
  std::set<std::string> incursion, origin;  // the drones that raised each
  int swarms = 0;                           // swarm alerts, every member a drone
  std::vector<std::string> wrong;           // alerts on anything but a drone, or naming another vessel
  std::set<AlertSignature> signatures;
  double gospa_mean = 0;                    // c = 100 m, p = 2, every 2 s of truth
  double missed_mean = 0, false_mean = 0;   // GOSPA's missed targets and false tracks per step
  std::string air_summary;                  // replay's "air: ..." line
};

// `kinds`: the truth kinds the variant's sensors can see (scored by GOSPA).
TimedOutcome replay_timed(const TimedRun& run, const std::set<std::string>& kinds);

// What the issue asks of every variant that `o` does not meet, one line
// each, with the numbers (empty: all met).
std::vector<std::string> shortfalls(const TimedOutcome& o, double gospa_bound_m);

}  // namespace lookout::test
