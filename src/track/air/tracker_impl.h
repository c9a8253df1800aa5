// The air tracker's insides, shared by its source files (not a public
// header): the Track record, the per-track looks of each sensor, and the
// Impl class whose members are defined in
//   air_tracker.cc      public face, sensors, intake and the release of plots
//   scan_assembly.cc    plots -> association batches, joint GNN per batch
//   track_life.cc       hits, misses per look, confirmation, deletion
//   track_output.cc     TrackState, changed(), the listener
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/geodesy.h"
#include "track/air/air_tracker.h"
#include "track/air/class_fusion.h"
#include "track/air/gnn_association.h"
#include "track/air/measurement.h"
#include "track/air/reorder_buffer.h"
#include "track/air/scan_period.h"

namespace lookout::air {

// One sensor's looks at one track: when it last hit the track and when its
// next look is due (a miss is charged if the frontier passes `due` with no
// hit and the track inside the sensor's coverage).
struct Look {
  uint16_t sensor = 0xffff;  // 0xffff = free slot
  Timestamp last_hit;
  Timestamp due;             // Timestamp{} = not scheduled (period unknown)
};

inline constexpr std::size_t kLooksPerTrack = 6;

struct Track {
  uint32_t id = 0;
  ImmFilter imm;
  Timestamp time;            // of the filter's state: the last plot applied
  TrackStatus status = TrackStatus::kTentative;
  Timestamp first_seen;
  Timestamp last_detected;
  Timestamp last_kinematics;
  uint32_t hits = 0;         // counted hits: one per sensor look
  uint32_t scans = 0;        // completed looks (hit or miss) since birth
  uint32_t window = 0;       // hit bits of the last looks, newest in bit 0
  uint32_t misses = 0;
  double weighted_misses = 0;
  double score = 0;
  double turn_abs_deg_s = 0;
  double straightness = -1;
  ClassBelief belief;
  uint32_t sensor_mask = 0;
  FixedString<40> object_id;
  TrackHistory history;
  std::array<Look, kLooksPerTrack> looks{};
  bool changed = false;
  bool ever_confirmed = false;
};


struct SensorRuntime {
  Eigen::Vector3d enu = Eigen::Vector3d::Zero();
  ScanPeriod period;
  Timestamp latest;          // latest plot time from this source (reorder buffer)
  bool heard = false;        // has delivered a plot (a silent source holds back nothing)
};

// A released plot waiting in its association batch.
struct BatchPlot {
  SensorDetection det;
  Measurement meas;
};

class AirTracker::Impl {
 public:
  Impl(TrackerParams params, std::vector<SensorConfig> sensors);

  // air_tracker.cc
  bool add_sensor(const SensorConfig& s);
  bool update(const SensorDetection& d);
  std::size_t update_scan(std::span<const SensorDetection> scan);
  void advance(Timestamp t);
  void flush();
  void begin_call();
  void end_call();

  TrackerParams params_;
  std::vector<SensorConfig> sensors_;
  std::vector<SensorRuntime> rt_;
  std::optional<LocalFrame> frame_;
  std::vector<Track> tracks_;
  std::vector<Track> graveyard_;  // deleted in the current call; their histories stay valid
  std::vector<TrackState> changed_;
  mutable std::vector<TrackState> snapshot_;
  std::function<void(const TrackState&)> listener_;
  TrackerStats stats_;
  Timestamp now_{};          // the release frontier: tracks are complete up to here
  Timestamp watermark_{};    // the latest event time seen
  bool started_ = false;
  uint32_t next_id_ = 1;
  double gate_d2_2_ = 13.82;
  double gate_d2_3_ = 16.27;

  ReorderBuffer reorder_;

  // The open association batch: released plots of one sensor's scan.
  std::vector<BatchPlot> batch_;
  std::size_t batch_sensor_ = 0;
  Timestamp batch_start_{};
  Timestamp last_sweep_{};
  bool dirty_ = false;       // a batch was applied since the last settle()

  // Scratch space of one batch.
  std::vector<uint32_t> by_east_;
  std::vector<GatedPair> pairs_;
  std::vector<char> gated_by_confirmed_;
  std::vector<double> d2_of_meas_;
  std::vector<int> track_of_meas_;
  std::vector<std::size_t> doomed_;
  std::unordered_map<uint32_t, const TrackHistory*> history_of_;
  GnnAssociator gnn_;

  // air_tracker.cc
  std::optional<std::size_t> find_sensor(std::string_view id) const;
  Timestamp release_frontier(Timestamp watermark) const;
  void release(Timestamp frontier, bool close_all);
  std::optional<Measurement> to_measurement(const SensorDetection& d, std::size_t sensor) const;
  double batch_window_s(std::size_t sensor) const;

  // scan_assembly.cc
  void add_to_batch(const SensorDetection& d, std::size_t sensor);
  void close_batch();
  void gate_batch(std::size_t sensor);

  // track_life.cc
  void hit(Track& tr, const Measurement& m, const SensorDetection& d, std::size_t sensor_idx,
           Timestamp t, double d2);
  void miss(Track& tr, const SensorConfig& s);
  void start_track(const Measurement& m, const SensorDetection& d, std::size_t sensor_idx,
                   Timestamp t);
  void sweep_looks(Timestamp t);
  bool covered(const Track& tr, std::size_t sensor, Timestamp t) const;
  Timestamp::duration coast_limit(const Track& tr, Timestamp::duration base) const;
  void check_lifetimes(Timestamp t);
  void remove_doomed();
  void settle(Timestamp t);  // looks, lifetimes, removals, output

  // track_output.cc
  void emit_changed();
  TrackState state_of(const Track& tr, TrackStatus status) const;
};

double larger_eigenvalue(double a, double b, double d);  // of [[a, b], [b, d]]

}  // namespace lookout::air
