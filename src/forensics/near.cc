// find_near: every vessel whose track came within a radius of a place in a
// window, with its closest approach measured along the segments between
// reports (a ship reporting every three minutes at 15 kn moves 1.4 km
// between reports: the reports alone would miss it).
#include <algorithm>
#include <cmath>

#include "forensics/forensics.h"
#include "forensics/track_math.h"

namespace lookout::forensics {

StatusOr<NearResult> find_near(store::Store& store, const NearQuery& query) {
  NearResult result;
  auto found = store.candidates(circle_box(query.at, query.radius_m), query.window);
  if (!found.ok()) return found.status();
  const auto& candidates = *found;
  result.candidates = candidates.size();
  for (const auto& c : candidates) {
    // One report either side of the window, so segments entering it count.
    auto stored_track = store.track(c.mmsi, {query.window.from_ms - 6 * 3'600'000LL, query.window.to_ms + 6 * 3'600'000LL});
    if (!stored_track.ok()) return stored_track.status();
    const auto& rows = *stored_track;
    std::vector<track::TrackPoint> pts;
    for (const auto& r : rows) {
      if ((r.point.flags & store::kPositionJump) == 0) pts.push_back(r.point);
    }
    NearReport best;
    best.mmsi = c.mmsi;
    best.closest_m = INFINITY;
    bool inside_any = false;
    auto consider = [&](double d, int64_t t, LatLon place, double speed) {
      if (!query.window.contains(t) || d > query.radius_m) return;
      if (!inside_any || t < best.first_ms) best.first_ms = t;
      if (!inside_any || t > best.last_ms) best.last_ms = t;
      inside_any = true;
      if (d < best.closest_m) {
        best.closest_m = d;
        best.closest_ms = t;
        best.closest_place = place;
        best.speed_kn = speed;
      }
    };
    for (std::size_t i = 0; i < pts.size(); ++i) {
      const auto& a = pts[i];
      double da = closest_on_segment(query.at, a.pos(), a.pos()).distance_m;
      if (da <= query.radius_m && query.window.contains(a.time_ms)) ++best.reports_inside;
      consider(da, a.time_ms, a.pos(), a.has_sog() ? a.sog_kn() : NAN);
      if (i + 1 == pts.size()) break;
      const auto& b = pts[i + 1];
      if (b.time_ms < query.window.from_ms || a.time_ms > query.window.to_ms) continue;
      Closest k = closest_on_segment(query.at, a.pos(), b.pos());
      int64_t t = a.time_ms + static_cast<int64_t>(k.fraction * static_cast<double>(b.time_ms - a.time_ms));
      LatLon place{a.pos().lat + k.fraction * (b.pos().lat - a.pos().lat),
                   a.pos().lon + k.fraction * (b.pos().lon - a.pos().lon)};
      double speed = a.has_sog() && b.has_sog() ? a.sog_kn() + k.fraction * (b.sog_kn() - a.sog_kn()) : implied_speed_kn(a, b);
      consider(k.distance_m, t, place, speed);
    }
    if (!inside_any) continue;
    auto stored = store.vessel(c.mmsi);
    if (!stored.ok()) return stored.status();
    if (const auto& v = *stored) {
      best.name = std::string(v->statics.name.view());
      best.imo = v->statics.imo;
      best.shiptype = v->statics.shiptype;
    }
    result.vessels.push_back(best);
  }
  std::sort(result.vessels.begin(), result.vessels.end(), [](const NearReport& x, const NearReport& y) {
    if (x.closest_m != y.closest_m) return x.closest_m < y.closest_m;
    return x.mmsi < y.mmsi;
  });
  if (result.vessels.size() > query.limit) result.vessels.resize(query.limit);
  return result;
}

}  // namespace lookout::forensics
