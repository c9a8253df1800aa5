#include "detect/loitering.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/geodesy.h"

namespace lookout::detect {

namespace {

using track::TrackPoint;
using track::Update;
using track::UpdateKind;
using track::Vessel;
using track::VesselClass;

// What a vessel may loiter over, and what is asked at each slow report.
constexpr KindSet kLoiterKinds{AssetKind::kCable,      AssetKind::kPipeline,   AssetKind::kWindfarm,
                               AssetKind::kPlatform,   AssetKind::kEnergySite, AssetKind::kMilitarySite};
constexpr KindSet kQueryKinds{AssetKind::kCable,      AssetKind::kPipeline,     AssetKind::kWindfarm,
                              AssetKind::kPlatform,   AssetKind::kEnergySite,   AssetKind::kMilitarySite,
                              AssetKind::kAnchorage};
constexpr KindSet kPortKinds{AssetKind::kPort};

int64_t ms(std::chrono::seconds s) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(s).count();
}

double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

bool is_line_kind(AssetKind k) { return k == AssetKind::kCable || k == AssetKind::kPipeline; }

// Distance in metres for the short hops of a vessel lying still (planar).
double planar_m(LatLon a, LatLon b) {
  const double north = (b.lat - a.lat) * metres_per_deg_lat(a.lat);
  const double east = (b.lon - a.lon) * metres_per_deg_lon(a.lat);
  return std::sqrt(north * north + east * east);  // metres: no overflow; hypot is 3x slower
}

}  // namespace

Loitering::Loitering(LoiteringParams params) : params_(std::move(params)) {}

bool Loitering::eligible(const Vessel& v) const {
  if (v.cls == VesselClass::kClassB) {
    if (!params_.include_class_b) return false;
  } else if (v.cls != VesselClass::kClassA && v.cls != VesselClass::kUnknown) {
    return false;  // aircraft, base stations, aids to navigation
  }
  const uint8_t type = v.statics.shiptype;
  for (const auto& [lo, hi] : params_.exempt_types) {
    if (type >= lo && type <= hi) return false;
  }
  return true;
}

void Loitering::on_position(const Update& u, const Context& ctx, FindingSink out) {
  if (u.kind != UpdateKind::kPosition || u.vessel == nullptr) return;
  const Vessel& v = *u.vessel;
  const double sog = report_speed(u);
  const int64_t now = u.point.time_ms;
  std::unique_ptr<State>* found = vessels_.find(v.mmsi);
  if (found == nullptr && !(sog < params_.enter_speed_kn && eligible(v))) return;
  State* state = found != nullptr ? found->get() : nullptr;

  // Only a slow report can start or extend an episode; anything else lets
  // the running ones age towards their end.
  const bool slow = sog < params_.exit_speed_kn;
  std::array<AssetHit, 16> hits;
  std::size_t kept = 0;
  bool excluded = false;
  const bool moored = u.point.nav_status == 5;
  if (slow && !moored) {
    const HitCount n = ctx.assets.corridors_at(u.point.pos(), hits, kQueryKinds);
    for (std::size_t k = 0; k < n.count; ++k) {
      const AssetKind kind = ctx.assets.asset(hits[k].asset).kind;
      if (kind == AssetKind::kAnchorage) excluded = true;
      if (kLoiterKinds.has(kind)) hits[kept++] = hits[k];
    }
    if (kept > 0 && !excluded) {
      std::array<AssetHit, 1> port;
      excluded = ctx.assets.within(u.point.pos(), params_.port_radius_m, port, kPortKinds).count > 0;
    }
  }
  if (!slow || moored || excluded || kept == 0) {
    if (state == nullptr) return;
    expire(*state, now);
    if (state->count == 0) vessels_.erase(v.mmsi);
    return;
  }

  if (state == nullptr) {
    if (vessels_.size() >= params_.max_vessels) {
      ++dropped_;
      return;
    }
    // Behind a pointer: few vessels loiter, so the table stays small.
    std::unique_ptr<State>& slot = vessels_[v.mmsi];
    slot = std::make_unique<State>();
    state = slot.get();
    ctx.picture.history(v, history_);
    state->track.seed(history_, now - ms(params_.grace));
  }
  ingest(*state, u, sog, std::span<const AssetHit>(hits.data(), kept), ctx, out);
  if (state->count == 0) vessels_.erase(v.mmsi);
}

void Loitering::ingest(State& s, const Update& u, double sog, std::span<const AssetHit> hits,
                       const Context& ctx, FindingSink out) {
  const TrackPoint& p = u.point;
  const int64_t now = p.time_ms;
  s.last_ms = now;
  s.track.add(p);
  for (const AssetHit& hit : hits) {
    Episode* e = nullptr;
    for (std::size_t i = 0; i < s.count; ++i) {
      if (s.episodes[i].asset == hit.asset) e = &s.episodes[i];
    }
    if (e != nullptr && now - e->last_ms > ms(params_.max_gap)) {
      // Silent too long to say it stayed: the time is not observed.
      *e = s.episodes[--s.count];
      e = nullptr;
    }
    if (e != nullptr && planar_m(e->still_at, p.pos()) > params_.made_fast_radius_m) {
      // Moving: after lying still (alongside), only what follows may be loitering.
      if (lying_still(*e, now)) *e = fresh(hit.asset, now, p.pos());
      e->still_at = p.pos();
      e->still_since_ms = now;
    }
    if (e == nullptr) {
      if (!(sog < params_.enter_speed_kn) || s.count == kMaxEpisodes) continue;
      e = &s.episodes[s.count++];
      *e = fresh(hit.asset, now, p.pos());
    }
    const int64_t dt = std::clamp<int64_t>(now - e->last_ms, 0, ms(params_.max_step));
    e->time_ms += dt;
    e->speed_ms_sum += sog * static_cast<double>(dt);
    e->last_ms = now;
    ++e->reports;
    if (p.nav_status == 1) ++e->anchored_reports;

    const bool fishing = u.vessel->statics.shiptype == 30;
    const int64_t needed = ms(fishing ? params_.fishing_min_duration : params_.min_duration);
    const double mean = e->time_ms > 0 ? e->speed_ms_sum / static_cast<double>(e->time_ms) : sog;
    if (e->last_ms - e->start_ms < needed || mean > params_.max_mean_speed_kn) continue;
    if (lying_still(*e, now)) continue;  // alongside somewhere
    const int sc = score(*e, ctx);
    if (e->raised && std::abs(sc - e->last_score) < params_.update_min_delta &&
        now - e->last_emit_ms < ms(params_.update_interval)) {
      continue;
    }
    out(finding(*e, s, *u.vessel, p, ctx, sc));
    e->raised = true;
    e->last_score = sc;
    e->last_emit_ms = now;
  }
  expire(s, now);
}

Loitering::Episode Loitering::fresh(uint32_t asset, int64_t now_ms, LatLon pos) {
  Episode e;
  e.asset = asset;
  e.start_ms = e.last_ms = e.still_since_ms = now_ms;
  e.still_at = pos;
  return e;
}

bool Loitering::lying_still(const Episode& e, int64_t now_ms) const {
  return params_.made_fast_radius_m > 0 && e.anchored_reports == 0 &&
         now_ms - e.still_since_ms >= ms(params_.made_fast_after);
}

void Loitering::expire(State& s, int64_t now_ms) const {
  for (std::size_t i = 0; i < s.count;) {
    if (now_ms - s.episodes[i].last_ms > ms(params_.grace)) {
      s.episodes[i] = s.episodes[--s.count];
    } else {
      ++i;
    }
  }
}

void Loitering::on_tick(const Context& ctx, FindingSink /*out*/) {
  const int64_t now = to_unix_ms(ctx.now);
  if (now < next_sweep_ms_) return;
  next_sweep_ms_ = now + 60'000;
  const int64_t limit = ms(params_.forget_after);
  vessels_.erase_if([&](uint32_t, const std::unique_ptr<State>& s) { return now - s->last_ms > limit; });
}

int Loitering::score(const Episode& e, const Context& ctx) const {
  const double minutes = static_cast<double>(e.last_ms - e.start_ms) / 60'000.0;
  const double from = static_cast<double>(params_.min_duration.count()) / 60.0;
  double s = 40 + 30 * clamp01((minutes - from) / std::max(1.0, 180.0 - from));
  // At anchor over a cable or pipeline: anchoring there is what cuts them.
  if (e.anchored_reports * 2 >= e.reports && is_line_kind(ctx.assets.asset(e.asset).kind)) s += 10;
  return static_cast<int>(std::lround(std::clamp(s, 0.0, 100.0)));
}

Finding Loitering::finding(const Episode& e, const State& s, const Vessel& v, const TrackPoint& p,
                           const Context& ctx, int score) const {
  const Asset& asset = ctx.assets.asset(e.asset);
  const double mean = e.time_ms > 0 ? e.speed_ms_sum / static_cast<double>(e.time_ms) : p.sog_kn();
  const long minutes = std::lround(static_cast<double>(e.last_ms - e.start_ms) / 60'000.0);
  const bool anchored = e.anchored_reports * 2 >= e.reports;

  Finding f;
  f.kind = "loitering";
  f.episode = std::to_string(v.mmsi) + '/' + asset.id + '/' + std::to_string(e.start_ms / 1000);
  f.time = p.time();
  f.mmsi = {v.mmsi};
  f.asset = e.asset;
  f.pos = p.pos();
  f.score = score;

  char buf[96];
  std::snprintf(buf, sizeof buf, " has loitered at %.1f kn for %ld min %s ", mean, minutes,
                is_line_kind(asset.kind) ? "over" : "at");
  f.summary = vessel_label(v) + buf + (asset.name.empty() ? asset.id : asset.name);
  if (anchored) f.summary += ", reporting at anchor";

  auto& ev = f.evidence;
  ev["duration_min"] = minutes;
  ev["mean_speed_kn"] = round1(mean);
  ev["asset"] = asset.id;
  ev["since"] = format_iso8601(from_unix_ms(e.start_ms));
  ev["reported_at_anchor"] = anchored;
  ev["segment"] = s.track.to_json(p);
  return f;
}

std::unique_ptr<Detector> make_loitering() { return std::make_unique<Loitering>(); }

}  // namespace lookout::detect
