// Output: a track's TrackState, and the states a call changed (changed()
// and the listener).
#include <cmath>
#include <numbers>

#include "track/air/tracker_impl.h"

namespace lookout::air {

namespace {

constexpr double kRadToDeg = 180.0 / std::numbers::pi;

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

}  // namespace lookout::air
