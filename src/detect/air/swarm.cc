#include "detect/air/swarm.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <cstdio>
#include <numeric>

#include "core/geodesy.h"

namespace lookout::detect {

void Swarm::on_scan(const AirContext& ctx, FindingSink out) {
  std::vector<const air::TrackState*> drones;
  for (const auto& s : ctx.tracks) {
    if (gate_.qualified(s.id) && s.status != air::TrackStatus::kTentative) drones.push_back(&s);
  }
  std::sort(drones.begin(), drones.end(), [](auto* a, auto* b) { return a->id < b->id; });

  // Single-linkage groups (union-find; drone counts are small).
  std::vector<std::size_t> parent(drones.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto root = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  if (!drones.empty()) {
    LocalFrame frame(drones.front()->position);
    for (std::size_t i = 0; i < drones.size(); ++i) {
      for (std::size_t j = i + 1; j < drones.size(); ++j) {
        const auto& a = *drones[i];
        const auto& b = *drones[j];
        if (frame.distance_m(a.position, b.position) > params_.radius_m) continue;
        if (std::hypot(a.vel_e - b.vel_e, a.vel_n - b.vel_n) > params_.max_velocity_diff_mps) continue;
        parent[root(j)] = root(i);
      }
    }
  }
  std::vector<std::vector<std::size_t>> groups(drones.size());
  for (std::size_t i = 0; i < drones.size(); ++i) groups[root(i)].push_back(i);

  for (const auto& g : groups) {
    if (g.size() < params_.min_members) continue;
    std::set<uint32_t> ids;
    for (std::size_t i : g) ids.insert(drones[i]->id);
    Episode* ep = nullptr;
    for (auto& e : episodes_) {
      bool shares = std::any_of(ids.begin(), ids.end(), [&](uint32_t id) { return e.members.count(id) != 0; });
      if (shares) {
        ep = &e;
        break;
      }
    }
    if (ep == nullptr) {
      episodes_.push_back({});
      ep = &episodes_.back();
      ep->start = ctx.now;
      ep->key = track_label(*ids.begin()) + "/" + std::to_string(to_unix_ms(ctx.now) / 1000);
    }
    ep->members.insert(ids.begin(), ids.end());
    ep->last_seen = ctx.now;
    if (ctx.now - ep->start < params_.min_duration) continue;
    if (ep->raised && ep->members.size() == ep->raised_members) continue;
    ep->raised = true;
    ep->raised_members = ep->members.size();

    // Centre, mean velocity, spread.
    LocalFrame frame(drones[g.front()]->position);
    double e = 0, n = 0, ve = 0, vn = 0, alt = 0;
    for (std::size_t i : g) {
      EastNorth p = frame.to_local(drones[i]->position);
      e += p.east_m, n += p.north_m, ve += drones[i]->vel_e, vn += drones[i]->vel_n, alt += drones[i]->alt_m;
    }
    double k = static_cast<double>(g.size());
    LatLon centre = frame.to_latlon({e / k, n / k});
    double spread = 0;
    nlohmann::json members = nlohmann::json::array();
    for (std::size_t i : g) {
      const auto& s = *drones[i];
      spread = std::max(spread, frame.distance_m(centre, s.position));
      members.push_back({{"track", track_label(s.id)},
                         {"lat", std::round(s.position.lat * 1e6) / 1e6},
                         {"lon", std::round(s.position.lon * 1e6) / 1e6},
                         {"alt_m", std::round(s.alt_m)},
                         {"speed_mps", std::round(s.speed_mps * 10) / 10},
                         {"course_deg", std::round(s.course_deg)},
                         {"class_probabilities", class_probabilities_json(s)}});
    }
    double speed = std::hypot(ve / k, vn / k);
    double course = std::fmod(std::atan2(ve / k, vn / k) * 180 / std::numbers::pi + 360, 360);

    Finding f;
    f.kind = "swarm";
    f.episode = ep->key;
    f.time = ctx.now;
    f.track = track_label(*ep->members.begin());
    f.pos = centre;
    f.score = std::min(95.0, 65.0 + 5.0 * static_cast<double>(ep->members.size() - params_.min_members));
    std::string names;
    for (uint32_t id : ep->members) names += (names.empty() ? "" : ", ") + track_label(id);
    char buf[320];
    std::snprintf(buf, sizeof buf, "Swarm of %zu drones (%s) within %.0f m, flying %.0f m/s course %.0f at about %.0f m",
                  ep->members.size(), names.c_str(), spread, speed, course, alt / k);
    f.summary = buf;
    f.evidence["members"] = members;
    f.evidence["spread_m"] = std::round(spread);
    f.evidence["speed_mps"] = std::round(speed * 10) / 10;
    f.evidence["course_deg"] = std::round(course);
    f.evidence["since"] = format_iso8601(ep->start);
    out(std::move(f));
  }
  episodes_.erase(std::remove_if(episodes_.begin(), episodes_.end(),
                                 [&](const Episode& e) {
                                   auto limit = e.raised ? params_.forget_after : params_.min_duration;
                                   return ctx.now - e.last_seen > limit;
                                 }),
                  episodes_.end());
}

}  // namespace lookout::detect
