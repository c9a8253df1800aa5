#include "track/air/assignment.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace lookout::air {

std::span<const int> AssignmentSolver::solve(std::span<const double> cost, std::size_t rows,
                                             std::size_t cols) {
  // 1-based arrays: index 0 is the virtual row/column the search starts from.
  const std::size_t n = rows;
  const std::size_t m = cols;
  const double inf = std::numeric_limits<double>::infinity();
  u_.assign(n + 1, 0.0);
  v_.assign(m + 1, 0.0);
  match_col_.assign(m + 1, 0);  // match_col_[j] = row matched to column j (0: none)
  way_.assign(m + 1, 0);
  min_to_.resize(m + 1);
  used_.resize(m + 1);
  for (std::size_t row = 1; row <= n; ++row) {
    match_col_[0] = static_cast<int>(row);
    std::size_t j0 = 0;
    std::fill(min_to_.begin(), min_to_.end(), inf);
    std::fill(used_.begin(), used_.end(), 0);
    do {
      used_[j0] = 1;
      std::size_t i0 = static_cast<std::size_t>(match_col_[j0]);
      double delta = inf;
      std::size_t j1 = 0;
      const double* cost_row = cost.data() + (i0 - 1) * m;
      for (std::size_t j = 1; j <= m; ++j) {
        if (used_[j]) continue;
        double reduced = cost_row[j - 1] - u_[i0] - v_[j];
        if (reduced < min_to_[j]) {
          min_to_[j] = reduced;
          way_[j] = static_cast<int>(j0);
        }
        if (min_to_[j] < delta) {
          delta = min_to_[j];
          j1 = j;
        }
      }
      for (std::size_t j = 0; j <= m; ++j) {
        if (used_[j]) {
          u_[static_cast<std::size_t>(match_col_[j])] += delta;
          v_[j] -= delta;
        } else {
          min_to_[j] -= delta;
        }
      }
      j0 = j1;
    } while (match_col_[j0] != 0);
    // Flip the augmenting path.
    do {
      std::size_t j1 = static_cast<std::size_t>(way_[j0]);
      match_col_[j0] = match_col_[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  result_.assign(n, -1);
  for (std::size_t j = 1; j <= m; ++j) {
    if (match_col_[j] != 0) result_[static_cast<std::size_t>(match_col_[j]) - 1] = static_cast<int>(j - 1);
  }
  return result_;
}

std::span<const int> AssignmentSolver::solve_any(std::span<const double> cost, std::size_t rows,
                                                 std::size_t cols) {
  if (rows <= cols) return solve(cost, rows, cols);
  transposed_.resize(rows * cols);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) transposed_[c * rows + r] = cost[r * cols + c];
  }
  std::span<const int> by_col = solve(transposed_, cols, rows);
  std::vector<int> col_of_row(rows, -1);
  for (std::size_t c = 0; c < cols; ++c) {
    if (by_col[c] >= 0) col_of_row[static_cast<std::size_t>(by_col[c])] = static_cast<int>(c);
  }
  result_ = std::move(col_of_row);
  return result_;
}

}  // namespace lookout::air
