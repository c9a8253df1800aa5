// Measurements as the filters see them, and their models h(x) with the
// Jacobian H(x) for the extended Kalman filter.
//
// Four kinds, by what a sensor reports:
//   kPosition2   east, north (a 2-D fix, no altitude)
//   kPosition3   east, north, up
//   kPolar2      range, bearing from the sensor (range taken as horizontal)
//   kPolar3      range, bearing, elevation from the sensor (range is slant)
// Everything is held in three components so that no size is dynamic: a 2-D
// measurement pads the third with z = h = 0, a zero Jacobian row and unit
// variance, which adds nothing to the innovation distance, the gain or the
// log-likelihood. `dim` is the real dimension (it picks the gate).
// Angles are radians, bearing clockwise from north; angular residuals are
// wrapped to (-pi, pi].
#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "track/air/state.h"

namespace lookout::air {

enum class MeasurementKind : uint8_t { kPosition2, kPosition3, kPolar2, kPolar3 };

using MeasVector = Eigen::Vector3d;
using MeasMatrix = Eigen::Matrix3d;
using MeasJacobian = Eigen::Matrix<double, 3, kStateDim>;

struct Measurement {
  MeasurementKind kind = MeasurementKind::kPosition2;
  int dim = 2;
  MeasVector z = MeasVector::Zero();
  MeasMatrix R = MeasMatrix::Identity();
  Eigen::Vector3d sensor_enu = Eigen::Vector3d::Zero();  // polar kinds only
  // East and north of the measured point and its horizontal variance bound,
  // for the coarse spatial pre-gate.
  double approx_e = 0;
  double approx_n = 0;
  double approx_var_h = 0;
  Eigen::Matrix2d approx_cov_h = Eigen::Matrix2d::Identity();  // east-north covariance
};

// h(x) and, when `H` is not null, its Jacobian at x. For polar kinds a target
// on top of the sensor (zero horizontal distance) gets a Jacobian computed
// one millimetre away, so the filter never divides by zero.
MeasVector predict_measurement(const Measurement& m, const StateVector& x, MeasJacobian* H);

// z - h with angular components wrapped.
MeasVector residual(const Measurement& m, const MeasVector& h);

// Builders. Sigmas are one standard deviation; angles in radians.
Measurement make_position2(double e, double n, double sigma_m);
Measurement make_position3(double e, double n, double u, double sigma_m, double sigma_u);
Measurement make_polar2(const Eigen::Vector3d& sensor_enu, double range_m, double bearing_rad,
                        double sigma_range_m, double sigma_bearing_rad);
Measurement make_polar3(const Eigen::Vector3d& sensor_enu, double range_m, double bearing_rad,
                        double elevation_rad, double sigma_range_m, double sigma_bearing_rad,
                        double sigma_elevation_rad);

// The Cartesian point of a measurement and a covariance for it (converted
// through the Jacobian of the polar-to-Cartesian map, so a far detection's
// cross-range spread is wide): how a new track starts. For 2-D kinds the
// altitude is `default_alt_m` with variance `alt_var`.
void measurement_to_enu(const Measurement& m, double default_alt_m, double alt_var,
                        Eigen::Vector3d& pos, Eigen::Matrix3d& cov);

}  // namespace lookout::air
