// The Hungarian solver against hand cases and brute force.
#include "track/air/assignment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

namespace lookout::air {
namespace {

double brute_force(const std::vector<double>& cost, std::size_t rows, std::size_t cols) {
  std::vector<std::size_t> perm(cols);
  std::iota(perm.begin(), perm.end(), 0);
  double best = 1e300;
  do {
    double sum = 0;
    for (std::size_t r = 0; r < rows; ++r) sum += cost[r * cols + perm[r]];
    best = std::min(best, sum);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

TEST(AssignmentSolver, SolvesAHandExample) {
  // Greedy would take (0,0)=1 then (1,1)=10; the optimum is 2 + 3.
  std::vector<double> cost{1, 2, 3, 10};
  AssignmentSolver solver;
  auto a = solver.solve(cost, 2, 2);
  EXPECT_EQ(a[0], 1);
  EXPECT_EQ(a[1], 0);
}

TEST(AssignmentSolver, MatchesBruteForceOnRandomRectangularMatrices) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 100);
  AssignmentSolver solver;
  for (int trial = 0; trial < 200; ++trial) {
    std::size_t rows = 1 + static_cast<std::size_t>(trial % 5);
    std::size_t cols = rows + static_cast<std::size_t>(trial % 3);
    std::vector<double> cost(rows * cols);
    for (double& c : cost) c = std::round(u(rng));
    auto a = solver.solve(cost, rows, cols);
    double sum = 0;
    std::vector<int> used(cols, 0);
    for (std::size_t r = 0; r < rows; ++r) {
      ASSERT_GE(a[r], 0);
      ASSERT_EQ(used[static_cast<std::size_t>(a[r])]++, 0) << "column used twice";
      sum += cost[r * cols + static_cast<std::size_t>(a[r])];
    }
    EXPECT_DOUBLE_EQ(sum, brute_force(cost, rows, cols)) << "trial " << trial;
  }
}

TEST(AssignmentSolver, SolvesTallMatricesTransposedLeavingRowsUnassigned) {
  // Three rows, one column: the cheapest row gets it.
  std::vector<double> cost{5, 1, 7};
  AssignmentSolver solver;
  auto a = solver.solve_any(cost, 3, 1);
  EXPECT_EQ(a[0], -1);
  EXPECT_EQ(a[1], 0);
  EXPECT_EQ(a[2], -1);
}

}  // namespace
}  // namespace lookout::air
