#include "track/air/class_fusion.h"

#include <algorithm>
#include <cmath>

namespace lookout::air {

namespace {

constexpr std::size_t idx(ObjectClass c) { return static_cast<std::size_t>(c); }

// Smooth step from 0 to 1 around x = 0 with width `soft`.
double rise(double x, double soft) { return 1.0 / (1.0 + std::exp(-x / soft)); }

constexpr double kMinLogP = -9.2;  // ln(1e-4): the floor of any class
constexpr double kFloor = 0.02;    // no single feature rules a class out entirely

}  // namespace

ClassVector kinematic_likelihood(const KinematicFeatures& f) {
  ClassVector like{};
  const double v = f.speed_mps;
  const double m = f.turn_rate_deg_s;
  // Speed.
  double drone = rise(40.0 - v, 4.0);
  double bird = rise(v - 3.0, 1.0) * rise(25.0 - v, 3.0);
  double aircraft = rise(v - 35.0, 5.0);
  double other = 0.3;
  // Height above ground.
  if (f.height_m) {
    double h = *f.height_m;
    drone *= rise(500.0 - h, 60.0);
    bird *= rise(300.0 - h, 80.0);
    aircraft *= 0.3 + 0.7 * rise(h - 300.0, 100.0);
    other *= 0.5;
  }
  // Path: meandering birds, straight aircraft, drones either way.
  aircraft *= rise(5.0 - m, 1.5);
  if (f.straightness) {
    double st = *f.straightness;
    drone *= 0.6;
    bird *= 0.1 + 0.9 * rise(0.9 - st, 0.04);
    aircraft *= rise(st - 0.85, 0.03);
    other *= 0.5;
  }
  like[idx(ObjectClass::kDrone)] = std::max(drone, kFloor * kFloor);
  like[idx(ObjectClass::kBird)] = std::max(bird, kFloor * kFloor);
  like[idx(ObjectClass::kAircraft)] = std::max(aircraft, kFloor * kFloor);
  like[idx(ObjectClass::kUnknown)] = other;
  return like;
}

std::optional<double> path_straightness(const TrackHistory& history, const LocalFrame& frame,
                                        double window_s, double step_s, double min_path_m) {
  // Newest first: the ring, then the first points.
  const std::size_t n = history.recent_count() + history.first_count();
  if (n < 2) return std::nullopt;
  auto point = [&](std::size_t newest_index) -> const TrackPoint& {
    if (newest_index < history.recent_count()) {
      return history.recent(history.recent_count() - 1 - newest_index);
    }
    return history.first(history.first_count() - 1 - (newest_index - history.recent_count()));
  };
  const TrackPoint& newest = point(0);
  EastNorth last = frame.to_local(newest.position);
  EastNorth prev = last;
  Timestamp prev_time = newest.time;
  double path = 0;
  for (std::size_t i = 1; i < n; ++i) {
    const TrackPoint& p = point(i);
    double age = std::chrono::duration<double>(newest.time - p.time).count();
    if (age > window_s + step_s) break;
    if (std::chrono::duration<double>(prev_time - p.time).count() < step_s && age < window_s) continue;
    EastNorth en = frame.to_local(p.position);
    path += std::hypot(en.east_m - prev.east_m, en.north_m - prev.north_m);
    prev = en;
    prev_time = p.time;
    if (age >= window_s) {
      if (path < min_path_m) return std::nullopt;
      return std::hypot(last.east_m - en.east_m, last.north_m - en.north_m) / path;
    }
  }
  return std::nullopt;  // the history does not reach back far enough
}

ClassBelief::ClassBelief() { log_p_.fill(std::log(1.0 / kObjectClassCount)); }

void ClassBelief::add_log_likelihood(const ClassVector& like, double weight) {
  weight = std::clamp(weight, 0.0, 1.0);
  if (weight == 0) return;
  double best = -1e300;
  for (std::size_t k = 0; k < kObjectClassCount; ++k) {
    log_p_[k] += weight * std::log(std::max(like[k], 1e-12));
    best = std::max(best, log_p_[k]);
  }
  // Renormalise so the best class sits at 0, then floor the others.
  for (double& lp : log_p_) lp = std::max(lp - best, kMinLogP);
}

void ClassBelief::add_report(ObjectClass cls, double confidence, double weight) {
  if (cls == ObjectClass::kUnknown || cls == ObjectClass::kCount) return;
  double q = std::clamp(confidence, 0.26, 0.99);
  ClassVector like;
  like.fill((1.0 - q) / (kObjectClassCount - 1));
  like[idx(cls)] = q;
  add_log_likelihood(like, weight);
}

void ClassBelief::add_kinematics(const KinematicFeatures& f, double weight) {
  add_log_likelihood(kinematic_likelihood(f), weight);
}

ClassVector ClassBelief::probabilities() const {
  ClassVector p{};
  double total = 0;
  double best = *std::max_element(log_p_.begin(), log_p_.end());
  for (std::size_t k = 0; k < kObjectClassCount; ++k) {
    p[k] = std::exp(log_p_[k] - best);
    total += p[k];
  }
  for (double& x : p) x /= total;
  return p;
}

ObjectClass ClassBelief::best(double min_probability) const {
  ClassVector p = probabilities();
  std::size_t k = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
  if (p[k] < min_probability) return ObjectClass::kUnknown;
  return static_cast<ObjectClass>(k);
}

}  // namespace lookout::air
