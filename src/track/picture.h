// Picture: the live state of every vessel, keyed by MMSI.
//
// Observations arrive from many receivers, sometimes twice (two stations hear
// the same transmission), sometimes late (satellite feeds lag terrestrial
// ones) and sometimes wrong (a spoofed or mistyped MMSI reports from another
// sea). apply() merges one observation and says what it was, so that the
// detectors see each real movement exactly once and also see the rejects:
//   kPosition   a new position, in time order, accepted as the vessel's last
//   kDuplicate  the same report heard again (dropped)
//   kLate       older than the last position; kept in the history if it fits
//   kJump       a position no ship could reach from the last one (kept aside)
//   kStatic     static or voyage data (name, IMO, type, ...) merged
//   kIgnored    a message that says nothing about a vessel (e.g. type 20)
//
// Storage is dense: vessels live in slots, each with its history ring, bounded
// by Params whatever the input. Slots come in chunks that never move: growing
// never copies the vessels already held (a vector doubling its history pool
// copied ~150 MB and held a live node's thread ~100 ms at 64k vessels).
// Not thread-safe: one Picture per shard.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "decode/observation.h"
#include "track/mmsi_map.h"
#include "track/vessel.h"

namespace lookout::track {

struct PictureParams {
  uint32_t max_vessels = 100000;          ///< Vessels held at once; at the bound the stalest 1/64 are forgotten.
  uint16_t history_points = 96;           ///< Thinned history per vessel.
  std::chrono::seconds history_interval{30};  ///< Minimum time between kept history points.
  double max_speed_kn = 60;               ///< Faster implied speed between reports is a jump.
  double jump_min_m = 2000;               ///< Shorter moves are never jumps (GNSS noise, timing).
  std::chrono::seconds duplicate_window{5};   ///< Same position within this time: a duplicate.
  std::chrono::hours retention{24};       ///< expire() forgets vessels silent this long.
};

enum class UpdateKind : uint8_t { kIgnored, kPosition, kDuplicate, kLate, kJump, kStatic };

const char* to_string(UpdateKind kind) noexcept;

// Distance between two track points: planar at their mean latitude for the
// short hops between consecutive reports (exact to well under 0.1% there,
// and 50 times cheaper), GeographicLib's geodesic beyond 20 km.
double hop_m(const TrackPoint& a, const TrackPoint& b);

struct Update {
  UpdateKind kind = UpdateKind::kIgnored;
  Vessel* vessel = nullptr;           // null only for kIgnored
  TrackPoint point;                   // the reported position (position kinds)
  TrackPoint previous;                // the vessel's last position before this one
  bool has_previous = false;

  // hop_m(previous, point), 0 without a previous. Computed on first use: the
  // picture judges most long hops (jumps) by a bound, and the geodesic they
  // need is worth computing only where a detector reads it. The value is
  // kept: previous and point are not to change once it has been read.
  double distance_m() const {
    if (distance_m_ < 0) distance_m_ = has_previous ? hop_m(previous, point) : 0.0;
    return distance_m_;
  }
  // distance_m() over the time between, in knots, the time taken as at least
  // a second; 0 for kinds other than kPosition and kJump, or without a previous.
  double implied_speed_kn() const;
  // At least distance_m(), without computing a geodesic: distance_m() once
  // known, else the great-circle distance plus 1% (see great_circle_m()).
  double distance_bound_m() const;
  // implied_speed_kn() of distance_bound_m(): at least implied_speed_kn().
  double implied_speed_bound_kn() const;
  // Sets what distance_m() returns (the picture, when it has computed it).
  void set_distance_m(double d) { distance_m_ = d; }

  // kStatic: what changed. Old values are kept for the identity detector.
  bool imo_changed = false;
  bool name_changed = false;
  uint32_t old_imo = 0;
  FixedString<20> old_name;

 private:
  mutable double distance_m_ = -1;  // < 0: not computed yet
};

class Picture {
 public:
  explicit Picture(PictureParams params = {});

  // Merges one observation. `fallback` is the event time to use when the
  // observation carries none (the stream's clock). The returned vessel pointer
  // stays valid until the next apply() or expire().
  Update apply(const AisObservation& obs, Timestamp fallback);

  const Vessel* find(uint32_t mmsi) const;
  std::size_t size() const { return index_.size(); }
  const PictureParams& params() const { return params_; }

  // The vessel's thinned history, oldest first, ending with its last point.
  // Copies into `out` (cleared first) and returns it as a span.
  std::span<const TrackPoint> history(const Vessel& v, std::vector<TrackPoint>& out) const;

  // Forgets vessels not heard since now - retention. Returns how many.
  std::size_t expire(Timestamp now);

  // Calls fn(const Vessel&) for every vessel, in no particular order.
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (const auto& [mmsi, idx] : index_) fn(vessel_at(idx));
  }

 private:
  Vessel* vessel_for(uint32_t mmsi, int64_t now_ms);
  Update apply_position(Vessel& v, const TrackPoint& p);
  bool is_jump(const TrackPoint& from, const TrackPoint& to, int64_t dt_ms, Update& u) const;
  Update apply_static(Vessel& v, const ais::Message& msg, int64_t t_ms);
  void push_history(Vessel& v, const TrackPoint& p);
  void insert_late(Vessel& v, const TrackPoint& p);
  static void update_cruise(Vessel& v, const TrackPoint& p, int64_t dt_ms);

  static constexpr uint32_t kChunkBits = 8;  // 256 vessels per chunk
  static constexpr uint32_t kChunkMask = (1u << kChunkBits) - 1;
  // At max_vessels: frees the slots of the 1/64 heard least recently.
  void forget_stalest();
  Vessel& vessel_at(uint32_t slot) { return vessel_chunks_[slot >> kChunkBits][slot & kChunkMask]; }
  const Vessel& vessel_at(uint32_t slot) const { return vessel_chunks_[slot >> kChunkBits][slot & kChunkMask]; }
  TrackPoint* ring_of(uint32_t slot) const {
    return &history_chunks_[slot >> kChunkBits][std::size_t{slot & kChunkMask} * params_.history_points];
  }

  PictureParams params_;
  std::vector<std::unique_ptr<Vessel[]>> vessel_chunks_;
  std::vector<std::unique_ptr<TrackPoint[]>> history_chunks_;  // history_points per slot
  uint32_t slots_ = 0;  // slots handed out so far
  std::vector<uint32_t> free_;
  // MMSI -> slot, twice: `index_` is what for_each() and expire()
  // walk (their order is part of what callers see), `slot_of_` answers the
  // per-report lookups (see mmsi_map.h for why it is faster).
  std::unordered_map<uint32_t, uint32_t> index_;
  MmsiMap<uint32_t> slot_of_;
};

// The position a message reports, converted to a TrackPoint at time `t_ms`;
// false when the message carries no valid position.
bool track_point_from(const ais::Message& msg, int64_t t_ms, TrackPoint& out);

}  // namespace lookout::track
