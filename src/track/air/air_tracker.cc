// The air tracker's public face, its sensors, and the intake of plots: each
// plot goes through the reorder buffer and comes out, in time order, into the
// association batch of its sensor (scan_assembly.cc).
#include "track/air/air_tracker.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

#include "track/air/tracker_impl.h"

namespace lookout::air {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
// A source that has sent nothing for this long beyond its own lag is idle:
// it no longer holds the release frontier back (0015, "a lag per source").
constexpr auto kIdleAfter = std::chrono::seconds(5);

}  // namespace

double larger_eigenvalue(double a, double b, double d) {
  double mean = 0.5 * (a + d);
  double diff = 0.5 * (a - d);
  return mean + std::sqrt(diff * diff + b * b);
}

AirTracker::Impl::Impl(TrackerParams params, std::vector<SensorConfig> sensors)
    : params_(std::move(params)), reorder_(params_.max_buffered_plots) {
  // Inverse chi-square CDF at the supported gate probabilities, 2 and 3 dof.
  if (params_.gate_probability >= 0.9999) {
    gate_d2_2_ = 18.42;
    gate_d2_3_ = 21.11;
  } else if (params_.gate_probability < 0.999) {
    gate_d2_2_ = 9.21;
    gate_d2_3_ = 11.34;
  }
  if (params_.origin) frame_.emplace(*params_.origin);
  for (const SensorConfig& s : sensors) add_sensor(s);
}

void AirTracker::Impl::begin_call() {
  changed_.clear();
  graveyard_.clear();
}

void AirTracker::Impl::end_call() {
  // One call may close several batches; tracks_ and graveyard_ may have
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
  std::optional<std::size_t> idx = find_sensor(s.id.view());
  if (!idx) {
    if (sensors_.size() >= params_.max_sensors) return false;
    sensors_.push_back(s);
    rt_.emplace_back();
    idx = sensors_.size() - 1;
  }
  sensors_[*idx] = s;
  rt_[*idx].enu = enu;
  rt_[*idx].period.configure(s.revisit_s);
  return true;
}

Timestamp AirTracker::Impl::release_frontier(Timestamp watermark) const {
  // One time order into the tracker: a plot leaves the buffer only when no
  // source can still deliver an older one. A source promises its plots
  // arrive at most its own lag behind the event time, so the frontier is the
  // watermark less the largest lag of the sources that may still deliver:
  // those heard from within their lag plus kIdleAfter. A sensor that is
  // configured but silent (an RF detector with no drone about, a radar
  // down) holds nobody back; a fast sensor alone runs at its own lag.
  std::chrono::milliseconds lag{0};
  for (std::size_t i = 0; i < sensors_.size(); ++i) {
    if (!rt_[i].heard) continue;
    const auto own = std::chrono::milliseconds(std::max(sensors_[i].reorder_lag_ms, 0));
    if (own <= lag || watermark - rt_[i].latest > own + kIdleAfter) continue;
    lag = own;
  }
  return watermark - lag;
}

bool AirTracker::Impl::update(const SensorDetection& d) {
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
  const auto lag = std::chrono::milliseconds(std::max(sensors_[*sensor].reorder_lag_ms, 0));
  switch (reorder_.push(d, static_cast<uint32_t>(*sensor), rt_[*sensor].latest, lag)) {
    case ReorderBuffer::Result::kLate: ++stats_.late; return false;
    case ReorderBuffer::Result::kFull: ++stats_.overflow; return false;
    case ReorderBuffer::Result::kReordered: ++stats_.reordered; break;
    case ReorderBuffer::Result::kInOrder: break;
  }
  ++stats_.detections;
  rt_[*sensor].heard = true;
  watermark_ = started_ ? std::max(watermark_, d.time) : d.time;
  started_ = true;
  release(release_frontier(watermark_), false);
  return true;
}

std::size_t AirTracker::Impl::update_scan(std::span<const SensorDetection> scan) {
  std::size_t accepted = 0;
  Timestamp latest{};
  for (const SensorDetection& d : scan) {
    if (update(d)) {
      ++accepted;
      latest = accepted == 1 ? d.time : std::max(latest, d.time);
    }
  }
  // The caller hands over a whole scan: nothing of it is still to come.
  if (accepted > 0) {
    release(std::max(latest, release_frontier(watermark_)), true);
    reorder_.raise_released(latest);
  }
  return accepted;
}

void AirTracker::Impl::advance(Timestamp t) {
  watermark_ = started_ ? std::max(watermark_, t) : t;
  started_ = true;
  release(release_frontier(watermark_), false);
}

void AirTracker::Impl::flush() {
  release(Timestamp::max(), true);
}

double AirTracker::Impl::batch_window_s(std::size_t sensor) const {
  // Half a scan: one target gives one plot in it, and plots of targets close
  // together (the ones joint association is for) fall in the same one.
  double window = std::chrono::duration<double>(params_.scan_window).count();
  return std::max(window, 0.5 * rt_[sensor].period.seconds());
}

void AirTracker::Impl::release(Timestamp frontier, bool close_all) {
  uint32_t sensor = 0;
  bool moved = false;
  // Plots at exactly the frontier stay for others of the same time (a frame
  // comes out whole, sensor by sensor), unless the caller closes everything.
  const Timestamp limit =
      close_all || frontier == Timestamp::min() ? frontier : frontier - std::chrono::milliseconds(1);
  while (const SensorDetection* d = reorder_.peek(limit, &sensor)) {
    SensorDetection plot = *d;
    reorder_.pop();
    add_to_batch(plot, sensor);
    moved = true;
  }
  // Tracks are complete up to the frontier (or to the last plot, on flush).
  Timestamp t = frontier == Timestamp::max() ? reorder_.released() : frontier;
  if (!started_ && !moved) return;
  if (t > now_ || now_ == Timestamp{}) now_ = t;
  if (!batch_.empty()) {
    double since = std::chrono::duration<double>(now_ - batch_start_).count();
    if (close_all || since > batch_window_s(batch_sensor_)) close_batch();
  }
  settle(now_);
}

std::optional<Measurement> AirTracker::Impl::to_measurement(const SensorDetection& d,
                                                            std::size_t sensor) const {
  const SensorConfig& s = sensors_[sensor];
  if (d.range_m && d.bearing_deg && !(d.position && d.position->valid())) {
    double b = *d.bearing_deg * kDegToRad;
    if (d.elevation_deg) {
      return make_polar3(rt_[sensor].enu, *d.range_m, b, *d.elevation_deg * kDegToRad,
                         s.sigma_range_m, s.sigma_bearing_deg * kDegToRad,
                         s.sigma_elevation_deg * kDegToRad);
    }
    return make_polar2(rt_[sensor].enu, *d.range_m, b, s.sigma_range_m,
                       s.sigma_bearing_deg * kDegToRad);
  }
  if (!d.position || !d.position->valid()) return std::nullopt;
  EastNorth en = frame_->to_local(*d.position);
  double sigma = d.sigma_m.value_or(s.sigma_m);
  if (d.alt_m) return make_position3(en.east_m, en.north_m, *d.alt_m, sigma, s.sigma_alt_m);
  return make_position2(en.east_m, en.north_m, sigma);
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

double AirTracker::scan_period_s(std::string_view sensor) const {
  std::optional<std::size_t> i = impl_->find_sensor(sensor);
  return i ? impl_->rt_[*i].period.seconds() : 0.0;
}

std::size_t AirTracker::buffered() const { return impl_->reorder_.size() + impl_->batch_.size(); }

}  // namespace lookout::air
