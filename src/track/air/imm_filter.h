// ImmFilter: an interacting multiple model estimator over two extended
// Kalman filters, one constant-velocity (CV) and one coordinated-turn (CT)
// model (motion_models.h).
//
// Per step, as Blom and Bar-Shalom wrote it:
//   1. mixing: each model starts from a blend of both posteriors, weighted
//      by how likely a switch into it was (a Markov chain whose switch
//      probability grows with the time step: p = 1 - exp(-dt / sojourn));
//   2. prediction of each model (EKF for CT);
//   3. update of each model with the same measurement (EKF through the
//      measurement Jacobian), each giving a Gaussian likelihood;
//   4. model probabilities updated by those likelihoods.
// The moment-matched combination of both models is what gating, the output
// and the class fusion see.
#pragma once

#include <array>

#include "track/air/measurement.h"
#include "track/air/motion_models.h"
#include "track/air/state.h"

namespace lookout::air {

struct ImmParams {
  MotionNoise noise;
  double sojourn_cv_s = 30;  // mean time spent flying straight before a turn starts, s
  double sojourn_ct_s = 10;  // mean duration of a turn, s
  double initial_ct_probability = 0.2;
};

// What gating needs about one measurement against the predicted track.
struct Innovation {
  MeasVector nu = MeasVector::Zero();
  MeasMatrix S = MeasMatrix::Identity();
  double d2 = 0;        // squared Mahalanobis distance nu' S^-1 nu
  double log_det_s = 0; // ln |S| (over the real dimensions)
};

class ImmFilter {
 public:
  static constexpr int kCv = 0;
  static constexpr int kCt = 1;

  // Both models start from the same Gaussian.
  void init(const Gaussian& g, const ImmParams& params);

  // Mixes and predicts both models forward by dt seconds. dt <= 0: nothing.
  void predict(double dt, const ImmParams& params);

  // Innovation of `m` against the combined prediction, for gating.
  Innovation innovation(const Measurement& m) const;

  // Updates both models with `m` and their probabilities. Returns false (and
  // leaves the filter unchanged) when an innovation covariance is not
  // positive definite, which only a degenerate measurement can cause.
  bool update(const Measurement& m);

  // The moment-matched mixture of both models.
  const Gaussian& combined() const { return combined_; }
  double model_probability(int model) const { return mu_[static_cast<std::size_t>(model)]; }

 private:
  void combine();

  std::array<Gaussian, 2> models_;
  std::array<double, 2> mu_{0.8, 0.2};
  Gaussian combined_;
};

}  // namespace lookout::air
