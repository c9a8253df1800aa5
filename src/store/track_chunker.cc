#include "store/track_chunker.h"

#include <algorithm>

namespace lookout::store {

namespace {

// Grows the box and time span to cover p (the first point sets them).
void cover(ChunkRow& r, const track::TrackPoint& p, bool first) {
  double lat = p.lat_e7 * 1e-7, lon = p.lon_e7 * 1e-7;
  if (first) {
    r.min_lat = r.max_lat = lat;
    r.min_lon = r.max_lon = lon;
    r.from_ms = r.to_ms = p.time_ms;
    return;
  }
  r.min_lat = std::min(r.min_lat, lat);
  r.max_lat = std::max(r.max_lat, lat);
  r.min_lon = std::min(r.min_lon, lon);
  r.max_lon = std::max(r.max_lon, lon);
  r.from_ms = std::min(r.from_ms, p.time_ms);
  r.to_ms = std::max(r.to_ms, p.time_ms);
}

}  // namespace

TrackChunker::TrackChunker(uint32_t max_points, uint32_t max_seconds, int64_t next_id)
    : max_points_(std::max<uint32_t>(max_points, 2)),
      max_ms_(static_cast<int64_t>(std::max<uint32_t>(max_seconds, 1)) * 1000),
      next_id_(next_id) {}

void TrackChunker::start(Open& o, uint32_t mmsi, const track::TrackPoint& p, const track::TrackPoint* previous) {
  o.row = ChunkRow{};
  o.row.id = next_id_++;
  o.row.mmsi = mmsi;
  cover(o.row, p, true);
  o.row.points = 1;
  // The box also covers the previous report, so that the segment joining
  // the two chunks (an AIS gap, say) lies inside this one; that report is
  // not counted as one of this chunk's points.
  if (previous != nullptr) cover(o.row, *previous, false);
  o.last = p;
  mark_dirty(o, mmsi);
}

void TrackChunker::mark_dirty(Open& o, uint32_t mmsi) {
  if (o.dirty) return;
  o.dirty = true;
  dirty_list_.push_back(mmsi);
}

void TrackChunker::add(uint32_t mmsi, const track::TrackPoint& p, const track::TrackPoint* previous) {
  auto [it, inserted] = open_.try_emplace(mmsi);
  Open& o = it->second;
  if (inserted) {
    start(o, mmsi, p, previous);
    return;
  }
  if (o.row.points >= max_points_ || p.time_ms - o.row.from_ms > max_ms_) {
    if (o.dirty) closed_.push_back(o.row);
    track::TrackPoint prev = o.last;
    start(o, mmsi, p, &prev);
    return;
  }
  cover(o.row, p, false);
  ++o.row.points;
  if (p.time_ms >= o.last.time_ms) o.last = p;
  mark_dirty(o, mmsi);
}

void TrackChunker::take_dirty(std::vector<ChunkRow>& out) {
  out.insert(out.end(), closed_.begin(), closed_.end());
  closed_.clear();
  // Only the vessels that changed: a commit must not walk every open track
  // (tens of thousands on a busy node, a few times a second).
  for (uint32_t mmsi : dirty_list_) {
    auto it = open_.find(mmsi);
    if (it == open_.end() || !it->second.dirty) continue;  // evicted, or listed twice
    out.push_back(it->second.row);
    it->second.dirty = false;
  }
  dirty_list_.clear();
}

void TrackChunker::evict_idle(int64_t before_ms) {
  // A walk over every open track: at most once per kEvictStepMs of the
  // cutoff's advance (a vessel idle a little over the limit may stay a
  // few minutes longer).
  if (evicted_before_ != kNeverEvicted && before_ms - evicted_before_ < kEvictStepMs) return;
  evicted_before_ = before_ms;
  for (auto it = open_.begin(); it != open_.end();) {
    if (it->second.last.time_ms < before_ms) {
      if (it->second.dirty) closed_.push_back(it->second.row);
      it = open_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace lookout::store
