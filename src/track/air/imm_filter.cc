#include "track/air/imm_filter.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

namespace lookout::air {

void ImmFilter::init(const Gaussian& g, const ImmParams& params) {
  models_[kCv] = g;
  models_[kCt] = g;
  mu_[kCt] = std::clamp(params.initial_ct_probability, 0.01, 0.99);
  mu_[kCv] = 1.0 - mu_[kCt];
  combine();
}

void ImmFilter::predict(double dt, const ImmParams& params) {
  if (dt <= 0) return;
  // Markov switch probabilities for this step.
  double p_cv_to_ct = 1.0 - std::exp(-dt / params.sojourn_cv_s);
  double p_ct_to_cv = 1.0 - std::exp(-dt / params.sojourn_ct_s);
  double p[2][2] = {{1.0 - p_cv_to_ct, p_cv_to_ct}, {p_ct_to_cv, 1.0 - p_ct_to_cv}};

  // Mixing: c_j = sum_i p_ij mu_i; mu_{i|j} = p_ij mu_i / c_j.
  std::array<double, 2> c{};
  for (int j = 0; j < 2; ++j) c[j] = p[0][j] * mu_[0] + p[1][j] * mu_[1];
  std::array<Gaussian, 2> mixed;
  for (int j = 0; j < 2; ++j) {
    double w0 = p[0][j] * mu_[0] / c[j];
    double w1 = 1.0 - w0;
    StateVector x = w0 * models_[0].x + w1 * models_[1].x;
    StateMatrix P = StateMatrix::Zero();
    for (int i = 0; i < 2; ++i) {
      double w = i == 0 ? w0 : w1;
      StateVector d = models_[i].x - x;
      P += w * (models_[i].P + d * d.transpose());
    }
    mixed[j].x = x;
    mixed[j].P = P;
  }
  models_ = mixed;
  mu_ = c;
  predict_cv(models_[kCv], dt, params.noise);
  predict_ct(models_[kCt], dt, params.noise);
  combine();
}

Innovation ImmFilter::innovation(const Measurement& m) const {
  Innovation out;
  MeasJacobian H;
  MeasVector h = predict_measurement(m, combined_.x, &H);
  out.nu = residual(m, h);
  out.S = H * combined_.P * H.transpose() + m.R;
  Eigen::LLT<MeasMatrix> llt(out.S);
  if (llt.info() != Eigen::Success) {
    out.d2 = 1e30;
    return out;
  }
  out.d2 = out.nu.dot(llt.solve(out.nu));
  const MeasMatrix& L = llt.matrixL();
  out.log_det_s = 2.0 * (std::log(L(0, 0)) + std::log(L(1, 1)) + std::log(L(2, 2)));
  return out;
}

bool ImmFilter::update(const Measurement& m) {
  std::array<Gaussian, 2> updated;
  std::array<double, 2> log_like{};
  for (int j = 0; j < 2; ++j) {
    const Gaussian& g = models_[j];
    MeasJacobian H;
    MeasVector h = predict_measurement(m, g.x, &H);
    MeasVector nu = residual(m, h);
    MeasMatrix S = H * g.P * H.transpose() + m.R;
    Eigen::LLT<MeasMatrix> llt(S);
    if (llt.info() != Eigen::Success) return false;
    Eigen::Matrix<double, kStateDim, 3> PHt = g.P * H.transpose();
    Eigen::Matrix<double, kStateDim, 3> K = llt.solve(PHt.transpose()).transpose();
    updated[j].x = g.x + K * nu;
    // Joseph form: stays positive semi-definite under round-off.
    StateMatrix IKH = StateMatrix::Identity() - K * H;
    updated[j].P = IKH * g.P * IKH.transpose() + K * m.R * K.transpose();
    symmetrize(updated[j].P);
    const MeasMatrix& L = llt.matrixL();
    double log_det = 2.0 * (std::log(L(0, 0)) + std::log(L(1, 1)) + std::log(L(2, 2)));
    log_like[j] = -0.5 * (nu.dot(llt.solve(nu)) + log_det);
  }
  // Model probabilities, in logs against underflow on far measurements.
  double best = std::max(log_like[0], log_like[1]);
  std::array<double, 2> mu{};
  for (int j = 0; j < 2; ++j) mu[j] = mu_[j] * std::exp(log_like[j] - best);
  double total = mu[0] + mu[1];
  if (!(total > 0) || !std::isfinite(total)) return false;
  // Neither model may die out entirely, or the filter could never switch back.
  mu_[0] = std::clamp(mu[0] / total, 1e-4, 1.0 - 1e-4);
  mu_[1] = 1.0 - mu_[0];
  models_ = updated;
  combine();
  return true;
}

void ImmFilter::combine() {
  combined_.x = mu_[0] * models_[0].x + mu_[1] * models_[1].x;
  combined_.P.setZero();
  for (int j = 0; j < 2; ++j) {
    StateVector d = models_[j].x - combined_.x;
    combined_.P += mu_[j] * (models_[j].P + d * d.transpose());
  }
}

}  // namespace lookout::air
