// Motion models of the air tracker: nearly constant velocity (CV) and the
// nearly coordinated turn (CT) with the turn rate in the state, each as a
// prediction of a Gaussian over a time step (the EKF prediction: the CT
// model is non-linear in omega, so its Jacobian propagates the covariance).
//
// Process noise is continuous white acceleration (a "PSD" q in m^2/s^3 per
// axis) integrated over the step: for one axis [p, v]
//   Q = q * [dt^3/3, dt^2/2; dt^2/2, dt]
// and, for CT, a random walk on omega with PSD q_omega (rad^2/s^3).
// The vertical channel is CV in both models.
#pragma once

#include "track/air/state.h"

namespace lookout::air {

struct MotionNoise {
  double cv_accel_h = 4.0;    // CV horizontal acceleration PSD, m^2/s^3 (drones: agile)
  double ct_accel_h = 0.5;    // CT horizontal acceleration PSD, m^2/s^3 (the turn explains the rest)
  double accel_v = 1.0;       // vertical acceleration PSD, m^2/s^3, both models
  double turn_rate = 0.004;   // CT turn-rate PSD, rad^2/s^3 (about 3.6 deg/s per sqrt(s))
};

// In both: REQUIRES dt >= 0 (seconds). dt == 0 leaves g unchanged.
// CV leaves omega as it is (no dynamics, no noise), so mixing in the IMM
// carries the CT model's turn estimate through a straight leg.
void predict_cv(Gaussian& g, double dt, const MotionNoise& noise);
void predict_ct(Gaussian& g, double dt, const MotionNoise& noise);

// The CT transition of the mean alone and its Jacobian, exposed for tests.
StateVector ct_transition(const StateVector& x, double dt, StateMatrix* jacobian);

}  // namespace lookout::air
