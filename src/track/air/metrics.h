// Tracking quality metrics between a set of true positions and a set of
// estimated ones at one instant: GOSPA and OSPA.
//
// GOSPA (generalised optimal sub-pattern assignment, Rahmathullah, Garcia-
// Fernandez and Svensson, 2017) with alpha = 2, cut-off c and order p:
//   GOSPA^p = min over assignments g of  sum_{(i,j) in g} d(x_i, y_j)^p
//             + c^p / 2 * (|X| + |Y| - 2 |g|)
// where only pairs with d < c may be assigned. It splits into localisation
// error, missed targets and false tracks, each with a meaning: a missed or a
// false track costs c^p / 2, so GOSPA rewards a tracker for not inventing
// tracks. OSPA (Schuhmacher, Vo and Vo, 2008) is normalised by the larger
// set's size, which GOSPA deliberately is not:
//   OSPA^p = (1/n) (min_pi sum_{i<=m} min(d, c)^p + c^p (n - m)),  m <= n
// with OSPA = 0 when both sets are empty and c when exactly one is.
// Distances are Euclidean in metres (the tracker's local frame).
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <span>

namespace lookout::air {

struct GospaResult {
  double distance = 0;           // GOSPA itself, metres
  double localisation_pow = 0;   // sum of d^p over assigned pairs
  std::size_t assigned = 0;
  std::size_t missed = 0;        // true targets with no estimate within c
  std::size_t false_tracks = 0;  // estimates with no true target within c
};

// REQUIRES: c > 0, p >= 1.
GospaResult gospa(std::span<const Eigen::Vector3d> truth,
                  std::span<const Eigen::Vector3d> estimates, double c, double p);

// REQUIRES: c > 0, p >= 1.
double ospa(std::span<const Eigen::Vector3d> truth, std::span<const Eigen::Vector3d> estimates,
            double c, double p);

}  // namespace lookout::air
