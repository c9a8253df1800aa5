// Motion and measurement models: closed forms against geometry, Jacobians
// against finite differences.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "track/air/measurement.h"
#include "track/air/motion_models.h"

namespace lookout::air {
namespace {

StateVector state(double e, double n, double u, double ve, double vn, double vu, double w) {
  StateVector x;
  x << e, n, u, ve, vn, vu, w;
  return x;
}

TEST(MotionModels, CoordinatedTurnCompletesAQuarterCircle) {
  // 10 m/s north, turning left at pi/20 rad/s: after 10 s it heads west,
  // having moved along a circle of radius v / w = 63.66 m.
  double w = std::numbers::pi / 20;
  StateVector x = ct_transition(state(0, 0, 50, 0, 10, 0, w), 10, nullptr);
  double radius = 10 / w;
  EXPECT_NEAR(x(kE), -radius, 1e-9);
  EXPECT_NEAR(x(kN), radius, 1e-9);
  EXPECT_NEAR(x(kVe), -10, 1e-9);
  EXPECT_NEAR(x(kVn), 0, 1e-9);
  EXPECT_DOUBLE_EQ(x(kU), 50);
}

TEST(MotionModels, CoordinatedTurnWithoutTurnIsStraight) {
  StateVector x = ct_transition(state(1, 2, 3, 4, 5, 6, 0), 2, nullptr);
  EXPECT_NEAR(x(kE), 9, 1e-12);
  EXPECT_NEAR(x(kN), 12, 1e-12);
  EXPECT_NEAR(x(kU), 15, 1e-12);
}

TEST(MotionModels, CoordinatedTurnJacobianMatchesFiniteDifferences) {
  for (double w : {0.0, 1e-7, 0.05, -0.3}) {
    StateVector x = state(100, -50, 20, 12, -7, 1, w);
    StateMatrix F;
    ct_transition(x, 1.5, &F);
    for (int k = 0; k < kStateDim; ++k) {
      double h = 1e-6;
      StateVector xp = x, xm = x;
      xp(k) += h;
      xm(k) -= h;
      StateVector col = (ct_transition(xp, 1.5, nullptr) - ct_transition(xm, 1.5, nullptr)) / (2 * h);
      for (int r = 0; r < kStateDim; ++r) {
        EXPECT_NEAR(F(r, k), col(r), 1e-5) << "w=" << w << " row " << r << " col " << k;
      }
    }
  }
}

TEST(MotionModels, PredictionsGrowTheCovariance) {
  Gaussian g;
  g.x = state(0, 0, 0, 10, 0, 0, 0);
  Gaussian h = g;
  predict_cv(g, 1, MotionNoise{});
  predict_ct(h, 1, MotionNoise{});
  EXPECT_GT(g.P(kE, kE), 1.0);
  EXPECT_GT(h.P(kOmega, kOmega), 1.0);
  EXPECT_NEAR(g.x(kE), 10, 1e-12);
}

TEST(Measurement, PolarJacobianMatchesFiniteDifferences) {
  Eigen::Vector3d sensor(50, -20, 5);
  Measurement m3 = make_polar3(sensor, 1000, 0.3, 0.1, 5, 0.01, 0.01);
  Measurement m2 = make_polar2(sensor, 1000, 0.3, 5, 0.01);
  StateVector x = state(400, 900, 150, 3, 4, 0, 0);
  for (const Measurement* m : {&m3, &m2}) {
    MeasJacobian H;
    predict_measurement(*m, x, &H);
    for (int k = 0; k < 3; ++k) {
      double h = 1e-4;
      StateVector xp = x, xm = x;
      xp(k) += h;
      xm(k) -= h;
      MeasVector col = (predict_measurement(*m, xp, nullptr) - predict_measurement(*m, xm, nullptr)) / (2 * h);
      for (int r = 0; r < 3; ++r) EXPECT_NEAR(H(r, k), col(r), 1e-7) << "row " << r << " col " << k;
    }
  }
}

TEST(Measurement, BearingResidualWrapsAroundNorth) {
  Measurement m = make_polar2(Eigen::Vector3d::Zero(), 100, 2 * std::numbers::pi - 0.01, 1, 0.01);
  MeasVector h(100, 0.01, 0);
  EXPECT_NEAR(residual(m, h)(1), -0.02, 1e-12);
}

TEST(Measurement, PolarDetectionConvertsToTheRightPoint) {
  // 1 km at bearing 90 (east), elevation 30 degrees, from a sensor 10 m up.
  Measurement m = make_polar3(Eigen::Vector3d(0, 0, 10), 1000, std::numbers::pi / 2,
                              std::numbers::pi / 6, 5, 0.01, 0.01);
  Eigen::Vector3d pos;
  Eigen::Matrix3d cov;
  measurement_to_enu(m, 0, 1, pos, cov);
  EXPECT_NEAR(pos.x(), 1000 * std::cos(std::numbers::pi / 6), 1e-9);
  EXPECT_NEAR(pos.y(), 0, 1e-9);
  EXPECT_NEAR(pos.z(), 510, 1e-9);
  // Cross-range (north) spread is range * cos(el) * sigma_bearing = 8.66 m.
  EXPECT_NEAR(std::sqrt(cov(1, 1)), 8.660254, 1e-5);
}

}  // namespace
}  // namespace lookout::air
