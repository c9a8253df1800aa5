// DetectorParams: the parameters of every detector, maritime and air, in one
// value, and one table that describes each parameter once: its name in the
// node configuration, a line of documentation and where it lives. The
// configuration reader (app/node/config.cc), the JSON of GET /api/health
// (server/api/detector_params_json.cc) and docs/detectors.md all work from
// this table, so a parameter is never written out three times and a new
// member of a Params struct needs one line here to become settable.
//
// Names: the member's own name (units in the name: `_kn`, `_m`, `_ms`); a
// member of a nested rule is "rule.member" (`gate.min_probability`,
// `burst.same_place_m`). A std::chrono member is a duration written as text
// ("600s", "10min", "2h", "500ms"); exempt ship types are a list of ITU type
// numbers and [first, last] ranges.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "detect/ais_gap.h"
#include "detect/air/drone_approach.h"
#include "detect/air/drone_incursion.h"
#include "detect/air/drone_origin.h"
#include "detect/air/emergency_squawk.h"
#include "detect/air/swarm.h"
#include "detect/anchor_drag.h"
#include "detect/identity_conflict.h"
#include "detect/loitering.h"
#include "detect/position_jump.h"
#include "detect/regional_slowdown.h"
#include "detect/rendezvous.h"
#include "detect/watchlist_detector.h"

namespace lookout::detect {

// Every detector's parameters; a default-constructed value holds the
// documented defaults. Member names are the detectors' registry names.
struct DetectorParams {
  WatchlistParams watchlist;
  AnchorDragParams anchor_drag;
  LoiteringParams loitering;
  AisGapParams ais_gap;
  PositionJumpParams position_jump;
  IdentityConflictParams identity_conflict;
  RendezvousParams rendezvous;
  RegionalSlowdownParams regional_slowdown;
  DroneIncursionParams drone_incursion;
  DroneApproachParams drone_approach;
  SwarmParams swarm;
  DroneOriginParams drone_origin;
  EmergencySquawkParams emergency_squawk;
};

// ITU ship type ranges, both ends included ({30, 34} is 30 to 34).
using ShipTypeRanges = std::vector<std::pair<uint8_t, uint8_t>>;

// Where one parameter lives inside a DetectorParams, by its type. int64_t is
// a plain count (the `_ms` members of BurstRule); the chrono types are
// durations.
using ParamRef = std::variant<double*, int*, uint32_t*, std::size_t*, int64_t*, bool*, std::chrono::milliseconds*,
                              std::chrono::seconds*, std::chrono::minutes*, std::chrono::hours*, ShipTypeRanges*>;

struct ParamInfo {
  std::string_view name;  ///< As written in the configuration, e.g. "min_slow" or "gate.min_hits".
  std::string_view doc;   ///< One line.
  ParamRef (*ref)(DetectorParams&);  ///< The parameter inside a DetectorParams.
};

struct DetectorParamsInfo {
  std::string_view detector;          ///< Registry name, e.g. "anchor_drag".
  std::span<const ParamInfo> params;  ///< In the order of the Params struct.
};

// Every detector with parameters, maritime first, in registry order.
std::span<const DetectorParamsInfo> detector_params_table();

// The table row of `detector`, or nullptr for an unknown name.
const DetectorParamsInfo* find_detector_params(std::string_view detector);

// The limits no single value can show: a range whose ends are swapped, a
// hash cell smaller than the distance it must cover. Returns the first
// problem as "detector: key: what", or nothing when the values fit together.
std::optional<std::string> detector_params_problem(const DetectorParams& params);

// Duration text: an unsigned integer and a unit, "ms", "s", "min" or "h"
// ("600s", "10min"). Returns the milliseconds, or nothing for other text.
std::optional<int64_t> parse_duration_ms(std::string_view text);

// The shortest exact text for a duration: 600000 ms -> "10min", 1500 ms -> "1500ms".
std::string format_duration_ms(int64_t ms);

}  // namespace lookout::detect
