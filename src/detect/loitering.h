// Loitering: a vessel lingering slowly over protected infrastructure.
//
// Surveying a cable route before an attack, waiting for a signal, or
// lowering something to the seabed all look the same on AIS: a ship that
// hardly moves, for a long time, where it has no business stopping. Global
// Fishing Watch calls a carrier "loitering" when its average speed stays
// under 2 kn for at least an hour away from shore; over an asset we keep the
// 2 kn and shorten the time to 30 min (the definition), because the
// place itself is the reason to look.
//
// Per vessel and asset: a report slower than enter_speed_kn inside the
// protection corridor of a cable, pipeline, wind farm, platform, energy or
// military site starts an episode; reports slower than exit_speed_kn keep it
// going (hysteresis), and non-qualifying reports are tolerated for `grace`.
// Reports inside an anchorage, within port_radius_m of a port, or with the
// status "moored" do not qualify: waiting there is normal. Nor is a vessel
// lying still - within made_fast_radius_m of one spot for made_fast_after,
// never reporting "at anchor" - raised: it is alongside a quay (real data:
// the Norwegian coast in the Kystverket sample has cables landing in every
// harbour and the bundled asset file lists no port there); when it gets under
// way again after lying still its episode starts afresh. A ship swinging at
// anchor reports "at anchor" and a drifting or hovering one moves, so both
// are still raised; the price is that a ship holding position by dynamic
// positioning over a cable at sea is missed too. Once the episode has lasted
// min_duration with a time-weighted mean speed of at most max_mean_speed_kn,
// it is raised (key "<mmsi>/<asset id>/<start unix s>") and updated as it
// lengthens. A loitering episode is not retracted: nothing that comes later
// undoes the time a ship spent over a cable.
//
// Score (0-100): 40 at min_duration, rising to 70 at three hours; +10 when
// the vessel reports "at anchor" in the corridor (anchoring over a cable).
//
// Cost: a vessel faster than enter_speed_kn without an episode costs one
// hash lookup; a slow one costs one corridor query per report (ships moored
// in port are slow too, so the query is cheap: one grid cell).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "detect/detector.h"
#include "detect/episode_evidence.h"
#include "geo/asset_index.h"
#include "track/mmsi_map.h"

namespace lookout::detect {

struct LoiteringParams {
  double enter_speed_kn = 2.0;             ///< A report this slow starts an episode (GFW loitering: < 2 kn).
  double exit_speed_kn = 3.0;              ///< Reports below this keep an episode going (hysteresis).
  double max_mean_speed_kn = 2.5;          ///< Raised only if the time-weighted mean speed is at most this.
  std::chrono::seconds min_duration{1800}; ///< 30 minutes over the asset before an alert.
  std::chrono::seconds fishing_min_duration{7200};  ///< Fishing vessels (type 30) work slowly: 2 hours.
  std::chrono::seconds grace{600};         ///< Non-qualifying reports tolerated this long within an episode.
  std::chrono::seconds max_gap{1800};      ///< A silence longer than this between qualifying reports restarts.
  std::chrono::seconds max_step{210};      ///< Longest step counted in the mean speed (3 min reports at anchor).
  double port_radius_m = 5000;             ///< Waiting within this of a port is normal.
  /// A vessel lying within this of one spot for made_fast_after, never reporting "at anchor", is made
  /// fast (alongside a quay the asset file does not list, or on a mooring), not loitering; 0 = off.
  double made_fast_radius_m = 50;
  std::chrono::seconds made_fast_after{900};  ///< See made_fast_radius_m.
  std::chrono::seconds update_interval{600};  ///< Longest time between updates of a raised episode.
  int update_min_delta = 5;                ///< A score change this large is sent at once.
  bool include_class_b = false;            ///< Class B craft (yachts, small boats) drift near shore all day.
  /// ITU ship types excluded: towing (31-32), sailing and pleasure (36-37), pilot, SAR, tug, port tender,
  /// anti-pollution, law enforcement (50-55) and medical (58) craft: waiting is their job.
  std::vector<std::pair<uint8_t, uint8_t>> exempt_types{{31, 32}, {36, 37}, {50, 55}, {58, 58}};
  std::chrono::seconds forget_after{3600}; ///< A vessel silent this long leaves the detector's memory.
  std::size_t max_vessels = 20000;         ///< Vessels tracked at most; more are not tracked (and counted).
};

class Loitering final : public Detector {
 public:
  explicit Loitering(LoiteringParams params = {});

  std::string_view name() const override { return "loitering"; }
  void on_position(const track::Update& u, const Context& ctx, FindingSink out) override;
  void on_tick(const Context& ctx, FindingSink out) override;

  const LoiteringParams& params() const { return params_; }
  // Vessels with at least one running episode.
  std::size_t tracked() const { return vessels_.size(); }
  // Reports that would have started tracking a vessel when max_vessels were tracked.
  uint64_t dropped() const { return dropped_; }

 private:
  static constexpr std::size_t kMaxEpisodes = 4;  // assets at once per vessel

  struct Episode {
    uint32_t asset = 0;
    int64_t start_ms = 0, last_ms = 0;
    double speed_ms_sum = 0;   ///< Integral of speed (kn) over time_ms.
    int64_t time_ms = 0;
    int reports = 0, anchored_reports = 0;
    bool raised = false;
    int last_score = 0;
    int64_t last_emit_ms = 0;
    LatLon still_at;           ///< Where the vessel has been lying since still_since_ms.
    int64_t still_since_ms = 0;
  };

  struct State {
    std::array<Episode, kMaxEpisodes> episodes{};
    std::size_t count = 0;
    int64_t last_ms = 0;
    EpisodeTrack track;
  };

  bool eligible(const track::Vessel& v) const;
  void ingest(State& s, const track::Update& u, double sog, std::span<const AssetHit> hits,
              const Context& ctx, FindingSink out);
  static Episode fresh(uint32_t asset, int64_t now_ms, LatLon pos);
  // Alongside: still for made_fast_after and never reported at anchor.
  bool lying_still(const Episode& e, int64_t now_ms) const;
  // Drops episodes whose last qualifying report is older than grace.
  void expire(State& s, int64_t now_ms) const;
  int score(const Episode& e, const Context& ctx) const;
  Finding finding(const Episode& e, const State& s, const track::Vessel& v, const track::TrackPoint& p,
                  const Context& ctx, int score) const;

  LoiteringParams params_;
  track::MmsiMap<std::unique_ptr<State>> vessels_;  // looked up per report; aged out in bulk
  std::vector<track::TrackPoint> history_;  // scratch for Picture::history
  int64_t next_sweep_ms_ = 0;
  uint64_t dropped_ = 0;
};

std::unique_ptr<Detector> make_loitering();

}  // namespace lookout::detect
