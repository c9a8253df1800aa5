// RegionalSlowdown: one low-severity notice when the merchant traffic of an
// area slows together (issue 21: a gale slows every ship crossing the
// cables; that is one condition for the watch to know of, not twenty-four
// anchor drags).
//
// Once per event-time minute the detector reads the regional baseline
// (regional_baseline.h): a cell is slowed when at least keep_share of its
// members are at most the baseline's slowed_ratio of their own cruise;
// slowed cells that touch (8-neighbours) form a cluster. A cluster of at
// least min_vessels members of which at least min_share slowed opens a
// notice (kind `regional_slowdown`, episode "<lat index>_<lon index>/<start
// unix s>" of its first cell); the notice follows the cluster it overlaps or
// borders from minute to minute (a front moves), stays open while that
// cluster has at least min_vessels / 2 slowed members, and closes after
// end_after without one: a last state, scored info, says when traffic
// recovered. Score: 25 to 39 (low) as the share of slowed ships grows from
// min_share to all. Cells by a port or an anchorage (harbour_margin_m) are
// left out: ships slowing to arrive or anchor there all at once are no
// shared condition of the sea.
//
// The notice names no vessel and no asset: its marking is its partition's,
// and its numbers count only the partition's vessels (one baseline per
// engine). Memory: at most max_notices open notices, each with its cells.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "detect/detector.h"
#include "detect/regional_baseline.h"

namespace lookout::detect {

struct RegionalSlowdownParams {
  int min_vessels = 8;            ///< Members of a cluster (merchant ships under way) before a notice.
  double min_share = 0.6;         ///< Share of them slowed that opens a notice.
  double keep_share = 0.4;        ///< A cell with this share slowed belongs to a cluster.
  std::chrono::seconds end_after{900};  ///< A notice closes after this long without its cluster.
  std::chrono::seconds update_interval{600};  ///< Longest time between updates of an open notice.
  std::size_t max_notices = 64;   ///< Open notices at most.
  /// A cell this close to a port or an anchorage (from its edge) is left out: ships there slow to arrive.
  double harbour_margin_m = 10000;
  /// The baseline the engine keeps for every detector (cells, who counts, how long).
  RegionalBaselineParams baseline;
};

class RegionalSlowdown final : public Detector {
 public:
  explicit RegionalSlowdown(RegionalSlowdownParams params = {});

  std::string_view name() const override { return "regional_slowdown"; }
  void on_tick(const Context& ctx, FindingSink out) override;

  std::size_t open_notices() const { return notices_.size(); }

 private:
  struct Cluster {
    std::vector<uint64_t> cells;  // sorted
    PeerStats stats;
  };
  struct Notice {
    std::string episode;
    Cluster last;                 // the cluster last matched
    int64_t start_ms = 0, last_active_ms = 0, last_emit_ms = 0;
    int last_score = 0;
  };

  std::vector<Cluster> clusters(const RegionalBaseline& b, const AssetIndex& assets) const;
  bool near_harbour(const RegionalBaseline& b, uint64_t cell, const AssetIndex& assets) const;
  static bool touches(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);
  int score(const Cluster& c, double slowed_ratio) const;
  Finding finding(const Notice& n, const Cluster& c, const RegionalBaseline& b, Timestamp now, int score,
                  bool ended) const;

  RegionalSlowdownParams params_;
  std::vector<Notice> notices_;  // in the order they opened
  int64_t next_ms_ = 0;
};

std::unique_ptr<Detector> make_regional_slowdown();

}  // namespace lookout::detect
