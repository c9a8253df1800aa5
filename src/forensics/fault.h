// A cable fault, as the cable operator reports it, to the vessels that may
// have caused it. Operators locate a fault by distance along the cable from
// one end (an OTDR or a pulse-echo measurement, good to a few hundred
// metres to a few kilometres) or as a position, and give a window between
// the last good reading and the alarm. find_fault_suspects turns that into
// the crossings question (crossings.cc) around the fault and ranks who
// passed over there then, most suspicious first.
#pragma once

#include <optional>
#include <string>

#include "core/latlon.h"
#include "core/status.h"
#include "forensics/forensics.h"

namespace lookout::forensics {

struct FaultReport {
  std::string asset;                  ///< Asset id of the cable or pipeline.
  std::optional<LatLon> at;           ///< The fault's position, when given as one.
  std::optional<double> distance_m;   ///< Or its distance along the asset from its first point.
  double radius_m = 5000;             ///< How far from the fault a crossing counts.
  store::TimeRange window;            ///< From the last good reading to the alarm.
  std::size_t limit = 20;
};

// The point `distance_m` along the asset's line geometry, measured on the
// ellipsoid from the first point of its first part (the parts of a
// MultiLineString follow each other, the gaps between them not counted).
// Clamped to the ends. nullopt for an asset that is not a line, or a
// distance that is negative or not finite.
std::optional<LatLon> point_along(const Asset& asset, double distance_m);

// The length of the asset's line geometry as point_along measures it.
double line_length_m(const Asset& asset);

// Where the fault is (`at`, or the point along the asset; neither: the
// whole asset) and who crossed there in the window, most suspicious first.
// Errors: kInvalidArgument, in words, for an unknown asset, one that is not
// a line, a distance beyond its length, both or no window; the store's when
// a read fails.
struct FaultResult {
  std::optional<LatLon> fault;  ///< Where the crossings were looked for; nullopt: the whole asset.
  CrossingResult crossings;
};
StatusOr<FaultResult> find_fault_suspects(store::Store& store, const AssetIndex& assets,
                                          const detect::Watchlist* watchlist, const FaultReport& report,
                                          const CrossingParams& params = {});

}  // namespace lookout::forensics
