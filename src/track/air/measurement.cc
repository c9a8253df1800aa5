#include "track/air/measurement.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace lookout::air {

namespace {

double wrap_angle(double a) {
  constexpr double kPi = std::numbers::pi;
  a = std::fmod(a + kPi, 2 * kPi);
  if (a <= 0) a += 2 * kPi;
  return a - kPi;
}

void set_approx(Measurement& m) {
  Eigen::Vector3d pos;
  Eigen::Matrix3d cov;
  measurement_to_enu(m, 0, 1, pos, cov);
  m.approx_e = pos.x();
  m.approx_n = pos.y();
  m.approx_var_h = std::max(cov(0, 0), cov(1, 1)) + std::abs(cov(0, 1));
  m.approx_cov_h = cov.topLeftCorner<2, 2>();
}

}  // namespace

MeasVector predict_measurement(const Measurement& m, const StateVector& x, MeasJacobian* H) {
  MeasVector h = MeasVector::Zero();
  if (H != nullptr) H->setZero();
  switch (m.kind) {
    case MeasurementKind::kPosition3:
      h(2) = x(kU);
      if (H != nullptr) (*H)(2, kU) = 1;
      [[fallthrough]];
    case MeasurementKind::kPosition2:
      h(0) = x(kE);
      h(1) = x(kN);
      if (H != nullptr) {
        (*H)(0, kE) = 1;
        (*H)(1, kN) = 1;
      }
      return h;
    case MeasurementKind::kPolar2:
    case MeasurementKind::kPolar3: break;
  }
  double de = x(kE) - m.sensor_enu.x();
  double dn = x(kN) - m.sensor_enu.y();
  double du = x(kU) - m.sensor_enu.z();
  double g2 = de * de + dn * dn;
  if (g2 < 1e-6) {  // on top of the sensor: step a millimetre north
    dn += 1e-3;
    g2 = de * de + dn * dn;
  }
  double g = std::sqrt(g2);
  h(1) = std::atan2(de, dn);
  if (m.kind == MeasurementKind::kPolar2) {
    h(0) = g;
    if (H != nullptr) {
      (*H)(0, kE) = de / g;
      (*H)(0, kN) = dn / g;
      (*H)(1, kE) = dn / g2;
      (*H)(1, kN) = -de / g2;
    }
    return h;
  }
  double r2 = g2 + du * du;
  double r = std::sqrt(r2);
  h(0) = r;
  h(2) = std::atan2(du, g);
  if (H != nullptr) {
    (*H)(0, kE) = de / r;
    (*H)(0, kN) = dn / r;
    (*H)(0, kU) = du / r;
    (*H)(1, kE) = dn / g2;
    (*H)(1, kN) = -de / g2;
    (*H)(2, kE) = -de * du / (r2 * g);
    (*H)(2, kN) = -dn * du / (r2 * g);
    (*H)(2, kU) = g / r2;
  }
  return h;
}

MeasVector residual(const Measurement& m, const MeasVector& h) {
  MeasVector nu = m.z - h;
  if (m.kind == MeasurementKind::kPolar2 || m.kind == MeasurementKind::kPolar3) {
    nu(1) = wrap_angle(nu(1));
    if (m.kind == MeasurementKind::kPolar3) nu(2) = wrap_angle(nu(2));
  }
  if (m.dim == 2) nu(2) = 0;
  return nu;
}

Measurement make_position2(double e, double n, double sigma_m) {
  Measurement m;
  m.kind = MeasurementKind::kPosition2;
  m.dim = 2;
  m.z << e, n, 0;
  m.R = MeasMatrix::Identity();
  m.R(0, 0) = m.R(1, 1) = sigma_m * sigma_m;
  set_approx(m);
  return m;
}

Measurement make_position3(double e, double n, double u, double sigma_m, double sigma_u) {
  Measurement m;
  m.kind = MeasurementKind::kPosition3;
  m.dim = 3;
  m.z << e, n, u;
  m.R.setZero();
  m.R(0, 0) = m.R(1, 1) = sigma_m * sigma_m;
  m.R(2, 2) = sigma_u * sigma_u;
  set_approx(m);
  return m;
}

Measurement make_polar2(const Eigen::Vector3d& sensor_enu, double range_m, double bearing_rad,
                        double sigma_range_m, double sigma_bearing_rad) {
  Measurement m;
  m.kind = MeasurementKind::kPolar2;
  m.dim = 2;
  m.sensor_enu = sensor_enu;
  m.z << range_m, wrap_angle(bearing_rad), 0;
  m.R = MeasMatrix::Identity();
  m.R(0, 0) = sigma_range_m * sigma_range_m;
  m.R(1, 1) = sigma_bearing_rad * sigma_bearing_rad;
  set_approx(m);
  return m;
}

Measurement make_polar3(const Eigen::Vector3d& sensor_enu, double range_m, double bearing_rad,
                        double elevation_rad, double sigma_range_m, double sigma_bearing_rad,
                        double sigma_elevation_rad) {
  Measurement m;
  m.kind = MeasurementKind::kPolar3;
  m.dim = 3;
  m.sensor_enu = sensor_enu;
  m.z << range_m, wrap_angle(bearing_rad), elevation_rad;
  m.R.setZero();
  m.R(0, 0) = sigma_range_m * sigma_range_m;
  m.R(1, 1) = sigma_bearing_rad * sigma_bearing_rad;
  m.R(2, 2) = sigma_elevation_rad * sigma_elevation_rad;
  set_approx(m);
  return m;
}

void measurement_to_enu(const Measurement& m, double default_alt_m, double alt_var,
                        Eigen::Vector3d& pos, Eigen::Matrix3d& cov) {
  cov.setZero();
  switch (m.kind) {
    case MeasurementKind::kPosition2:
      pos << m.z(0), m.z(1), default_alt_m;
      cov.topLeftCorner<2, 2>() = m.R.topLeftCorner<2, 2>();
      cov(2, 2) = alt_var;
      return;
    case MeasurementKind::kPosition3:
      pos = m.z;
      cov = m.R;
      return;
    case MeasurementKind::kPolar2:
    case MeasurementKind::kPolar3: break;
  }
  double r = m.z(0);
  double b = m.z(1);
  double el = m.kind == MeasurementKind::kPolar3 ? m.z(2) : 0.0;
  double g = r * std::cos(el);
  double sb = std::sin(b);
  double cb = std::cos(b);
  // J = d(e, n, u) / d(r, b, el)
  Eigen::Matrix3d J;
  J << std::cos(el) * sb, g * cb, -r * std::sin(el) * sb,
       std::cos(el) * cb, -g * sb, -r * std::sin(el) * cb,
       std::sin(el), 0, r * std::cos(el);
  if (m.kind == MeasurementKind::kPolar3) {
    pos = m.sensor_enu + Eigen::Vector3d(g * sb, g * cb, r * std::sin(el));
    cov = J * m.R * J.transpose();
    return;
  }
  pos << m.sensor_enu.x() + r * sb, m.sensor_enu.y() + r * cb, default_alt_m;
  Eigen::Matrix2d R2 = m.R.topLeftCorner<2, 2>();
  Eigen::Matrix2d J2 = J.topLeftCorner<2, 2>();
  cov.topLeftCorner<2, 2>() = J2 * R2 * J2.transpose();
  cov(2, 2) = alt_var;
}

}  // namespace lookout::air
