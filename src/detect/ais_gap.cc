#include "detect/ais_gap.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/derived_marking.h"
#include "core/geodesy.h"
#include "detect/episode_evidence.h"
#include "geo/asset_index.h"
#include "track/rounding.h"

namespace lookout::detect {

namespace {

constexpr double kMetresPerNm = 1852.0;
constexpr int64_t kMinuteMs = 60'000;
const KindSet kLinear{AssetKind::kCable, AssetKind::kPipeline};

int64_t ms(std::chrono::milliseconds d) { return d.count(); }

// Cheap bound for "has it moved since the last test": planar on e7 units,
// with a degree of longitude taken as long as one of latitude (an
// overestimate, so a test is never skipped that should run).
double moved_m(int32_t lat_a, int32_t lon_a, int32_t lat_b, int32_t lon_b) {
  const double dn = std::fabs(static_cast<double>(lat_b - lat_a));
  const double de = std::fabs(static_cast<double>(lon_b - lon_a));
  return (dn + de) * 1e-7 * 111320.0;
}

bool is_ship(track::VesselClass c) {
  return c == track::VesselClass::kClassA || c == track::VesselClass::kClassB ||
         c == track::VesselClass::kUnknown;
}

nlohmann::json point_json(const track::TrackPoint& p) {
  LatLon pos = p.pos();
  nlohmann::json j = {{"lon", std::round(pos.lon * 1e5) / 1e5},
                      {"lat", std::round(pos.lat * 1e5) / 1e5},
                      {"time", format_iso8601(p.time())}};
  if (p.has_sog()) j["sog_kn"] = p.sog_kn();
  return j;
}

const char* how_word(uint8_t how) {
  switch (how) {
    case 1: return "heading_toward";
    case 2: return "near";
    case 3: return "in_corridor";
    default: return "none";
  }
}

}  // namespace

double AisGapDetector::interval_s(const track::Vessel& v) {
  // Nominal reporting interval, ITU-R M.1371-5 Annex 1 Tables 1 and 3.
  const track::TrackPoint& p = v.last;
  const double sog = p.has_sog() ? p.sog_kn() : 0.0;
  if (v.cls == track::VesselClass::kClassB) return p.has_sog() && sog > 2 ? 30 : 180;
  if ((p.nav_status == 1 || p.nav_status == 5) && sog <= 3) return 180;
  if (sog > 23) return 2;
  if (sog > 14) return 6;
  return 10;
}

int64_t AisGapDetector::threshold_ms(const track::Vessel& v) const {
  auto floor_ms = std::chrono::duration_cast<std::chrono::milliseconds>(params_.min_gap).count();
  return std::max<int64_t>(floor_ms, track::round_half_away(params_.interval_factor * interval_s(v) * 1000.0));
}

int64_t AisGapDetector::outage_ms(int64_t from_ms, int64_t to_ms) const {
  int64_t total = 0;
  auto add = [&](int64_t a, int64_t b) { total += std::max<int64_t>(0, std::min(to_ms, b) - std::max(from_ms, a)); };
  for (const auto& [a, b] : outages_) add(a, b);
  if (outage_from_ms_ != 0) add(outage_from_ms_, to_ms);
  return total;
}

void AisGapDetector::note_feed(int64_t now_ms) {
  // The first message after a silence of the whole feed closes the outage:
  // the one on_tick saw in progress, or one no tick fell into.
  int64_t from = outage_from_ms_;
  if (from == 0 && last_feed_ms_ != 0 && now_ms - last_feed_ms_ > ms(params_.feed_silence)) from = last_feed_ms_;
  if (from != 0) {
    outages_.emplace_back(from, now_ms);
    outage_from_ms_ = 0;
    if (outages_.size() > 1024) outages_.pop_front();
  }
  last_feed_ms_ = std::max(last_feed_ms_, now_ms);
}

void AisGapDetector::arm(const track::Vessel& v, Watch& w, const Context& ctx) {
  w.checked_ms = v.last.time_ms;
  w.checked_lat_e7 = v.last.lat_e7;
  w.checked_lon_e7 = v.last.lon_e7;
  w.how = 0;
  w.asset = kNoAsset;
  // Moored alongside, AIS may lawfully be off; the nearest cable is often
  // the one landing in the same harbour.
  if (v.last.nav_status == 5) return;
  const LatLon p = v.last.pos();
  if (auto hit = ctx.assets.nearest(p, params_.near_asset_m, kLinear)) {
    w.asset = hit->asset;
    w.asset_m = static_cast<float>(hit->distance_m);
    w.how = hit->distance_m <= ctx.assets.asset(hit->asset).buffer_m ? 3 : 2;
  } else if (v.last.has_sog() && v.last.has_cog() && v.last.sog_kn() >= 1) {
    double ahead_m = std::min(params_.lookahead_max_m,
                              v.last.sog_kn() * kMetresPerNm / 3600.0 *
                                  std::chrono::duration<double>(params_.lookahead).count());
    double cog = v.last.cog_deg() * 3.14159265358979 / 180.0;
    LatLon end{p.lat + ahead_m * std::cos(cog) / metres_per_deg_lat(p.lat),
               p.lon + ahead_m * std::sin(cog) / metres_per_deg_lon(p.lat)};
    std::array<AssetCrossing, 2> cross;
    if (ctx.assets.crossings(p, end, cross, kLinear).count > 0) {
      w.asset = cross[0].asset;
      w.asset_m = static_cast<float>(cross[0].fraction * ahead_m);
      w.how = 1;
    }
  }
  if (w.how == 0) return;
  // Inside a harbour or at anchor in an anchorage: not a sabotage position.
  std::array<AssetHit, 1> hit;
  if (ctx.assets.corridors_at(p, hit, KindSet{AssetKind::kPort}).count > 0) w.how = 0;
  if (v.last.nav_status == 1 && ctx.assets.corridors_at(p, hit, KindSet{AssetKind::kAnchorage}).count > 0) {
    w.how = 0;
  }
}

void AisGapDetector::on_position(const track::Update& u, const Context& ctx, FindingSink out) {
  note_feed(to_unix_ms(ctx.now));
  if (u.kind != track::UpdateKind::kPosition && u.kind != track::UpdateKind::kJump) return;
  const track::Vessel& v = *u.vessel;
  if (!is_ship(v.cls)) return;
  Watch& w = vessels_[v.mmsi];
  if (w.alerted) reappeared(u, w, ctx, out);
  if (u.kind != track::UpdateKind::kPosition) return;

  // Reports far behind the event clock (a slow or historical source replayed
  // with a faster one) cannot be judged against it: silence would be
  // measured from the wrong time.
  if (to_unix_ms(ctx.now) - v.last_seen_ms > threshold_ms(v)) {
    w.how = 0;
    w.checked_ms = 0;
    return;
  }
  bool stale = w.checked_ms == 0 || v.last.time_ms - w.checked_ms >= ms(params_.recheck) ||
               moved_m(w.checked_lat_e7, w.checked_lon_e7, v.last.lat_e7, v.last.lon_e7) >= params_.recheck_m;
  if (stale) arm(v, w, ctx);
  if (w.how > 0 && !w.in_heap) {
    heap_.emplace(v.last_seen_ms + threshold_ms(v), v.mmsi);
    w.in_heap = true;
  }
}

void AisGapDetector::on_static(const track::Update& /*u*/, const Context& ctx, FindingSink /*out*/) {
  note_feed(to_unix_ms(ctx.now));
}

void AisGapDetector::raise(const track::Vessel& v, Watch& w, const Context& ctx, int64_t silence_ms,
                           FindingSink out) {
  const int64_t now = to_unix_ms(ctx.now);
  Finding f;
  f.kind = "ais_gap";
  f.episode = std::to_string(v.mmsi) + "/" + std::to_string(w.gap_from_ms);
  f.time = ctx.now;
  f.mmsi = {v.mmsi};
  if (w.asset != kNoAsset) f.asset = w.asset;
  f.pos = v.last.pos();
  double score = w.how == 3 ? params_.score_in_corridor : w.how == 2 ? params_.score_near : params_.score_heading;
  if (v.cls == track::VesselClass::kClassB) score -= params_.class_b_penalty;
  if (w.escalated) score += params_.score_long;
  f.score = std::clamp(score, 0.0, 100.0);

  const double silence_min = static_cast<double>(silence_ms) / kMinuteMs;
  const std::string asset_name = w.asset != kNoAsset ? ctx.assets.asset(w.asset).name : std::string("an asset");
  const double km = static_cast<double>(w.asset_m) / 1000.0;
  char where[160];
  if (w.how == 1) {
    std::snprintf(where, sizeof where, "on a course toward %s, %.1f km ahead", asset_name.c_str(), km);
  } else if (w.how == 3) {
    std::snprintf(where, sizeof where, "inside the %s corridor (%.1f km from it)", asset_name.c_str(), km);
  } else {
    std::snprintf(where, sizeof where, "%.1f km from %s", km, asset_name.c_str());
  }
  char text[320];
  std::snprintf(text, sizeof text, " has been silent for %.0f min %s; a report was due every %.0f s", silence_min,
                where, interval_s(v));
  f.summary = vessel_label(v) + text;

  f.evidence["silence_min"] = round1(silence_min);
  f.evidence["threshold_min"] = round1(static_cast<double>(w.threshold_ms) / kMinuteMs);
  f.evidence["expected_interval_s"] = interval_s(v);
  f.evidence["vessel_class"] = track::to_string(v.cls);
  f.evidence["position"] = how_word(w.how);
  f.evidence["asset_distance_km"] = round1(km);
  f.evidence["last_report"] = point_json(v.last);
  int64_t outage = outage_ms(w.gap_from_ms, now);
  if (outage > 0) f.evidence["feed_outage_min"] = round1(static_cast<double>(outage) / kMinuteMs);
  std::vector<track::TrackPoint> scratch;
  EpisodeTrack seg;
  seg.seed(ctx.picture.history(v, scratch), v.last.time_ms - 30 * kMinuteMs);
  f.evidence["segment"] = seg.to_json(v.last);
  out(std::move(f));
}

void AisGapDetector::reappeared(const track::Update& u, Watch& w, const Context& ctx, FindingSink out) {
  const track::Vessel& v = *u.vessel;
  w.alerted = false;
  const bool escalated = w.escalated;
  w.escalated = false;
  const int64_t back_ms = u.point.time_ms;
  const int64_t gap_ms = back_ms - w.gap_from_ms;
  const int64_t outage = outage_ms(w.gap_from_ms, back_ms);

  Finding f;
  f.kind = "ais_gap";
  f.episode = std::to_string(v.mmsi) + "/" + std::to_string(w.gap_from_ms);
  f.time = u.point.time();
  f.mmsi = {v.mmsi};
  f.pos = u.point.pos();
  if (gap_ms - outage < w.threshold_ms) {
    // Most of the silence fell in feed outages: nobody was heard, not only it.
    f.action = Finding::Action::kRetract;
    f.summary = vessel_label(v) + " was silent during a receiver outage, not on its own";
    f.evidence["feed_outage_min"] = round1(static_cast<double>(outage) / kMinuteMs);
    out(std::move(f));
    return;
  }

  const track::TrackPoint& before = u.has_previous ? u.previous : v.last;
  const double dt_s = std::max(1.0, static_cast<double>(u.point.time_ms - before.time_ms) / 1000.0);
  const double dist_m = u.has_previous ? u.distance_m() : 0.0;
  const double speed_kn = dist_m / dt_s * 3600.0 / kMetresPerNm;
  std::array<AssetCrossing, 8> cross;
  HitCount n = ctx.assets.crossings(before.pos(), u.point.pos(), cross, kLinear);
  nlohmann::json crossed = nlohmann::json::array();
  std::string crossed_names;
  uint32_t asset = n.count > 0 ? cross[0].asset : w.asset;
  if (asset != kNoAsset) f.asset = asset;
  // Name only the crossed assets released wherever the first one is: each
  // owner's cable keeps its alert whoever else's cables the gap crossed.
  for (std::size_t i = 0; i < n.count; ++i) {
    const Asset& a = ctx.assets.asset(cross[i].asset);
    if (i > 0 && !covers(a.marking, ctx.assets.asset(asset).marking)) continue;
    crossed.push_back(a.id);
    crossed_names += (crossed_names.empty() ? "" : ", ") + a.name;
    if (i > 0) f.named_assets.push_back(cross[i].asset);
  }
  // The score and "position" below judge the asset the silence began near.
  if (w.asset != kNoAsset && w.asset != asset) f.named_assets.push_back(w.asset);

  double score = w.how == 3 ? params_.score_in_corridor : w.how == 2 ? params_.score_near : params_.score_heading;
  if (v.cls == track::VesselClass::kClassB) score -= params_.class_b_penalty;
  if (escalated) score += params_.score_long;
  if (n.count > 0) score += params_.score_crossed;
  f.score = std::clamp(score, 0.0, 100.0);

  char text[320];
  std::snprintf(text, sizeof text, " was silent for %.0f min and reappeared %.1f km away (%.1f kn across the gap)",
                static_cast<double>(gap_ms) / kMinuteMs, dist_m / 1000.0, speed_kn);
  f.summary = vessel_label(v) + text;
  if (n.count > 0) f.summary += ", having crossed " + crossed_names;

  f.evidence["silence_min"] = round1(static_cast<double>(gap_ms) / kMinuteMs);
  f.evidence["threshold_min"] = round1(static_cast<double>(w.threshold_ms) / kMinuteMs);
  f.evidence["vessel_class"] = track::to_string(v.cls);
  f.evidence["position"] = how_word(w.how);
  f.evidence["distance_km"] = round1(dist_m / 1000.0);
  f.evidence["implied_speed_kn"] = round1(speed_kn);
  f.evidence["assets_crossed"] = std::move(crossed);
  f.evidence["last_report"] = point_json(before);
  f.evidence["reappeared"] = point_json(u.point);
  if (outage > 0) f.evidence["feed_outage_min"] = round1(static_cast<double>(outage) / kMinuteMs);
  std::vector<track::TrackPoint> scratch;
  EpisodeTrack seg;
  seg.seed(ctx.picture.history(v, scratch), before.time_ms - 30 * kMinuteMs);
  f.evidence["segment"] = seg.to_json(u.point);
  out(std::move(f));
}

void AisGapDetector::on_tick(const Context& ctx, FindingSink out) {
  const int64_t now = to_unix_ms(ctx.now);
  // The whole feed silent: a receiver outage in progress since the last message.
  if (outage_from_ms_ == 0 && last_feed_ms_ != 0 && now - last_feed_ms_ > ms(params_.feed_silence)) {
    outage_from_ms_ = last_feed_ms_;
  }
  while (!heap_.empty() && heap_.top().first <= now) {
    const uint32_t mmsi = heap_.top().second;
    heap_.pop();
    Watch* found = vessels_.find(mmsi);
    if (found == nullptr) continue;
    Watch& w = *found;
    w.in_heap = false;
    const track::Vessel* v = ctx.picture.find(mmsi);
    if (v == nullptr) continue;
    const int64_t silence = now - v->last_seen_ms;
    const int64_t quiet = silence - outage_ms(v->last_seen_ms, now);
    if (w.alerted) {
      // Escalate once when the silence reaches three thresholds.
      if (w.escalated) continue;
      if (quiet >= 3 * w.threshold_ms) {
        w.escalated = true;
        raise(*v, w, ctx, silence, out);
      } else {
        heap_.emplace(now + 3 * w.threshold_ms - quiet, mmsi);
        w.in_heap = true;
      }
      continue;
    }
    if (w.how == 0) continue;
    const int64_t threshold = threshold_ms(*v);
    if (quiet < threshold) {
      heap_.emplace(now + threshold - quiet, mmsi);  // heard since, or an outage: wait
      w.in_heap = true;
      continue;
    }
    w.alerted = true;
    w.escalated = false;
    w.gap_from_ms = v->last_seen_ms;
    w.threshold_ms = threshold;
    raise(*v, w, ctx, silence, out);
    heap_.emplace(now + 2 * threshold, mmsi);  // the escalation check
    w.in_heap = true;
  }
  if (now >= next_sweep_ms_) {
    next_sweep_ms_ = now + 10 * kMinuteMs;
    sweep(now, ctx);
  }
}

void AisGapDetector::sweep(int64_t now_ms, const Context& ctx) {
  const int64_t forget = ms(params_.forget_after);
  vessels_.erase_if([&](uint32_t mmsi, const Watch&) {
    const track::Vessel* v = ctx.picture.find(mmsi);
    return v == nullptr || now_ms - v->last_seen_ms > forget;
  });
  while (!outages_.empty() && outages_.front().second < now_ms - forget) outages_.pop_front();
}

std::unique_ptr<Detector> make_ais_gap_detector() { return std::make_unique<AisGapDetector>(); }

}  // namespace lookout::detect
