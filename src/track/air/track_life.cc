// Track life: hits and misses counted per sensor look, M-of-N confirmation
// and the score, deletion, new tracks.
//
// A look is one scan's chance for one sensor to see one track. Each track
// keeps, per sensor that has hit it, when that sensor last hit it and when its
// next look is due: the hit time plus 1.75 scan periods (ScanPeriod), so a
// plot anywhere in the next revisit keeps it, even one whose time jitters
// within its scan. A hit within half a period of
// the last one belongs to the same look (a duplicate, or a staring sensor's
// second report in one frame): it updates the filter but counts nothing.
// When the frontier passes a due look without a hit the track is charged a
// miss if the sensor's coverage held its predicted position then (coverage.h);
// either way the look moves on by one period. M-of-N and the score thus
// count completed looks, whatever the time stamps inside a scan; a sensor
// that never hit a track (an RF detector and a bird) charges it nothing.
#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>

#include "track/air/coverage.h"
#include "track/air/tracker_impl.h"

namespace lookout::air {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;
constexpr double kTurnSmoothingS = 10;  // time constant of the smoothed |turn rate|
constexpr double kDueAfterPeriods = 1.75;
constexpr int kMaxMissesPerSweep = 8;   // a track that slept long is not charged forever
constexpr auto kSweepInterval = std::chrono::milliseconds(100);
// One look's kinematic class evidence covers at most this long: a sensor that
// looks every 4 s learns no more about how a target flies per look than one
// that looks every second (the same filter, fewer plots), while its class
// calls count per look; so the two weigh alike at any revisit, and a gull
// seen every 4 s is not called a drone on two noisy speed estimates.
constexpr double kKinematicsMaxLookS = 1.0;

double seconds(Timestamp::duration d) { return std::chrono::duration<double>(d).count(); }

Timestamp::duration period_of(double s) {
  return std::chrono::duration_cast<Timestamp::duration>(std::chrono::duration<double>(s));
}

Look& look_for(Track& tr, std::size_t sensor) {
  Look* free_slot = nullptr;
  Look* oldest = &tr.looks[0];
  for (Look& l : tr.looks) {
    if (l.sensor == sensor) return l;
    if (l.sensor == 0xffff && free_slot == nullptr) free_slot = &l;
    if (l.last_hit < oldest->last_hit) oldest = &l;
  }
  Look& l = free_slot != nullptr ? *free_slot : *oldest;
  l = Look{};
  l.sensor = static_cast<uint16_t>(sensor);
  return l;
}

}  // namespace

void AirTracker::Impl::hit(Track& tr, const Measurement& m, const SensorDetection& d,
                           std::size_t sensor_idx, Timestamp t, double d2) {
  const SensorConfig& s = sensors_[sensor_idx];
  // Score (a log-likelihood ratio, target against clutter) in horizontal
  // Cartesian terms so that sensors of different kinds add up.
  const Gaussian& prior = tr.imm.combined();
  Eigen::Matrix2d S = prior.P.topLeftCorner<2, 2>() + m.approx_cov_h;
  double clutter_per_m2 = std::max(s.clutter_per_km2, 1e-6) * 1e-6;
  double llr = std::log(std::clamp(s.pd, 0.01, 0.999)) - 0.5 * std::min(d2, 30.0) -
               0.5 * std::log(std::max(S(0, 0) * S(1, 1) - S(0, 1) * S(1, 0), 1e-6)) -
               std::log(2 * std::numbers::pi) - std::log(clutter_per_m2);
  if (!tr.imm.update(m)) return;  // degenerate measurement: as if not seen

  // The look this hit belongs to.
  ScanPeriod& period = rt_[sensor_idx].period;
  Look& look = look_for(tr, sensor_idx);
  bool new_look = true;
  if (look.last_hit != Timestamp{}) {
    double since = seconds(t - look.last_hit);
    // A tentative track's second hit is as likely clutter as not: its
    // intervals teach the period only from its third hit on.
    if (tr.status != TrackStatus::kTentative || tr.hits >= 2) {
      period.add_interval(since, tr.status != TrackStatus::kTentative);
    }
    new_look = period.seconds() > 0 ? since >= 0.5 * period.seconds() : since > 0;
  }
  look.last_hit = t;
  look.due = period.seconds() > 0 ? t + period_of(kDueAfterPeriods * period.seconds()) : Timestamp{};

  double since_last = seconds(t - tr.last_detected);
  tr.last_detected = t;
  if (sensor_idx < 32) tr.sensor_mask |= 1u << sensor_idx;
  if (!d.object_id.empty()) tr.object_id = d.object_id;
  tr.changed = true;
  if (new_look) {
    tr.score += llr;
    ++tr.hits;
    ++tr.scans;
    tr.window = (tr.window << 1) | 1u;
    tr.misses = 0;
    tr.weighted_misses = 0;
  }

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
    double covered_s = std::min(seconds(t - tr.last_kinematics), kKinematicsMaxLookS);
    if (tr.last_kinematics == Timestamp{}) covered_s = std::min(1.0, kKinematicsMaxLookS);
    tr.belief.add_kinematics(f, std::min(1.0, covered_s / params_.kinematics_tau_s));
    tr.last_kinematics = t;
  }

  const uint32_t n_mask = params_.confirm_n >= 32 ? ~0u : (1u << params_.confirm_n) - 1u;
  if (tr.status == TrackStatus::kTentative) {
    if (new_look && std::popcount(tr.window & n_mask) >= params_.confirm_m &&
        tr.score >= params_.confirm_score) {
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

bool AirTracker::Impl::covered(const Track& tr, std::size_t sensor, Timestamp t) const {
  const Gaussian& g = tr.imm.combined();
  const double dt = std::max(0.0, seconds(t - tr.time));
  Eigen::Vector3d p(g.x(kE) + g.x(kVe) * dt, g.x(kN) + g.x(kVn) * dt, g.x(kU) + g.x(kVu) * dt);
  return in_coverage(sensors_[sensor], rt_[sensor].enu, p, std::sqrt(g.P(kU, kU)) < 200);
}

void AirTracker::Impl::sweep_looks(Timestamp t) {
  for (Track& tr : tracks_) {
    for (Look& look : tr.looks) {
      if (look.sensor == 0xffff || look.due == Timestamp{} || look.due > t) continue;
      const double p = rt_[look.sensor].period.seconds();
      if (p <= 0) {
        look.due = Timestamp{};
        continue;
      }
      const auto step = period_of(p);
      for (int i = 0; i < kMaxMissesPerSweep && look.due <= t; ++i) {
        if (covered(tr, look.sensor, look.due)) {
          miss(tr, sensors_[look.sensor]);
        } else {
          ++stats_.uncovered_looks;
        }
        look.due += step;
      }
      if (look.due <= t) look.due = t + step;
    }
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
  Look& look = look_for(tr, sensor_idx);
  look.last_hit = t;
  const double p = rt_[sensor_idx].period.seconds();
  if (p > 0) look.due = t + period_of(kDueAfterPeriods * p);
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

Timestamp::duration AirTracker::Impl::coast_limit(const Track& tr, Timestamp::duration base) const {
  // The backstop must outlast a revisit, and for a confirmed track what its
  // looks allow, counted in looks of the slowest sensor that has seen it, not
  // in seconds: misses delete it after about delete_misses looks, the first
  // charged 1.75 periods after its last hit. In seconds alone, 10 s was ten
  // looks of a 1 s radar but 2.5 of a 4 s one, and a 15 s drop-out deleted
  // every track of a 4 s radar. Tentative tracks keep 2.5 periods: given the
  // N - M misses M-of-N allows, their clutter lived on long enough at 4 s to
  // take an airliner's plots (London's coverage fell from 10 of 11 to 9).
  double longest = 0;
  for (const Look& l : tr.looks) {
    if (l.sensor != 0xffff) longest = std::max(longest, rt_[l.sensor].period.seconds());
  }
  const double looks =
      tr.status == TrackStatus::kTentative ? 2.5 : std::max(2.5, params_.delete_misses + 1 + kDueAfterPeriods);
  return std::max(base, period_of(looks * longest));
}

void AirTracker::Impl::check_lifetimes(Timestamp t) {
  doomed_.clear();
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    const Track& tr = tracks_[i];
    bool drop = false;
    if (tr.status == TrackStatus::kTentative) {
      // M of the first N looks: delete once M can no longer be reached, or
      // when the score has not followed within 2N looks.
      int remaining = params_.confirm_n - static_cast<int>(tr.scans);
      drop = static_cast<int>(tr.hits) + std::max(remaining, 0) < params_.confirm_m ||
             static_cast<int>(tr.scans) >= 2 * params_.confirm_n ||
             t - tr.last_detected > coast_limit(tr, params_.tentative_max_coast);
    } else {
      drop = tr.weighted_misses >= params_.delete_misses ||
             t - tr.last_detected > coast_limit(tr, params_.max_coast);
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

void AirTracker::Impl::settle(Timestamp t) {
  // Looks are swept when a batch was applied or every 100 ms of event time:
  // a miss is charged at most that late, and a stream of plots does not pay
  // a pass over every track per plot.
  bool swept = false;
  if (dirty_ || t >= last_sweep_ + kSweepInterval) {
    sweep_looks(t);
    last_sweep_ = t;
    swept = true;
  }
  if (!swept && !dirty_) return;
  dirty_ = false;
  check_lifetimes(t);
  remove_doomed();
  emit_changed();
}

}  // namespace lookout::air
