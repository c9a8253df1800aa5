// AnchorDrag: a ship dragging its anchor across a cable or pipeline.
//
// What real drags look like (../shared/data/incidents): the ship keeps
// going with its anchor down, so it slows to a fraction of its own passage
// speed but does not stop, and the anchor pulls the bow about. Eagle S fell
// from 8.5 to 6.3 kn about 35 min before crossing Estlink 2, kept status
// "under way" and dragged about 100 km across Estlink 2 and four telecom
// cables; Yi Peng 3 slowed and turned at each of two cables over 160-180 km;
// Vezhen slowed for about 30 min after crossing a cable. A ship crossing a
// cable at its cruise speed, one at anchor (a fraction of a knot), a ship
// arriving at a port or an anchorage and small craft at work are not drags.
//
// Who: class A vessels (and those of unknown class). Fishing, towing,
// dredging, diving, sailing, pleasure and port-service craft (exempt_types)
// are left out rather than held to a higher bar: slow, turning work is their
// trade, and fishing gear over a cable (the trawl doors suspected at Svalbard
// in 2022) is a different indicator for a detector of its own. Class B units
// are yachts and small boats, whose anchors are no threat to a buried cable.
//
// Per vessel, an episode opens when its speed over ground falls into the drag
// band and at least enter_drop below its own recent cruise speed (the
// picture's Vessel::cruise_kn, frozen for the episode) and closes after
// end_after without such a report (hysteresis: it continues up to exit_drop
// below cruise, so a speed hovering at the threshold is one episode). The
// slowdown must be recent when the episode opens (the picture's
// Vessel::slow_since_ms within `recent`): a ship gathering way after hours at
// anchor is below its old cruise as well, but it is not slowing down. While
// slow, each report is checked against the cable and pipeline corridors and
// each movement against their centre lines (AssetIndex::crossings); cables
// crossed in the lookback before the slowdown count too. Reports near a port
// or an anchorage do not count. Once the vessel has been slow for min_slow,
// every cable or pipeline it touched gets an alert (episode key
// "<mmsi>/<asset id>/<start unix s>"), updated as the drag develops.
//
// A drag makes way: the alert also needs the net distance from the first
// slow position to be at least min_way_m and min_progress of the path, so
// that a ship hovering back and forth at 1-2 kn is left to the loitering
// detector.
//
// Score (0-100): 45 for a sustained slowdown in a corridor; up to +15 for a
// deeper drop; up to +10 for duration (10 to 60 min); up to +15 for yaw or
// zig-zag (RMS of heading about its 10-minute mean, 3 to 10 degrees); +10 for
// each further asset crossed (up to +20); +10 when it reports "at anchor" or
// "moored" while making 1-8 kn (a ship moving on its anchor).
//
// Retraction: the slowdown was an arrival, and its alerts are withdrawn,
// when the vessel comes to a stop within retract_window after its last
// corridor report, having been slow for at most retract_max_slow and crossed
// at most one asset; the stop is either at a port or in (or near) an
// anchorage, or anywhere outside the cable and pipeline corridors if it lasts
// stop_confirm within stop_radius_m (a quay or anchorage the asset file does
// not list: the Norwegian coast in the Kystverket data has cables landing in
// every harbour and no ports). A stop on a cable is no excuse. A long or
// multi-cable drag is never retracted by where it ends (Eagle S was taken to
// the Porkkala anchorage afterwards). A steady new cruise after leaving the corridor is not
// a retraction either: dragging for 100 km at a steady low speed is exactly
// what Yi Peng 3 did.
//
// Peers (issue 21): when the engine keeps a regional baseline, the slowdown
// part of the score (the 45, the drop, the duration and the yaw) is
// multiplied by the peer weight of peer_judgement.h: a slowdown most merchant
// ships around share (a gale) weighs little, one far beyond theirs (at half
// their speed ratio or less) or one that lasts after they recovered keeps
// its full weight; the lowest weight of the last peers.memory (30 min) is
// used, so that a ship the end of the gale reaches last is not raised for
// the minutes it lags its peers. A drag weighed below min_score is not raised; once raised
// it is updated like any other. The evidence says what the peers did
// (`peers`), in words and numbers.
//
// Cost: a vessel that is not slow costs one hash lookup and a few compares;
// the asset index is asked only while a vessel is in a slow episode.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "detect/detector.h"
#include "detect/episode_evidence.h"
#include "detect/peer_judgement.h"
#include "geo/asset_index.h"
#include "track/mmsi_map.h"

namespace lookout::detect {

struct AnchorDragParams {
  double band_min_kn = 1.0;   ///< Slower is stopped or swinging at anchor, not dragging.
  double band_max_kn = 8.0;   ///< Faster is a passage: a dragging anchor holds a ship to a few knots.
  double enter_drop = 0.20;   ///< Opens at speed <= cruise * (1 - enter_drop); Eagle S fell 26%.
  double exit_drop = 0.10;    ///< Continues while speed <= cruise * (1 - exit_drop) (hysteresis),
  double exit_margin_kn = 1.0;  ///< ...and <= band_max_kn + exit_margin_kn.
  double min_cruise_kn = 5.0; ///< A slower "cruise" is no passage speed to compare with.
  std::chrono::seconds min_slow{600};      ///< Slow (outside ports and anchorages) this long before an alert.
  int min_reports = 3;                     ///< ...over at least this many reports, never one.
  /// A drag makes way: net distance over path while slow (hovering back and forth is loitering).
  double min_progress = 0.5;
  double min_way_m = 1000;                 ///< ...and at least this net distance from the first slow position.
  std::chrono::seconds end_after{900};     ///< The episode closes after this long without a slow report.
  /// The slowdown must be this recent when the episode opens (not a ship gathering way after anchoring).
  std::chrono::seconds recent{5400};
  /// Crossings this long before the slowdown count too (Vezhen slowed just after crossing).
  std::chrono::seconds lookback{600};
  /// Longest step counted as slow time (class A at anchor reports every 3 min).
  std::chrono::seconds max_step{210};
  std::chrono::seconds yaw_tau{600};       ///< Time constant of the mean heading that yaw is measured about.
  double port_approach_m = 10000;          ///< Slow within this of a port is an arrival or a departure.
  double anchorage_margin_m = 2000;        ///< Slow within this of an anchorage is a manoeuvre to or from it.
  std::chrono::seconds retract_window{2700};  ///< A stop this soon after the last corridor report retracts,
  std::chrono::seconds retract_max_slow{3600};  ///< ...unless the vessel was slow for longer than this,
  int retract_max_crossed = 1;             ///< ...or crossed more assets than this.
  std::chrono::seconds stop_confirm{600};  ///< Away from ports and anchorages, a stop must last this long,
  double stop_radius_m = 200;              ///< ...within this distance, outside every cable and pipeline corridor.
  double zigzag_yaw_deg = 5;               ///< Yaw RMS from which the summary says "zig-zagged".
  std::chrono::seconds update_interval{600};  ///< Longest time between updates of a raised alert.
  int update_min_delta = 5;                ///< A score change this large is sent at once.
  bool include_class_b = false;            ///< Class B (yachts, small craft) cannot drag a cable-cutting anchor.
  /// ITU ship types excluded: fishing, towing, dredging, diving (30-34), sailing and pleasure (36-37),
  /// pilot, SAR, tug, port tender, anti-pollution, law enforcement, local, medical (50-59): their work is slow.
  std::vector<std::pair<uint8_t, uint8_t>> exempt_types{{30, 34}, {36, 37}, {50, 59}};
  std::chrono::seconds forget_after{3600}; ///< A vessel silent this long leaves the detector's memory.
  std::size_t max_vessels = 10000;         ///< Open episodes at most; more are not opened (and counted).
  /// The slowdown weighed against the ships around (peer_judgement.h): a gale is not a drag.
  PeerParams peers;
  /// A drag its peers weigh below this score is not raised (the regional notice covers it).
  int min_score = 40;
};

class AnchorDrag final : public Detector {
 public:
  explicit AnchorDrag(AnchorDragParams params = {});

  std::string_view name() const override { return "anchor_drag"; }
  void on_position(const track::Update& u, const Context& ctx, FindingSink out) override;
  void on_tick(const Context& ctx, FindingSink out) override;

  const AnchorDragParams& params() const { return params_; }
  // Vessels with an open slow episode.
  std::size_t open_episodes() const { return episodes_.size(); }
  // Reports that would have opened an episode when max_vessels were open.
  uint64_t dropped() const { return dropped_; }

 private:
  static constexpr std::size_t kMaxTouches = 16;

  // One cable or pipeline the episode touched.
  struct Touch {
    uint32_t asset = 0;
    int64_t first_ms = 0, last_ms = 0;
    LatLon where;               ///< Crossing point, else the first corridor position.
    bool crossed = false;       ///< The centre line was crossed.
    bool before = false;        ///< ...in the lookback, before the slowdown.
    bool raised = false;
    int last_score = 0;
    int64_t last_emit_ms = 0;
  };

  struct Episode {
    uint32_t mmsi = 0;
    double cruise_kn = 0;           ///< Reference cruise, frozen at the start.
    int64_t start_ms = 0, last_ms = 0, last_drag_ms = 0;
    int64_t drag_ms = 0;            ///< Slow time outside ports and anchorages.
    int drag_reports = 0, anchored_reports = 0;
    double speed_ms_sum = 0;        ///< Integral of speed (kn) over drag_ms.
    double drag_m = 0;              ///< Distance covered while slow.
    LatLon origin;                  ///< First slow position outside ports and anchorages.
    bool have_course = false;
    double mean_e = 0, mean_n = 0;  ///< Mean heading as a unit vector (EWMA).
    double yaw_sq_ms = 0;           ///< Integral of squared deviation (deg^2 ms).
    int64_t yaw_ms = 0;
    bool retracted = false;
    int64_t stop_since_ms = 0;      ///< Start of a stop outside corridors, 0 = none.
    double low_weight = 1;          ///< Lowest peer weight of the last peers.memory...
    int64_t low_weight_ms = 0;      ///< ...seen then.
    LatLon stop_pos;
    std::array<Touch, kMaxTouches> touches{};
    std::size_t touch_count = 0;
    EpisodeTrack track;
  };

  bool eligible(const track::Vessel& v) const;
  bool opens(const track::Vessel& v, const track::TrackPoint& p, double sog) const;
  void begin(Episode& e, const track::Update& u, const Context& ctx);
  // Returns false when the episode is over and must be erased.
  bool step(Episode& e, const track::Update& u, double sog, const Context& ctx, FindingSink out);
  void add_drag(Episode& e, const track::Update& u, double sog, int64_t dt);
  void touch(Episode& e, uint32_t asset, int64_t t_ms, LatLon where, bool crossed, bool before);
  void evaluate(Episode& e, const track::Vessel& v, const track::TrackPoint& p, const Context& ctx,
                FindingSink out);
  // A report below the drag band: tracks a stop and retracts when it says
  // the slowdown was an arrival. Returns true while a stop is being confirmed.
  bool on_stop(Episode& e, const track::Vessel& v, const track::TrackPoint& p, const Context& ctx,
               FindingSink out);
  void retract(Episode& e, const track::Vessel& v, const track::TrackPoint& p, const std::string& where,
               const std::string& because, const Context& ctx, FindingSink out,
               std::optional<uint32_t> place = std::nullopt);
  // The port or anchorage the position is at or near, if any.
  std::optional<uint32_t> harbour_near(LatLon p, const Context& ctx) const;
  // `crossed`: the crossings the alert of one touch may count (those of
  // assets that cover its asset's marking, see named()).
  // `weight`: the peers' weight of the slowdown part (1 without a baseline).
  int score(const Episode& e, int crossed, double weight = 1.0) const;
  // The peers' judgement of the episode at `p` (unknown without a baseline).
  // Its weight is the lowest of the last peers.memory (kept in the episode).
  PeerJudgement judge(Episode& e, const track::TrackPoint& p, const Context& ctx) const;
  // Whether the alert of touch `t` may name touch `other`'s asset: only an
  // asset released wherever t's asset is, so that each owner's cable keeps
  // its alert whoever else's cables the run crossed.
  static bool may_name(const Touch& t, const Touch& other, const Context& ctx);
  int crossed_for(const Episode& e, const Touch& t, const Context& ctx) const;
  Finding finding(const Episode& e, const Touch& t, const track::Vessel& v, const track::TrackPoint& p,
                  const Context& ctx, int score, const PeerJudgement& peers) const;

  AnchorDragParams params_;
  track::MmsiMap<std::unique_ptr<Episode>> episodes_;  // looked up per report; aged out in bulk
  std::vector<track::TrackPoint> history_;  // scratch for Picture::history
  int64_t next_sweep_ms_ = 0;
  uint64_t dropped_ = 0;
};

std::unique_ptr<Detector> make_anchor_drag();

}  // namespace lookout::detect
