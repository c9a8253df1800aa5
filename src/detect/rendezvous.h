// RendezvousDetector (kind `rendezvous`): two vessels within about 500 m of
// each other, both slow, for 30 minutes or more, away from anchorages and
// ports: the signature of a ship-to-ship transfer (the shadow fleet moves
// sanctioned oil this way, and a meeting at sea is also how a cable-laying
// or survey vessel would be resupplied unseen).
//
// Defaults follow Global Fishing Watch's encounter definition (two vessels
// within 500 m at a median speed under 2 kn, away from coastal anchorages),
// shortened from its two hours to the 30 minutes issue 3 asks for: a
// transfer in the Baltic is watched closely, so the earlier warning matters.
//
// Pairs are found through a spatial hash of slow vessels only (cells a
// little larger than the pair distance, so that a vessel's partners are in
// its own or the eight neighbouring cells), kept current as vessels move,
// start or stop; never by testing all pairs. A pair is together while both
// report within break_distance_m and neither speeds up beyond
// leave_speed_kn (hysteresis), and parts when it has not been seen together
// for max_silence. One episode per pair: "<lower MMSI>/<higher MMSI>".
//
// Not a rendezvous: a crowd - more than max_crowd other slow vessels within
// max_distance_m (a harbour or anchorage the asset file does not list, a
// fleet at rest: a transfer is two or three hulls, and in a crowd every hull
// would pair with every other); inside an anchorage or port corridor of the
// asset file,
// a vessel reporting "moored", and pairs with a tug, pilot, search and rescue,
// law enforcement, dredging, diving, military, port tender, anti-pollution or
// medical vessel (they work alongside others), or two fishing vessels (pair
// trawling).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "detect/detector.h"
#include "track/mmsi_map.h"

namespace lookout::detect {

struct RendezvousParams {
  /// Closer than this, two vessels are together (GFW encounters: 500 m).
  double max_distance_m = 500;
  /// A pair already together parts only beyond this (GPS noise, swinging at anchor).
  double break_distance_m = 800;
  /// Slow enough to join a pair (GFW: under 2 kn; AIS speed noise and drift add some).
  double max_speed_kn = 2.5;
  /// A slow vessel counts as under way again only above this.
  double leave_speed_kn = 3.5;
  /// Together this long before the alert (issue 3: 30 min or more).
  std::chrono::minutes min_duration{30};
  /// Not seen together (or not heard) for this long: the pair has parted.
  std::chrono::minutes max_silence{10};
  /// More other slow vessels than this within max_distance_m: a crowd, no pairs.
  std::size_t max_crowd = 6;
  /// Spatial hash cell, metres; must exceed max_distance_m and break_distance_m.
  double cell_m = 900;
  /// Exclusion of anchorages and ports is re-tested after this long.
  std::chrono::minutes recheck{5};
  /// A slow vessel looks for partners at most this often (class A ships at
  /// anchor report every 3 min, under 3 kn every 10 s: 30 s is plenty for
  /// a 30 minute rule and keeps the search off most reports).
  std::chrono::seconds search_every{30};
  /// Scores: the base; added when a tanker takes part (oil transfers), when
  /// together over two hours, and when inside a cable or pipeline corridor.
  double score_base = 55, score_tanker = 10, score_long = 10, score_on_asset = 10;
};

class RendezvousDetector final : public Detector {
 public:
  explicit RendezvousDetector(RendezvousParams params = {});
  std::string_view name() const override { return "rendezvous"; }

  void on_position(const track::Update& u, const Context& ctx, FindingSink out) override;
  void on_tick(const Context& ctx, FindingSink out) override;

  // For tests: slow vessels in the hash, pairs being followed, cells in use.
  std::size_t slow_vessels() const { return slow_.size(); }
  std::size_t pairs() const {
    std::size_t n = 0;
    for (const auto& shard : pairs_) n += shard.size();
    return n;
  }
  std::size_t cells() const { return cells_.size(); }

 private:
  struct Slow {
    uint64_t cell = 0;
    track::TrackPoint last;
    int64_t checked_ms = 0;   // last exclusion test
    int64_t searched_ms = 0;  // last partner search
    bool excluded = false;    // in an anchorage or port, or moored
    uint8_t shiptype = 0;
  };
  struct Pair {
    int64_t start_ms = 0, last_ms = 0;
    double min_m = 1e9, sum_m = 0;
    uint32_t samples = 0;
    bool raised = false;
    double reported_score = 0;
  };

  uint64_t cell_of(double lat, double lon) const;
  void leave(uint32_t mmsi);
  void meet(const track::Vessel& a, const Slow& sa, uint32_t b, const Slow& sb, double d_m, const Context& ctx,
            FindingSink out);
  void report(const track::Vessel& a, uint32_t b, const Pair& p, const Context& ctx, FindingSink out);

  RendezvousParams params_;
  // The slow vessels: `slow_` holds them (its order is the order of the
  // sweep, which shapes the cells' lists), `slow_index_` finds them per
  // report without the node map's division and bucket chase.
  std::unordered_map<uint32_t, Slow> slow_;
  track::MmsiMap<Slow*> slow_index_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> cells_;
  // Pairs by (lower MMSI << 32) | higher MMSI, in shards: a harbour full of
  // slow vessels makes a million pairs, and a node map that size stalls the
  // thread for tens of milliseconds whenever it rehashes (seen on the live
  // node); a shard rehashes a 64th of them at a time, and the shards start
  // at sizes spread over one doubling so that they do not all grow at once.
  static constexpr int kPairShardBits = 6;
  using PairMap = std::unordered_map<uint64_t, Pair>;
  PairMap& pair_shard(uint64_t key) { return pairs_[(key * 0x9E3779B97F4A7C15ull) >> (64 - kPairShardBits)]; }
  std::array<PairMap, std::size_t{1} << kPairShardBits> pairs_;
  int64_t next_sweep_ms_ = 0;
  int64_t next_slow_sweep_ms_ = 0;
};

std::unique_ptr<Detector> make_rendezvous_detector();

}  // namespace lookout::detect
