#include "detect/rendezvous.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/geodesy.h"
#include "detect/episode_evidence.h"
#include "geo/asset_index.h"

namespace lookout::detect {

namespace {

constexpr double kMetresPerDegLat = 111320.0;  // hash cells only; distances use geodesy
constexpr double kPi = 3.14159265358979323846;
constexpr int64_t kMinuteMs = 60'000;

int64_t ms(std::chrono::minutes m) { return std::chrono::duration_cast<std::chrono::milliseconds>(m).count(); }

int32_t row_of(double lat, double cell_m) { return static_cast<int32_t>(std::floor(lat * kMetresPerDegLat / cell_m)); }

// Column of `lon` in hash row `row`. A row's cells are cell_m wide at its
// poleward edge, so at least that wide everywhere in the row.
int32_t col_of(int32_t row, double lon, double cell_m) {
  // The width of a row's cells costs a cosine; slow vessels stay in a few
  // rows, so the last width per row slot is kept (per thread: detectors of
  // different engines may run on different threads).
  struct Width {
    int32_t row = 0;
    double cell_m = -1;
    double width_deg = 0;
  };
  thread_local std::array<Width, 256> widths;
  Width& w = widths[static_cast<uint32_t>(row) & 255u];
  if (w.row != row || w.cell_m != cell_m) {
    double edge = std::max(std::fabs(row * cell_m / kMetresPerDegLat), std::fabs((row + 1) * cell_m / kMetresPerDegLat));
    w = {row, cell_m, cell_m / (kMetresPerDegLat * std::cos(std::min(edge, 85.0) * kPi / 180.0))};
  }
  return static_cast<int32_t>(std::floor(lon / w.width_deg));
}

uint64_t key(int32_t row, int32_t col) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(row)) << 32) | static_cast<uint32_t>(col);
}

uint64_t pair_key(uint32_t a, uint32_t b) {
  uint32_t lo = std::min(a, b), hi = std::max(a, b);
  return (static_cast<uint64_t>(lo) << 32) | hi;
}

// Short-range distance: planar at the mean latitude (exact to a fraction of
// a metre at 1 km).
double near_m(const track::TrackPoint& a, const track::TrackPoint& b) {
  double lat = 0.5 * (a.lat_e7 + b.lat_e7) * 1e-7;
  double dn = (b.lat_e7 - a.lat_e7) * 1e-7 * metres_per_deg_lat(lat);
  double de = (b.lon_e7 - a.lon_e7) * 1e-7 * metres_per_deg_lon(lat);
  return std::sqrt(dn * dn + de * de);  // metres: no overflow; hypot is 3x slower
}

// Vessels whose work puts them alongside others (ITU-R M.1371 ship types).
bool works_alongside(uint8_t t) {
  return t == 31 || t == 32 || t == 33 || t == 34 || t == 35 || (t >= 50 && t <= 55) || t == 58;
}

bool is_tanker(uint8_t t) { return t >= 80 && t <= 89; }

}  // namespace

RendezvousDetector::RendezvousDetector(RendezvousParams params) : params_(params) {
  for (std::size_t i = 0; i < pairs_.size(); ++i) {
    pairs_[i].reserve(static_cast<std::size_t>(256.0 * std::exp2(static_cast<double>(i) / static_cast<double>(pairs_.size()))));
  }
  // The slow vessels of a busy sea, without rehashing a big map mid-feed.
  slow_.reserve(1u << 14);
}

uint64_t RendezvousDetector::cell_of(double lat, double lon) const {
  int32_t row = row_of(lat, params_.cell_m);
  return key(row, col_of(row, lon, params_.cell_m));
}

void RendezvousDetector::leave(uint32_t mmsi) {
  auto it = slow_.find(mmsi);
  if (it == slow_.end()) return;
  auto cell = cells_.find(it->second.cell);
  if (cell != cells_.end()) {
    auto& list = cell->second;
    auto pos = std::find(list.begin(), list.end(), mmsi);
    if (pos != list.end()) {
      *pos = list.back();
      list.pop_back();
    }
    if (list.empty()) cells_.erase(cell);
  }
  slow_.erase(it);
  slow_index_.erase(mmsi);
}

void RendezvousDetector::on_position(const track::Update& u, const Context& ctx, FindingSink out) {
  if (u.kind != track::UpdateKind::kPosition) return;
  const track::Vessel& v = *u.vessel;
  const track::TrackPoint& p = u.point;
  Slow* const* indexed = slow_index_.find(v.mmsi);
  Slow* found = indexed != nullptr ? *indexed : nullptr;
  const bool was_slow = found != nullptr;
  const bool slow = p.has_sog() && p.sog_kn() <= (was_slow ? params_.leave_speed_kn : params_.max_speed_kn) &&
                    (v.cls == track::VesselClass::kClassA || v.cls == track::VesselClass::kClassB);
  if (!slow) {
    if (was_slow) leave(v.mmsi);
    return;
  }

  // Keep the hash current.
  const LatLon pos = p.pos();
  const uint64_t cell = cell_of(pos.lat, pos.lon);
  if (!was_slow) {
    found = &slow_.emplace(v.mmsi, Slow{}).first->second;  // nodes never move
    slow_index_[v.mmsi] = found;
    found->cell = cell;
    cells_[cell].push_back(v.mmsi);
  } else if (found->cell != cell) {
    auto& old = cells_[found->cell];
    old.erase(std::remove(old.begin(), old.end(), v.mmsi), old.end());
    if (old.empty()) cells_.erase(found->cell);
    found->cell = cell;
    cells_[cell].push_back(v.mmsi);
    found->checked_ms = 0;
  }
  Slow& s = *found;
  s.last = p;
  s.shiptype = v.statics.shiptype;
  if (s.checked_ms == 0 || p.time_ms - s.checked_ms >= ms(params_.recheck)) {
    s.checked_ms = p.time_ms;
    std::array<AssetHit, 1> hit;
    s.excluded = p.nav_status == 5 ||
                 ctx.assets.corridors_at(pos, hit, KindSet{AssetKind::kAnchorage, AssetKind::kPort}).count > 0;
  }
  if (s.excluded || works_alongside(s.shiptype)) return;
  if (s.searched_ms != 0 && p.time_ms - s.searched_ms < params_.search_every.count() * 1000) return;
  s.searched_ms = p.time_ms;

  // Partners: slow vessels in this and the eight neighbouring cells, found
  // first and met after, so that a crowd pairs nobody.
  struct Near {
    uint32_t mmsi;
    const Slow* slow;
    double d;
  };
  thread_local std::vector<Near> near;
  near.clear();
  std::size_t within = 0;  // within max_distance_m
  const double reach = std::max(params_.break_distance_m, params_.max_distance_m);
  const int32_t row = row_of(pos.lat, params_.cell_m);
  for (int32_t dr = -1; dr <= 1; ++dr) {
    const int32_t col = col_of(row + dr, pos.lon, params_.cell_m);
    for (int32_t dc = -1; dc <= 1; ++dc) {
      auto c = cells_.find(key(row + dr, col + dc));
      if (c == cells_.end()) continue;
      for (uint32_t other : c->second) {
        if (other == v.mmsi) continue;
        const Slow& o = **slow_index_.find(other);  // every vessel in a cell is slow
        if (p.time_ms - o.last.time_ms > ms(params_.max_silence)) continue;
        const double d = near_m(p, o.last);
        if (d > reach) continue;
        if (d <= params_.max_distance_m && ++within > params_.max_crowd) return;
        if (o.excluded || works_alongside(o.shiptype)) continue;
        if (s.shiptype == 30 && o.shiptype == 30) continue;  // pair trawling
        near.push_back({other, &o, d});
      }
    }
  }
  for (const Near& n : near) {
    // Whether the pair is already together matters only between the two
    // distances.
    if (n.d > std::min(params_.break_distance_m, params_.max_distance_m)) {
      const uint64_t pk = pair_key(v.mmsi, n.mmsi);
      const PairMap& shard = pair_shard(pk);
      auto pit = shard.find(pk);
      const bool together = pit != shard.end() && p.time_ms - pit->second.last_ms <= ms(params_.max_silence);
      if (n.d > (together ? params_.break_distance_m : params_.max_distance_m)) continue;
    }
    meet(v, s, n.mmsi, *n.slow, n.d, ctx, out);
  }
}

void RendezvousDetector::meet(const track::Vessel& a, const Slow& sa, uint32_t b, const Slow& sb, double d_m,
                              const Context& ctx, FindingSink out) {
  const uint64_t pk = pair_key(a.mmsi, b);
  Pair& p = pair_shard(pk)[pk];
  const int64_t now = sa.last.time_ms;
  if (p.samples == 0 || now - p.last_ms > ms(params_.max_silence)) {
    // A new meeting (or the first one after parting).
    bool raised = p.raised;
    p = Pair{};
    p.start_ms = std::min(now, sb.last.time_ms);
    p.raised = raised;
    p.reported_score = 0;
  }
  p.last_ms = now;
  p.min_m = std::min(p.min_m, d_m);
  p.sum_m += d_m;
  ++p.samples;
  if (now - p.start_ms < ms(params_.min_duration)) return;

  double score = params_.score_base;
  if (is_tanker(sa.shiptype) || is_tanker(sb.shiptype)) score += params_.score_tanker;
  if (now - p.start_ms >= 4 * ms(params_.min_duration)) score += params_.score_long;
  std::array<AssetHit, 1> hit;
  if (ctx.assets.corridors_at(sa.last.pos(), hit, KindSet{AssetKind::kCable, AssetKind::kPipeline}).count > 0) {
    score += params_.score_on_asset;
  }
  if (score == p.reported_score) return;  // one alert per pair; updated when the judgement changes
  p.reported_score = score;
  p.raised = true;
  report(a, b, p, ctx, out);
}

void RendezvousDetector::report(const track::Vessel& a, uint32_t b, const Pair& p, const Context& ctx,
                                FindingSink out) {
  const track::Vessel* vb = ctx.picture.find(b);
  const Slow& sa = slow_.at(a.mmsi);
  const Slow& sb = slow_.at(b);
  Finding f;
  f.kind = "rendezvous";
  f.episode = std::to_string(std::min(a.mmsi, b)) + "/" + std::to_string(std::max(a.mmsi, b));
  f.time = sa.last.time();
  f.mmsi = {std::min(a.mmsi, b), std::max(a.mmsi, b)};
  const LatLon pa = sa.last.pos(), pb = sb.last.pos();
  f.pos = {0.5 * (pa.lat + pb.lat), 0.5 * (pa.lon + pb.lon)};
  f.score = std::clamp(p.reported_score, 0.0, 100.0);
  std::array<AssetHit, 1> hit;
  if (ctx.assets.corridors_at(f.pos, hit, KindSet{AssetKind::kCable, AssetKind::kPipeline}).count > 0) {
    f.asset = hit[0].asset;
  }
  // The score's score_on_asset judged the corridor at the first vessel.
  if (ctx.assets.corridors_at(pa, hit, KindSet{AssetKind::kCable, AssetKind::kPipeline}).count > 0 &&
      hit[0].asset != f.asset) {
    f.named_assets.push_back(hit[0].asset);
  }
  const double minutes = static_cast<double>(p.last_ms - p.start_ms) / kMinuteMs;
  const double mean_m = p.sum_m / p.samples;
  std::string label_b = vb != nullptr ? vessel_label(*vb) : "Vessel MMSI " + std::to_string(b);
  char text[200];
  std::snprintf(text, sizeof text, " have stayed within %.0f m of each other at under %.1f kn for %.0f min, "
                "away from any anchorage or port: a possible ship-to-ship transfer", std::max(mean_m, p.min_m),
                params_.leave_speed_kn, minutes);
  f.summary = vessel_label(a) + " and " + label_b + text;
  if (f.asset) f.summary += ", inside the " + ctx.assets.asset(*f.asset).name + " corridor";
  f.evidence["duration_min"] = round1(minutes);
  f.evidence["min_distance_m"] = std::round(p.min_m);
  f.evidence["mean_distance_m"] = std::round(mean_m);
  f.evidence["speed_kn"] = {round1(sa.last.sog_kn()), round1(sb.last.sog_kn())};
  f.evidence["names"] = {std::string(a.statics.name.view()), vb != nullptr ? std::string(vb->statics.name.view()) : ""};
  f.evidence["since"] = format_iso8601(from_unix_ms(p.start_ms));
  std::vector<track::TrackPoint> scratch;
  EpisodeTrack seg;
  seg.seed(ctx.picture.history(a, scratch), p.start_ms);
  f.evidence["segment"] = seg.to_json(a.last);
  if (vb != nullptr) {
    EpisodeTrack seg_b;
    seg_b.seed(ctx.picture.history(*vb, scratch), p.start_ms);
    f.evidence["segment_b"] = seg_b.to_json(vb->last);
  }
  out(std::move(f));
}

void RendezvousDetector::on_tick(const Context& ctx, FindingSink /*out*/) {
  const int64_t now = to_unix_ms(ctx.now);
  if (now < next_sweep_ms_) return;
  next_sweep_ms_ = now + kMinuteMs;
  // Parted pairs and slow vessels no longer heard leave the state.
  for (PairMap& shard : pairs_) {
    for (auto it = shard.begin(); it != shard.end();) {
      it = now - it->second.last_ms > ms(params_.max_silence) ? shard.erase(it) : std::next(it);
    }
  }
  if (now < next_slow_sweep_ms_) return;
  next_slow_sweep_ms_ = now + 10 * kMinuteMs;
  std::vector<uint32_t> stale;
  for (const auto& [mmsi, s] : slow_) {
    if (now - s.last.time_ms > 3 * ms(params_.max_silence)) stale.push_back(mmsi);
  }
  for (uint32_t mmsi : stale) leave(mmsi);
}

std::unique_ptr<Detector> make_rendezvous_detector() { return std::make_unique<RendezvousDetector>(); }

}  // namespace lookout::detect
