// TrackChunker: cuts each vessel's reports into chunks whose bounding boxes
// index the track in space and time (see store.h). Shared by the adapters:
// they write the chunk rows it hands out in the same transaction as the
// positions, so a committed position is always findable.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "track/vessel.h"

namespace lookout::store {

struct ChunkRow {
  int64_t id = 0;
  uint32_t mmsi = 0;
  double min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
  int64_t from_ms = 0, to_ms = 0;
  uint32_t points = 0;
};

class TrackChunker {
 public:
  // `next_id`: the first free chunk id in the store.
  TrackChunker(uint32_t max_points, uint32_t max_seconds, int64_t next_id);

  // True when the vessel has an open chunk in memory. When it has not, the
  // adapter passes the vessel's last stored report (if any) to add(), so that
  // the segment from it - across an AIS gap, say - is covered too.
  bool knows(uint32_t mmsi) const { return open_.find(mmsi) != open_.end(); }
  void add(uint32_t mmsi, const track::TrackPoint& p, const track::TrackPoint* previous);

  // Appends the chunks changed since the last call (to upsert by id).
  void take_dirty(std::vector<ChunkRow>& out);

  // Forgets vessels whose last report is older than `before_ms`; bounds
  // memory. Walks every open track, so it does so only when `before_ms` has
  // advanced kEvictStepMs since the last walk (and on the first call).
  void evict_idle(int64_t before_ms);
  static constexpr int64_t kEvictStepMs = 10 * 60 * 1000;

  std::size_t open_chunks() const { return open_.size(); }

 private:
  struct Open {
    ChunkRow row;
    track::TrackPoint last;
    bool dirty = false;
  };
  void start(Open& o, uint32_t mmsi, const track::TrackPoint& p, const track::TrackPoint* previous);
  void mark_dirty(Open& o, uint32_t mmsi);
  static constexpr int64_t kNeverEvicted = INT64_MIN;

  uint32_t max_points_;
  int64_t max_ms_;
  int64_t next_id_;
  std::unordered_map<uint32_t, Open> open_;
  std::vector<ChunkRow> closed_;  // closed since the last take_dirty
  std::vector<uint32_t> dirty_list_;  // vessels whose open chunk changed since then (may repeat)
  int64_t evicted_before_ = kNeverEvicted;
};

}  // namespace lookout::store
