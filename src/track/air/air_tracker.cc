#include "track/air/air_tracker.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>
#include <unordered_map>
#include <utility>

#include "core/geodesy.h"
#include "track/air/class_fusion.h"
#include "track/air/gnn_association.h"
#include "track/air/measurement.h"

namespace lookout::air {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;
constexpr double kTurnSmoothingS = 10;  // time constant of the smoothed |turn rate|

// Inverse chi-square CDF at the supported gate probabilities, for 2 and 3
// degrees of freedom.
struct Gates {
  double d2_2;
  double d2_3;
};

Gates gates_for(double probability) {
  if (probability >= 0.9999) return {18.42, 21.11};
  if (probability >= 0.999) return {13.82, 16.27};
  return {9.21, 11.34};
}

double larger_eigenvalue(double a, double b, double d) {  // of [[a, b], [b, d]]
  double mean = 0.5 * (a + d);
  double diff = 0.5 * (a - d);
  return mean + std::sqrt(diff * diff + b * b);
}

struct Track {
  uint32_t id = 0;
  ImmFilter imm;
  Timestamp time;
  TrackStatus status = TrackStatus::kTentative;
  Timestamp first_seen;
  Timestamp last_detected;
  Timestamp last_kinematics;
  uint32_t hits = 0;
  uint32_t scans = 0;     // scans in coverage since birth
  uint32_t window = 0;    // hit bits of the last scans in coverage, newest in bit 0
  uint32_t misses = 0;
  double weighted_misses = 0;
  double score = 0;
  double turn_abs_deg_s = 0;
  double straightness = -1;
  ClassBelief belief;
  uint32_t sensor_mask = 0;
  FixedString<40> object_id;
  TrackHistory history;
  bool changed = false;
  bool ever_confirmed = false;
};

struct OpenScan {
  std::size_t sensor = 0;
  Timestamp time;
  std::vector<SensorDetection> detections;
};

}  // namespace

const char* to_string(TrackStatus s) noexcept {
  switch (s) {
    case TrackStatus::kTentative: return "tentative";
    case TrackStatus::kConfirmed: return "confirmed";
    case TrackStatus::kCoasting: return "coasting";
    case TrackStatus::kDeleted: return "deleted";
  }
  return "tentative";
}

class AirTracker::Impl {
 public:
  Impl(TrackerParams params, std::vector<SensorConfig> sensors);

  bool add_sensor(const SensorConfig& s);
  bool update(const SensorDetection& d);
  std::size_t update_scan(std::span<const SensorDetection> scan);
  void advance(Timestamp t);
  void flush();
  void begin_call();
  void end_call();

  TrackerParams params_;
  std::vector<SensorConfig> sensors_;
  std::vector<Eigen::Vector3d> sensor_enu_;
  std::optional<LocalFrame> frame_;
  std::vector<Track> tracks_;
  std::vector<Track> graveyard_;  // deleted in the current call; their histories stay valid
  std::vector<TrackState> changed_;
  mutable std::vector<TrackState> snapshot_;
  std::function<void(const TrackState&)> listener_;
  TrackerStats stats_;
  Timestamp now_{};
  bool started_ = false;
  uint32_t next_id_ = 1;
  Gates gates_;

  std::vector<OpenScan> open_;
  std::vector<OpenScan> spare_;  // closed scans keep their buffers for reuse

  // Scratch space of one scan.
  std::vector<Measurement> meas_;
  std::vector<const SensorDetection*> meas_det_;
  std::vector<uint32_t> by_east_;
  std::vector<GatedPair> pairs_;
  std::vector<char> gated_by_confirmed_;
  std::vector<double> d2_of_track_;
  std::vector<std::size_t> doomed_;
  std::unordered_map<uint32_t, const TrackHistory*> history_of_;
  GnnAssociator gnn_;

 private:
  std::optional<std::size_t> find_sensor(std::string_view id) const;
  void ensure_frame(const SensorDetection* d);
  void close_scans_before(Timestamp t, bool inclusive);
  void process_scan(OpenScan& scan);
  std::optional<Measurement> to_measurement(const SensorDetection& d, std::size_t sensor) const;
  void gate(double max_var_h);
  void hit(Track& tr, const Measurement& m, const SensorDetection& d, const SensorConfig& s,
           std::size_t sensor_idx, Timestamp t, double d2);
  void miss(Track& tr, const SensorConfig& s);
  void start_track(const Measurement& m, const SensorDetection& d, std::size_t sensor_idx,
                   Timestamp t);
  void check_lifetimes(Timestamp t);
  void remove_doomed();
  void emit_changed();
  bool in_coverage(const Track& tr, std::size_t sensor) const;

 public:
  TrackState state_of(const Track& tr, TrackStatus status) const;
};

AirTracker::Impl::Impl(TrackerParams params, std::vector<SensorConfig> sensors)
    : params_(std::move(params)), gates_(gates_for(params_.gate_probability)) {
  if (params_.origin) frame_.emplace(*params_.origin);
  for (const SensorConfig& s : sensors) add_sensor(s);
}

void AirTracker::Impl::begin_call() {
  changed_.clear();
  graveyard_.clear();
}

void AirTracker::Impl::end_call() {
  // One call may process several scans; tracks_ and graveyard_ may have
  // moved since a state was listed, so point the histories anew.
  if (changed_.empty()) return;
  history_of_.clear();
  for (const Track& tr : tracks_) history_of_[tr.id] = &tr.history;
  for (const Track& tr : graveyard_) history_of_[tr.id] = &tr.history;
  for (TrackState& st : changed_) {
    auto it = history_of_.find(st.id);
    st.history = it == history_of_.end() ? nullptr : it->second;
  }
}

std::optional<std::size_t> AirTracker::Impl::find_sensor(std::string_view id) const {
  for (std::size_t i = 0; i < sensors_.size(); ++i) {
    if (sensors_[i].id.view() == id) return i;
  }
  return std::nullopt;
}

bool AirTracker::Impl::add_sensor(const SensorConfig& s) {
  if (!frame_) frame_.emplace(s.position);
  EastNorth en = frame_->to_local(s.position);
  Eigen::Vector3d enu(en.east_m, en.north_m, s.alt_m);
  if (auto idx = find_sensor(s.id.view())) {
    sensors_[*idx] = s;
    sensor_enu_[*idx] = enu;
    return true;
  }
  if (sensors_.size() >= params_.max_sensors) return false;
  sensors_.push_back(s);
  sensor_enu_.push_back(enu);
  return true;
}

bool AirTracker::Impl::update(const SensorDetection& d) {
  if (started_ && d.time + params_.max_lateness < now_) {
    ++stats_.late;
    return false;
  }
  std::optional<std::size_t> sensor = find_sensor(d.sensor.view());
  if (!sensor) {
    if (!d.position) {
      ++stats_.unknown_sensor;
      return false;
    }
    SensorConfig s = params_.default_sensor;
    s.id = d.sensor;
    s.position = *d.position;
    s.max_range_m = 0;
    if (!add_sensor(s)) {
      ++stats_.overflow;
      return false;
    }
    sensor = sensors_.size() - 1;
  }
  bool usable = (d.position && d.position->valid()) || (d.range_m && d.bearing_deg);
  if (!usable) {
    ++stats_.invalid;
    return false;
  }
  // Scans the event time has moved past are complete.
  close_scans_before(d.time - params_.scan_window, false);
  OpenScan* scan = nullptr;
  for (OpenScan& s : open_) {
    if (s.sensor == *sensor) scan = &s;
  }
  if (scan != nullptr && (d.time < scan->time || d.time - scan->time > params_.scan_window)) {
    // Same sensor, another time: that scan is over (order is kept per sensor).
    std::size_t i = static_cast<std::size_t>(scan - open_.data());
    OpenScan done = std::move(open_[i]);
    open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(i));
    process_scan(done);
    done.detections.clear();
    spare_.push_back(std::move(done));
    scan = nullptr;
  }
  if (scan == nullptr) {
    OpenScan fresh;
    if (!spare_.empty()) {
      fresh = std::move(spare_.back());
      spare_.pop_back();
    }
    fresh.sensor = *sensor;
    fresh.time = d.time;
    fresh.detections.clear();
    open_.push_back(std::move(fresh));
    scan = &open_.back();
  }
  if (scan->detections.size() >= params_.max_scan_detections) {
    ++stats_.overflow;
    return false;
  }
  scan->detections.push_back(d);
  ++stats_.detections;
  return true;
}

std::size_t AirTracker::Impl::update_scan(std::span<const SensorDetection> scan) {
  std::size_t accepted = 0;
  Timestamp latest{};
  for (const SensorDetection& d : scan) {
    if (update(d)) {
      ++accepted;
      latest = std::max(latest, d.time);
    }
  }
  if (accepted > 0) close_scans_before(latest, true);
  return accepted;
}

void AirTracker::Impl::advance(Timestamp t) {
  close_scans_before(t - params_.scan_window, false);
  if (!started_ || t > now_) {
    now_ = t;
    started_ = true;
  }
  check_lifetimes(now_);
  remove_doomed();
  emit_changed();
}

void AirTracker::Impl::flush() {
  close_scans_before(Timestamp::max(), true);
}

void AirTracker::Impl::close_scans_before(Timestamp t, bool inclusive) {
  // Oldest first; a handful of open scans at most (one per sensor).
  for (;;) {
    std::size_t best = open_.size();
    for (std::size_t i = 0; i < open_.size(); ++i) {
      bool due = inclusive ? open_[i].time <= t : open_[i].time < t;
      if (due && (best == open_.size() || open_[i].time < open_[best].time)) best = i;
    }
    if (best == open_.size()) return;
    OpenScan done = std::move(open_[best]);
    open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(best));
    process_scan(done);
    done.detections.clear();
    spare_.push_back(std::move(done));
  }
}

std::optional<Measurement> AirTracker::Impl::to_measurement(const SensorDetection& d,
                                                            std::size_t sensor) const {
  const SensorConfig& s = sensors_[sensor];
  if (d.range_m && d.bearing_deg && !(d.position && d.position->valid())) {
    double b = *d.bearing_deg * kDegToRad;
    if (d.elevation_deg) {
      return make_polar3(sensor_enu_[sensor], *d.range_m, b, *d.elevation_deg * kDegToRad,
                         s.sigma_range_m, s.sigma_bearing_deg * kDegToRad,
                         s.sigma_elevation_deg * kDegToRad);
    }
    return make_polar2(sensor_enu_[sensor], *d.range_m, b, s.sigma_range_m,
                       s.sigma_bearing_deg * kDegToRad);
  }
  if (!d.position || !d.position->valid()) return std::nullopt;
  EastNorth en = frame_->to_local(*d.position);
  double sigma = d.sigma_m.value_or(s.sigma_m);
  if (d.alt_m) return make_position3(en.east_m, en.north_m, *d.alt_m, sigma, s.sigma_alt_m);
  return make_position2(en.east_m, en.north_m, sigma);
}

void AirTracker::Impl::ensure_frame(const SensorDetection* d) {
  if (frame_) return;
  if (d != nullptr && d->position) frame_.emplace(*d->position);
}

bool AirTracker::Impl::in_coverage(const Track& tr, std::size_t sensor) const {
  double range = sensors_[sensor].max_range_m;
  if (range <= 0) return true;
  const StateVector& x = tr.imm.combined().x;
  double de = x(kE) - sensor_enu_[sensor].x();
  double dn = x(kN) - sensor_enu_[sensor].y();
  return de * de + dn * dn <= range * range;
}

void AirTracker::Impl::process_scan(OpenScan& scan) {
  if (scan.detections.empty()) return;
  ensure_frame(&scan.detections.front());
  if (!frame_) return;  // only relative detections and no sensor site: cannot happen
  const Timestamp t = started_ ? std::max(scan.time, now_) : scan.time;
  now_ = t;
  started_ = true;
  ++stats_.scans;
  const SensorConfig& sensor = sensors_[scan.sensor];

  // Args: measurements of this scan.
  meas_.clear();
  meas_det_.clear();
  double max_var_h = 0;
  for (const SensorDetection& d : scan.detections) {
    std::optional<Measurement> m = to_measurement(d, scan.sensor);
    if (!m) {
      ++stats_.invalid;
      continue;
    }
    max_var_h = std::max(max_var_h, m->approx_var_h);
    meas_.push_back(*m);
    meas_det_.push_back(&d);
  }

  // Operation: predict, gate, associate.
  for (Track& tr : tracks_) {
    double dt = std::chrono::duration<double>(t - tr.time).count();
    if (dt > 0) tr.imm.predict(dt, params_.imm);
    tr.time = t;
    tr.changed = false;
  }
  gate(max_var_h);
  gnn_.associate(pairs_, tracks_.size(), meas_.size(), gates_.d2_3);
  d2_of_track_.assign(tracks_.size(), 0.0);
  for (const GatedPair& p : pairs_) {
    if (gnn_.meas_of_track()[p.track] == static_cast<int>(p.meas)) d2_of_track_[p.track] = p.d2;
  }

  const std::size_t existing = tracks_.size();  // start_track appends
  for (std::size_t ti = 0; ti < existing; ++ti) {
    Track& tr = tracks_[ti];
    int mi = gnn_.meas_of_track()[ti];
    if (mi >= 0) {
      std::size_t m = static_cast<std::size_t>(mi);
      hit(tr, meas_[m], *meas_det_[m], sensor, scan.sensor, t, d2_of_track_[ti]);
    } else if (in_coverage(tr, scan.sensor)) {
      miss(tr, sensor);
    }
  }
  for (std::size_t m = 0; m < meas_.size(); ++m) {
    if (gnn_.track_of_meas()[m] >= 0 || gated_by_confirmed_[m]) continue;
    start_track(meas_[m], *meas_det_[m], scan.sensor, t);
  }

  // Response: lifetimes, then what changed.
  check_lifetimes(t);
  remove_doomed();
  emit_changed();
}

void AirTracker::Impl::gate(double max_var_h) {
  pairs_.clear();
  gated_by_confirmed_.assign(meas_.size(), 0);
  by_east_.resize(meas_.size());
  for (std::size_t i = 0; i < meas_.size(); ++i) by_east_[i] = static_cast<uint32_t>(i);
  std::sort(by_east_.begin(), by_east_.end(),
            [&](uint32_t a, uint32_t b) { return meas_[a].approx_e < meas_[b].approx_e; });
  for (std::size_t ti = 0; ti < tracks_.size(); ++ti) {
    const Track& tr = tracks_[ti];
    const Gaussian& g = tr.imm.combined();
    // Coarse box: no measurement outside it can be inside the gate.
    double var = larger_eigenvalue(g.P(kE, kE), g.P(kE, kN), g.P(kN, kN)) + max_var_h;
    const double exclusion = gates_.d2_3 * std::max(1.0, params_.spawn_exclusion);
    double r = std::sqrt(exclusion * var) + 1.0;
    double e = g.x(kE);
    double n = g.x(kN);
    auto first = std::lower_bound(by_east_.begin(), by_east_.end(), e - r,
                                  [&](uint32_t i, double v) { return meas_[i].approx_e < v; });
    for (auto it = first; it != by_east_.end() && meas_[*it].approx_e <= e + r; ++it) {
      const Measurement& m = meas_[*it];
      if (std::abs(m.approx_n - n) > r) continue;
      Innovation inn = tr.imm.innovation(m);
      double limit = m.dim == 3 ? gates_.d2_3 : gates_.d2_2;
      // Near a confirmed track a detection is its echo, or clutter, not a
      // new target: a target emerging that close would be in the gate soon.
      if (tr.status != TrackStatus::kTentative && inn.d2 <= limit * params_.spawn_exclusion) {
        gated_by_confirmed_[*it] = 1;
      }
      if (inn.d2 > limit) continue;
      pairs_.push_back({static_cast<uint32_t>(ti), *it, inn.d2});
    }
  }
}

void AirTracker::Impl::hit(Track& tr, const Measurement& m, const SensorDetection& d,
                           const SensorConfig& s, std::size_t sensor_idx, Timestamp t, double d2) {
  // Score (a log-likelihood ratio, target against clutter) in horizontal
  // Cartesian terms so that sensors of different kinds add up.
  const Gaussian& prior = tr.imm.combined();
  Eigen::Matrix2d S = prior.P.topLeftCorner<2, 2>() + m.approx_cov_h;
  double clutter_per_m2 = std::max(s.clutter_per_km2, 1e-6) * 1e-6;
  tr.score += std::log(std::clamp(s.pd, 0.01, 0.999)) - 0.5 * std::min(d2, 30.0) -
              0.5 * std::log(std::max(S(0, 0) * S(1, 1) - S(0, 1) * S(1, 0), 1e-6)) -
              std::log(2 * std::numbers::pi) - std::log(clutter_per_m2);
  if (!tr.imm.update(m)) {
    miss(tr, s);
    return;
  }
  ++tr.hits;
  ++tr.scans;
  tr.window = (tr.window << 1) | 1u;
  tr.misses = 0;
  tr.weighted_misses = 0;
  double since_last = std::chrono::duration<double>(t - tr.last_detected).count();
  tr.last_detected = t;
  if (sensor_idx < 32) tr.sensor_mask |= 1u << sensor_idx;
  if (!d.object_id.empty()) tr.object_id = d.object_id;
  tr.changed = true;

  const Gaussian& g = tr.imm.combined();
  tr.history.add({t, frame_->to_latlon({g.x(kE), g.x(kN)}), g.x(kU)}, params_.history_interval);

  // Class: the sensor's call, then how it flies.
  if (d.cls != ObjectClass::kUnknown) {
    tr.belief.add_report(d.cls, d.confidence.value_or(s.default_confidence), s.class_weight);
  }
  double omega_deg = std::abs(g.x(kOmega)) * kRadToDeg;
  double alpha = 1.0 - std::exp(-std::max(since_last, 0.0) / kTurnSmoothingS);
  tr.turn_abs_deg_s += alpha * (omega_deg - tr.turn_abs_deg_s);
  double sigma_speed = std::sqrt(larger_eigenvalue(g.P(kVe, kVe), g.P(kVe, kVn), g.P(kVn, kVn)));
  const double speed = std::hypot(g.x(kVe), g.x(kVn));
  if (tr.hits >= static_cast<uint32_t>(params_.confirm_m) &&
      sigma_speed <= params_.kinematics_max_sigma_speed + 0.25 * speed) {
    KinematicFeatures f;
    f.speed_mps = speed;
    if (std::sqrt(g.P(kU, kU)) < 100) f.height_m = g.x(kU) - params_.ground_alt_m;
    f.turn_rate_deg_s = tr.turn_abs_deg_s;
    f.straightness = path_straightness(tr.history, *frame_, params_.straightness_window_s,
                                       params_.straightness_step_s, 60);
    tr.straightness = f.straightness.value_or(-1);
    double covered = std::chrono::duration<double>(t - tr.last_kinematics).count();
    if (tr.last_kinematics == Timestamp{}) covered = 1.0;
    tr.belief.add_kinematics(f, std::min(1.0, covered / params_.kinematics_tau_s));
    tr.last_kinematics = t;
  }

  const uint32_t n_mask = params_.confirm_n >= 32 ? ~0u : (1u << params_.confirm_n) - 1u;
  if (tr.status == TrackStatus::kTentative) {
    if (std::popcount(tr.window & n_mask) >= params_.confirm_m && tr.score >= params_.confirm_score) {
      tr.status = TrackStatus::kConfirmed;
      tr.ever_confirmed = true;
      ++stats_.tracks_confirmed;
    }
  } else {
    tr.status = TrackStatus::kConfirmed;
  }
}

void AirTracker::Impl::miss(Track& tr, const SensorConfig& s) {
  ++tr.scans;
  tr.window <<= 1;
  ++tr.misses;
  double pd = std::clamp(s.pd, 0.0, 0.999);
  tr.weighted_misses += pd;
  tr.score += std::log(1.0 - pd);
  if (tr.status == TrackStatus::kConfirmed) {
    tr.status = TrackStatus::kCoasting;
    tr.changed = true;
  }
}

void AirTracker::Impl::start_track(const Measurement& m, const SensorDetection& d,
                                   std::size_t sensor_idx, Timestamp t) {
  if (tracks_.size() >= params_.max_tracks) {
    ++stats_.overflow;
    return;
  }
  Eigen::Vector3d pos;
  Eigen::Matrix3d cov;
  measurement_to_enu(m, params_.initial_alt_m,
                     params_.initial_alt_sigma_m * params_.initial_alt_sigma_m, pos, cov);
  Gaussian g;
  g.x.setZero();
  g.P.setZero();
  g.x.head<3>() = pos;
  g.P.topLeftCorner<3, 3>() = cov;
  double sv = params_.initial_speed_sigma_mps;
  if (d.vel_e && d.vel_n) {
    g.x(kVe) = *d.vel_e;
    g.x(kVn) = *d.vel_n;
    sv = 5.0;  // a sensor's own velocity: trust it, loosely
  }
  g.x(kVu) = d.vel_u.value_or(0.0);
  g.P(kVe, kVe) = g.P(kVn, kVn) = sv * sv;
  g.P(kVu, kVu) = d.vel_u ? 4.0 : 100.0;
  g.P(kOmega, kOmega) = std::pow(10.0 * kDegToRad, 2);
  Track tr;
  tr.id = next_id_++;
  tr.imm.init(g, params_.imm);
  tr.time = t;
  tr.first_seen = t;
  tr.last_detected = t;
  tr.hits = 1;
  tr.scans = 1;
  tr.window = 1;
  if (sensor_idx < 32) tr.sensor_mask = 1u << sensor_idx;
  tr.object_id = d.object_id;
  const SensorConfig& s = sensors_[sensor_idx];
  if (d.cls != ObjectClass::kUnknown) {
    tr.belief.add_report(d.cls, d.confidence.value_or(s.default_confidence), s.class_weight);
  }
  tr.history.add({t, frame_->to_latlon({pos.x(), pos.y()}), pos.z()}, params_.history_interval);
  tr.changed = true;
  if (params_.confirm_m <= 1) {
    tr.status = TrackStatus::kConfirmed;
    tr.ever_confirmed = true;
    ++stats_.tracks_confirmed;
  }
  ++stats_.tracks_started;
  tracks_.push_back(std::move(tr));
}

void AirTracker::Impl::check_lifetimes(Timestamp t) {
  doomed_.clear();
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    const Track& tr = tracks_[i];
    bool drop = false;
    if (tr.status == TrackStatus::kTentative) {
      // M of the first N: delete once M can no longer be reached, or when
      // the score has not followed within 2N scans.
      int remaining = params_.confirm_n - static_cast<int>(tr.scans);
      drop = static_cast<int>(tr.hits) + std::max(remaining, 0) < params_.confirm_m ||
             static_cast<int>(tr.scans) >= 2 * params_.confirm_n ||
             t - tr.last_detected > params_.tentative_max_coast;
    } else {
      drop = tr.weighted_misses >= params_.delete_misses || t - tr.last_detected > params_.max_coast;
    }
    if (drop) doomed_.push_back(i);
  }
}

void AirTracker::Impl::remove_doomed() {
  // Back to front so that swap-with-last never moves a doomed track.
  for (auto it = doomed_.rbegin(); it != doomed_.rend(); ++it) {
    std::size_t i = *it;
    ++stats_.tracks_deleted;
    Track& tr = tracks_[i];
    if (tr.ever_confirmed || params_.report_tentative) {
      graveyard_.push_back(std::move(tr));
      graveyard_.back().status = TrackStatus::kDeleted;
      graveyard_.back().changed = true;
    }
    if (i != tracks_.size() - 1) tracks_[i] = std::move(tracks_.back());
    tracks_.pop_back();
  }
  doomed_.clear();
}

TrackState AirTracker::Impl::state_of(const Track& tr, TrackStatus status) const {
  TrackState s;
  const Gaussian& g = tr.imm.combined();
  s.time = tr.time;
  s.id = tr.id;
  s.status = status;
  s.position = frame_->to_latlon({g.x(kE), g.x(kN)});
  s.alt_m = g.x(kU);
  s.vel_e = g.x(kVe);
  s.vel_n = g.x(kVn);
  s.vel_u = g.x(kVu);
  s.speed_mps = std::hypot(s.vel_e, s.vel_n);
  double course = std::atan2(s.vel_e, s.vel_n) * kRadToDeg;
  s.course_deg = course < 0 ? course + 360 : course;
  if (s.course_deg >= 360) s.course_deg = 0;
  s.turn_rate_deg_s = g.x(kOmega) * kRadToDeg;
  s.sigma_pos_m = std::sqrt(larger_eigenvalue(g.P(kE, kE), g.P(kE, kN), g.P(kN, kN)));
  s.sigma_alt_m = std::sqrt(g.P(kU, kU));
  s.sigma_speed_mps = std::sqrt(larger_eigenvalue(g.P(kVe, kVe), g.P(kVe, kVn), g.P(kVn, kVn)));
  s.p_turning = tr.imm.model_probability(ImmFilter::kCt);
  s.straightness = tr.straightness;
  s.class_prob = tr.belief.probabilities();
  s.cls = tr.belief.best(params_.min_class_probability);
  s.first_seen = tr.first_seen;
  s.last_detected = tr.last_detected;
  s.hits = tr.hits;
  s.misses = tr.misses;
  s.score = tr.score;
  s.sensor_mask = tr.sensor_mask;
  s.object_id = tr.object_id;
  s.history = &tr.history;
  return s;
}

void AirTracker::Impl::emit_changed() {
  auto emit = [&](const Track& tr) {
    if (!tr.changed) return;
    if (tr.status == TrackStatus::kTentative && !params_.report_tentative) return;
    changed_.push_back(state_of(tr, tr.status));
    if (listener_) listener_(changed_.back());
  };
  for (Track& tr : tracks_) {
    emit(tr);
    tr.changed = false;
  }
  for (Track& tr : graveyard_) {
    emit(tr);
    tr.changed = false;
  }
}

// The public face.

AirTracker::AirTracker(TrackerParams params, std::vector<SensorConfig> sensors)
    : impl_(std::make_unique<Impl>(std::move(params), std::move(sensors))) {}
AirTracker::~AirTracker() = default;
AirTracker::AirTracker(AirTracker&&) noexcept = default;
AirTracker& AirTracker::operator=(AirTracker&&) noexcept = default;

bool AirTracker::add_sensor(const SensorConfig& sensor) {
  impl_->begin_call();
  return impl_->add_sensor(sensor);
}

bool AirTracker::update(const SensorDetection& d) {
  impl_->begin_call();
  bool accepted = impl_->update(d);
  impl_->end_call();
  return accepted;
}

std::size_t AirTracker::update_scan(std::span<const SensorDetection> scan) {
  impl_->begin_call();
  std::size_t accepted = impl_->update_scan(scan);
  impl_->end_call();
  return accepted;
}

void AirTracker::advance(Timestamp t) {
  impl_->begin_call();
  impl_->advance(t);
  impl_->end_call();
}

void AirTracker::flush() {
  impl_->begin_call();
  impl_->flush();
  impl_->end_call();
}

std::span<const TrackState> AirTracker::changed() const { return impl_->changed_; }

void AirTracker::set_listener(std::function<void(const TrackState&)> listener) {
  impl_->listener_ = std::move(listener);
}

std::span<const TrackState> AirTracker::tracks() const {
  impl_->snapshot_.clear();
  for (const Track& tr : impl_->tracks_) impl_->snapshot_.push_back(impl_->state_of(tr, tr.status));
  return impl_->snapshot_;
}

std::size_t AirTracker::track_count() const { return impl_->tracks_.size(); }
Timestamp AirTracker::now() const { return impl_->now_; }
const TrackerStats& AirTracker::stats() const { return impl_->stats_; }
const std::vector<SensorConfig>& AirTracker::sensors() const { return impl_->sensors_; }

}  // namespace lookout::air
