#include "detect/position_jump.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/geodesy.h"
#include "detect/episode_evidence.h"

namespace lookout::detect {

namespace {

constexpr double kMetresPerNm = 1852.0;

nlohmann::json place_json(const track::TrackPoint& p) {
  LatLon pos = p.pos();
  return {std::round(pos.lon * 1e5) / 1e5, std::round(pos.lat * 1e5) / 1e5, format_iso8601(p.time())};
}

}  // namespace

const char* to_string(JumpBurst::Shape s) noexcept {
  switch (s) {
    case JumpBurst::Shape::kGlitch: return "glitch";
    case JumpBurst::Shape::kScattered: return "scattered";
    case JumpBurst::Shape::kRelocated: return "relocated";
    case JumpBurst::Shape::kSecondPlace: return "second_place";
  }
  return "glitch";
}

bool same_place(const track::TrackPoint& a, const track::TrackPoint& b, const BurstRule& rule) {
  const double dt_s = std::max(1.0, std::fabs(static_cast<double>(b.time_ms - a.time_ms)) / 1000.0);
  // Close enough, or near enough for the time between: true for every
  // distance up to some limit, false beyond it.
  auto same = [&](double d) { return d <= rule.same_place_m || d / dt_s * 3600.0 / kMetresPerNm <= rule.max_speed_kn; };
  // Decided by the cheap spherical distance when the geodesic one, within
  // 1% of it, cannot fall on the other side of the limit; the geodesic only
  // for the (rare) distances near it. The answer is the geodesic's either way.
  const double approx = great_circle_m(a.pos(), b.pos());
  if (same(approx * 1.01)) return true;
  if (!same(approx * 0.99)) return false;
  return same(distance_m(a.pos(), b.pos()));
}

bool out_of_order_report(const track::Update& u, const BurstRule& rule) {
  const track::TrackPoint& a = u.previous;
  if (u.has_previous && u.point.time_ms == a.time_ms) return true;
  if (!u.has_previous || !a.has_sog() || !a.has_cog() || a.sog_kn() < 1) return false;
  const LatLon pa = a.pos(), pb = u.point.pos();
  const double reach_m = a.sog_kn() * kMetresPerNm / 3600.0 * static_cast<double>(rule.own_track_window_ms) / 1000.0;
  // Along the track within reach and off it by at most the larger of
  // own_track_m and 5% of reach puts the point within their sum. Most jumps
  // land farther than that even by a lower bound on the distance that needs
  // no trigonometry: a degree of latitude is at least 110574 m, one of
  // longitude at least 19330 m within 80 degrees of the equator.
  if (std::fabs(pa.lat) <= 80) {
    const double low_m = std::max(std::fabs(pb.lat - pa.lat) * 110574.0, std::fabs(pb.lon - pa.lon) * 19330.0);
    if (low_m > 1.001 * (reach_m + std::max(rule.own_track_m, 0.05 * reach_m)) + 1.0) return false;
  }
  const double east = (pb.lon - pa.lon) * metres_per_deg_lon(pa.lat);
  const double north = (pb.lat - pa.lat) * metres_per_deg_lat(pa.lat);
  const double course = a.cog_deg() * 3.14159265358979323846 / 180.0;
  const double along = east * std::sin(course) + north * std::cos(course);
  const double cross = std::fabs(east * std::cos(course) - north * std::sin(course));
  return cross <= std::max(rule.own_track_m, 0.05 * std::fabs(along)) && std::fabs(along) <= reach_m;
}

bool JumpBurst::add_jump(const track::Update& u, const BurstRule& rule) {
  const bool fresh = !live(u.point.time_ms, rule);
  if (fresh) {
    *this = JumpBurst{};
    start_ms = u.point.time_ms;
    first_from = u.previous;
    first_to = u.point;
    second_place = 1;
  } else if (same_place(last_to, u.point, rule)) {
    ++second_place;
  }
  if (!fresh && !last_was_jump) ++alternations;
  ++jumps;
  last_jump_ms = u.point.time_ms;
  last_to = u.point;
  // The top speed: a jump's geodesic is computed only when its bound says it
  // may be the new top (most jumps of a long burst are not).
  if (u.implied_speed_bound_kn() > max_speed_kn) {
    max_speed_kn = std::max(max_speed_kn, u.implied_speed_kn());
  }
  last_was_jump = true;
  return fresh;
}

void JumpBurst::add_main(const track::TrackPoint& p, const BurstRule& rule) {
  if (!live(p.time_ms, rule)) return;
  // Once the picture accepts the second place (the old one went quiet long
  // enough), its reports are no evidence of a main track going on.
  if (same_place(last_to, p, rule)) return;
  ++main_reports;
  if (last_was_jump) ++alternations;
  last_was_jump = false;
}

JumpBurst::Shape JumpBurst::shape(const BurstRule& rule) const {
  if (second_place >= rule.min_place_reports) {
    return main_reports >= 2 && alternations >= 2 ? Shape::kSecondPlace : Shape::kRelocated;
  }
  return jumps >= 3 ? Shape::kScattered : Shape::kGlitch;
}

void PositionJumpDetector::report(const track::Update& u, State& s, const Context& ctx, FindingSink out) {
  const track::Vessel& v = *u.vessel;
  const JumpBurst& b = s.burst;
  const JumpBurst::Shape shape = b.shape(params_.burst);
  s.reported = shape;

  Finding f;
  f.kind = "position_jump";
  f.episode = std::to_string(v.mmsi) + "/" + std::to_string(b.start_ms);
  f.time = u.point.time();
  f.mmsi = {v.mmsi};
  f.pos = u.previous.pos();
  switch (shape) {
    case JumpBurst::Shape::kGlitch: f.score = params_.score_glitch; break;
    case JumpBurst::Shape::kScattered: f.score = params_.score_scattered; break;
    case JumpBurst::Shape::kRelocated: f.score = params_.score_relocated; break;
    case JumpBurst::Shape::kSecondPlace: f.score = params_.score_second_place; break;
  }
  const double dist_km = u.distance_m() / 1000.0;
  const double dt_s = static_cast<double>(u.point.time_ms - u.previous.time_ms) / 1000.0;
  char text[256];
  switch (shape) {
    case JumpBurst::Shape::kGlitch:
      std::snprintf(text, sizeof text, " reported a position %.1f km from its track %.0f s after the last (%.0f kn): "
                    "likely a one-off glitch", dist_km, dt_s, u.implied_speed_kn());
      break;
    case JumpBurst::Shape::kScattered:
      std::snprintf(text, sizeof text, " reported %u impossible positions in a row, up to %.0f kn apart: "
                    "faulty or spoofed position fixes", b.jumps, b.max_speed_kn);
      break;
    case JumpBurst::Shape::kRelocated:
      std::snprintf(text, sizeof text, " now reports only from a place %.1f km from its last track (%u reports): "
                    "it moved unseen or one of the two positions is false", dist_km, b.second_place);
      break;
    case JumpBurst::Shape::kSecondPlace:
      std::snprintf(text, sizeof text, " reports from two places %.1f km apart at once (%u and %u reports): "
                    "a second transmitter or a spoofed track", dist_km, b.main_reports, b.second_place);
      break;
  }
  f.summary = vessel_label(v) + text;
  f.evidence["shape"] = to_string(shape);
  f.evidence["from"] = place_json(u.previous);
  f.evidence["to"] = place_json(u.point);
  f.evidence["distance_km"] = round1(dist_km);
  f.evidence["dt_s"] = round1(dt_s);
  f.evidence["implied_speed_kn"] = round1(u.implied_speed_kn());
  f.evidence["max_implied_speed_kn"] = round1(b.max_speed_kn);
  f.evidence["jumps"] = b.jumps;
  f.evidence["second_place_reports"] = b.second_place;
  f.evidence["main_track_reports"] = b.main_reports;
  std::vector<track::TrackPoint> scratch;
  EpisodeTrack seg;
  seg.seed(ctx.picture.history(v, scratch), u.previous.time_ms - 30 * 60 * 1000);
  f.evidence["segment"] = seg.to_json(u.previous);
  out(std::move(f));
}

void PositionJumpDetector::on_position(const track::Update& u, const Context& ctx, FindingSink out) {
  if (u.kind == track::UpdateKind::kPosition) {
    if (bursts_.empty()) return;  // the common case: no vessel is jumping
    auto it = bursts_.find(u.vessel->mmsi);
    if (it != bursts_.end()) it->second.burst.add_main(u.point, params_.burst);
    return;
  }
  if (u.kind != track::UpdateKind::kJump || !u.has_previous) return;
  if (out_of_order_report(u, params_.burst)) return;
  State& s = bursts_[u.vessel->mmsi];
  bool fresh = s.burst.add_jump(u, params_.burst);
  // One alert per burst, updated only when its shape changes.
  if (fresh || s.burst.shape(params_.burst) != s.reported) report(u, s, ctx, out);
}

void PositionJumpDetector::on_tick(const Context& ctx, FindingSink /*out*/) {
  const int64_t now = to_unix_ms(ctx.now);
  if (now < next_sweep_ms_) return;
  next_sweep_ms_ = now + 60 * 1000;
  for (auto it = bursts_.begin(); it != bursts_.end();) {
    it = it->second.burst.live(now, params_.burst) ? std::next(it) : bursts_.erase(it);
  }
}

std::unique_ptr<Detector> make_position_jump_detector() { return std::make_unique<PositionJumpDetector>(); }

}  // namespace lookout::detect
