#include "detect/peer_judgement.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lookout::detect {

namespace {

constexpr double kKmPerDeg = 111.32;
constexpr double kRadPerDeg = 0.017453292519943295;

double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

long pct(double x) { return std::lround(x * 100.0); }

}  // namespace

double peer_weight(int vessels, int slowed, double slowed_median, double own_ratio, const PeerParams& params) {
  if (!params.enabled || slowed <= 0 || !(slowed_median > 0)) return 1.0;
  const double share = slowed / (vessels + params.prior);
  const double span = std::max(params.shared_full - params.shared_from, 1e-9);
  const double shared = clamp01((share - params.shared_from) / span);
  const double far = params.far_ratio * slowed_median;
  const double closeness = clamp01((own_ratio - far) / std::max((1.0 - params.far_ratio) * slowed_median, 1e-9));
  return 1.0 - shared * closeness;
}

PeerJudgement judge_against_peers(const RegionalBaseline& baseline, LatLon p, uint32_t self, double own_ratio,
                                  const PeerParams& params) {
  PeerJudgement j;
  j.known = true;
  const PeerStats s = baseline.peers_near(p, self, params.radius_cells);
  const double slowed_ratio = baseline.params().slowed_ratio;
  j.vessels = s.vessels;
  j.slowed = s.slowed(slowed_ratio);
  if (j.slowed > 0) {
    j.slowed_q1 = s.ratio_quantile(0.25, slowed_ratio, true);
    j.slowed_median = s.ratio_quantile(0.5, slowed_ratio, true);
    j.slowed_q3 = s.ratio_quantile(0.75, slowed_ratio, true);
  }
  j.yaw_median_deg = s.yaw_quantile(0.5);
  j.own_ratio = own_ratio;
  j.weight = peer_weight(j.vessels, j.slowed, j.slowed_median, own_ratio, params);
  const int cells = 2 * params.radius_cells + 1;
  j.area_h_km = cells * baseline.params().cell_lat_deg * kKmPerDeg;
  j.area_w_km = cells * baseline.params().cell_lon_deg * kKmPerDeg * std::cos(p.lat * kRadPerDeg);
  return j;
}

std::string PeerJudgement::text() const {
  char buf[256];
  const long own = pct(1.0 - own_ratio);
  char area[64];
  std::snprintf(area, sizeof area, "in the %.0f x %.0f km around it", area_w_km, area_h_km);
  if (vessels == 0) {
    std::snprintf(buf, sizeof buf, "no other merchant ship under way %s to compare with; this one slowed by %ld %%",
                  area, own);
  } else if (slowed == 0) {
    std::snprintf(buf, sizeof buf, "none of %d merchant ships under way %s slowed; this one by %ld %%", vessels, area,
                  own);
  } else {
    // The slowed peers' drops, as the interquartile range (most slowed by 40-50 %).
    const long lo = pct(1.0 - slowed_q3), hi = pct(1.0 - slowed_q1);
    if (lo == hi) {
      std::snprintf(buf, sizeof buf, "%d of %d merchant ships under way %s slowed by about %ld %%; this one by %ld %%",
                    slowed, vessels, area, lo, own);
    } else {
      std::snprintf(buf, sizeof buf, "%d of %d merchant ships under way %s slowed by %ld-%ld %%; this one by %ld %%",
                    slowed, vessels, area, lo, hi, own);
    }
  }
  return buf;
}

nlohmann::json PeerJudgement::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  j["text"] = text();
  j["vessels"] = vessels;
  j["slowed"] = slowed;
  if (slowed > 0) {
    j["slowed_drop_pct"] = {pct(1.0 - slowed_q3), pct(1.0 - slowed_median), pct(1.0 - slowed_q1)};
  }
  if (!std::isnan(yaw_median_deg)) j["yaw_median_deg"] = std::lround(yaw_median_deg);
  j["this_drop_pct"] = pct(1.0 - own_ratio);
  j["weight"] = std::round(weight * 100.0) / 100.0;
  j["area_km"] = {std::lround(area_w_km), std::lround(area_h_km)};
  return j;
}

}  // namespace lookout::detect
