// TrackHistory: the bounded memory of where a track has been.
//
// A tracker that runs for months must not grow: Stone Soup's users ran out
// of memory (128 GB, its issue #540) because every track kept every state.
// Here a track keeps its first kFirst points (where it came from: a launch
// point is projected back from these) and a ring of its last kRecent points,
// thinned to one per `min_interval` so that the ring spans a useful time
// whatever the scan rate. Fixed arrays inside the track: no allocation.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "core/latlon.h"
#include "core/time.h"

namespace lookout::air {

struct TrackPoint {
  Timestamp time;
  LatLon position;
  double alt_m = 0;
};

class TrackHistory {
 public:
  static constexpr std::size_t kFirst = 8;
  static constexpr std::size_t kRecent = 32;

  // Records `p` if it is at least `min_interval` after the last point kept
  // (the first point is always kept). Points must come in time order.
  void add(const TrackPoint& p, std::chrono::milliseconds min_interval) {
    if (total_ > 0 && p.time - last_time_ < min_interval) return;
    last_time_ = p.time;
    ++total_;
    if (first_count_ < kFirst) {
      first_[first_count_++] = p;
      return;
    }
    recent_[recent_next_] = p;
    recent_next_ = (recent_next_ + 1) % kRecent;
    if (recent_count_ < kRecent) ++recent_count_;
  }

  // The first points, oldest first.
  std::size_t first_count() const { return first_count_; }
  const TrackPoint& first(std::size_t i) const { return first_[i]; }

  // The recent points after the first ones, oldest first: recent(0) is the
  // oldest still kept. REQUIRES: i < recent_count().
  std::size_t recent_count() const { return recent_count_; }
  const TrackPoint& recent(std::size_t i) const {
    std::size_t start = (recent_next_ + kRecent - recent_count_) % kRecent;
    return recent_[(start + i) % kRecent];
  }

  // Points ever kept (including those the ring has since overwritten).
  uint64_t total() const { return total_; }

 private:
  std::array<TrackPoint, kFirst> first_{};
  std::array<TrackPoint, kRecent> recent_{};
  std::size_t first_count_ = 0;
  std::size_t recent_count_ = 0;
  std::size_t recent_next_ = 0;
  uint64_t total_ = 0;
  Timestamp last_time_{};
};

}  // namespace lookout::air
