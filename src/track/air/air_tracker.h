// AirTracker: sensor detections in, fused air tracks out.
//
// Event-time driven, single-threaded, bounded; every plot is predicted to
// and applied at its own time stamp. Design: docs/decisions/0015.
//
// Intake. update() puts a detection into a reorder buffer (reorder_buffer.h):
// plots of each source up to its SensorConfig::reorder_lag_ms late are put
// back in time order; older ones are dropped and counted (stats().late), as
// are plots older than what was already applied. Plots leave the buffer in
// one time order across sensors once the event time (latest plot or
// advance()) has moved the largest lag of the sources still delivering past
// them (a source silent since the start, or for its lag plus 5 s, holds
// nobody back), so the tracks run that lag behind the feed; sensors
// configured with lag 0 give immediate processing. update_scan() hands over a complete scan: it
// is processed at once.
//
// Association (scan_assembly.cc). Released plots of one sensor form a batch
// until half a scan period has passed or another sensor's plot comes
// between; each plot is gated against every track predicted to that plot's
// own time (IMM of CV and CT models, imm_filter.h; Cartesian or polar
// measurements, measurement.h), the batch is assigned jointly
// (global-nearest-neighbour by clusters, gnn_association.h) and the updates
// are applied in time order. Plots outside every confirmed track's gate
// start tentative tracks.
//
// Track life (track_life.cc). Hits and misses are counted per sensor look:
// a sensor's scan period (SensorConfig::revisit_s, or learned as the median
// interval between a track's successive hits, scan_period.h) decides when
// its next look at a track is due; a look that passes with no hit is a miss
// only if the sensor's coverage (range, sector, elevation; coverage.h) held
// the track's predicted position. Tentative until M hits in its first N
// looks and a score (log-likelihood ratio, target against clutter, from each
// sensor's Pd and clutter density) of at least `confirm_score` (deleted when
// M can no longer be reached or not confirmed within 2N looks); confirmed
// tracks coast through misses and are deleted when their misses, weighted by
// the sensors' Pd, reach `delete_misses`, or as a backstop when no detection
// came for `max_coast`. Class: class_fusion.h.
//
// Output: after every non-const call, changed() lists the states of the
// tracks that call changed (updated, confirmed, coasting, deleted), and the
// optional listener is called with each. tracks() gives the whole picture;
// a state is at the time of the track's last applied plot.
//
// Memory: tracks (bounded by `max_tracks`) with fixed-size histories and
// look tables, the reorder buffer (`max_buffered_plots`), one association
// batch (`max_scan_detections`), a 31-sample period estimate per sensor and
// scratch space reused from batch to batch: flat however long it runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/latlon.h"
#include "core/time.h"
#include "decode/detection.h"
#include "track/air/imm_filter.h"
#include "track/air/sensor_config.h"
#include "track/air/track_state.h"

namespace lookout::air {

struct TrackerParams {
  std::optional<LatLon> origin;          // local frame origin; default: the first sensor's site
                                         // (or the first detection's position)
  double ground_alt_m = 0;               // ground height used for the class likelihoods' "height"
  ImmParams imm;                         // motion models
  double gate_probability = 0.999;       // chi-square gate: 0.99, 0.999 or 0.9999
  int confirm_m = 3;                     // M of ...
  int confirm_n = 5;                     // ... N scans to confirm
  double confirm_score = 6;              // and a track score (log-likelihood ratio) at least this
  double spawn_exclusion = 3;            // no new track within this many gates of a confirmed one
  double delete_misses = 4;              // Pd-weighted misses in a row that delete a confirmed track
  std::chrono::milliseconds max_coast{10000};        // confirmed: no detection for this long -> deleted
  std::chrono::milliseconds tentative_max_coast{4000};  // tentative: the same
  std::chrono::milliseconds scan_window{0};    // plots of one sensor this close share a batch
                                               // (at least; half the scan period once known)
  double initial_speed_sigma_mps = 60;    // velocity uncertainty of a new track without a velocity
  double initial_alt_m = 100;             // altitude of a new track from a 2-D detection
  double initial_alt_sigma_m = 300;
  double min_class_probability = 0.5;     // below: reported class is unknown
  double kinematics_tau_s = 5;            // time constant of kinematic class evidence
  double straightness_window_s = 20;      // path straightness (class evidence) over this long,
  double straightness_step_s = 2;         // through points this far apart
  double kinematics_max_sigma_speed = 4;  // kinematic evidence only once the speed is known to
                                          // this (m/s) plus 25% of the speed
  std::chrono::milliseconds history_interval{1000};  // thinning of TrackHistory points
  bool report_tentative = false;          // also list tentative tracks in changed()
  std::size_t max_tracks = 20000;         // new tracks beyond this are not started (counted)
  std::size_t max_scan_detections = 20000;  // per association batch; more are dropped (counted)
  std::size_t max_buffered_plots = 262144;  // in the reorder buffer; more are dropped (counted)
  std::size_t max_sensors = 64;
  SensorConfig default_sensor;            // for absolute detections from an unconfigured sensor
};

struct TrackerStats {
  uint64_t detections = 0;       // accepted by update()/update_scan()
  uint64_t scans = 0;            // association batches processed
  uint64_t late = 0;             // dropped: later than the source's reorder lag, or older than
                                 // plots already applied (never applied at a wrong time)
  uint64_t reordered = 0;        // arrived out of order within the lag: put back in order
  uint64_t uncovered_looks = 0;  // looks with no hit not charged: the track was out of coverage
  uint64_t unknown_sensor = 0;   // dropped: relative detection from an unconfigured sensor
  uint64_t invalid = 0;          // dropped: no usable position
  uint64_t overflow = 0;         // dropped: scan or track table full
  uint64_t tracks_started = 0;
  uint64_t tracks_confirmed = 0;
  uint64_t tracks_deleted = 0;   // including tentative ones that never confirmed
};

class AirTracker {
 public:
  explicit AirTracker(TrackerParams params = {}, std::vector<SensorConfig> sensors = {});
  ~AirTracker();
  AirTracker(const AirTracker&) = delete;
  AirTracker& operator=(const AirTracker&) = delete;
  AirTracker(AirTracker&&) noexcept;
  AirTracker& operator=(AirTracker&&) noexcept;

  // Adds or replaces (same id) a sensor. Returns false when max_sensors are
  // configured already.
  bool add_sensor(const SensorConfig& sensor);

  // Buffers one detection (see "Intake" above); may apply earlier ones.
  // Returns false when the detection was dropped (counted in stats()).
  bool update(const SensorDetection& d);

  // Processes `scan` at once (after any buffered plots it follows): the
  // caller vouches it is complete, so older plots that come later are late.
  // Returns the number of detections accepted.
  std::size_t update_scan(std::span<const SensorDetection> scan);

  // Event time has reached `t`: applies the buffered plots older than t less
  // the largest lag of the sources delivering, charges the looks that passed, deletes tracks
  // that have coasted too long. Never moves time back.
  void advance(Timestamp t);

  // Applies every buffered plot (end of a file).
  void flush();

  // States changed by the last non-const call, in the order they changed (a
  // track may appear twice when one call closed two scans); valid, with
  // their history pointers, until the next non-const call.
  std::span<const TrackState> changed() const;

  // Called with each state as it is added to changed(). May be empty. The
  // listener must not call the tracker; its argument (and its history) is
  // valid during the call only.
  void set_listener(std::function<void(const TrackState&)> listener);

  // Current states of all live tracks (tentative ones included), in no
  // particular order. Valid until the next non-const call.
  std::span<const TrackState> tracks() const;
  std::size_t track_count() const;

  // The tracker's frontier: tracks are complete up to this time (the latest
  // event time less the largest lag of the sources delivering; the last plot
  // after flush()).
  Timestamp now() const;
  const TrackerStats& stats() const;
  const std::vector<SensorConfig>& sensors() const;
  // A sensor's scan period in seconds (configured or learned; 0 = unknown).
  double scan_period_s(std::string_view sensor) const;
  // Plots held in the reorder buffer and the open association batch.
  std::size_t buffered() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lookout::air
