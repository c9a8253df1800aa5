// JSON forms of the forensics answers and of a track for playback.
#include <cmath>

#include "core/time.h"
#include "forensics/forensics.h"

namespace lookout::forensics {

namespace {

nlohmann::json number_or_null(double v, double scale = 10) {
  if (!std::isfinite(v)) return nullptr;
  return std::round(v * scale) / scale;
}

std::string iso(int64_t ms) { return format_iso8601(from_unix_ms(ms)); }

nlohmann::json place(LatLon p) { return {{"lat", std::round(p.lat * 1e6) / 1e6}, {"lon", std::round(p.lon * 1e6) / 1e6}}; }

}  // namespace

nlohmann::json to_json(const CrossingReport& r) {
  nlohmann::json j;
  j["mmsi"] = r.mmsi;
  j["name"] = r.name;
  j["imo"] = r.imo == 0 ? nlohmann::json(nullptr) : nlohmann::json(r.imo);
  j["shiptype"] = r.shiptype;
  j["time"] = iso(r.time_ms);
  j["place"] = place(r.place);
  j["crossed"] = r.crossed;
  j["crossings"] = r.crossings;
  j["speed_kn"] = number_or_null(r.speed_kn);
  j["cruise_kn"] = number_or_null(r.cruise_kn);
  j["speed_drop"] = number_or_null(r.speed_drop, 100);
  j["min_speed_kn"] = number_or_null(r.min_speed_kn);
  j["corridor_minutes"] = number_or_null(r.corridor_minutes);
  j["yaw_deg_rms"] = number_or_null(r.yaw_deg_rms);
  j["gap_at_crossing_min"] = number_or_null(r.gap_at_crossing_min);
  j["max_gap_min"] = number_or_null(r.max_gap_min);
  j["other_assets"] = r.other_assets;
  j["watchlist"] = r.watchlist.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.watchlist);
  j["alerts"] = r.alerts;
  j["anchor_status_while_moving"] = r.anchor_status;
  j["suspicion"] = r.suspicion;
  j["reasons"] = r.reasons;
  return j;
}

nlohmann::json to_json(const NearReport& r) {
  nlohmann::json j;
  j["mmsi"] = r.mmsi;
  j["name"] = r.name;
  j["imo"] = r.imo == 0 ? nlohmann::json(nullptr) : nlohmann::json(r.imo);
  j["shiptype"] = r.shiptype;
  j["closest_m"] = number_or_null(r.closest_m, 1);
  j["closest_time"] = iso(r.closest_ms);
  j["closest_place"] = place(r.closest_place);
  j["speed_kn"] = number_or_null(r.speed_kn);
  j["first_time"] = iso(r.first_ms);
  j["last_time"] = iso(r.last_ms);
  j["reports_inside"] = r.reports_inside;
  return j;
}

StatusOr<nlohmann::json> track_geojson(store::Store& store, uint32_t mmsi, const store::TimeRange& window) {
  auto stored_track = store.track(mmsi, window);
  if (!stored_track.ok()) return stored_track.status();
  const auto& rows = *stored_track;
  nlohmann::json coords = nlohmann::json::array(), times = nlohmann::json::array(), sog = nlohmann::json::array(),
                 cog = nlohmann::json::array(), heading = nlohmann::json::array(), status = nlohmann::json::array();
  std::size_t suspect = 0;
  for (const auto& r : rows) {
    const auto& p = r.point;
    if ((p.flags & store::kPositionJump) != 0) {
      ++suspect;
      continue;
    }
    coords.push_back({std::round(p.lon_e7 / 10.0) / 1e6, std::round(p.lat_e7 / 10.0) / 1e6});
    times.push_back(iso(p.time_ms));
    sog.push_back(p.has_sog() ? nlohmann::json(p.sog_kn()) : nlohmann::json(nullptr));
    cog.push_back(p.has_cog() ? nlohmann::json(p.cog_deg()) : nlohmann::json(nullptr));
    heading.push_back(p.has_heading() ? nlohmann::json(p.heading) : nlohmann::json(nullptr));
    status.push_back(p.nav_status);
  }
  nlohmann::json props;
  props["mmsi"] = mmsi;
  props["from"] = iso(window.from_ms);
  props["to"] = iso(window.to_ms);
  props["reports"] = times.size();
  props["suspect_reports"] = suspect;
  props["times"] = std::move(times);
  props["sog_kn"] = std::move(sog);
  props["cog_deg"] = std::move(cog);
  props["heading_deg"] = std::move(heading);
  props["nav_status"] = std::move(status);
  auto stored = store.vessel(mmsi);
  if (!stored.ok()) return stored.status();
  if (const auto& v = *stored) {
    props["name"] = std::string(v->statics.name.view());
    props["imo"] = v->statics.imo == 0 ? nlohmann::json(nullptr) : nlohmann::json(v->statics.imo);
    props["callsign"] = std::string(v->statics.callsign.view());
    props["shiptype"] = v->statics.shiptype;
    props["length_m"] = v->statics.length_m();
  }
  nlohmann::json geometry;
  if (coords.size() >= 2) {
    geometry = {{"type", "LineString"}, {"coordinates", std::move(coords)}};
  } else if (coords.size() == 1) {
    geometry = {{"type", "Point"}, {"coordinates", coords[0]}};
  } else {
    geometry = nullptr;
  }
  nlohmann::json feature = {{"type", "Feature"}, {"geometry", std::move(geometry)}, {"properties", std::move(props)}};
  return nlohmann::json{{"type", "FeatureCollection"}, {"features", nlohmann::json::array({std::move(feature)})}};
}

}  // namespace lookout::forensics
