#include "detect/regional_slowdown.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "geo/asset_index.h"

namespace lookout::detect {

namespace {

constexpr double kKmPerDeg = 111.32;
constexpr double kRadPerDeg = 0.017453292519943295;

int64_t ms(std::chrono::seconds s) { return std::chrono::duration_cast<std::chrono::milliseconds>(s).count(); }

long pct(double x) { return std::lround(x * 100.0); }

bool adjacent(uint64_t a, uint64_t b) {
  return std::abs(RegionalBaseline::lat_index(a) - RegionalBaseline::lat_index(b)) <= 1 &&
         std::abs(RegionalBaseline::lon_index(a) - RegionalBaseline::lon_index(b)) <= 1;
}

}  // namespace

RegionalSlowdown::RegionalSlowdown(RegionalSlowdownParams params) : params_(std::move(params)) {}

bool RegionalSlowdown::near_harbour(const RegionalBaseline& b, uint64_t cell, const AssetIndex& assets) const {
  const auto& bp = b.params();
  const LatLon sw = b.corner_of(cell);
  const LatLon centre{sw.lat + bp.cell_lat_deg / 2, sw.lon + bp.cell_lon_deg / 2};
  const double h = bp.cell_lat_deg * kKmPerDeg * 1000, w = bp.cell_lon_deg * kKmPerDeg * 1000 * std::cos(centre.lat * kRadPerDeg);
  std::array<AssetHit, 1> hit;
  constexpr KindSet kHarbours{AssetKind::kPort, AssetKind::kAnchorage};
  return assets.within(centre, std::hypot(w, h) / 2 + params_.harbour_margin_m, hit, kHarbours).count > 0;
}

std::vector<RegionalSlowdown::Cluster> RegionalSlowdown::clusters(const RegionalBaseline& b,
                                                                  const AssetIndex& assets) const {
  const double slowed_ratio = b.params().slowed_ratio;
  std::vector<uint64_t> slowed_cells;
  b.for_each_cell([&](uint64_t key, const PeerStats& s) {
    const int slowed = s.slowed(slowed_ratio);
    if (slowed > 0 && slowed >= params_.keep_share * s.vessels) slowed_cells.push_back(key);
  });
  std::erase_if(slowed_cells, [&](uint64_t key) { return near_harbour(b, key, assets); });
  // Connected components over 8-neighbours; cells come in key order, so the
  // clusters (and the cells of each) do too.
  std::vector<Cluster> out;
  std::vector<bool> taken(slowed_cells.size(), false);
  for (std::size_t i = 0; i < slowed_cells.size(); ++i) {
    if (taken[i]) continue;
    Cluster c;
    std::vector<std::size_t> stack{i};
    taken[i] = true;
    while (!stack.empty()) {
      const std::size_t k = stack.back();
      stack.pop_back();
      c.cells.push_back(slowed_cells[k]);
      for (std::size_t j = 0; j < slowed_cells.size(); ++j) {
        if (!taken[j] && adjacent(slowed_cells[k], slowed_cells[j])) {
          taken[j] = true;
          stack.push_back(j);
        }
      }
    }
    std::sort(c.cells.begin(), c.cells.end());
    for (uint64_t key : c.cells) c.stats.add(*b.cell(key));
    out.push_back(std::move(c));
  }
  return out;
}

bool RegionalSlowdown::touches(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  for (uint64_t x : a) {
    for (uint64_t y : b) {
      if (adjacent(x, y)) return true;
    }
  }
  return false;
}

int RegionalSlowdown::score(const Cluster& c, double slowed_ratio) const {
  const double share = c.stats.vessels > 0 ? static_cast<double>(c.stats.slowed(slowed_ratio)) / c.stats.vessels : 0;
  const double x = std::clamp((share - params_.min_share) / std::max(1.0 - params_.min_share, 1e-9), 0.0, 1.0);
  return 25 + static_cast<int>(std::lround(14 * x));  // low: a condition to know of, not a threat
}

void RegionalSlowdown::on_tick(const Context& ctx, FindingSink out) {
  if (ctx.baseline == nullptr) return;
  const int64_t now = to_unix_ms(ctx.now);
  if (now < next_ms_) return;
  next_ms_ = now + 60'000;
  const RegionalBaseline& b = *ctx.baseline;
  const double slowed_ratio = b.params().slowed_ratio;

  std::vector<Cluster> found = clusters(b, ctx.assets);
  for (Cluster& c : found) {
    const int slowed = c.stats.slowed(slowed_ratio);
    // The notice this cluster continues: the oldest it overlaps or borders.
    Notice* n = nullptr;
    for (std::size_t i = 0; i < notices_.size(); ++i) {
      // A cluster that merged two notices continues the oldest; the others lapse.
      if (n == nullptr && touches(c.cells, notices_[i].last.cells)) n = &notices_[i];
    }
    if (n == nullptr) {
      if (c.stats.vessels < params_.min_vessels || slowed < params_.min_share * c.stats.vessels) continue;
      if (notices_.size() >= params_.max_notices) continue;
      Notice fresh;
      const uint64_t first = c.cells.front();
      fresh.episode = std::to_string(RegionalBaseline::lat_index(first)) + '_' +
                      std::to_string(RegionalBaseline::lon_index(first)) + '/' + std::to_string(now / 1000);
      fresh.start_ms = now;
      notices_.push_back(std::move(fresh));
      n = &notices_.back();
    } else if (2 * slowed < params_.min_vessels) {
      continue;  // too few left slowed to carry it: let it lapse
    }
    if (n->last_active_ms == now) {  // a second cluster for the same notice: merge them
      for (uint64_t k : c.cells) n->last.cells.push_back(k);
      std::sort(n->last.cells.begin(), n->last.cells.end());
      n->last.stats.add(c.stats);
    } else {
      n->last = std::move(c);
      n->last_active_ms = now;
    }
  }
  // Emit after matching, so that a merged notice goes out once, whole.
  for (std::size_t i = 0; i < notices_.size();) {
    Notice& n = notices_[i];
    if (n.last_active_ms == now) {
      const int s = score(n.last, slowed_ratio);
      if (n.last_emit_ms == 0 || s != n.last_score || now - n.last_emit_ms >= ms(params_.update_interval)) {
        out(finding(n, n.last, b, ctx.now, s, false));
        n.last_score = s;
        n.last_emit_ms = now;
      }
      ++i;
    } else if (now - n.last_active_ms >= ms(params_.end_after)) {
      out(finding(n, n.last, b, ctx.now, 10, true));
      notices_.erase(notices_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
}

Finding RegionalSlowdown::finding(const Notice& n, const Cluster& c, const RegionalBaseline& b, Timestamp now,
                                  int score, bool ended) const {
  const auto& bp = b.params();
  double south = 90, west = 180, north = -90, east = -180, lat_sum = 0, lon_sum = 0;
  for (uint64_t key : c.cells) {
    const LatLon sw = b.corner_of(key);
    south = std::min(south, sw.lat);
    west = std::min(west, sw.lon);
    north = std::max(north, sw.lat + bp.cell_lat_deg);
    east = std::max(east, sw.lon + bp.cell_lon_deg);
    lat_sum += sw.lat + bp.cell_lat_deg / 2;
    lon_sum += sw.lon + bp.cell_lon_deg / 2;
  }
  const double k = static_cast<double>(c.cells.size());
  const LatLon centre{lat_sum / k, lon_sum / k};
  const double w_km = (east - west) * kKmPerDeg * std::cos(centre.lat * kRadPerDeg);
  const double h_km = (north - south) * kKmPerDeg;
  const int slowed = c.stats.slowed(bp.slowed_ratio);
  const double q1 = c.stats.ratio_quantile(0.25, bp.slowed_ratio, true);
  const double med = c.stats.ratio_quantile(0.5, bp.slowed_ratio, true);
  const double q3 = c.stats.ratio_quantile(0.75, bp.slowed_ratio, true);
  const double yaw = c.stats.yaw_quantile(0.5);

  Finding f;
  f.kind = "regional_slowdown";
  f.episode = n.episode;
  f.time = now;
  f.pos = centre;
  f.score = score;
  char buf[320];
  char yaw_text[40] = "";
  if (!std::isnan(yaw)) std::snprintf(yaw_text, sizeof yaw_text, ", median yaw %.0f deg", yaw);
  if (ended) {
    std::snprintf(buf, sizeof buf,
                  "Merchant traffic around %.2f N %.2f E is back to its own speeds: the shared slowdown "
                  "(%d of %d ships under way over %.0f x %.0f km) has ended",
                  centre.lat, centre.lon, slowed, c.stats.vessels, w_km, h_km);
  } else {
    std::snprintf(buf, sizeof buf,
                  "Merchant traffic slowed together around %.2f N %.2f E: %d of %d ships under way over %.0f x %.0f "
                  "km are %ld-%ld %% below their own cruise speeds%s; weather or another shared condition, "
                  "not one ship's doing",
                  centre.lat, centre.lon, slowed, c.stats.vessels, w_km, h_km, pct(1 - q3), pct(1 - q1), yaw_text);
  }
  f.summary = buf;
  auto& ev = f.evidence;
  ev["area"] = {std::round(west * 1e4) / 1e4, std::round(south * 1e4) / 1e4, std::round(east * 1e4) / 1e4,
                std::round(north * 1e4) / 1e4};
  ev["area_km"] = {std::lround(w_km), std::lround(h_km)};
  ev["cells"] = c.cells.size();
  ev["vessels"] = c.stats.vessels;
  ev["slowed"] = slowed;
  ev["share_pct"] = c.stats.vessels > 0 ? pct(static_cast<double>(slowed) / c.stats.vessels) : 0;
  if (slowed > 0) ev["slowed_drop_pct"] = {pct(1 - q3), pct(1 - med), pct(1 - q1)};
  if (!std::isnan(yaw)) ev["yaw_median_deg"] = std::lround(yaw);
  ev["since"] = format_iso8601(from_unix_ms(n.start_ms));
  if (ended) ev["ended"] = format_iso8601(now);
  return f;
}

std::unique_ptr<Detector> make_regional_slowdown() { return std::make_unique<RegionalSlowdown>(); }

}  // namespace lookout::detect
