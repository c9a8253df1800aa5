#include "server/api/air_track_json.h"

#include <cmath>
#include <vector>

#include "server/api/views.h"
#include "track/air/track_state_json.h"

namespace lookout::server {

namespace {

double r(double x, double scale) { return std::round(x * scale) / scale; }

nlohmann::json point_json(LatLon p, double alt_m, Timestamp t) {
  return nlohmann::json::array({r(p.lon, 1e6), r(p.lat, 1e6), r(alt_m, 10), format_iso8601(t)});
}

}  // namespace

nlohmann::json air_trail_json(const air::TrackState& s) {
  // The history's first points then its ring: while the ring has not
  // wrapped they join without a gap, and once it has, the tail of the
  // sequence is the ring alone - so the last points are always contiguous.
  std::vector<const air::TrackPoint*> pts;
  if (s.history != nullptr) {
    const air::TrackHistory& h = *s.history;
    pts.reserve(h.first_count() + h.recent_count());
    for (std::size_t i = 0; i < h.first_count(); ++i) pts.push_back(&h.first(i));
    for (std::size_t i = 0; i < h.recent_count(); ++i) pts.push_back(&h.recent(i));
  }
  const bool add_current = pts.empty() || s.time > pts.back()->time;
  const std::size_t room = kAirTrailPoints - (add_current ? 1 : 0);
  const std::size_t from = pts.size() > room ? pts.size() - room : 0;
  auto trail = nlohmann::json::array();
  for (std::size_t i = from; i < pts.size(); ++i) trail.push_back(point_json(pts[i]->position, pts[i]->alt_m, pts[i]->time));
  if (add_current) trail.push_back(point_json(s.position, s.alt_m, s.time));
  return trail;
}

nlohmann::json air_track_json(const air::TrackState& s, const Marking& marking,
                              std::span<const air::SensorConfig> sensors) {
  nlohmann::json j(air::track_state_json(s));
  j["first_seen"] = format_iso8601(s.first_seen);
  j["last_detected"] = format_iso8601(s.last_detected);
  j["hits"] = s.hits;
  auto names = nlohmann::json::array();
  for (std::size_t i = 0; i < sensors.size() && i < 32; ++i) {
    if (s.sensor_mask & (1u << i)) names.push_back(std::string(sensors[i].id.view()));
  }
  j["sensors"] = std::move(names);
  j["trail"] = air_trail_json(s);
  j["marking"] = marking_json(marking);
  return j;
}

}  // namespace lookout::server
