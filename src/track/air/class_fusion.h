// ClassBelief: a track's probability over what it is (unknown, drone, bird,
// aircraft), fused from sensor class reports and from how it flies.
//
// Bayes in log space: each piece of evidence multiplies the belief by a
// likelihood per class, raised to a weight in [0, 1] that discounts
// evidence which is not independent (a sensor repeating its own call every
// scan; kinematics that change slowly): reports count with the sensor's
// weight, kinematics in proportion to the time they cover (`dt / tau`), so
// the belief moves at the same pace whatever the scan rate. Log
// probabilities are floored (no class below 1e-4), so a belief can always
// recover from a run of misleading evidence. "unknown" is a hypothesis of
// its own: "something else" (a balloon, a kite, a ground vehicle seen by a
// low radar) with flat likelihoods, and what the track is called until one
// class is likely enough.
//
// The likelihoods (kinematic_likelihood in class_fusion.cc, numbers in
// docs/decisions/0004-air-tracker.md):
//   speed  drones 0-40 m/s (and hover); birds 3-25 m/s, never hovering;
//          aircraft above about 35 m/s.
//   height drones below about 500 m above ground; birds mostly below 300 m;
//          aircraft anywhere, more likely high.
//   path   straightness over ~20 s (net distance / path length): birds
//          meander (low), aircraft fly straight, drones either; aircraft
//          also turn at no more than a few deg/s (smoothed |turn rate|).
// A sensor report of class c with confidence q gives likelihood q to c and
// (1 - q) / 3 to each other class; a report of "unknown" carries no
// information and is ignored.
#pragma once

#include <array>
#include <optional>

#include "core/geodesy.h"
#include "decode/detection.h"
#include "track/air/track_history.h"

namespace lookout::air {

using ClassVector = std::array<double, kObjectClassCount>;

struct KinematicFeatures {
  double speed_mps = 0;
  std::optional<double> height_m;      // above the ground reference; nullopt if unknown
  double turn_rate_deg_s = 0;          // smoothed magnitude of the filter's turn rate
  std::optional<double> straightness;  // net distance / path length over ~20 s, (0, 1]
};

// Straightness of the recent path in `history`: the distance between the
// points `window_s` apart divided by the length of the path through points
// at least `step_s` apart in between. 1 is a straight line; a meandering
// bird scores well below. nullopt when the history covers less than the
// window or the path is shorter than `min_path_m` (hovering: no direction
// to keep). Positions are measured in `frame`.
std::optional<double> path_straightness(const TrackHistory& history, const LocalFrame& frame,
                                        double window_s, double step_s, double min_path_m);

// Likelihood of the features under each class (indexed by ObjectClass).
ClassVector kinematic_likelihood(const KinematicFeatures& f);

class ClassBelief {
 public:
  // Uniform prior over the four classes.
  ClassBelief();

  // A sensor says `cls` with `confidence` (clamped to [0.26, 0.99]); `weight`
  // in [0, 1] discounts a sensor whose calls repeat or are unreliable.
  void add_report(ObjectClass cls, double confidence, double weight);

  // Kinematic evidence covering `weight` in [0, 1] of a time constant.
  void add_kinematics(const KinematicFeatures& f, double weight);

  // Normalised probabilities, indexed by ObjectClass.
  ClassVector probabilities() const;

  // The most probable class if its probability is at least `min_probability`,
  // otherwise kUnknown.
  ObjectClass best(double min_probability) const;

 private:
  void add_log_likelihood(const ClassVector& like, double weight);
  ClassVector log_p_{};
};

}  // namespace lookout::air
