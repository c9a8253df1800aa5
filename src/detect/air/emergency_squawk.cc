#include "detect/air/emergency_squawk.h"

#include <cmath>
#include <cstdio>

#include "core/time.h"
#include "track/air/cooperative_picture.h"

namespace lookout::detect {

const char* emergency_squawk_meaning(std::string_view squawk) noexcept {
  if (squawk == "7500") return "unlawful interference";
  if (squawk == "7600") return "radio failure";
  if (squawk == "7700") return "general emergency";
  return "";
}

void EmergencySquawk::on_track(const air::TrackState& s, const AirContext& ctx, FindingSink out) {
  const air::AirIdentity& id = s.identity;
  if (id.source == CooperativeSource::kNone || id.id.empty()) return;
  std::string key = std::string(to_string(id.source)) + ":" + std::string(id.id.view());
  const bool code = *emergency_squawk_meaning(id.squawk.view()) != '\0';
  const std::string squawk = code ? std::string(id.squawk.view()) : std::string();
  const bool emergency = code || id.emergency;
  auto it = open_.find(key);
  // Over: a normal code, the cooperative target gone silent (its own
  // track deleted; a deleted radar track proves nothing about the aircraft).
  if (!emergency || (s.status == air::TrackStatus::kDeleted && air::is_cooperative_track_id(s.id))) {
    if (it != open_.end()) open_.erase(it);
    return;
  }
  if (s.status == air::TrackStatus::kDeleted) return;
  if (it != open_.end() && it->second == squawk) return;  // this episode is raised already
  open_[key] = squawk;

  Finding f;
  f.kind = "emergency_squawk";
  f.episode = std::string(id.id.view()) + "/" + (code ? squawk : std::string("flag")) + "/" + format_iso8601(s.time);
  f.time = s.time;
  f.track = track_label(s.id);
  f.pos = s.position;
  f.score = squawk == "7500" ? params_.score_7500
            : squawk == "7700" ? params_.score_7700
            : squawk == "7600" ? params_.score_7600
                               : params_.score_flag;
  std::string name = id.callsign.empty() ? std::string(id.id.view())
                                         : std::string(id.callsign.view()) + " (ICAO " + std::string(id.id.view()) + ")";
  std::string near;
  if (auto hit = ctx.assets.nearest(s.position, params_.near_m, kDroneZoneKinds)) {
    const Asset& a = ctx.assets.asset(hit->asset);
    char buf[160];
    std::snprintf(buf, sizeof buf, ", %.1f km from %s", hit->distance_m / 1000, a.name.empty() ? a.id.c_str() : a.name.c_str());
    near = buf;
    f.asset = hit->asset;
    f.evidence["asset_distance_m"] = std::round(hit->distance_m);
  }
  char buf[384];
  if (code) {
    std::snprintf(buf, sizeof buf, "Aircraft %s squawks %s (%s) at %.0f m, %.4f N %.4f E%s", name.c_str(), squawk.c_str(),
                  emergency_squawk_meaning(squawk), s.alt_m, s.position.lat, s.position.lon, near.c_str());
  } else {
    std::snprintf(buf, sizeof buf, "Aircraft %s declares an emergency (squawk %s) at %.0f m, %.4f N %.4f E%s", name.c_str(),
                  id.squawk.empty() ? "unknown" : std::string(id.squawk.view()).c_str(), s.alt_m, s.position.lat,
                  s.position.lon, near.c_str());
  }
  f.summary = buf;
  f.evidence["source"] = to_string(id.source);
  f.evidence["icao"] = std::string(id.id.view());
  f.evidence["callsign"] = std::string(id.callsign.view());
  f.evidence["squawk"] = std::string(id.squawk.view());
  f.evidence["meaning"] = code ? emergency_squawk_meaning(squawk) : "emergency flag";
  f.evidence["alt_m"] = std::round(s.alt_m);
  f.evidence["speed_mps"] = std::round(s.speed_mps * 10) / 10;
  f.evidence["course_deg"] = std::round(s.course_deg);
  f.evidence["tied_to_radar"] = !air::is_cooperative_track_id(s.id);
  f.evidence["track_segment"] = track_segment_json(s);
  out(std::move(f));
}

}  // namespace lookout::detect
