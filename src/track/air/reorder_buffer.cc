#include "track/air/reorder_buffer.h"

#include <algorithm>

namespace lookout::air {

bool ReorderBuffer::later(const Key& a, const Key& b) {
  if (a.time != b.time) return a.time > b.time;
  if (a.sensor != b.sensor) return a.sensor > b.sensor;
  return a.seq > b.seq;
}

ReorderBuffer::Result ReorderBuffer::push(const SensorDetection& d, uint32_t sensor,
                                          Timestamp& source_latest, std::chrono::milliseconds lag) {
  if (any_released_ && d.time < released_) return Result::kLate;
  bool reordered = false;
  if (source_latest != Timestamp{} && d.time < source_latest) {
    if (d.time + lag < source_latest) return Result::kLate;
    reordered = true;
  }
  if (heap_.size() >= capacity_) return Result::kFull;
  source_latest = std::max(source_latest, d.time);
  uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
    pool_[slot] = d;
  } else {
    slot = static_cast<uint32_t>(pool_.size());
    pool_.push_back(d);
  }
  heap_.push_back({d.time, sensor, seq_++, slot});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return reordered ? Result::kReordered : Result::kInOrder;
}

const SensorDetection* ReorderBuffer::peek(Timestamp frontier, uint32_t* sensor) const {
  if (heap_.empty() || heap_.front().time > frontier) return nullptr;
  if (sensor != nullptr) *sensor = heap_.front().sensor;
  return &pool_[heap_.front().slot];
}

void ReorderBuffer::pop() {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  const Key k = heap_.back();
  heap_.pop_back();
  free_.push_back(k.slot);
  released_ = any_released_ ? std::max(released_, k.time) : k.time;
  any_released_ = true;
}

void ReorderBuffer::raise_released(Timestamp t) {
  released_ = any_released_ ? std::max(released_, t) : t;
  any_released_ = true;
}

}  // namespace lookout::air
