// The air tracker's state vector and the Gaussian it lives in.
//
// State, in the tracker's local east-north-up frame (metres, m/s):
//   x = [e, n, u, v_e, v_n, v_u, omega]
// omega is the horizontal turn rate in rad/s (positive = counter-clockwise
// seen from above, i.e. a left turn). Horizontal position comes from
// LocalFrame (an east-north plane tangent at the origin, src/core/geodesy.h);
// u is altitude in metres as the sensors give it: a "2-D + altitude" state,
// good within a few tens of kilometres of the origin, which is the reach of
// the sensors a counter-drone site has.
//
// Fixed-size Eigen types: no heap allocation anywhere in the filters.
#pragma once

#include <Eigen/Core>

namespace lookout::air {

inline constexpr int kStateDim = 7;
enum StateIndex : int { kE = 0, kN, kU, kVe, kVn, kVu, kOmega };

using StateVector = Eigen::Matrix<double, kStateDim, 1>;
using StateMatrix = Eigen::Matrix<double, kStateDim, kStateDim>;

struct Gaussian {
  StateVector x = StateVector::Zero();
  StateMatrix P = StateMatrix::Identity();
};

// Restores exact symmetry after an update (round-off makes P drift).
inline void symmetrize(StateMatrix& P) { P = 0.5 * (P + P.transpose()).eval(); }

}  // namespace lookout::air
