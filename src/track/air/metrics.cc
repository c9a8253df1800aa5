#include "track/air/metrics.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "track/air/assignment.h"

namespace lookout::air {

namespace {

// Optimal assignment of min(d, c)^p costs; fills the column of each row (-1: none).
std::vector<int> best_assignment(std::span<const Eigen::Vector3d> rows,
                                 std::span<const Eigen::Vector3d> cols, double c, double p,
                                 std::vector<double>& cost) {
  cost.resize(rows.size() * cols.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < cols.size(); ++j) {
      double d = std::min((rows[i] - cols[j]).norm(), c);
      cost[i * cols.size() + j] = std::pow(d, p);
    }
  }
  AssignmentSolver solver;
  std::span<const int> a = solver.solve_any(cost, rows.size(), cols.size());
  return {a.begin(), a.end()};
}

}  // namespace

GospaResult gospa(std::span<const Eigen::Vector3d> truth,
                  std::span<const Eigen::Vector3d> estimates, double c, double p) {
  GospaResult r;
  std::vector<double> cost;
  std::vector<int> col = best_assignment(truth, estimates, c, p, cost);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (col[i] < 0) continue;
    double d = (truth[i] - estimates[static_cast<std::size_t>(col[i])]).norm();
    if (d < c) {  // alpha = 2: a pair at the cut-off or beyond is a miss plus a false track
      ++r.assigned;
      r.localisation_pow += std::pow(d, p);
    }
  }
  r.missed = truth.size() - r.assigned;
  r.false_tracks = estimates.size() - r.assigned;
  double total = r.localisation_pow +
                 std::pow(c, p) / 2.0 * static_cast<double>(r.missed + r.false_tracks);
  r.distance = std::pow(total, 1.0 / p);
  return r;
}

double ospa(std::span<const Eigen::Vector3d> truth, std::span<const Eigen::Vector3d> estimates,
            double c, double p) {
  if (truth.empty() && estimates.empty()) return 0;
  if (truth.empty() || estimates.empty()) return c;
  std::span<const Eigen::Vector3d> small = truth.size() <= estimates.size() ? truth : estimates;
  std::span<const Eigen::Vector3d> large = truth.size() <= estimates.size() ? estimates : truth;
  std::vector<double> cost;
  std::vector<int> col = best_assignment(small, large, c, p, cost);
  double sum = 0;
  for (std::size_t i = 0; i < small.size(); ++i) {
    sum += cost[i * large.size() + static_cast<std::size_t>(col[i])];
  }
  sum += std::pow(c, p) * static_cast<double>(large.size() - small.size());
  return std::pow(sum / static_cast<double>(large.size()), 1.0 / p);
}

}  // namespace lookout::air
