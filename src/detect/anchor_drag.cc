#include "detect/anchor_drag.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/derived_marking.h"
#include "core/geodesy.h"
#include "detect/regional_baseline.h"

namespace lookout::detect {

namespace {

using track::TrackPoint;
using track::Update;
using track::UpdateKind;
using track::Vessel;
using track::VesselClass;

constexpr KindSet kLineKinds{AssetKind::kCable, AssetKind::kPipeline};
constexpr KindSet kHarbourKinds{AssetKind::kPort, AssetKind::kAnchorage};
constexpr double kDegPerRad = 57.29577951308232;

int64_t ms(std::chrono::seconds s) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(s).count();
}

double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

double mean_speed(double speed_ms_sum, int64_t drag_ms, double cruise) {
  return drag_ms > 0 ? speed_ms_sum / static_cast<double>(drag_ms) : cruise;
}

// True heading when reported (the gyro swings with the bow, which is what an
// anchor pulls about), else course over ground; NaN when neither is known.
double report_course(const TrackPoint& p) {
  if (p.has_heading()) return p.heading;
  if (p.has_cog()) return p.cog_deg();
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

AnchorDrag::AnchorDrag(AnchorDragParams params) : params_(std::move(params)) {}

bool AnchorDrag::eligible(const Vessel& v) const {
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

bool AnchorDrag::opens(const Vessel& v, const TrackPoint& p, double sog) const {
  if (!(sog >= params_.band_min_kn && sog <= params_.band_max_kn)) return false;  // NaN too
  const double cruise = v.cruise_kn;
  if (!(cruise >= params_.min_cruise_kn)) return false;
  if (sog > cruise * (1.0 - params_.enter_drop)) return false;
  // The slowdown must be recent: a ship gathering way after hours at anchor
  // is below its old cruise too, but it is not slowing down.
  if (v.slow_since_ms == 0 || p.time_ms - v.slow_since_ms > ms(params_.recent)) return false;
  return eligible(v);
}

void AnchorDrag::on_position(const Update& u, const Context& ctx, FindingSink out) {
  if (u.kind != UpdateKind::kPosition || u.vessel == nullptr) return;
  const double sog = report_speed(u);
  if (std::unique_ptr<Episode>* open = episodes_.find(u.vessel->mmsi)) {
    if (step(**open, u, sog, ctx, out)) return;
    episodes_.erase(u.vessel->mmsi);
  }
  if (!opens(*u.vessel, u.point, sog)) return;
  if (episodes_.size() >= params_.max_vessels) {
    ++dropped_;
    return;
  }
  // Behind a pointer: few vessels have an episode, so the table stays small.
  std::unique_ptr<Episode>& slot = episodes_[u.vessel->mmsi];
  slot = std::make_unique<Episode>();
  Episode& e = *slot;
  begin(e, u, ctx);
  step(e, u, sog, ctx, out);
}

void AnchorDrag::on_tick(const Context& ctx, FindingSink /*out*/) {
  const int64_t now = to_unix_ms(ctx.now);
  if (now < next_sweep_ms_) return;
  next_sweep_ms_ = now + 60'000;
  const int64_t limit = ms(params_.forget_after);
  episodes_.erase_if([&](uint32_t, const std::unique_ptr<Episode>& e) { return now - e->last_ms > limit; });
}

void AnchorDrag::begin(Episode& e, const Update& u, const Context& ctx) {
  const Vessel& v = *u.vessel;
  const TrackPoint& p = u.point;
  e = Episode{};
  e.mmsi = v.mmsi;
  e.cruise_kn = v.cruise_kn;
  e.start_ms = e.last_ms = e.last_drag_ms = p.time_ms;

  // The track from the lookback on, and the cables crossed in it: Vezhen
  // crossed at speed and slowed afterwards. The movement into this report is
  // checked by step(), so the walk ends at the previous report.
  const int64_t since = p.time_ms - ms(params_.lookback);
  ctx.picture.history(v, history_);
  while (!history_.empty() && history_.back().time_ms >= p.time_ms) history_.pop_back();
  if (u.has_previous && (history_.empty() || history_.back().time_ms < u.previous.time_ms)) {
    history_.push_back(u.previous);
  }
  e.track.seed(history_, since);
  std::array<AssetCrossing, 16> xs;
  for (std::size_t i = 1; i < history_.size(); ++i) {
    const TrackPoint& b = history_[i];
    if (b.time_ms < since) continue;
    const HitCount n = ctx.assets.crossings(history_[i - 1].pos(), b.pos(), xs, kLineKinds);
    for (std::size_t k = 0; k < n.count; ++k) touch(e, xs[k].asset, b.time_ms, xs[k].point, true, true);
  }
}

bool AnchorDrag::step(Episode& e, const Update& u, double sog, const Context& ctx, FindingSink out) {
  const TrackPoint& p = u.point;
  if (p.time_ms - e.last_ms > ms(params_.forget_after)) return false;
  const int64_t dt = std::clamp<int64_t>(p.time_ms - e.last_ms, 0, ms(params_.max_step));
  e.last_ms = p.time_ms;
  e.track.add(p);

  const double limit = std::min(params_.band_max_kn + params_.exit_margin_kn,
                                e.cruise_kn * (1.0 - params_.exit_drop));
  const bool slow = sog >= params_.band_min_kn && sog <= limit;
  if (!slow) {
    const bool confirming = sog < params_.band_min_kn && on_stop(e, *u.vessel, p, ctx, out);
    if (sog >= params_.band_min_kn) e.stop_since_ms = 0;
    return confirming || p.time_ms - e.last_drag_ms <= ms(params_.end_after);
  }
  e.stop_since_ms = 0;
  e.last_drag_ms = p.time_ms;
  // Slow near a port or an anchorage is normal seamanship: it keeps the
  // episode open but is neither slow time nor a touch.
  if (harbour_near(p.pos(), ctx)) return true;
  add_drag(e, u, sog, dt);

  if (u.has_previous) {
    std::array<AssetCrossing, 16> xs;
    const HitCount n = ctx.assets.crossings(u.previous.pos(), p.pos(), xs, kLineKinds);
    for (std::size_t k = 0; k < n.count; ++k) touch(e, xs[k].asset, p.time_ms, xs[k].point, true, false);
  }
  std::array<AssetHit, 16> hits;
  const HitCount n = ctx.assets.corridors_at(p.pos(), hits, kLineKinds);
  for (std::size_t k = 0; k < n.count; ++k) touch(e, hits[k].asset, p.time_ms, p.pos(), false, false);

  evaluate(e, *u.vessel, p, ctx, out);
  return true;
}

void AnchorDrag::add_drag(Episode& e, const Update& u, double sog, int64_t dt) {
  if (e.drag_reports == 0) e.origin = u.point.pos();
  e.drag_ms += dt;
  ++e.drag_reports;
  e.speed_ms_sum += sog * static_cast<double>(dt);
  if (u.has_previous) e.drag_m += u.distance_m();
  if (u.point.nav_status == 1 || u.point.nav_status == 5) ++e.anchored_reports;

  const double course = report_course(u.point);
  if (std::isnan(course)) return;
  const double ce = std::sin(course / kDegPerRad), cn = std::cos(course / kDegPerRad);
  if (!e.have_course) {
    e.mean_e = ce;
    e.mean_n = cn;
    e.have_course = true;
    return;
  }
  const double mean_deg = std::atan2(e.mean_e, e.mean_n) * kDegPerRad;
  const double dev = std::remainder(course - mean_deg, 360.0);
  e.yaw_sq_ms += dev * dev * static_cast<double>(dt);
  e.yaw_ms += dt;
  const double w = 1.0 - std::exp(-static_cast<double>(dt) / static_cast<double>(ms(params_.yaw_tau)));
  e.mean_e += w * (ce - e.mean_e);
  e.mean_n += w * (cn - e.mean_n);
}

void AnchorDrag::touch(Episode& e, uint32_t asset, int64_t t_ms, LatLon where, bool crossed, bool before) {
  Touch* t = nullptr;
  for (std::size_t i = 0; i < e.touch_count; ++i) {
    if (e.touches[i].asset == asset) t = &e.touches[i];
  }
  if (t == nullptr) {
    if (e.touch_count == kMaxTouches) return;
    t = &e.touches[e.touch_count++];
    *t = Touch{};
    t->asset = asset;
    t->first_ms = t_ms;
    t->where = where;
  }
  t->last_ms = std::max(t->last_ms, t_ms);
  if (crossed && !t->crossed) {
    t->crossed = true;
    t->before = before;
    t->where = where;
  }
}

std::optional<uint32_t> AnchorDrag::harbour_near(LatLon p, const Context& ctx) const {
  std::array<AssetHit, 8> hits;
  const double radius = std::max(params_.port_approach_m, params_.anchorage_margin_m);
  const HitCount n = ctx.assets.within(p, radius, hits, kHarbourKinds);
  for (std::size_t k = 0; k < n.count; ++k) {
    const bool port = ctx.assets.asset(hits[k].asset).kind == AssetKind::kPort;
    if (hits[k].distance_m <= (port ? params_.port_approach_m : params_.anchorage_margin_m)) {
      return hits[k].asset;
    }
  }
  return std::nullopt;
}

bool AnchorDrag::may_name(const Touch& t, const Touch& other, const Context& ctx) {
  if (&t == &other) return true;
  const Marking& named = ctx.assets.asset(other.asset).marking;
  const Marking& primary = ctx.assets.asset(t.asset).marking;
  return named == primary || covers(named, primary);
}

int AnchorDrag::crossed_for(const Episode& e, const Touch& t, const Context& ctx) const {
  int crossed = 0;
  for (std::size_t i = 0; i < e.touch_count; ++i) {
    crossed += e.touches[i].crossed && may_name(t, e.touches[i], ctx) ? 1 : 0;
  }
  return crossed;
}

PeerJudgement AnchorDrag::judge(Episode& e, const TrackPoint& p, const Context& ctx) const {
  if (ctx.baseline == nullptr || !params_.peers.enabled) return {};
  const double ratio = mean_speed(e.speed_ms_sum, e.drag_ms, e.cruise_kn) / e.cruise_kn;
  PeerJudgement j = judge_against_peers(*ctx.baseline, p.pos(), e.mmsi, ratio, params_.peers);
  if (j.weight <= e.low_weight || p.time_ms - e.low_weight_ms > ms(params_.peers.memory)) {
    e.low_weight = j.weight;
    e.low_weight_ms = p.time_ms;
  }
  j.weight = std::min(j.weight, e.low_weight);
  return j;
}

int AnchorDrag::score(const Episode& e, int crossed, double weight) const {
  const double speed = e.drag_ms > 0 ? e.speed_ms_sum / static_cast<double>(e.drag_ms) : e.cruise_kn;
  const double drop = 1.0 - speed / e.cruise_kn;
  const double minutes = static_cast<double>(e.drag_ms) / 60'000.0;
  const double yaw = e.yaw_ms > 0 ? std::sqrt(e.yaw_sq_ms / static_cast<double>(e.yaw_ms)) : 0.0;

  // The slowdown itself, which the peers may share (a gale slows and yaws
  // every ship), then what no weather explains: more assets, an anchor down.
  double s = 45;
  s += 15 * clamp01((drop - params_.enter_drop) / (0.6 - params_.enter_drop));
  s += 10 * clamp01((minutes - 10) / 50);
  s += 15 * clamp01((yaw - 3) / 7);
  s *= clamp01(weight);
  s += 10 * std::clamp(crossed - 1, 0, 2);
  if (e.anchored_reports >= params_.min_reports) s += 10;
  return static_cast<int>(std::lround(std::clamp(s, 0.0, 100.0)));
}

void AnchorDrag::evaluate(Episode& e, const Vessel& v, const TrackPoint& p, const Context& ctx,
                          FindingSink out) {
  if (e.retracted) return;
  if (e.drag_ms < ms(params_.min_slow) || e.drag_reports < params_.min_reports) return;
  const double way = distance_m(e.origin, p.pos());
  if (way < params_.min_way_m || way < params_.min_progress * e.drag_m) return;
  const PeerJudgement peers = judge(e, p, ctx);
  for (std::size_t i = 0; i < e.touch_count; ++i) {
    Touch& t = e.touches[i];
    const int s = score(e, crossed_for(e, t, ctx), peers.weight);
    // A slowdown the peers share is no drag: the regional notice says it once.
    if (!t.raised && s < params_.min_score) continue;
    if (t.raised && std::abs(s - t.last_score) < params_.update_min_delta &&
        p.time_ms - t.last_emit_ms < ms(params_.update_interval)) {
      continue;
    }
    out(finding(e, t, v, p, ctx, s, peers));
    t.raised = true;
    t.last_score = s;
    t.last_emit_ms = p.time_ms;
  }
}

Finding AnchorDrag::finding(const Episode& e, const Touch& t, const Vessel& v, const TrackPoint& p,
                            const Context& ctx, int score, const PeerJudgement& peers) const {
  const Asset& asset = ctx.assets.asset(t.asset);
  const double speed = e.drag_ms > 0 ? e.speed_ms_sum / static_cast<double>(e.drag_ms) : e.cruise_kn;
  const double drop = 1.0 - speed / e.cruise_kn;
  const double yaw = e.yaw_ms > 0 ? std::sqrt(e.yaw_sq_ms / static_cast<double>(e.yaw_ms)) : 0.0;
  const long minutes = std::lround(static_cast<double>(e.drag_ms) / 60'000.0);
  const bool anchored = e.anchored_reports >= params_.min_reports;
  nlohmann::json crossed = nlohmann::json::array();
  Finding f;
  for (std::size_t i = 0; i < e.touch_count; ++i) {
    if (!e.touches[i].crossed || !may_name(t, e.touches[i], ctx)) continue;
    crossed.push_back(ctx.assets.asset(e.touches[i].asset).id);
    if (&e.touches[i] != &t) f.named_assets.push_back(e.touches[i].asset);
  }

  f.kind = "anchor_drag";
  f.episode = std::to_string(e.mmsi) + '/' + asset.id + '/' + std::to_string(e.start_ms / 1000);
  f.time = p.time();
  f.mmsi = {e.mmsi};
  f.asset = t.asset;
  f.pos = p.pos();
  f.score = score;

  char buf[160];
  f.summary = vessel_label(v);
  std::snprintf(buf, sizeof buf, " slowed from %.1f to %.1f kn%s ", e.cruise_kn, speed,
                yaw >= params_.zigzag_yaw_deg ? " and zig-zagged" : "");
  f.summary += buf;
  f.summary += t.before ? "just after crossing " : t.crossed ? "across " : "in the corridor of ";
  f.summary += asset.name.empty() ? asset.id : asset.name;
  std::snprintf(buf, sizeof buf, ", %ld min below its cruise speed", minutes);
  f.summary += buf;
  if (crossed.size() > 1) f.summary += ", " + std::to_string(crossed.size()) + " cables and pipelines crossed";
  if (anchored) f.summary += ", while reporting at anchor or moored";

  auto& ev = f.evidence;
  ev["cruise_kn"] = round1(e.cruise_kn);
  ev["speed_kn"] = round1(speed);
  ev["drop_pct"] = std::lround(drop * 100.0);
  ev["duration_min"] = minutes;
  ev["yaw_deg_rms"] = round1(yaw);
  ev["assets_crossed"] = std::move(crossed);
  ev["drag_km"] = round1(e.drag_m / 1000.0);
  ev["asset_point"] = {std::round(t.where.lon * 1e5) / 1e5, std::round(t.where.lat * 1e5) / 1e5};
  ev["crossed_before_slowdown"] = t.before;
  ev["reported_at_anchor"] = anchored;
  ev["slow_since"] = format_iso8601(from_unix_ms(e.start_ms));
  if (peers.known) {
    ev["peers"] = peers.to_json();
    // The officer sees at once whether the ships around did the same.
    if (peers.slowed > 0) f.summary += "; " + peers.text();
  }
  ev["segment"] = e.track.to_json(p);
  return f;
}

bool AnchorDrag::on_stop(Episode& e, const Vessel& v, const TrackPoint& p, const Context& ctx,
                         FindingSink out) {
  if (e.retracted) return false;
  int64_t last_touch = 0;
  int crossed = 0;
  for (std::size_t i = 0; i < e.touch_count; ++i) {
    last_touch = std::max(last_touch, e.touches[i].last_ms);
    crossed += e.touches[i].crossed ? 1 : 0;
  }
  // Only a short slowdown past at most one asset can turn out to be an arrival.
  if (e.touch_count == 0 || p.time_ms - last_touch > ms(params_.retract_window) ||
      e.drag_ms > ms(params_.retract_max_slow) || crossed > params_.retract_max_crossed) {
    return false;
  }
  if (auto harbour = harbour_near(p.pos(), ctx)) {
    const Asset& place = ctx.assets.asset(*harbour);
    retract(e, v, p, "at " + (place.name.empty() ? place.id : place.name), "stopped at " + place.id, ctx, out,
            *harbour);
    return false;
  }
  // Elsewhere the stop must last, off every cable and pipeline.
  std::array<AssetHit, 1> hit;
  if (ctx.assets.corridors_at(p.pos(), hit, kLineKinds).count > 0) {
    e.stop_since_ms = 0;
    return false;
  }
  if (e.stop_since_ms == 0 || distance_m(e.stop_pos, p.pos()) > params_.stop_radius_m) {
    e.stop_since_ms = p.time_ms;
    e.stop_pos = p.pos();
  }
  if (p.time_ms - e.stop_since_ms < ms(params_.stop_confirm)) return true;
  char where[96];
  std::snprintf(where, sizeof where, "for good at %.4f N %.4f E, off the corridors,", e.stop_pos.lat, e.stop_pos.lon);
  retract(e, v, p, where, "stopped for good off the corridors", ctx, out);
  return false;
}

void AnchorDrag::retract(Episode& e, const Vessel& v, const TrackPoint& p, const std::string& where,
                         const std::string& because, const Context& ctx, FindingSink out,
                         std::optional<uint32_t> place) {
  // The slowdown ended in a stop: it was an approach to a berth or anchorage.
  e.retracted = true;
  for (std::size_t i = 0; i < e.touch_count; ++i) {
    const Touch& t = e.touches[i];
    if (!t.raised) continue;
    const Asset& asset = ctx.assets.asset(t.asset);
    Finding f;
    f.action = Finding::Action::kRetract;
    f.kind = "anchor_drag";
    f.episode = std::to_string(e.mmsi) + '/' + asset.id + '/' + std::to_string(e.start_ms / 1000);
    f.time = p.time();
    f.mmsi = {e.mmsi};
    f.asset = t.asset;
    if (place) f.named_assets.push_back(*place);  // the port or anchorage in the summary
    f.pos = p.pos();
    f.summary = vessel_label(v) + " stopped " + where + " after slowing near " +
                (asset.name.empty() ? asset.id : asset.name) + ": an arrival, not a drag";
    f.evidence["retracted_because"] = because;
    f.evidence["segment"] = e.track.to_json(p);
    out(std::move(f));
  }
}

std::unique_ptr<Detector> make_anchor_drag() { return std::make_unique<AnchorDrag>(); }

}  // namespace lookout::detect
