#include "detect/regional_baseline.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lookout::detect {

namespace {

using track::TrackPoint;
using track::Update;
using track::UpdateKind;
using track::Vessel;
using track::VesselClass;

constexpr double kSlowedForHold = 0.85;  // the picture's own "markedly slower" (Picture::update_cruise)

int64_t ms(std::chrono::seconds s) { return std::chrono::duration_cast<std::chrono::milliseconds>(s).count(); }

// The value at quantile q of a histogram of `n` bins of width `w`, linear
// within the bin it falls in; NaN for an empty histogram.
template <std::size_t N>
double hist_quantile(const std::array<uint16_t, N>& h, std::size_t bins, double w, double q) {
  int total = 0;
  for (std::size_t i = 0; i < bins; ++i) total += h[i];
  if (total == 0) return std::numeric_limits<double>::quiet_NaN();
  const double target = q * total;
  double below = 0;
  for (std::size_t i = 0; i < bins; ++i) {
    if (h[i] == 0) continue;
    if (below + h[i] >= target) {
      const double frac = std::clamp((target - below) / h[i], 0.0, 1.0);
      return (static_cast<double>(i) + frac) * w;
    }
    below += h[i];
  }
  return static_cast<double>(bins) * w;
}

}  // namespace

std::vector<std::pair<uint8_t, uint8_t>> default_baseline_exempt_types() { return {{30, 34}, {36, 37}, {50, 59}}; }

void PeerStats::add(const PeerStats& o) {
  for (int i = 0; i < kRatioBins; ++i) ratio[i] = static_cast<uint16_t>(ratio[i] + o.ratio[i]);
  for (int i = 0; i < kYawBins; ++i) yaw[i] = static_cast<uint16_t>(yaw[i] + o.yaw[i]);
  vessels += o.vessels;
}

int PeerStats::slowed(double slowed_ratio) const {
  // A bin counts when all of it lies at or below the threshold (0.8: bins 0-15).
  const int last = static_cast<int>(std::floor(slowed_ratio / kRatioBin + 1e-9));
  int n = 0;
  for (int i = 0; i < std::min(last, kRatioBins); ++i) n += ratio[i];
  return n;
}

double PeerStats::ratio_quantile(double q, double slowed_ratio, bool slowed_only) const {
  const int last = static_cast<int>(std::floor(slowed_ratio / kRatioBin + 1e-9));
  const std::size_t bins = slowed_only ? static_cast<std::size_t>(std::clamp(last, 0, kRatioBins)) : kRatioBins;
  return hist_quantile(ratio, bins, kRatioBin, q);
}

double PeerStats::yaw_quantile(double q) const { return hist_quantile(yaw, kYawBins, kYawBinDeg, q); }

RegionalBaseline::RegionalBaseline(RegionalBaselineParams params) : params_(std::move(params)) {}

bool RegionalBaseline::counts(const Vessel& v) const {
  if (v.cls != VesselClass::kClassA && v.cls != VesselClass::kUnknown) return false;
  const uint8_t type = v.statics.shiptype;
  for (const auto& [lo, hi] : params_.exempt_types) {
    if (type >= lo && type <= hi) return false;
  }
  return true;
}

uint64_t RegionalBaseline::cell_of(LatLon p) const {
  const auto lat_i = static_cast<int32_t>(std::floor((p.lat + 90.0) / params_.cell_lat_deg));
  const auto lon_i = static_cast<int32_t>(std::floor((p.lon + 180.0) / params_.cell_lon_deg));
  return cell_key(lat_i, lon_i);
}

LatLon RegionalBaseline::corner_of(uint64_t cell) const {
  return {lat_index(cell) * params_.cell_lat_deg - 90.0, lon_index(cell) * params_.cell_lon_deg - 180.0};
}

uint32_t RegionalBaseline::cell_slot(uint64_t key, int64_t now_ms) {
  if (auto it = cell_index_.find(key); it != cell_index_.end()) return it->second;
  if (cell_index_.size() >= params_.max_cells) return kNoCell;
  uint32_t idx;
  if (!free_cells_.empty()) {
    idx = free_cells_.back();
    free_cells_.pop_back();
  } else {
    idx = static_cast<uint32_t>(cells_.size());
    cells_.emplace_back();
  }
  cells_[idx] = Cell{};
  cells_[idx].key = key;
  cells_[idx].last_ms = now_ms;
  cell_index_.emplace(key, idx);
  return idx;
}

void RegionalBaseline::leave(Member& m, int64_t now_ms) {
  if (m.cell == kNoCell) return;
  Cell& c = cells_[m.cell];
  --c.stats.ratio[m.ratio_bin];
  if (m.yaw_bin != 0xFF) --c.stats.yaw[m.yaw_bin];
  --c.stats.vessels;
  c.last_ms = now_ms;
  m.cell = kNoCell;
}

void RegionalBaseline::enter(Member& m, uint32_t cell, int64_t now_ms) {
  m.cell = cell;
  Cell& c = cells_[cell];
  ++c.stats.ratio[m.ratio_bin];
  if (m.yaw_bin != 0xFF) ++c.stats.yaw[m.yaw_bin];
  ++c.stats.vessels;
  c.last_ms = now_ms;
}

void RegionalBaseline::observe(const Update& u) {
  if (u.kind != UpdateKind::kPosition || u.vessel == nullptr) return;
  const Vessel& v = *u.vessel;
  const TrackPoint& p = u.point;
  Member* m = members_.find(v.mmsi);
  const double sog = p.sog_kn();  // NaN when not available
  const bool under_way = sog >= params_.min_speed_kn && counts(v);
  if (!under_way) {
    if (m != nullptr) {
      leave(*m, p.time_ms);
      members_.erase(v.mmsi);
    }
    return;
  }
  // The reference cruise: the picture's, held while the member is slowed.
  double ref = m != nullptr ? m->ref_kn : 0.0;
  const double cruise = v.cruise_kn;  // NaN until the vessel has moved
  int64_t slow_since = m != nullptr ? m->slow_since_ms : 0;
  if (ref > 0 && sog < kSlowedForHold * ref) {
    if (slow_since == 0) slow_since = p.time_ms;
    if (p.time_ms - slow_since > ms(params_.hold) && cruise >= params_.min_cruise_kn) {
      ref = cruise;  // held long enough: the new speed is its cruise now
      slow_since = 0;
    }
  } else {
    slow_since = 0;
    if (cruise > 0) ref = cruise;
  }
  if (!(ref >= params_.min_cruise_kn)) {
    if (m != nullptr) {
      leave(*m, p.time_ms);
      members_.erase(v.mmsi);
    }
    return;
  }
  const auto ratio_bin = static_cast<uint8_t>(
      std::clamp(static_cast<int>(sog / ref / PeerStats::kRatioBin), 0, PeerStats::kRatioBins - 1));
  uint8_t yaw_bin = 0xFF;
  if (p.has_heading() && p.has_cog()) {
    const double yaw = std::fabs(std::remainder(static_cast<double>(p.heading) - p.cog_deg(), 360.0));
    yaw_bin = static_cast<uint8_t>(std::min(static_cast<int>(yaw / PeerStats::kYawBinDeg), PeerStats::kYawBins - 1));
  }
  const uint64_t key = cell_of(p.pos());

  if (m == nullptr) {
    if (members_.size() >= params_.max_members) {
      ++dropped_;
      return;
    }
    const uint32_t cell = cell_slot(key, p.time_ms);
    if (cell == kNoCell) {
      ++dropped_;
      return;
    }
    m = &members_[v.mmsi];
    m->ratio_bin = ratio_bin;
    m->yaw_bin = yaw_bin;
    enter(*m, cell, p.time_ms);
  } else if (m->cell == kNoCell || cells_[m->cell].key != key || m->ratio_bin != ratio_bin ||
             m->yaw_bin != yaw_bin) {
    leave(*m, p.time_ms);
    const uint32_t cell = cell_slot(key, p.time_ms);
    if (cell == kNoCell) {
      ++dropped_;
      members_.erase(v.mmsi);
      return;
    }
    m->ratio_bin = ratio_bin;
    m->yaw_bin = yaw_bin;
    enter(*m, cell, p.time_ms);
  }
  m->ref_kn = static_cast<float>(ref);
  m->slow_since_ms = slow_since;
  m->last_ms = p.time_ms;
}

void RegionalBaseline::expire(Timestamp now) {
  const int64_t now_ms = to_unix_ms(now);
  if (now_ms < next_sweep_ms_) return;
  next_sweep_ms_ = now_ms + 60'000;
  const int64_t member_limit = ms(params_.member_ttl);
  members_.erase_if([&](uint32_t, Member& m) {
    if (now_ms - m.last_ms <= member_limit) return false;
    leave(m, now_ms);
    return true;
  });
  const int64_t cell_limit = ms(params_.cell_ttl);
  for (auto it = cell_index_.begin(); it != cell_index_.end();) {
    const Cell& c = cells_[it->second];
    if (c.stats.vessels == 0 && now_ms - c.last_ms > cell_limit) {
      free_cells_.push_back(it->second);
      it = cell_index_.erase(it);
    } else {
      ++it;
    }
  }
}

PeerStats RegionalBaseline::peers_near(LatLon p, uint32_t self, int radius) const {
  PeerStats out;
  const uint64_t centre = cell_of(p);
  for (int dy = -radius; dy <= radius; ++dy) {
    for (int dx = -radius; dx <= radius; ++dx) {
      if (const PeerStats* s = cell(cell_key(lat_index(centre) + dy, lon_index(centre) + dx))) out.add(*s);
    }
  }
  if (self == 0) return out;
  const Member* m = members_.find(self);
  if (m == nullptr || m->cell == kNoCell) return out;
  const uint64_t own = cells_[m->cell].key;
  if (std::abs(lat_index(own) - lat_index(centre)) > radius || std::abs(lon_index(own) - lon_index(centre)) > radius) {
    return out;
  }
  --out.ratio[m->ratio_bin];
  if (m->yaw_bin != 0xFF) --out.yaw[m->yaw_bin];
  --out.vessels;
  return out;
}

const PeerStats* RegionalBaseline::cell(uint64_t key) const {
  auto it = cell_index_.find(key);
  return it == cell_index_.end() ? nullptr : &cells_[it->second].stats;
}

void RegionalBaseline::sort_keys() const { std::sort(scratch_keys_.begin(), scratch_keys_.end()); }

std::size_t RegionalBaseline::memory_bytes() const {
  // MmsiMap keeps at most 5/8 of its slots full; count its slots at 8/5 of the members.
  const std::size_t member_slots = members_.size() * 8 / 5 + 1;
  const std::size_t index_node = sizeof(uint64_t) + sizeof(uint32_t) + 2 * sizeof(void*);
  return member_slots * (sizeof(uint32_t) + sizeof(Member)) + cells_.capacity() * sizeof(Cell) +
         cell_index_.size() * index_node + cell_index_.bucket_count() * sizeof(void*) +
         free_cells_.capacity() * sizeof(uint32_t);
}

}  // namespace lookout::detect
