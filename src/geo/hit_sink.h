// Bounded, allocation-free collectors of query results (internal to
// AssetIndex). Both keep their span sorted and, when it is full, keep the
// best results and remember that some were dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "geo/asset_index.h"

namespace lookout {

// Hits, one per asset (its smallest distance), closest first; ties by asset.
class HitSink {
 public:
  explicit HitSink(std::span<AssetHit> out) : out_(out) {}

  void offer(uint32_t asset, double distance_m, LatLon closest) {
    for (std::size_t i = 0; i < n_; ++i) {
      if (out_[i].asset != asset) continue;
      if (distance_m >= out_[i].distance_m) return;
      erase(i);  // re-inserted below at its new place
      break;
    }
    insert({asset, distance_m, closest});
  }
  HitCount result() const { return {n_, truncated_}; }

 private:
  static bool before(const AssetHit& x, const AssetHit& y) {
    return x.distance_m < y.distance_m || (x.distance_m == y.distance_m && x.asset < y.asset);
  }
  void erase(std::size_t i) {
    for (std::size_t j = i + 1; j < n_; ++j) out_[j - 1] = out_[j];
    --n_;
  }
  void insert(const AssetHit& hit) {
    if (n_ == out_.size()) {
      truncated_ = true;
      if (n_ == 0 || !before(hit, out_[n_ - 1])) return;
      --n_;  // drop the farthest
    }
    std::size_t i = n_;
    while (i > 0 && before(hit, out_[i - 1])) {
      out_[i] = out_[i - 1];
      --i;
    }
    out_[i] = hit;
    ++n_;
  }

  std::span<AssetHit> out_;
  std::size_t n_ = 0;
  bool truncated_ = false;
};

// Crossings in order along the movement; ties by asset.
class CrossingSink {
 public:
  explicit CrossingSink(std::span<AssetCrossing> out) : out_(out) {}

  void offer(uint32_t asset, LatLon point, double fraction) {
    const AssetCrossing c{asset, point, fraction};
    if (n_ == out_.size()) {
      truncated_ = true;
      if (n_ == 0 || !before(c, out_[n_ - 1])) return;
      --n_;  // drop the latest
    }
    std::size_t i = n_;
    while (i > 0 && before(c, out_[i - 1])) {
      out_[i] = out_[i - 1];
      --i;
    }
    out_[i] = c;
    ++n_;
  }
  HitCount result() const { return {n_, truncated_}; }

 private:
  static bool before(const AssetCrossing& x, const AssetCrossing& y) {
    return x.fraction < y.fraction || (x.fraction == y.fraction && x.asset < y.asset);
  }

  std::span<AssetCrossing> out_;
  std::size_t n_ = 0;
  bool truncated_ = false;
};

}  // namespace lookout
