#include "track/air/cooperative_picture.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "core/geodesy.h"
#include "track/air/track_history.h"

namespace lookout::air {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;

struct Key {
  CooperativeSource source = CooperativeSource::kNone;
  FixedString<24> id;
  friend bool operator==(const Key& a, const Key& b) { return a.source == b.source && a.id == b.id; }
};

struct KeyHash {
  std::size_t operator()(const Key& k) const noexcept {
    return std::hash<std::string_view>{}(k.id.view()) * 31 + static_cast<std::size_t>(k.source);
  }
};

struct Target {
  Key key;
  bool live = false;
  TrackState state;                // as reported (history pointer set when reported)
  TrackHistory history;
  bool has_position = false;
  bool has_velocity = false;
  bool has_alt = false;
  Timestamp position_time{};
  Timestamp last_report{};
  uint32_t tied_track = 0;         // radar track id; 0 = untied
};

struct Tie {
  uint32_t slot = 0;               // the target's slot
  uint32_t target_id = 0;          // ... and its id (a slot may be reused)
  int streak = 0;                  // consecutive matching updates (candidate)
  int misses = 0;                  // consecutive failing updates (tied)
  bool tied = false;
  Timestamp start{};               // the candidate's first matching update
  LatLon track_start;              // ... where the track was
  LatLon target_start;             // ... and where the target was predicted
};

ObjectClass class_of(CooperativeSource s) {
  return s == CooperativeSource::kRemoteId ? ObjectClass::kDrone : ObjectClass::kAircraft;
}

void set_class(TrackState& s, ObjectClass c) {
  s.cls = c;
  s.class_prob.fill(0);
  s.class_prob[static_cast<std::size_t>(c)] = 1;
}

}  // namespace

class CooperativePicture::Impl {
 public:
  explicit Impl(CooperativePictureParams p) : params(p) {}

  bool observe(const CooperativeReport& r);
  void advance(Timestamp t);
  bool match(TrackState& s);
  bool apply_tie(TrackState& s) const;
  bool gate(const TrackState& s, const Target& t) const;
  std::optional<LatLon> predicted(const Target& t, Timestamp when) const;
  void untie(uint32_t radar_id, bool count);
  void report(Target& t);

  CooperativePictureParams params;
  std::vector<Target> targets;
  std::vector<uint32_t> free_slots;
  std::unordered_map<Key, uint32_t, KeyHash> index;
  std::unordered_map<uint32_t, Tie> ties;  // by radar track id
  std::vector<TrackState> changed;
  CooperativeStats stats;
  uint32_t next_id = kCooperativeIdBase + 1;
  std::size_t live = 0;
  std::size_t tied = 0;
};

bool CooperativePicture::Impl::observe(const CooperativeReport& r) {
  changed.clear();
  if (r.source == CooperativeSource::kNone || r.id.empty() || (r.position && !r.position->valid())) {
    ++stats.rejected;
    return false;
  }
  Key key{r.source, r.id};
  uint32_t slot;
  if (auto it = index.find(key); it != index.end()) {
    slot = it->second;
  } else {
    if (live >= params.max_targets) {
      ++stats.overflow;
      return false;
    }
    if (!free_slots.empty()) {
      slot = free_slots.back();
      free_slots.pop_back();
      targets[slot] = Target{};
    } else {
      slot = static_cast<uint32_t>(targets.size());
      targets.emplace_back();
    }
    Target& t = targets[slot];
    t.key = key;
    t.live = true;
    t.state.id = next_id++;
    t.state.status = TrackStatus::kConfirmed;
    t.state.first_seen = r.time;
    t.state.identity.source = r.source;
    t.state.identity.id = r.id;
    set_class(t.state, class_of(r.source));
    index.emplace(key, slot);
    ++live;
    ++stats.targets_started;
  }
  ++stats.reports;
  Target& t = targets[slot];
  TrackState& s = t.state;
  AirIdentity& id = s.identity;
  if (r.time > t.last_report) t.last_report = r.time;
  if (r.time > s.time) s.time = r.time;
  id.last_report = t.last_report;
  s.last_detected = t.last_report;
  ++s.hits;
  if (r.position) {
    s.position = *r.position;
    t.position_time = r.time;
    t.has_position = true;
  }
  if (r.alt_m || r.baro_alt_m) {
    s.alt_m = r.alt_m ? *r.alt_m : *r.baro_alt_m;
    t.has_alt = true;
  }
  if (r.ground_speed_mps && r.course_deg) {
    s.speed_mps = *r.ground_speed_mps;
    s.course_deg = *r.course_deg;
    s.vel_e = s.speed_mps * std::sin(s.course_deg * kDegToRad);
    s.vel_n = s.speed_mps * std::cos(s.course_deg * kDegToRad);
    t.has_velocity = true;
  }
  if (r.vertical_rate_mps) s.vel_u = *r.vertical_rate_mps;
  if (!r.callsign.empty()) id.callsign = r.callsign;
  if (!r.squawk.empty()) {
    id.squawk = r.squawk;
    id.emergency = r.emergency;  // the squawk says whether it is one (the decoder set the flag)
  } else if (r.emergency) {
    id.emergency = true;
  }
  if (!r.serial.empty()) id.serial = r.serial;
  if (!r.operator_id.empty()) id.operator_id = r.operator_id;
  if (r.operator_position) id.operator_position = r.operator_position;
  if (t.has_position) {
    if (r.position) t.history.add({r.time, s.position, s.alt_m}, params.history_interval);
    if (t.tied_track == 0) report(t);
  }
  return true;
}

void CooperativePicture::Impl::report(Target& t) {
  t.state.history = &t.history;
  changed.push_back(t.state);
}

void CooperativePicture::Impl::advance(Timestamp now) {
  changed.clear();
  for (uint32_t slot = 0; slot < targets.size(); ++slot) {
    Target& t = targets[slot];
    if (!t.live || now - t.last_report < params.expire_after) continue;
    if (t.tied_track != 0) untie(t.tied_track, true);
    if (t.has_position) {
      t.state.status = TrackStatus::kDeleted;
      t.state.time = std::max(t.state.time, now);
      report(t);
    }
    index.erase(t.key);
    t.live = false;
    free_slots.push_back(slot);
    --live;
    ++stats.targets_expired;
  }
}

std::optional<LatLon> CooperativePicture::Impl::predicted(const Target& t, Timestamp when) const {
  if (!t.live || !t.has_position) return std::nullopt;
  const auto age = when - t.position_time;
  if (age > params.max_extrapolation || age < -params.max_extrapolation) return std::nullopt;
  const double dt = std::chrono::duration<double>(age).count();
  LatLon p = t.state.position;
  if (t.has_velocity) {
    p.lat += t.state.vel_n * dt / metres_per_deg_lat(p.lat);
    p.lon += t.state.vel_e * dt / metres_per_deg_lon(p.lat);
  }
  return p;
}

bool CooperativePicture::Impl::gate(const TrackState& s, const Target& t) const {
  auto p = predicted(t, s.time);
  if (!p || distance_m(s.position, *p) > params.gate_m + 3 * s.sigma_pos_m) return false;
  if (t.has_alt && s.sigma_alt_m < params.alt_known_sigma_m &&
      std::fabs(s.alt_m - t.state.alt_m) > params.alt_gate_m + 3 * s.sigma_alt_m) {
    return false;
  }
  if (t.has_velocity && s.sigma_speed_mps < params.speed_known_sigma_mps) {
    const double dv = std::hypot(s.vel_e - t.state.vel_e, s.vel_n - t.state.vel_n);
    if (dv > params.speed_gate_mps + 3 * s.sigma_speed_mps) return false;
  }
  return true;
}

void CooperativePicture::Impl::untie(uint32_t radar_id, bool count) {
  auto it = ties.find(radar_id);
  if (it == ties.end()) return;
  if (it->second.tied) {
    Target& t = targets[it->second.slot];
    if (t.live && t.state.id == it->second.target_id) t.tied_track = 0;
    --tied;
    if (count) ++stats.breaks;
  }
  ties.erase(it);
}

bool CooperativePicture::Impl::match(TrackState& s) {
  if (s.status == TrackStatus::kDeleted) {
    const bool was = apply_tie(s);
    untie(s.id, true);
    return was;
  }
  if (s.status == TrackStatus::kTentative) return false;
  auto it = ties.find(s.id);
  if (it != ties.end() && it->second.tied) {
    Tie& tie = it->second;
    const Target& t = targets[tie.slot];
    if (!t.live || t.state.id != tie.target_id) {
      untie(s.id, true);
    } else if (s.time - t.position_time > params.max_extrapolation) {
      // The target's position is too old to judge (ADS-B drops out for
      // tens of seconds): no evidence either way, the tie holds until the
      // target expires.
    } else if (gate(s, t)) {
      tie.misses = 0;
    } else if (++tie.misses >= params.break_updates) {
      untie(s.id, true);
    }
    if (ties.count(s.id) != 0) return apply_tie(s);
    it = ties.end();
  }
  // A candidate: the nearest untied target inside the gate.
  uint32_t best = std::numeric_limits<uint32_t>::max();
  double best_d = std::numeric_limits<double>::infinity();
  for (uint32_t slot = 0; slot < targets.size(); ++slot) {
    const Target& t = targets[slot];
    if (!t.live || t.tied_track != 0 || !gate(s, t)) continue;
    double d = distance_m(s.position, t.state.position);
    if (d < best_d) {
      best_d = d;
      best = slot;
    }
  }
  if (best == std::numeric_limits<uint32_t>::max()) {
    if (it != ties.end()) ties.erase(it);
    return false;
  }
  Tie& tie = ties[s.id];
  const LatLon target_now = *predicted(targets[best], s.time);
  auto restart = [&] { tie = Tie{best, targets[best].state.id, 1, 0, false, s.time, s.position, target_now}; };
  if (tie.streak > 0 && tie.slot == best && tie.target_id == targets[best].state.id) {
    ++tie.streak;
    // Since the streak began, the track must have moved as the target did
    // (a hovering drone under an airliner's path stays in the position
    // gate for seconds, but does not move with it).
    const EastNorth moved = LocalFrame(tie.track_start).to_local(s.position);
    const EastNorth flew = LocalFrame(tie.target_start).to_local(target_now);
    if (std::hypot(moved.east_m - flew.east_m, moved.north_m - flew.north_m) > params.gate_m) restart();
  } else {
    restart();
  }
  if (tie.streak < params.tie_updates || s.time - tie.start < params.tie_min_span) return false;
  tie.tied = true;
  targets[best].tied_track = s.id;
  ++tied;
  ++stats.ties;
  return apply_tie(s);
}

bool CooperativePicture::Impl::apply_tie(TrackState& s) const {
  auto it = ties.find(s.id);
  if (it == ties.end() || !it->second.tied) return false;
  const Target& t = targets[it->second.slot];
  if (!t.live || t.state.id != it->second.target_id) return false;
  s.identity = t.state.identity;
  set_class(s, class_of(t.key.source));
  return true;
}

CooperativePicture::CooperativePicture(CooperativePictureParams params) : impl_(std::make_unique<Impl>(params)) {}
CooperativePicture::~CooperativePicture() = default;

bool CooperativePicture::observe(const CooperativeReport& r) { return impl_->observe(r); }
void CooperativePicture::advance(Timestamp t) { impl_->advance(t); }
std::span<const TrackState> CooperativePicture::changed() const { return impl_->changed; }
bool CooperativePicture::match(TrackState& s) { return impl_->match(s); }
bool CooperativePicture::apply_tie(TrackState& s) const { return impl_->apply_tie(s); }

void CooperativePicture::untied_states(std::vector<TrackState>& out) const {
  for (const Target& t : impl_->targets) {
    if (!t.live || !t.has_position || t.tied_track != 0) continue;
    out.push_back(t.state);
    out.back().history = &t.history;
  }
}

std::size_t CooperativePicture::size() const { return impl_->live; }
std::size_t CooperativePicture::tie_count() const { return impl_->tied; }
const CooperativeStats& CooperativePicture::stats() const { return impl_->stats; }

}  // namespace lookout::air
