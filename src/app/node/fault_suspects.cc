#include "app/node/fault_suspects.h"

#include <algorithm>

#include "forensics/fault.h"
#include "geo/asset_index.h"
#include "store/nation_view.h"

namespace lookout::node {

namespace {

// How far past the window the last stored position of a suspect is looked
// for: a day of its track after the fault, bounded by now.
constexpr int64_t kAfterWindowMs = 24 * 3600 * 1000;

}  // namespace

StatusOr<server::FaultAnswer> fault_suspects(store::Store& reader, const AssetIndex& assets,
                                             const detect::Watchlist* watchlist, const server::FaultQuery& query,
                                             std::string_view nation, int64_t now_ms) {
  // An asset the nation may not see is not known to it.
  auto idx = assets.find(query.asset);
  if (!idx || !releasable_to_nation(assets.asset(*idx).marking, nation)) {
    return Status::invalid_argument("unknown asset '" + query.asset + "'");
  }
  store::NationView view(reader, std::string(nation));
  forensics::FaultReport report;
  report.asset = query.asset;
  report.at = query.at;
  report.distance_m = query.distance_m;
  report.radius_m = query.radius_m;
  report.window = query.window;
  report.limit = query.limit;
  auto found = forensics::find_fault_suspects(view, assets, watchlist, report);
  if (!found.ok()) return found.status();
  server::FaultAnswer out;
  out.fault = found->fault;
  for (const auto& pass : found->crossings.passes) {
    server::FaultSuspect s;
    s.mmsi = pass.mmsi;
    s.crossing = forensics::to_json(pass);
    const int64_t until = std::max(query.window.to_ms, std::min(now_ms, query.window.to_ms + kAfterWindowMs));
    auto track = view.track(pass.mmsi, {query.window.from_ms, until});
    if (!track.ok()) return track.status();
    if (!track->empty()) s.last_stored = track->back();
    out.suspects.push_back(std::move(s));
  }
  return out;
}

}  // namespace lookout::node
