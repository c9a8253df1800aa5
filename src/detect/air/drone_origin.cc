#include "detect/air/drone_origin.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/geodesy.h"
#include "detect/air/remote_id_note.h"
#include "detect/episode_evidence.h"

namespace lookout::detect {

std::optional<DroneOrigin::Launch> DroneOrigin::launch_of(const air::TrackState& s) const {
  if (s.history == nullptr || s.history->first_count() < params_.min_points) return std::nullopt;
  const air::TrackHistory& h = *s.history;
  const air::TrackPoint& p0 = h.first(0);
  const air::TrackPoint& pk = h.first(h.first_count() - 1);
  double dt = std::chrono::duration<double>(pk.time - p0.time).count();
  if (dt <= 0) return std::nullopt;
  LocalFrame frame(p0.position);
  EastNorth d = frame.to_local(pk.position);
  double ve = d.east_m / dt, vn = d.north_m / dt;
  double climb = (pk.alt_m - p0.alt_m) / dt;
  double back = params_.default_back_s;
  if (climb >= params_.min_climb_mps && p0.alt_m > params_.launch_alt_m) {
    back = (p0.alt_m - params_.launch_alt_m) / climb;
  }
  back = std::clamp(back, 0.0, params_.max_back_s);
  Launch l;
  l.point = frame.to_latlon({-ve * back, -vn * back});
  l.time = p0.time - std::chrono::milliseconds(static_cast<int64_t>(back * 1000));
  l.back_s = back;
  l.climb_mps = climb;
  return l;
}

namespace {
// The vessel's position at `t_ms` from its history (oldest first): linear
// between the points around t; the nearest end point when t is outside
// them by at most max_age_ms; nullopt otherwise.
std::optional<LatLon> position_at(std::span<const track::TrackPoint> hist, int64_t t_ms, int64_t max_age_ms) {
  if (hist.empty()) return std::nullopt;
  if (t_ms <= hist.front().time_ms) {
    if (hist.front().time_ms - t_ms > max_age_ms) return std::nullopt;
    return hist.front().pos();
  }
  if (t_ms >= hist.back().time_ms) {
    if (t_ms - hist.back().time_ms > max_age_ms) return std::nullopt;
    return hist.back().pos();
  }
  for (std::size_t i = 1; i < hist.size(); ++i) {
    if (hist[i].time_ms < t_ms) continue;
    const auto& a = hist[i - 1];
    const auto& b = hist[i];
    if (b.time_ms - a.time_ms > 2 * max_age_ms) return std::nullopt;
    double f = b.time_ms == a.time_ms ? 0 : static_cast<double>(t_ms - a.time_ms) / static_cast<double>(b.time_ms - a.time_ms);
    LatLon pa = a.pos(), pb = b.pos();
    return LatLon{pa.lat + f * (pb.lat - pa.lat), pa.lon + f * (pb.lon - pa.lon)};
  }
  return hist.back().pos();
}
}  // namespace

void DroneOrigin::record(const air::TrackState& s, bool drone) {
  // Forget trails of tracks deleted longer ago than trail_keep.
  for (auto it = trails_.begin(); it != trails_.end();) {
    bool old = it->second.deleted && s.time - *it->second.deleted > params_.trail_keep;
    it = old ? trails_.erase(it) : std::next(it);
  }
  auto it = trails_.find(s.id);
  if (s.status == air::TrackStatus::kDeleted) {
    if (it != trails_.end()) it->second.deleted = s.time;
    return;
  }
  if (!drone) return;
  Trail& t = trails_[s.id];
  t.first_seen = s.first_seen;
  if (t.points.empty() || s.time - t.points.back().first >= std::chrono::seconds(1)) t.points.emplace_back(s.time, s.position);
  while (!t.points.empty() && s.time - t.points.front().first > params_.trail_keep) t.points.pop_front();
}

bool DroneOrigin::continues_older_track(const air::TrackState& s) const {
  const air::TrackPoint& p0 = s.history->first(0);
  for (const auto& [id, t] : trails_) {
    if (id == s.id || s.first_seen - t.first_seen < params_.continuation_age) continue;
    for (const auto& [time, pos] : t.points) {
      if (std::chrono::abs(time - p0.time) <= std::chrono::seconds(2) &&
          distance_m(pos, p0.position) <= params_.continuation_radius_m) {
        return true;
      }
    }
  }
  return false;
}

DroneOrigin::Near DroneOrigin::nearest_vessel(LatLon point, Timestamp t, const AirContext& ctx) {
  Near best;
  double best_m = std::numeric_limits<double>::infinity();
  const int64_t t_ms = to_unix_ms(t);
  const int64_t max_age_ms = std::chrono::duration_cast<std::chrono::milliseconds>(params_.max_vessel_age).count();
  ctx.picture.for_each([&](const track::Vessel& v) {
    if (v.positions == 0) return;
    if (distance_m(v.last.pos(), point) > params_.max_search_m) return;
    auto hist = ctx.picture.history(v, scratch_);
    auto p = position_at(hist, t_ms, max_age_ms);
    if (!p) return;
    double m = distance_m(*p, point);
    if (m <= params_.radius_m && (m < best_m || (m == best_m && best.vessel != nullptr && v.mmsi < best.vessel->mmsi))) {
      best.vessel = &v;
      best.distance_m = m;
      best.position = *p;
      best_m = m;
    }
  });
  return best;
}

namespace {
std::string vessel_name(const track::Vessel& v) {
  std::string label = vessel_label(v);
  std::string mmsi_text = std::to_string(v.mmsi);
  if (label.find(mmsi_text) == std::string::npos) label += " (MMSI " + mmsi_text + ")";
  return label;
}
nlohmann::json point_json(LatLon p) {
  return {{"lat", std::round(p.lat * 1e6) / 1e6}, {"lon", std::round(p.lon * 1e6) / 1e6}};
}
}  // namespace

void DroneOrigin::from_operator(const air::TrackState& s, const AirContext& ctx, FindingSink out) {
  const air::AirIdentity& id = s.identity;
  const LatLon op = *id.operator_position;
  // The operator position is as of the latest report: the vessel is looked
  // for where it was then, not where it is now.
  const Timestamp when = id.last_report == Timestamp{} ? s.time : id.last_report;
  Near near = nearest_vessel(op, when, ctx);
  if (near.vessel == nullptr) return;
  raised_.insert(s.id);
  Finding f;
  f.kind = "drone_origin";
  f.episode = track_label(s.id);
  f.time = s.time;
  f.mmsi = {near.vessel->mmsi};
  f.track = track_label(s.id);
  f.pos = op;
  f.score = params_.score;
  const std::string who = id.serial.empty() ? "transmitter " + std::string(id.id.view())
                                            : "serial " + std::string(id.serial.view());
  char buf[384];
  std::snprintf(buf, sizeof buf,
                "Drone track %s (Remote ID %s) was launched from %s: its operator broadcasts a position %.0f m "
                "from the vessel",
                f.track->c_str(), who.c_str(), vessel_name(*near.vessel).c_str(), near.distance_m);
  f.summary = buf;
  f.evidence["launch_point"] = point_json(op);
  f.evidence["launch_point_source"] = "remote_id_operator";
  f.evidence["remote_id"] = remote_id_evidence(s);
  f.evidence["operator_report_time"] = format_iso8601(when);
  f.evidence["vessel_position"] = point_json(near.position);
  f.evidence["vessel_distance_m"] = std::round(near.distance_m);
  f.evidence["first_seen"] = format_iso8601(s.first_seen);
  f.evidence["speed_mps"] = round1(s.speed_mps);
  f.evidence["alt_m"] = std::round(s.alt_m);
  f.evidence["class_probabilities"] = class_probabilities_json(s);
  f.evidence["track_segment"] = track_segment_json(s);
  out(std::move(f));
}

void DroneOrigin::on_track(const air::TrackState& s, const AirContext& ctx, FindingSink out) {
  const bool drone = gate_.update(s);
  record(s, drone);
  if (s.status == air::TrackStatus::kDeleted) {
    decided_.erase(s.id);
    operator_decided_.erase(s.id);
    raised_.erase(s.id);
    return;
  }
  if (!drone || raised_.count(s.id) != 0) return;
  // A broadcast operator position is a known launch point: it wins over
  // the estimate, and is looked at once when it first appears.
  if (broadcasts_remote_id(s) && s.identity.operator_position) {
    if (operator_decided_.insert(s.id).second) from_operator(s, ctx, out);
    return;
  }
  if (decided_.count(s.id) != 0) return;
  if (s.history == nullptr || s.history->first_count() < params_.min_points) return;
  decided_.insert(s.id);  // decided now, whatever the answer
  if (continues_older_track(s)) return;
  auto launch = launch_of(s);
  if (!launch) return;

  Near near = nearest_vessel(launch->point, launch->time, ctx);
  if (near.vessel == nullptr) return;
  raised_.insert(s.id);
  const track::Vessel* best = near.vessel;
  const double best_m = near.distance_m;
  const LatLon best_pos = near.position;

  Finding f;
  f.kind = "drone_origin";
  f.episode = track_label(s.id);
  f.time = s.time;
  f.mmsi = {best->mmsi};
  f.track = track_label(s.id);
  f.pos = launch->point;
  f.score = params_.score;
  char buf[320];
  std::snprintf(buf, sizeof buf, "Drone track %s was launched about %s from %s, %.0f m from the estimated launch point",
                f.track->c_str(), format_iso8601(launch->time).c_str(), vessel_name(*best).c_str(), best_m);
  f.summary = buf;
  f.evidence["launch_point"] = point_json(launch->point);
  f.evidence["launch_time"] = format_iso8601(launch->time);
  f.evidence["back_projection_s"] = round1(launch->back_s);
  f.evidence["climb_mps"] = round1(launch->climb_mps);
  f.evidence["vessel_position"] = point_json(best_pos);
  f.evidence["vessel_distance_m"] = std::round(best_m);
  f.evidence["first_seen"] = format_iso8601(s.first_seen);
  f.evidence["speed_mps"] = round1(s.speed_mps);
  f.evidence["alt_m"] = std::round(s.alt_m);
  f.evidence["class_probabilities"] = class_probabilities_json(s);
  f.evidence["track_segment"] = track_segment_json(s);
  out(std::move(f));
}

}  // namespace lookout::detect
