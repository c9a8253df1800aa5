// AirTracker: sensor detections in, fused air tracks out.
//
// Event-time driven, single-threaded, bounded. Feed detections with
// update() (one at a time, as a file or socket delivers them) or
// update_scan() (a scan at once), and tell it the time with advance().
//
// Scans. The detections of one sensor at one time (within
// `scan_window`) form a scan: one association problem, and for every track
// in that sensor's coverage one hit or one miss. update() buffers
// detections into open scans (one per sensor) and processes a scan when
// the event time moves past it (a later detection of any sensor, advance(),
// flush()), so interleaved sensors do not split each other's scans.
// Detections later than `max_lateness` behind the tracker's time are
// dropped and counted; later ones within it are applied at the tracker's
// time (tracks never run backwards).
//
// Per scan: every track is predicted to the scan time (IMM of CV and CT
// models, imm_filter.h); each detection becomes a measurement (Cartesian,
// or polar from the sensor's site with the EKF's Jacobian); pairs inside
// the chi-square gate are clustered and each cluster is solved as a
// global-nearest-neighbour assignment (assignment.h, with "missed" and
// "clutter / new track" options so that a pair is taken only inside its
// gate); assigned tracks are updated, tracks in coverage without a
// detection count a miss, and detections outside every confirmed track's
// gate start tentative tracks.
//
// Track life: tentative until M hits in its first N scans (else deleted)
// and a score, the log-likelihood ratio of "target" against "clutter" from
// each sensor's Pd and clutter density, of at least `confirm_score` (so that
// dense clutter does not confirm tracks on M-of-N alone; deleted if not
// confirmed within 2N scans); confirmed tracks coast through misses and are deleted when their misses,
// weighted by the missing sensors' Pd, reach `delete_misses` or when no
// detection came for `max_coast`. Class: class_fusion.h.
//
// Output: after every non-const call, changed() lists the states of the
// tracks that call changed (updated, confirmed, coasting, deleted), and the
// optional listener is called with each. tracks() gives the whole picture.
//
// Memory: tracks (bounded by `max_tracks`), their fixed-size histories, one
// buffered scan per sensor (bounded by `max_scan_detections`) and scratch
// space reused from scan to scan: flat however long it runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
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
  std::chrono::milliseconds scan_window{0};    // detections of one sensor this close form one scan
  std::chrono::milliseconds max_lateness{2000};  // older detections are dropped
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
  std::size_t max_scan_detections = 20000;  // per buffered scan; more are dropped (counted)
  std::size_t max_sensors = 64;
  SensorConfig default_sensor;            // for absolute detections from an unconfigured sensor
};

struct TrackerStats {
  uint64_t detections = 0;       // accepted by update()/update_scan()
  uint64_t scans = 0;            // scans processed
  uint64_t late = 0;             // dropped: older than max_lateness
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

  // Buffers one detection (see "Scans" above); may process earlier scans.
  // Returns false when the detection was dropped (counted in stats()).
  bool update(const SensorDetection& d);

  // Processes `scan` at once as one scan per sensor it names (after any
  // buffered scans it follows). Returns the number of detections accepted.
  std::size_t update_scan(std::span<const SensorDetection> scan);

  // Event time has reached `t`: processes the buffered scans older than
  // t - scan_window (a scan at exactly t stays open for more detections)
  // and deletes tracks that have coasted too long. Never moves time back.
  void advance(Timestamp t);

  // Processes every buffered scan.
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

  // The tracker's event time (the latest scan or advance()).
  Timestamp now() const;
  const TrackerStats& stats() const;
  const std::vector<SensorConfig>& sensors() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lookout::air
