// FriendlyUnits: where our own patrol vessels, aircraft and shore teams are,
// so that the map shows them as friendly, the detectors leave them alone and
// an alert can be answered with "who gets there first" (geo/intercept.h).
//
// Positions come from three places, each through report(): AIS (the own
// MMSIs of the node configuration, as their reports arrive), the API (a
// shore team or an aircraft without AIS: POST /api/units) and later Cursor
// on Target (a TAK client's position reports). A unit carries a marking like
// any item: the partition's for AIS, the poster's for the API. The same unit
// heard under two markings is two entries, each released by its own.
//
// Not thread-safe: the live node's io thread owns it.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/latlon.h"
#include "core/marking.h"
#include "core/time.h"

namespace lookout::track {

struct Vessel;

enum class UnitKind : uint8_t { kVessel, kAircraft, kHelicopter, kShoreTeam, kDrone, kOther };
// "vessel", "aircraft", "helicopter", "shore_team", "drone", "other".
const char* to_string(UnitKind kind) noexcept;
// nullopt for a name not in the list above.
std::optional<UnitKind> unit_kind_from_string(std::string_view name) noexcept;

// One position report of a friendly unit, whatever brought it.
struct UnitReport {
  std::string id;             ///< Stable: "mmsi:265123456" for AIS, the poster's id otherwise.
  std::string name;           ///< Shown on the map; empty keeps the known name.
  UnitKind kind = UnitKind::kOther;
  LatLon position;
  double course_deg = std::numeric_limits<double>::quiet_NaN();  ///< over ground, true; NaN = unknown
  double speed_mps = std::numeric_limits<double>::quiet_NaN();   ///< over ground; NaN = unknown
  Timestamp time;
  double top_speed_mps = 0;   ///< 0 = keep the known (configured) top speed
  Marking marking;            ///< Who owns the report and who may see it.
  std::string source;         ///< "ais", "api", "cot".
};

struct FriendlyUnit {
  UnitReport last;            ///< The latest report, with name and top speed filled in.
  uint32_t reports = 0;
};

// A unit of the node configuration: known before it reports.
struct DeclaredUnit {
  uint32_t mmsi = 0;
  std::string name;
  UnitKind kind = UnitKind::kVessel;
  double top_speed_mps = 0;
};

class FriendlyUnits {
 public:
  FriendlyUnits() = default;
  explicit FriendlyUnits(std::vector<DeclaredUnit> declared);

  // True when `mmsi` is one of the configured own units.
  bool is_own_mmsi(uint32_t mmsi) const { return own_mmsis_.contains(mmsi); }
  const std::vector<DeclaredUnit>& declared() const { return declared_; }

  // Units at most: a new unit beyond it is refused (the API's posts are
  // bounded like every other input).
  static constexpr std::size_t kMaxUnits = 4096;

  // Merges one report: a new unit, or the newer position of a known one. A
  // report older than the unit's last, or a new unit when kMaxUnits are
  // known, is ignored and false returned. Name and top speed left empty keep
  // what is known. REQUIRES: a non-empty id and a valid position (the API
  // checks both before).
  bool report(UnitReport r);

  // The AIS position of an own vessel (is_own_mmsi(v.mmsi)) heard in a
  // partition of `marking`. False when it is not an own unit or not newer.
  bool report_ais(const Vessel& v, const Marking& marking);

  // The unit `id` under `marking`; null when unknown.
  const FriendlyUnit* find(std::string_view id, const Marking& marking) const;
  const std::vector<FriendlyUnit>& all() const { return units_; }

 private:
  std::vector<DeclaredUnit> declared_;
  std::unordered_set<uint32_t> own_mmsis_;
  std::vector<FriendlyUnit> units_;  // few: tens, a linear search is the index
};

}  // namespace lookout::track
