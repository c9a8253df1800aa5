// AisGapDetector (kind `ais_gap`): a vessel near a cable or pipeline, or
// heading toward one, falls silent for longer than its reporting class and
// speed allow.
//
// Problem: AIS is lost all the time for innocent reasons (range, slot
// collisions, a receiver down), and going dark is also what a vessel about
// to damage a cable may do (the LNG carrier Pskov's AIS showed interruptions
// near the Vezhen incident; Eagle S's track has a 90 minute hole around the
// Estlink 2 failure). So the detector only watches vessels whose last report
// put them near an asset or on a course toward one, and waits far longer
// than the vessel's nominal reporting interval before it speaks.
//
// Expected interval (ITU-R M.1371-5, Annex 1, Tables 1 and 3): class A 10 s
// at 0-14 kn, 6 s at 14-23 kn, 2 s above, 3 min at anchor or moored below
// 3 kn; class B (CS) 30 s above 2 kn, 3 min below. The silence threshold is
// max(min_gap, interval_factor x interval): missing twenty reports in a row
// by chance is about one in a million even at a 50% loss rate at the edge
// of a receiver's coverage, and the ten minute floor keeps the fast classes
// from alerting on the short fades that terrestrial coverage has.
//
// On the clock: vessels being watched sit in a deadline heap ordered by
// last report + threshold; on_tick pops only what is due (never a scan of
// all vessels). A popped vessel heard since is pushed back with its new
// deadline (lazy deletion), so each report costs one hash lookup and the
// proximity test runs at most once per recheck period or distance.
//
// Receiver outages: when no message from anyone arrives for feed_silence,
// the feed is down, not the vessel. Outage intervals are remembered and
// subtracted from each vessel's silence: a gap is raised only when the
// silence outside outages passes the threshold, and retracted on the
// vessel's return when outages explain it after all.
//
// Reports far behind the event clock (a slow or historical source replayed
// after a faster one) disarm the vessel: its silence cannot be measured
// against a clock its data never reached.
//
// On reappearance the alert is updated with the time, distance and implied
// speed across the gap and the cables or pipelines the straight line from
// the last to the new position crosses (AssetIndex::crossings).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <queue>
#include <utility>
#include <vector>

#include "detect/detector.h"
#include "track/mmsi_map.h"

namespace lookout::detect {

struct AisGapParams {
  /// "Near": within this of a cable or pipeline centre line. The 2 km corridor
  /// plus 3 km, because open cable routes are schematic to kilometres.
  double near_asset_m = 5000;
  /// "Heading toward": the course line crosses a cable or pipeline within
  /// this much sailing at the reported speed ...
  std::chrono::minutes lookahead{30};
  /// ... but never further ahead than this.
  double lookahead_max_m = 20000;
  /// Shortest silence ever raised (terrestrial coverage fades for minutes).
  std::chrono::seconds min_gap{600};
  /// Silence threshold in reporting intervals (see the header comment).
  double interval_factor = 20;
  /// No message from any vessel for this long: the feed is down.
  std::chrono::seconds feed_silence{120};
  /// The proximity test is repeated after this much time (a change of course
  /// or status) ...
  std::chrono::seconds recheck{180};
  /// ... or this much movement since the last test (so the distance it
  /// reports is never more than this out of date).
  double recheck_m = 1000;
  /// Vessels silent longer than this are forgotten (the picture's retention).
  std::chrono::hours forget_after{24};
  /// Base score when heading toward an asset / near one / inside its corridor.
  double score_heading = 40, score_near = 50, score_in_corridor = 60;
  /// Added when the silence reaches three thresholds.
  double score_long = 10;
  /// Added on reappearance when the line across the gap crosses an asset.
  double score_crossed = 20;
  /// Subtracted for class B: low power, poor reception, mostly leisure craft.
  double class_b_penalty = 15;
};

class AisGapDetector final : public Detector {
 public:
  explicit AisGapDetector(AisGapParams params = {}) : params_(params) {}
  std::string_view name() const override { return "ais_gap"; }

  void on_position(const track::Update& u, const Context& ctx, FindingSink out) override;
  void on_static(const track::Update& u, const Context& ctx, FindingSink out) override;
  void on_tick(const Context& ctx, FindingSink out) override;

  // For tests: vessels with state, vessels waiting in the heap, outages kept.
  std::size_t tracked() const { return vessels_.size(); }
  std::size_t scheduled() const { return heap_.size(); }
  std::size_t outages() const { return outages_.size(); }

 private:
  static constexpr uint32_t kNoAsset = 0xFFFFFFFF;
  struct Watch {
    int64_t checked_ms = 0;          // last proximity test
    int32_t checked_lat_e7 = 0, checked_lon_e7 = 0;
    uint32_t asset = kNoAsset;       // the cable or pipeline that armed it
    float asset_m = 0;               // distance to it at the last test
    uint8_t how = 0;                 // 0 not armed, 1 heading toward, 2 near, 3 in corridor
    bool in_heap = false;
    bool alerted = false;            // a gap episode is open
    bool escalated = false;
    int64_t gap_from_ms = 0;         // last report before the open gap
    int64_t threshold_ms = 0;
  };
  using Due = std::pair<int64_t, uint32_t>;  // deadline, MMSI

  void arm(const track::Vessel& v, Watch& w, const Context& ctx);
  void reappeared(const track::Update& u, Watch& w, const Context& ctx, FindingSink out);
  void raise(const track::Vessel& v, Watch& w, const Context& ctx, int64_t silence_ms, FindingSink out);
  static double interval_s(const track::Vessel& v);  // nominal reporting interval
  int64_t threshold_ms(const track::Vessel& v) const;
  int64_t outage_ms(int64_t from_ms, int64_t to_ms) const;
  void note_feed(int64_t now_ms);
  void sweep(int64_t now_ms, const Context& ctx);

  AisGapParams params_;
  track::MmsiMap<Watch> vessels_;  // looked up per report; only aged out in bulk
  std::priority_queue<Due, std::vector<Due>, std::greater<>> heap_;
  std::deque<std::pair<int64_t, int64_t>> outages_;  // closed feed outages [from, to)
  int64_t last_feed_ms_ = 0;      // latest message from anyone
  int64_t outage_from_ms_ = 0;    // start of the outage in progress, 0 = none
  int64_t next_sweep_ms_ = 0;
};

std::unique_ptr<Detector> make_ais_gap_detector();

}  // namespace lookout::detect
