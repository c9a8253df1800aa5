#include "track/air/motion_models.h"

#include <cmath>

namespace lookout::air {

namespace {

// Adds the integrated white-acceleration noise of one axis.
void add_axis_noise(StateMatrix& P, int pos, int vel, double q, double dt) {
  double dt2 = dt * dt;
  P(pos, pos) += q * dt2 * dt / 3.0;
  P(pos, vel) += q * dt2 / 2.0;
  P(vel, pos) += q * dt2 / 2.0;
  P(vel, vel) += q * dt;
}

}  // namespace

void predict_cv(Gaussian& g, double dt, const MotionNoise& noise) {
  if (dt <= 0) return;
  // F = I with dt at (pos, vel): apply without building the matrix.
  g.x(kE) += dt * g.x(kVe);
  g.x(kN) += dt * g.x(kVn);
  g.x(kU) += dt * g.x(kVu);
  StateMatrix F = StateMatrix::Identity();
  F(kE, kVe) = dt;
  F(kN, kVn) = dt;
  F(kU, kVu) = dt;
  g.P = (F * g.P * F.transpose()).eval();
  add_axis_noise(g.P, kE, kVe, noise.cv_accel_h, dt);
  add_axis_noise(g.P, kN, kVn, noise.cv_accel_h, dt);
  add_axis_noise(g.P, kU, kVu, noise.accel_v, dt);
  symmetrize(g.P);
}

StateVector ct_transition(const StateVector& x, double dt, StateMatrix* jacobian) {
  double w = x(kOmega);
  double ve = x(kVe);
  double vn = x(kVn);
  double wt = w * dt;
  double s = std::sin(wt);
  double c = std::cos(wt);
  // a = sin(wt)/w, b = (1 - cos(wt))/w and their derivatives in w; series
  // near w = 0, where the closed forms lose all precision.
  double a, b, da, db;
  if (std::abs(wt) < 1e-4) {
    double dt2 = dt * dt;
    a = dt - w * w * dt2 * dt / 6.0;
    b = w * dt2 / 2.0;
    da = -w * dt2 * dt / 3.0;
    db = dt2 / 2.0 - w * w * dt2 * dt2 / 8.0;
  } else {
    a = s / w;
    b = (1.0 - c) / w;
    da = (dt * c - a) / w;
    db = (dt * s - b) / w;
  }
  StateVector out = x;
  out(kE) = x(kE) + a * ve - b * vn;
  out(kN) = x(kN) + b * ve + a * vn;
  out(kU) = x(kU) + dt * x(kVu);
  out(kVe) = c * ve - s * vn;
  out(kVn) = s * ve + c * vn;
  if (jacobian != nullptr) {
    StateMatrix& F = *jacobian;
    F.setIdentity();
    F(kE, kVe) = a;
    F(kE, kVn) = -b;
    F(kE, kOmega) = da * ve - db * vn;
    F(kN, kVe) = b;
    F(kN, kVn) = a;
    F(kN, kOmega) = db * ve + da * vn;
    F(kU, kVu) = dt;
    F(kVe, kVe) = c;
    F(kVe, kVn) = -s;
    F(kVe, kOmega) = -dt * (s * ve + c * vn);
    F(kVn, kVe) = s;
    F(kVn, kVn) = c;
    F(kVn, kOmega) = dt * (c * ve - s * vn);
  }
  return out;
}

void predict_ct(Gaussian& g, double dt, const MotionNoise& noise) {
  if (dt <= 0) return;
  StateMatrix F;
  g.x = ct_transition(g.x, dt, &F);
  g.P = (F * g.P * F.transpose()).eval();
  add_axis_noise(g.P, kE, kVe, noise.ct_accel_h, dt);
  add_axis_noise(g.P, kN, kVn, noise.ct_accel_h, dt);
  add_axis_noise(g.P, kU, kVu, noise.accel_v, dt);
  g.P(kOmega, kOmega) += noise.turn_rate * dt;
  symmetrize(g.P);
}

}  // namespace lookout::air
