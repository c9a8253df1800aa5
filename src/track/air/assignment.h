// Minimum-cost assignment (the linear assignment problem), the core of the
// global-nearest-neighbour association.
//
// The Hungarian method in its shortest-augmenting-path form with row and
// column potentials (Kuhn and Munkres; the O(n^2 m) arrangement of Jonker and
// Volgenant): rows are added one at a time and each is joined to the current
// matching along a cheapest augmenting path found Dijkstra-style over the
// reduced costs. Exact, and fast for the small blocks the tracker hands it
// (one block per cluster of tracks and detections that share gates).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace lookout::air {

// A cost that forbids a pair. Finite so that sums stay finite.
inline constexpr double kForbiddenCost = 1e15;

class AssignmentSolver {
 public:
  // Assigns each row of the rows x cols row-major `cost` matrix to a distinct
  // column minimising the total cost. REQUIRES: rows <= cols, cost.size() ==
  // rows * cols, no NaN. Returns the column of each row (size rows), a view
  // into the solver valid until the next call. A row whose only options are
  // forbidden still gets a column; the caller checks its cost.
  std::span<const int> solve(std::span<const double> cost, std::size_t rows, std::size_t cols);

  // The same for any shape: rows > cols is solved transposed, and rows left
  // without a column get -1.
  std::span<const int> solve_any(std::span<const double> cost, std::size_t rows, std::size_t cols);

 private:
  std::vector<double> u_, v_, min_to_;
  std::vector<int> match_col_, way_, result_;
  std::vector<char> used_;
  std::vector<double> transposed_;
};

}  // namespace lookout::air
