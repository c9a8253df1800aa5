// The answers of /api/units and /api/intercept: friendly units as JSON, and
// for an alert's vessel or drone every unit the caller may see ranked by
// time to intercept (geo/intercept.h). Built on the io thread from the
// live pictures and the unit registry; nothing here reads the store.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "geo/intercept.h"
#include "server/api/node_view.h"
#include "track/friendly_units.h"
#include "track/vessel.h"

namespace lookout::server {

// One unit: id, name, kind, position [lon, lat], course, speed, time, the
// age of its position at `now`, top speed, source and marking.
nlohmann::json unit_json(const track::FriendlyUnit& u, Timestamp now);

// The unit as the intercept solver sees it: an unknown course or speed is
// taken as standing still.
geo::InterceptUnit intercept_unit(const track::FriendlyUnit& u);

// What an intercept is solved against: a vessel (its latest position among
// the partitions `nation` may see) or an air track.
struct InterceptTarget {
  nlohmann::json json;           ///< kind, mmsi or track, position, course, speed, time
  geo::MovingPosition moving;
  bool velocity_known = false;   ///< false: course or speed not reported, taken as still
};

// A vessel as its report `p` places it (course and speed taken as still
// when either is not reported).
InterceptTarget vessel_target(uint32_t mmsi, const track::TrackPoint& p);

// The target of an alert that names vessels `mmsi` (the first one known) or
// an air track ("T12"); nullopt when no partition `nation` may see holds it.
std::optional<InterceptTarget> find_target(std::span<const PartitionView> parts, std::string_view nation,
                                           std::span<const uint32_t> mmsi, std::string_view track);

// The whole answer for one target: every unit of `units` released to
// `nation`, soonest first, then those that cannot intercept.
nlohmann::json intercept_json(const InterceptTarget& target, const track::FriendlyUnits* units,
                              std::string_view nation, Timestamp now);

}  // namespace lookout::server
