#include "detect/air/drone_incursion.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include "detect/air/remote_id_note.h"

namespace lookout::detect {

void DroneIncursion::on_track(const air::TrackState& s, const AirContext& ctx, FindingSink out) {
  const bool drone = gate_.update(s);
  if (s.status == air::TrackStatus::kDeleted) {
    for (auto it = inside_.begin(); it != inside_.end();) it = it->first == s.id ? inside_.erase(it) : std::next(it);
    for (auto it = raised_.begin(); it != raised_.end();) it = it->first == s.id ? raised_.erase(it) : std::next(it);
    return;
  }
  // Close episodes the track has left by more than the margin.
  for (auto it = inside_.lower_bound({s.id, 0}); it != inside_.end() && it->first == s.id;) {
    const Asset& a = ctx.assets.asset(it->second);
    bool near = false;
    if (ctx.assets.contains(it->second, s.position)) {
      near = true;
    } else {
      // Within buffer + margin of the asset?
      std::array<AssetHit, 16> hits{};
      HitCount n = ctx.assets.within(s.position, a.buffer_m + params_.exit_margin_m, hits, kDroneZoneKinds);
      for (std::size_t i = 0; i < n.count; ++i) near = near || hits[i].asset == it->second;
    }
    it = near ? std::next(it) : inside_.erase(it);
  }
  if (!drone) return;

  std::array<AssetHit, 16> hits{};
  HitCount n = ctx.assets.corridors_at(s.position, hits, kDroneZoneKinds);
  for (std::size_t i = 0; i < n.count; ++i) {
    uint32_t asset = hits[i].asset;
    std::pair<uint32_t, uint32_t> key{s.id, asset};
    if (inside_.count(key) != 0) continue;
    inside_.insert(key);
    if (!raised_.insert(key).second) continue;  // came back: same episode, already raised

    const Asset& a = ctx.assets.asset(asset);
    Finding f;
    f.kind = "drone_incursion";
    f.episode = track_label(s.id) + "/" + a.id;
    f.time = s.time;
    f.track = track_label(s.id);
    f.asset = asset;
    f.pos = s.position;
    f.score = params_.base_score +
              ((a.kind == AssetKind::kAirport || a.kind == AssetKind::kMilitarySite) ? 15 : 0) -
              (broadcasts_remote_id(s) ? params_.remote_id_discount : 0);
    char buf[256];
    const char* where = a.kind == AssetKind::kAirport || a.kind == AssetKind::kAirspace ? " airspace" : " zone";
    std::snprintf(buf, sizeof buf, "Drone track %s entered %s%s at %.0f m, %.0f m/s", f.track->c_str(),
                  a.name.empty() ? a.id.c_str() : a.name.c_str(), where, s.alt_m, s.speed_mps);
    f.summary = buf + remote_id_clause(s);
    f.evidence["remote_id"] = remote_id_evidence(s);
    f.evidence["distance_m"] = std::round(hits[i].distance_m);
    f.evidence["buffer_m"] = a.buffer_m;
    f.evidence["alt_m"] = std::round(s.alt_m);
    f.evidence["speed_mps"] = std::round(s.speed_mps * 10) / 10;
    f.evidence["course_deg"] = std::round(s.course_deg);
    f.evidence["class_probabilities"] = class_probabilities_json(s);
    f.evidence["hits"] = s.hits;
    f.evidence["track_segment"] = track_segment_json(s);
    out(std::move(f));
  }
}

}  // namespace lookout::detect
