// find_crossings: who passed over an asset, ranked by how much their pass
// looks like the incidents (Eagle S over Estlink 2, Yi Peng 3 over BCS
// East-West and C-Lion1): a slowdown against the ship's own cruise speed, a
// long dwell in the corridor, course changes, silence across the cable,
// further cables crossed in the same slow episode, a watch-list hull, and the
// alerts the live detectors raised at the time.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "core/geodesy.h"
#include "core/time.h"
#include "detect/watchlist.h"
#include "forensics/forensics.h"
#include "forensics/track_math.h"

namespace lookout::forensics {

namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 3'600'000;

struct Event {
  std::size_t seg = 0;  // the segment (report seg -> seg+1) or report (within)
  int64_t time_ms = 0;
  LatLon place;
  bool crossing = false;
};

std::string minutes_text(double minutes) {
  if (minutes < 90) return std::to_string(static_cast<int>(std::lround(minutes))) + " min";
  int total = static_cast<int>(std::lround(minutes));
  return std::to_string(total / 60) + " h " + std::to_string(total % 60) + " min";
}

std::string knots_text(double kn) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", kn);
  return buf;
}

// The bounding box of an asset's geometry grown by `margin_m`.
store::BBox asset_box(const Asset& a, double margin_m) {
  store::BBox b{90, 180, -90, -180};
  auto add = [&](LatLon p) {
    b.min_lat = std::min(b.min_lat, p.lat);
    b.max_lat = std::max(b.max_lat, p.lat);
    b.min_lon = std::min(b.min_lon, p.lon);
    b.max_lon = std::max(b.max_lon, p.lon);
  };
  if (a.geometry == GeometryType::kPoint) add(a.point);
  for (const auto& line : a.lines) for (auto p : line) add(p);
  for (const auto& poly : a.polygons) for (const auto& ring : poly.rings) for (auto p : ring) add(p);
  double mid = (b.min_lat + b.max_lat) / 2;
  double dlat = margin_m / metres_per_deg_lat(mid);
  double dlon = margin_m / metres_per_deg_lon(std::min(89.0, std::max(std::abs(b.min_lat), std::abs(b.max_lat))));
  b.min_lat = std::max(-90.0, b.min_lat - dlat);
  b.max_lat = std::min(90.0, b.max_lat + dlat);
  b.min_lon = std::max(-180.0, b.min_lon - dlon);
  b.max_lon = std::min(180.0, b.max_lon + dlon);
  return b;
}

bool in_corridor(const AssetIndex& index, uint32_t asset, LatLon p) {
  std::array<AssetHit, 16> hits;
  auto n = index.corridors_at(p, hits, KindSet{index.asset(asset).kind});
  for (std::size_t i = 0; i < n.count; ++i) {
    if (hits[i].asset == asset) return true;
  }
  return false;
}

class PassJudge {
 public:
  PassJudge(store::Store& store, const AssetIndex& index, const detect::Watchlist* watchlist, uint32_t asset,
            const CrossingParams& params)
      : store_(store), index_(index), watchlist_(watchlist), asset_(asset), params_(params) {}

  // The first store read that failed while judging, or ok.
  const Status& status() const { return status_; }

  CrossingReport judge(uint32_t mmsi, const std::vector<track::TrackPoint>& pts, const std::vector<Event>& events,
                       const std::optional<store::VesselRow>& vessel) {
    CrossingReport r;
    r.mmsi = mmsi;
    if (vessel) {
      r.name = std::string(vessel->statics.name.view());
      r.imo = vessel->statics.imo;
      r.shiptype = vessel->statics.shiptype;
    }
    // The pass is anchored at its first centre-line crossing, else at the
    // report closest to the asset.
    const Event* key = nullptr;
    for (const auto& e : events) {
      if (e.crossing) {
        ++r.crossings;
        if (key == nullptr) key = &e;
      }
    }
    r.crossed = key != nullptr;
    if (key == nullptr) key = &events.front();
    r.time_ms = key->time_ms;
    r.place = key->place;
    const int64_t tc = key->time_ms;

    // Speed at the crossing.
    const auto& a = pts[key->seg];
    if (key->crossing && key->seg + 1 < pts.size()) {
      const auto& b = pts[key->seg + 1];
      double f = b.time_ms > a.time_ms ? static_cast<double>(tc - a.time_ms) / static_cast<double>(b.time_ms - a.time_ms) : 0;
      if (a.has_sog() && b.has_sog()) {
        r.speed_kn = a.sog_kn() + f * (b.sog_kn() - a.sog_kn());
      } else {
        r.speed_kn = implied_speed_kn(a, b);
      }
    } else {
      r.speed_kn = a.has_sog() ? a.sog_kn() : NAN;
    }

    r.cruise_kn = cruise_speed(pts, tc);
    if (std::isfinite(r.cruise_kn) && std::isfinite(r.speed_kn) && r.cruise_kn > 0) {
      r.speed_drop = std::max(0.0, (r.cruise_kn - r.speed_kn) / r.cruise_kn);
    }

    // Dwell and slowest speed in the corridor, around the pass.
    const int64_t pass_from = events.front().time_ms - 2 * kHour, pass_to = events.back().time_ms + 2 * kHour;
    int64_t first_in = 0, last_in = 0;
    double min_speed = r.speed_kn;
    for (const auto& p : pts) {
      if (p.time_ms < pass_from || p.time_ms > pass_to) continue;
      if (!in_corridor(index_, asset_, p.pos())) continue;
      if (first_in == 0) first_in = p.time_ms;
      last_in = p.time_ms;
      if (p.has_sog()) min_speed = std::isfinite(min_speed) ? std::min(min_speed, p.sog_kn()) : p.sog_kn();
      if ((p.nav_status == 1 || p.nav_status == 5) && p.has_sog() && p.sog_kn() >= 1.0) r.anchor_status = true;
    }
    r.min_speed_kn = min_speed;
    r.corridor_minutes = first_in != 0 ? static_cast<double>(last_in - first_in) / kMinute : 0;

    // Course changes around the crossing.
    const int64_t yaw_window = static_cast<int64_t>(params_.yaw_window_minutes * kMinute);
    r.yaw_deg_rms = course_change_rms(pts, tc - yaw_window, tc + yaw_window);

    // Silence across the crossing, and the longest silence around it.
    if (key->crossing && key->seg + 1 < pts.size()) {
      double gap = static_cast<double>(pts[key->seg + 1].time_ms - pts[key->seg].time_ms) / kMinute;
      if (gap >= params_.gap_minutes) r.gap_at_crossing_min = gap;
    }
    const int64_t context = static_cast<int64_t>(params_.context_hours * kHour);
    for (std::size_t i = 1; i < pts.size(); ++i) {
      if (pts[i].time_ms < tc - context || pts[i - 1].time_ms > tc + context) continue;
      r.max_gap_min = std::max(r.max_gap_min, static_cast<double>(pts[i].time_ms - pts[i - 1].time_ms) / kMinute);
    }

    other_assets_in_slow_episode(pts, key->seg, r);
    lookups(r, vessel, tc);
    score(r);
    return r;
  }

 private:
  // The vessel's own cruise speed before the pass: the upper quartile of
  // its moving reports in the hours before (a slowdown that began well
  // before the crossing, as Yi Peng 3's did, does not drag it down); falls
  // back to the whole context when too few reports came before.
  double cruise_speed(const std::vector<track::TrackPoint>& pts, int64_t tc) const {
    const int64_t from = tc - static_cast<int64_t>(params_.cruise_window_hours * kHour);
    const int64_t to = tc - static_cast<int64_t>(params_.cruise_skip_minutes * kMinute);
    auto moving = [](const track::TrackPoint& p) { return p.has_sog() && p.sog_kn() >= 2.0 && p.sog_kn() < 50; };
    std::vector<double> v;
    for (const auto& p : pts) {
      if (p.time_ms >= from && p.time_ms <= to && moving(p)) v.push_back(p.sog_kn());
    }
    if (v.size() < 3) {
      v.clear();
      const int64_t context = static_cast<int64_t>(params_.context_hours * kHour);
      for (const auto& p : pts) {
        if (std::abs(p.time_ms - tc) <= context && moving(p)) v.push_back(p.sog_kn());
      }
    }
    return upper_quartile(v);
  }

  // Cables and pipelines crossed while the vessel stayed slow: walk out from
  // the crossing segment while reports stay under slow_fraction of cruise.
  void other_assets_in_slow_episode(const std::vector<track::TrackPoint>& pts, std::size_t seg, CrossingReport& r) const {
    if (!std::isfinite(r.cruise_kn) || !std::isfinite(r.speed_kn) || r.speed_kn >= params_.slow_fraction * r.cruise_kn) return;
    const double slow = params_.slow_fraction * r.cruise_kn;
    auto is_slow = [&](const track::TrackPoint& p) { return p.has_sog() && p.sog_kn() < slow; };
    std::size_t lo = seg, hi = std::min(seg + 1, pts.size() - 1);
    const int64_t limit = 24 * kHour;
    while (lo > 0 && is_slow(pts[lo - 1]) && r.time_ms - pts[lo - 1].time_ms <= limit) --lo;
    while (hi + 1 < pts.size() && is_slow(pts[hi + 1]) && pts[hi + 1].time_ms - r.time_ms <= limit) ++hi;
    const KindSet lines{AssetKind::kCable, AssetKind::kPipeline};
    std::array<AssetCrossing, 32> out;
    for (std::size_t i = lo; i < hi; ++i) {
      auto n = index_.crossings(pts[i].pos(), pts[i + 1].pos(), out, lines);
      for (std::size_t k = 0; k < n.count; ++k) {
        if (out[k].asset == asset_) continue;
        const std::string& id = index_.asset(out[k].asset).id;
        if (std::find(r.other_assets.begin(), r.other_assets.end(), id) == r.other_assets.end()) r.other_assets.push_back(id);
      }
    }
    std::sort(r.other_assets.begin(), r.other_assets.end());
  }

  void lookups(CrossingReport& r, const std::optional<store::VesselRow>& vessel, int64_t tc) {
    if (watchlist_ != nullptr) {
      uint32_t imo = vessel ? vessel->statics.imo : 0;
      std::string_view name = vessel ? vessel->statics.name.view() : std::string_view();
      if (const auto* e = watchlist_->match(imo, r.mmsi, name)) r.watchlist = e->reason.empty() ? "listed" : e->reason;
    }
    store::AlertFilter f;
    f.mmsi = r.mmsi;
    f.during = store::TimeRange{tc - 6 * kHour, tc + 6 * kHour};
    f.limit = 20;
    auto stored = store_.alerts(f);
    if (!stored.ok()) {
      if (status_.ok()) status_ = stored.status();
      return;
    }
    for (const auto& a : *stored) {
      if (a.status == store::AlertStatus::kRetracted) continue;
      r.alerts.push_back(a.kind + " " + a.id);
    }
    std::sort(r.alerts.begin(), r.alerts.end());
  }

  // The ranking: points for each sign the incidents showed. Documented in
  // docs/forensics.md; a normal transit at cruise speed scores near zero.
  void score(CrossingReport& r) const {
    double s = 0;
    if (std::isfinite(r.cruise_kn) && r.cruise_kn >= 3 && r.speed_drop >= 0.1) {
      s += 35 * std::min(1.0, r.speed_drop / 0.5);
      r.reasons.push_back("slowed from " + knots_text(r.cruise_kn) + " to " + knots_text(r.speed_kn) + " kn (-" +
                          std::to_string(static_cast<int>(std::lround(r.speed_drop * 100))) + " %)");
    }
    if (std::isfinite(r.speed_kn) && r.speed_kn >= 0.5 && r.speed_kn <= 8 && r.speed_drop >= 0.15) {
      s += 10;
      r.reasons.push_back("crossed at " + knots_text(r.speed_kn) + " kn, in the anchor-drag band");
    }
    if (r.corridor_minutes > 20) {
      s += std::min(15.0, r.corridor_minutes / 4);
      r.reasons.push_back(minutes_text(r.corridor_minutes) + " in the corridor");
    }
    if (r.yaw_deg_rms > 5) {
      s += std::min(10.0, r.yaw_deg_rms / 3);
      r.reasons.push_back("course changes " + std::to_string(static_cast<int>(std::lround(r.yaw_deg_rms))) + " deg RMS");
    }
    if (r.crossings > 1) {
      s += std::min(10, 5 * (r.crossings - 1));
      r.reasons.push_back("crossed " + std::to_string(r.crossings) + " times");
    }
    if (r.gap_at_crossing_min > 0) {
      s += 15;
      r.reasons.push_back("silent " + minutes_text(r.gap_at_crossing_min) + " across the asset");
    } else if (r.max_gap_min >= 30) {
      s += 5;
      r.reasons.push_back("silent " + minutes_text(r.max_gap_min) + " nearby");
    }
    if (!r.other_assets.empty()) {
      s += std::min<double>(20, 10 * static_cast<double>(r.other_assets.size()));
      std::string ids;
      for (const auto& id : r.other_assets) ids += (ids.empty() ? "" : ", ") + id;
      r.reasons.push_back("also crossed " + ids + " in the same slow episode");
    }
    if (r.anchor_status) {
      s += 10;
      r.reasons.push_back("reported at anchor or moored while moving");
    }
    if (!r.watchlist.empty()) {
      s += 15;
      r.reasons.push_back("on a watch list: " + r.watchlist);
    }
    if (!r.alerts.empty()) {
      bool behaviour = false;
      for (const auto& a : r.alerts) {
        if (a.starts_with("anchor_drag") || a.starts_with("loitering") || a.starts_with("ais_gap")) behaviour = true;
      }
      s += behaviour ? 10 : 5;
      r.reasons.push_back(std::to_string(r.alerts.size()) + " alert(s) raised then");
    }
    r.suspicion = static_cast<int>(std::lround(std::clamp(s, 0.0, 100.0)));
  }

  store::Store& store_;
  Status status_;  // the first store read that failed
  const AssetIndex& index_;
  const detect::Watchlist* watchlist_;
  uint32_t asset_;
  CrossingParams params_;
};

}  // namespace

StatusOr<CrossingResult> find_crossings(store::Store& store, const AssetIndex& assets,
                                                        const detect::Watchlist* watchlist, const CrossingQuery& query,
                                                        const CrossingParams& params) {
  auto idx = assets.find(query.asset);
  if (!idx) {
    std::string known;
    std::size_t shown = 0;
    for (const auto& a : assets.assets()) {
      if (a.kind != AssetKind::kCable && a.kind != AssetKind::kPipeline) continue;
      if (shown++ == 12) {
        known += ", ...";
        break;
      }
      known += (known.empty() ? "" : ", ") + a.id;
    }
    return Status::invalid_argument("unknown asset id '" + query.asset + "'" +
                                    (known.empty() ? "" : " (cables and pipelines: " + known + ")"));
  }
  if (query.window.to_ms < query.window.from_ms) return Status::invalid_argument("the window ends before it begins");
  const Asset& asset = assets.asset(*idx);

  store::BBox box = asset_box(asset, asset.buffer_m + 500);
  if (query.at) {
    store::BBox around = circle_box(*query.at, query.radius_m + asset.buffer_m);
    box.min_lat = std::max(box.min_lat, around.min_lat);
    box.max_lat = std::min(box.max_lat, around.max_lat);
    box.min_lon = std::max(box.min_lon, around.min_lon);
    box.max_lon = std::min(box.max_lon, around.max_lon);
    if (!box.valid()) return Status::invalid_argument("the place given with --at is not near asset '" + query.asset + "'");
  }

  CrossingResult result;
  auto found = store.candidates(box, query.window);
  if (!found.ok()) return found.status();
  const auto& candidates = *found;
  result.candidates = candidates.size();
  const int64_t context = static_cast<int64_t>(params.context_hours * kHour);
  const KindSet kind{asset.kind};
  PassJudge judge(store, assets, watchlist, *idx, params);
  std::array<AssetCrossing, 32> out;

  for (const auto& c : candidates) {
    auto stored_track = store.track(c.mmsi, {query.window.from_ms - context, query.window.to_ms + context});
    if (!stored_track.ok()) return stored_track.status();
    const auto& rows = *stored_track;
    result.positions_read += rows.size();
    std::vector<track::TrackPoint> pts;
    pts.reserve(rows.size());
    for (const auto& row : rows) {
      if ((row.point.flags & store::kPositionJump) == 0) pts.push_back(row.point);
    }
    if (pts.empty()) continue;

    auto near_place = [&](LatLon p) { return !query.at || distance_m(*query.at, p) <= query.radius_m; };
    std::vector<Event> events;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      const auto& a = pts[i];
      if (i + 1 < pts.size()) {
        const auto& b = pts[i + 1];
        if (b.time_ms >= query.window.from_ms && a.time_ms <= query.window.to_ms && asset.is_line()) {
          auto n = assets.crossings(a.pos(), b.pos(), out, kind);
          for (std::size_t k = 0; k < n.count; ++k) {
            if (out[k].asset != *idx || !near_place(out[k].point)) continue;
            int64_t t = a.time_ms + static_cast<int64_t>(out[k].fraction * static_cast<double>(b.time_ms - a.time_ms));
            if (!query.window.contains(t)) continue;
            events.push_back({i, t, out[k].point, true});
          }
        }
      }
      if (query.window.contains(a.time_ms) && near_place(a.pos()) && in_corridor(assets, *idx, a.pos())) {
        events.push_back({i, a.time_ms, a.pos(), false});
      }
    }
    if (events.empty()) continue;
    std::stable_sort(events.begin(), events.end(), [](const Event& x, const Event& y) { return x.time_ms < y.time_ms; });

    auto stored_vessel = store.vessel(c.mmsi);
    if (!stored_vessel.ok()) return stored_vessel.status();
    const auto& vessel = *stored_vessel;
    const int64_t merge = static_cast<int64_t>(params.pass_merge_minutes * kMinute);
    std::size_t start = 0;
    for (std::size_t i = 1; i <= events.size(); ++i) {
      if (i == events.size() || events[i].time_ms - events[i - 1].time_ms > merge) {
        std::vector<Event> pass(events.begin() + static_cast<std::ptrdiff_t>(start), events.begin() + static_cast<std::ptrdiff_t>(i));
        result.passes.push_back(judge.judge(c.mmsi, pts, pass, vessel));
        start = i;
      }
    }
    if (!judge.status().ok()) return judge.status();
  }

  std::stable_sort(result.passes.begin(), result.passes.end(), [](const CrossingReport& x, const CrossingReport& y) {
    if (x.suspicion != y.suspicion) return x.suspicion > y.suspicion;
    if (x.time_ms != y.time_ms) return x.time_ms < y.time_ms;
    return x.mmsi < y.mmsi;
  });
  if (result.passes.size() > query.limit) result.passes.resize(query.limit);
  return result;
}

}  // namespace lookout::forensics
