#include "forensics/fault.h"

#include <cmath>
#include <cstdio>

#include "core/geodesy.h"

namespace lookout::forensics {

namespace {

// Walks the asset's segments in order; `visit(a, b, length)` returns true
// to stop.
template <typename Visit>
void walk(const Asset& asset, Visit&& visit) {
  for (const auto& part : asset.lines) {
    for (std::size_t i = 1; i < part.size(); ++i) {
      if (visit(part[i - 1], part[i], distance_m(part[i - 1], part[i]))) return;
    }
  }
}

}  // namespace

double line_length_m(const Asset& asset) {
  double total = 0;
  walk(asset, [&](LatLon, LatLon, double len) {
    total += len;
    return false;
  });
  return total;
}

std::optional<LatLon> point_along(const Asset& asset, double along_m) {
  if (!asset.is_line() || !std::isfinite(along_m) || along_m < 0) return std::nullopt;
  std::optional<LatLon> out;
  LatLon last{};
  bool any = false;
  double left = along_m;
  walk(asset, [&](LatLon a, LatLon b, double len) {
    any = true;
    last = b;
    if (left > len) {
      left -= len;
      return false;
    }
    out = len > 0 ? destination(a, initial_bearing_deg(a, b), left) : a;
    return true;
  });
  if (!out && any) out = last;  // beyond the far end: the end
  return out;
}

StatusOr<FaultResult> find_fault_suspects(store::Store& store, const AssetIndex& assets,
                                          const detect::Watchlist* watchlist, const FaultReport& report,
                                          const CrossingParams& params) {
  auto idx = assets.find(report.asset);
  if (!idx) {
    // find_crossings words it, with the ids it knows.
    CrossingQuery unknown;
    unknown.asset = report.asset;
    unknown.window = report.window;
    auto refused = find_crossings(store, assets, watchlist, unknown, params);
    return refused.ok() ? Status::invalid_argument("unknown asset '" + report.asset + "'") : refused.status();
  }
  const Asset& asset = assets.asset(*idx);
  if (!asset.is_line()) return Status::invalid_argument("asset '" + report.asset + "' is not a cable or pipeline");
  if (report.at && report.distance_m) return Status::invalid_argument("give the fault as a position or a distance, not both");
  if (!(report.radius_m > 0)) return Status::invalid_argument("the radius must be above 0");
  FaultResult out;
  if (report.at) {
    if (!report.at->valid()) return Status::invalid_argument("the fault's position is not a valid latitude and longitude");
    out.fault = *report.at;
  } else if (report.distance_m) {
    const double length = line_length_m(asset);
    if (!std::isfinite(*report.distance_m) || *report.distance_m < 0 || *report.distance_m > length + 1) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "the distance must lie along the asset: 0 to %.1f km", length / 1000);
      return Status::invalid_argument(buf);
    }
    out.fault = point_along(asset, *report.distance_m);
  }
  CrossingQuery q;
  q.asset = report.asset;
  q.at = out.fault;
  q.radius_m = out.fault ? report.radius_m : 0;
  q.window = report.window;
  q.limit = report.limit;
  auto crossings = find_crossings(store, assets, watchlist, q, params);
  if (!crossings.ok()) return crossings.status();
  out.crossings = std::move(*crossings);
  return out;
}

}  // namespace lookout::forensics
