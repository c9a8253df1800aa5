// RegionalBaseline: how the merchant traffic of an area behaves now, against
// each vessel's own cruise speed and course, so that a judgement about one
// ship can be weighed against what its peers are doing (issue 21: a gale
// slows every ship across a cable; that says nothing about any one of them,
// while the ship that slowed far more than its neighbours is the one to
// look at). docs/decisions/0018-regional-baseline.md has the reasons.
//
// The sea is cut into a fixed grid of cells, cell_lat_deg x cell_lon_deg
// (0.25 x 0.5 degrees: about 28 x 28 km at 60 N, 28 x 35 km at 55 N). A
// weather system is hundreds of kilometres across, so a cell is well inside
// one; a busy lane (the Gulf of Finland, the Great Belt) holds ten to thirty
// merchant ships in a cell and its neighbours at once, enough for a median;
// and the 3 x 3 block around a vessel (about 80 km square) is the
// neighbourhood a watch officer means by "the ships around it".
//
// Who counts (a member): class A vessels (or of unknown class) under way -
// at least min_speed_kn - whose type is not one whose work is slow (fishing,
// towing, pilots, SAR, tugs, pleasure craft: exempt_types) and whose own
// reference cruise is at least min_cruise_kn. Per member the baseline keeps
// its cell, its speed ratio (speed over ground / its reference cruise, in
// bins of ratio_bin) and its yaw (|true heading - course over ground|, in
// bins of yaw_bin_deg), and each cell holds the histograms of its members'
// latest values: a vessel counts once, however often it reports. The
// reference cruise is the picture's Vessel::cruise_kn, held by the member
// while it is slowed (ratio below 0.85) for up to hold, so that in a long
// gale the baseline keeps measuring against the speed before it (the
// picture releases its own after three hours).
//
// Event time only: a member silent for member_ttl leaves its cell (expire(),
// called by the engine on its clock), a cell with no member for cell_ttl is
// freed. Memory is bounded by max_members and max_cells; a vessel that would
// exceed them is not counted (and counted in dropped()).
//
// Markings: one baseline per engine, and the node runs one engine per
// partition (input marking), so a partition's baseline counts only the
// vessels of that partition: no nation learns of a vessel hidden from it
// through a peer count.
//
// Cost per report: one MmsiMap lookup and a few compares; the histograms of
// at most two cells change, and only when the vessel's bins or cell change.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/latlon.h"
#include "core/time.h"
#include "track/mmsi_map.h"
#include "track/picture.h"

namespace lookout::detect {

// The default exempt ship types below (out of line: GCC 12 takes the inline
// initializer list of pairs for a maybe-uninitialized read in every
// default-constructed EngineParams).
std::vector<std::pair<uint8_t, uint8_t>> default_baseline_exempt_types();

struct RegionalBaselineParams {
  double cell_lat_deg = 0.25;   ///< Cell height (about 28 km).
  double cell_lon_deg = 0.5;    ///< Cell width (about 28 km at 60 N).
  double min_speed_kn = 1.0;    ///< Slower is stopped or at anchor: not under way, not counted.
  double min_cruise_kn = 5.0;   ///< A slower reference cruise is no passage speed to compare with.
  double slowed_ratio = 0.8;    ///< A member at most this fraction of its cruise has slowed.
  /// A member's reference cruise is held this long while it is slowed (a long gale).
  std::chrono::seconds hold{21600};
  std::chrono::seconds member_ttl{900};   ///< A member silent this long leaves its cell.
  std::chrono::seconds cell_ttl{3600};    ///< A cell with no member for this long is freed.
  std::size_t max_members = 200000;       ///< Vessels counted at most.
  std::size_t max_cells = 20000;          ///< Cells held at most.
  /// ITU ship types not counted: fishing, towing, dredging, diving, sailing, pleasure, pilots,
  /// SAR, tugs and port craft (30-34, 36-37, 50-59): slow, turning work is their trade.
  std::vector<std::pair<uint8_t, uint8_t>> exempt_types = default_baseline_exempt_types();
};

// What the members of one area are doing (a cell, or a block of cells).
struct PeerStats {
  static constexpr int kRatioBins = 32;  ///< Bins of 0.05: ratio 0 to 1.6 (the last holds the rest).
  static constexpr int kYawBins = 16;    ///< Bins of 2 degrees: 0 to 32 (the last holds the rest).
  static constexpr double kRatioBin = 0.05;
  static constexpr double kYawBinDeg = 2.0;

  std::array<uint16_t, kRatioBins> ratio{};  ///< Members by speed ratio (speed / own cruise).
  std::array<uint16_t, kYawBins> yaw{};      ///< Members with a heading, by |heading - course|.
  int vessels = 0;                           ///< Members.

  void add(const PeerStats& o);
  // Members at most `slowed_ratio` of their cruise.
  int slowed(double slowed_ratio) const;
  // The q-quantile (0..1) of the speed ratio, over every member or (slowed_only)
  // over those at most slowed_ratio; NaN when there is none.
  double ratio_quantile(double q, double slowed_ratio, bool slowed_only) const;
  // The q-quantile of |heading - course| in degrees; NaN when no member has a heading.
  double yaw_quantile(double q) const;
};

class RegionalBaseline {
 public:
  explicit RegionalBaseline(RegionalBaselineParams params = {});

  const RegionalBaselineParams& params() const { return params_; }

  // Takes one picture update (positions only; others are ignored).
  void observe(const track::Update& u);
  // Removes members silent for member_ttl and frees cells empty for
  // cell_ttl; cheap to call often (it sweeps once per event-time minute).
  void expire(Timestamp now);

  // The cell key of a position: (lat index, lon index) packed.
  uint64_t cell_of(LatLon p) const;
  // The south-west corner of a cell.
  LatLon corner_of(uint64_t cell) const;
  static int32_t lat_index(uint64_t cell) { return static_cast<int32_t>(cell >> 32); }
  static int32_t lon_index(uint64_t cell) { return static_cast<int32_t>(cell & 0xFFFFFFFFu); }
  static uint64_t cell_key(int32_t lat_i, int32_t lon_i) {
    return (uint64_t{static_cast<uint32_t>(lat_i)} << 32) | uint64_t{static_cast<uint32_t>(lon_i)};
  }

  // The members of the block of (2 * radius + 1)^2 cells around `p`, less
  // the vessel `self` (0: none) when it is one of them.
  PeerStats peers_near(LatLon p, uint32_t self, int radius = 1) const;
  // The members of one cell; null when the cell is not held.
  const PeerStats* cell(uint64_t key) const;
  // Calls fn(key, const PeerStats&) for every held cell with members, in key
  // order (deterministic: the regional notice's order depends on it).
  template <typename Fn>
  void for_each_cell(Fn&& fn) const {
    scratch_keys_.clear();
    for (const auto& [key, idx] : cell_index_) {
      if (cells_[idx].stats.vessels > 0) scratch_keys_.push_back(key);
    }
    sort_keys();
    for (uint64_t key : scratch_keys_) fn(key, cells_[cell_index_.at(key)].stats);
  }

  std::size_t members() const { return members_.size(); }
  std::size_t cells() const { return cell_index_.size(); }
  uint64_t dropped() const { return dropped_; }
  // Bytes held: members, cells and their index (for the memory report).
  std::size_t memory_bytes() const;

 private:
  static constexpr uint32_t kNoCell = 0xFFFFFFFFu;
  struct Member {
    uint32_t cell = kNoCell;   ///< Index into cells_.
    uint8_t ratio_bin = 0;
    uint8_t yaw_bin = 0xFF;    ///< 0xFF: no heading.
    float ref_kn = 0;          ///< Reference cruise, held while slowed.
    int64_t last_ms = 0;
    int64_t slow_since_ms = 0; ///< 0: not slowed against ref_kn.
  };
  struct Cell {
    uint64_t key = 0;
    PeerStats stats;
    int64_t last_ms = 0;       ///< Last time a member joined, changed or left.
  };

  bool counts(const track::Vessel& v) const;
  uint32_t cell_slot(uint64_t key, int64_t now_ms);  // kNoCell when max_cells are held
  void leave(Member& m, int64_t now_ms);
  void enter(Member& m, uint32_t cell, int64_t now_ms);
  void sort_keys() const;

  RegionalBaselineParams params_;
  track::MmsiMap<Member> members_;
  std::vector<Cell> cells_;
  std::vector<uint32_t> free_cells_;
  std::unordered_map<uint64_t, uint32_t> cell_index_;
  mutable std::vector<uint64_t> scratch_keys_;
  int64_t next_sweep_ms_ = 0;
  uint64_t dropped_ = 0;
};

}  // namespace lookout::detect
