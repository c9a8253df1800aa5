#include "detect/air/drone_approach.h"

#include <array>
#include <cmath>
#include <cstdio>

#include "core/geodesy.h"
#include "detect/air/remote_id_note.h"

namespace lookout::detect {

void DroneApproach::on_track(const air::TrackState& s, const AirContext& ctx, FindingSink out) {
  auto forget = [&](uint32_t id) {
    for (auto it = streak_.begin(); it != streak_.end();) it = it->first.first == id ? streak_.erase(it) : std::next(it);
  };
  const bool drone = gate_.update(s);
  if (s.status == air::TrackStatus::kDeleted) {
    forget(s.id);
    for (auto it = raised_.begin(); it != raised_.end();) it = it->first == s.id ? raised_.erase(it) : std::next(it);
    return;
  }
  if (!drone || s.speed_mps < params_.min_speed_mps) {
    forget(s.id);
    return;
  }
  std::array<AssetHit, 16> hits{};
  HitCount here = ctx.assets.corridors_at(s.position, hits, kDroneZoneKinds);
  std::set<uint32_t> inside;
  for (std::size_t i = 0; i < here.count; ++i) inside.insert(hits[i].asset);

  // First zone (not already around the track) reached along the velocity.
  std::map<uint32_t, double> predicted;  // asset -> seconds to go
  const double horizon_s = static_cast<double>(params_.horizon.count());
  const double step_s = static_cast<double>(params_.step.count());
  for (double t = step_s; t <= horizon_s + 1e-9; t += step_s) {
    LatLon p = destination(s.position, s.course_deg, s.speed_mps * t);
    HitCount n = ctx.assets.corridors_at(p, hits, kDroneZoneKinds);
    for (std::size_t i = 0; i < n.count; ++i) {
      if (inside.count(hits[i].asset) == 0 && predicted.count(hits[i].asset) == 0) predicted[hits[i].asset] = t;
    }
  }
  for (auto it = streak_.begin(); it != streak_.end();) {
    bool keep = it->first.first != s.id || predicted.count(it->first.second) != 0;
    it = keep ? std::next(it) : streak_.erase(it);
  }
  for (const auto& [asset, eta_s] : predicted) {
    std::pair<uint32_t, uint32_t> key{s.id, asset};
    int& streak = streak_[key];
    ++streak;
    if (streak < params_.confirm_updates || raised_.count(key) != 0) continue;
    raised_.insert(key);
    const Asset& a = ctx.assets.asset(asset);
    Finding f;
    f.kind = "drone_approach";
    f.episode = track_label(s.id) + "/" + a.id;
    f.time = s.time;
    f.track = track_label(s.id);
    f.asset = asset;
    f.pos = s.position;
    f.score = params_.base_score + (eta_s < horizon_s / 3 ? 20 : 0) -
              (broadcasts_remote_id(s) ? params_.remote_id_discount : 0);
    char buf[256];
    std::snprintf(buf, sizeof buf, "Drone track %s heading for %s, about %.0f s away at %.0f m/s, %.0f m up",
                  f.track->c_str(), a.name.empty() ? a.id.c_str() : a.name.c_str(), eta_s, s.speed_mps, s.alt_m);
    f.summary = buf + remote_id_clause(s);
    f.evidence["remote_id"] = remote_id_evidence(s);
    f.evidence["eta_s"] = eta_s;
    f.evidence["speed_mps"] = std::round(s.speed_mps * 10) / 10;
    f.evidence["course_deg"] = std::round(s.course_deg);
    f.evidence["alt_m"] = std::round(s.alt_m);
    f.evidence["class_probabilities"] = class_probabilities_json(s);
    f.evidence["track_segment"] = track_segment_json(s);
    out(std::move(f));
  }
}

}  // namespace lookout::detect
