#include "detect/identity_conflict.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/geodesy.h"
#include "detect/episode_evidence.h"
#include "detect/watchlist.h"

namespace lookout::detect {

namespace {

nlohmann::json place_json(const track::TrackPoint& p) {
  LatLon pos = p.pos();
  return {std::round(pos.lon * 1e5) / 1e5, std::round(pos.lat * 1e5) / 1e5, format_iso8601(p.time())};
}

bool is_power_of_two(uint32_t n) { return n != 0 && (n & (n - 1)) == 0; }

// Appends `value` to a bounded history (newest last); returns true when it
// was already there but not newest: a return to an earlier identity.
template <typename T, std::size_t N, typename Eq>
bool remember(std::array<T, N>& seen, uint8_t& n, const T& value, Eq same) {
  for (std::size_t i = 0; i < n; ++i) {
    if (same(seen[i], value)) {
      // Move it to the newest slot.
      T keep = seen[i];
      for (std::size_t j = i; j + 1 < n; ++j) seen[j] = seen[j + 1];
      seen[n - 1] = keep;
      return i + 1 < n;
    }
  }
  if (n == N) {
    for (std::size_t j = 0; j + 1 < N; ++j) seen[j] = seen[j + 1];
    seen[N - 1] = value;
  } else {
    seen[n++] = value;
  }
  return false;
}

bool same_name(const FixedString<20>& a, const FixedString<20>& b) {
  return Watchlist::normalise_name(a.view()) == Watchlist::normalise_name(b.view());
}

}  // namespace

void IdentityConflictDetector::report_places(const track::Update& u, Places& p, const Context& ctx,
                                             FindingSink out) {
  const track::Vessel& v = *u.vessel;
  const JumpBurst& b = p.burst;
  p.raised = true;
  p.reported_alternations = b.alternations;
  const track::TrackPoint& here = v.last;
  const track::TrackPoint& there = b.last_to;
  const double km = distance_m(here.pos(), there.pos()) / 1000.0;

  Finding f;
  f.kind = "identity_conflict";
  f.episode = std::to_string(v.mmsi) + "/places";
  f.time = u.point.time();
  f.mmsi = {v.mmsi};
  f.pos = here.pos();
  f.score = params_.score_places;
  char text[200];
  std::snprintf(text, sizeof text, " reports from two places %.1f km apart, switching %u times (%u and %u reports): "
                "two transmitters share MMSI %u", km, b.alternations, b.main_reports, b.second_place, v.mmsi);
  f.summary = vessel_label(v) + text;
  f.evidence["sign"] = "two_places";
  f.evidence["place_a"] = place_json(here);
  f.evidence["place_b"] = place_json(there);
  f.evidence["distance_km"] = round1(km);
  f.evidence["alternations"] = b.alternations;
  f.evidence["reports_a"] = b.main_reports;
  f.evidence["reports_b"] = b.second_place;
  f.evidence["max_implied_speed_kn"] = round1(b.max_speed_kn);
  f.evidence["name"] = std::string(v.statics.name.view());
  std::vector<track::TrackPoint> scratch;
  EpisodeTrack seg;
  seg.seed(ctx.picture.history(v, scratch), b.start_ms - 10 * 60 * 1000);
  f.evidence["segment"] = seg.to_json(here);
  out(std::move(f));
}

void IdentityConflictDetector::on_position(const track::Update& u, const Context& ctx, FindingSink out) {
  const uint32_t mmsi = u.vessel->mmsi;
  if (u.kind == track::UpdateKind::kJump && u.has_previous) {
    if (out_of_order_report(u, params_.burst)) return;
    Places& p = places_[mmsi];
    if (p.burst.add_jump(u, params_.burst)) p.raised = false;
  } else if (u.kind == track::UpdateKind::kPosition && !places_.empty()) {
    auto it = places_.find(mmsi);
    if (it == places_.end()) return;
    it->second.burst.add_main(u.point, params_.burst);
  } else {
    return;
  }
  Places& p = places_[mmsi];
  const JumpBurst& b = p.burst;
  bool two_places = b.alternations >= params_.min_alternations && b.second_place >= params_.burst.min_place_reports &&
                    b.main_reports >= 2;
  if (!two_places) return;
  // Raise once, then update as the switching doubles.
  if (!p.raised || b.alternations >= 2 * p.reported_alternations) report_places(u, p, ctx, out);
}

void IdentityConflictDetector::report_identity(const track::Vessel& v, const Identities& id, const char* what,
                                               const std::string& from, const std::string& to,
                                               const Context& ctx, FindingSink out) {
  Finding f;
  f.kind = "identity_conflict";
  f.episode = std::to_string(v.mmsi) + "/identity";
  f.time = from_unix_ms(v.last_seen_ms);
  f.mmsi = {v.mmsi};
  f.pos = v.last.pos();
  const bool imo = id.n_imos > 1;
  if (id.flips > 0) {
    f.score = params_.score_flip;
    f.summary = "MMSI " + std::to_string(v.mmsi) + " switches back and forth between " + what + "s " + from +
                " and " + to + " (" + std::to_string(id.changes) + " changes): two vessels appear to share it";
  } else if (imo) {
    f.score = params_.score_imo;
    f.summary = vessel_label(v) + " (MMSI " + std::to_string(v.mmsi) + ") changed its " + what + " from " + from +
                " to " + to + ": a different hull or a false identity";
  } else {
    f.score = params_.score_name;
    f.summary = vessel_label(v) + " (MMSI " + std::to_string(v.mmsi) + ") changed its " + what + " from " + from +
                " to " + to;
  }
  f.evidence["sign"] = id.flips > 0 ? "identity_flips" : imo ? "imo_changed" : "name_changed";
  f.evidence["changed"] = what;
  f.evidence["from"] = from;
  f.evidence["to"] = to;
  f.evidence["changes"] = id.changes;
  f.evidence["flips"] = id.flips;
  nlohmann::json imos = nlohmann::json::array(), names = nlohmann::json::array();
  for (std::size_t i = 0; i < id.n_imos; ++i) imos.push_back(id.imos[i]);
  for (std::size_t i = 0; i < id.n_names; ++i) names.push_back(std::string(id.names[i].view()));
  f.evidence["imos"] = std::move(imos);
  f.evidence["names"] = std::move(names);
  if (v.positions > 0) {
    std::vector<track::TrackPoint> scratch;
    EpisodeTrack seg;
    seg.seed(ctx.picture.history(v, scratch), v.last.time_ms - 30 * 60 * 1000);
    f.evidence["segment"] = seg.to_json(v.last);
  }
  out(std::move(f));
}

void IdentityConflictDetector::on_static(const track::Update& u, const Context& ctx, FindingSink out) {
  const track::Vessel& v = *u.vessel;
  const bool imo_changed = u.imo_changed && u.old_imo != 0;
  const bool name_changed = u.name_changed && !same_name(u.old_name, v.statics.name);
  if (!imo_changed && !name_changed) return;
  // An alert needs a place on the map; static data before any position is
  // still remembered so that later flips are seen.
  Identities& id = identities_[v.mmsi];
  id.last_ms = v.last_seen_ms;
  const double before = id.flips > 0 ? params_.score_flip : id.n_imos > 1 ? params_.score_imo : params_.score_name;
  bool flipped = false;
  std::string from, to;
  const char* what = "name";
  if (imo_changed) {
    auto same = [](uint32_t a, uint32_t b) { return a == b; };
    if (id.n_imos == 0) remember(id.imos, id.n_imos, u.old_imo, same);
    flipped = remember(id.imos, id.n_imos, v.statics.imo, same) || flipped;
    what = "IMO";
    from = std::to_string(u.old_imo);
    to = std::to_string(v.statics.imo);
  }
  if (name_changed) {
    if (id.n_names == 0) remember(id.names, id.n_names, u.old_name, same_name);
    flipped = remember(id.names, id.n_names, v.statics.name, same_name) || flipped;
    if (!imo_changed) {
      from = std::string(u.old_name.view());
      to = std::string(v.statics.name.view());
    }
  }
  ++id.changes;
  if (flipped) ++id.flips;
  const double after = id.flips > 0 ? params_.score_flip : id.n_imos > 1 ? params_.score_imo : params_.score_name;
  if (v.positions == 0) return;
  const bool was_reported = id.reported;
  id.reported = true;
  // One alert per vessel: raised on the first change, updated when the
  // judgement changes or the count of changes doubles.
  if (!was_reported || after != before || is_power_of_two(id.changes)) report_identity(v, id, what, from, to, ctx, out);
}

void IdentityConflictDetector::on_tick(const Context& ctx, FindingSink /*out*/) {
  const int64_t now = to_unix_ms(ctx.now);
  if (now < next_sweep_ms_) return;
  next_sweep_ms_ = now + 60 * 1000;
  for (auto it = places_.begin(); it != places_.end();) {
    it = it->second.burst.live(now, params_.burst) ? std::next(it) : places_.erase(it);
  }
  const int64_t forget = std::chrono::duration_cast<std::chrono::milliseconds>(params_.forget_after).count();
  for (auto it = identities_.begin(); it != identities_.end();) {
    it = now - it->second.last_ms > forget ? identities_.erase(it) : std::next(it);
  }
}

std::unique_ptr<Detector> make_identity_conflict_detector() {
  return std::make_unique<IdentityConflictDetector>();
}

}  // namespace lookout::detect
