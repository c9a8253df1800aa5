// ReorderBuffer: puts plots that arrive out of order back in time order
// before the tracker sees them (Stone Soup calls this a time-buffered
// feeder; decision record 0015).
//
// Plots wait in a min-heap keyed by (time, sensor, arrival) and are released
// once the release frontier has passed them: the frontier is the latest event
// time seen (any plot, or advance()) less the largest reorder lag of the
// sensors still delivering (the caller's, AirTracker::Impl::release_frontier),
// so the merged stream of every sensor comes out in one
// time order and the tracker never predicts a track backwards. Ties in time
// come out sensor by sensor, so one sensor's frame stays together.
//
// A plot is late, and refused (the caller counts it), when it is older than
// what has already been released, or older than its own source's latest plot
// by more than that source's lag.
//
// Memory: at most `capacity` plots (the caller counts overflow); the pool and
// heap keep their storage, so a steady stream allocates nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "core/time.h"
#include "decode/detection.h"

namespace lookout::air {

class ReorderBuffer {
 public:
  enum class Result : uint8_t { kInOrder, kReordered, kLate, kFull };

  explicit ReorderBuffer(std::size_t capacity = 262144) : capacity_(capacity) {}

  // Holds `d` from source `sensor` (index; its lag in ms). The source's latest
  // time is what the caller tracks in `source_latest` (updated here).
  Result push(const SensorDetection& d, uint32_t sensor, Timestamp& source_latest,
              std::chrono::milliseconds lag);

  // The oldest held plot if its time is <= `frontier`, else null. Valid until
  // the next push() or pop().
  const SensorDetection* peek(Timestamp frontier, uint32_t* sensor) const;
  void pop();  // REQUIRES: peek() returned a plot

  std::size_t size() const { return heap_.size(); }
  // Time of the latest plot released (pop()); plots older are late.
  Timestamp released() const { return released_; }
  bool any_released() const { return any_released_; }
  // After update_scan(): the caller vouches that nothing older will come.
  void raise_released(Timestamp t);

 private:
  struct Key {
    Timestamp time;
    uint32_t sensor;
    uint64_t seq;
    uint32_t slot;
  };
  static bool later(const Key& a, const Key& b);

  std::size_t capacity_;
  std::vector<SensorDetection> pool_;
  std::vector<uint32_t> free_;
  std::vector<Key> heap_;
  uint64_t seq_ = 0;
  Timestamp released_{};
  bool any_released_ = false;
};

}  // namespace lookout::air
