// Global-nearest-neighbour association: given the gated (track, measurement)
// pairs of one scan with their squared Mahalanobis distances, the one-to-one
// assignment of minimum total distance.
//
// Pairs are split into clusters (connected components of the "shares a
// gate" graph, by union-find) and each cluster is solved on its own, so a
// scan of 1,000 well-separated targets costs 1,000 tiny problems, not one
// 1,000 x 1,000 matrix. A cluster of t tracks and m measurements is solved
// as the square (t + m) problem with a "missed" option per track and a
// "clutter or new track" option per measurement, each costing half the
// gate: a pair inside the gate never costs more than leaving both alone,
// and pairs outside it cannot be taken.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "track/air/assignment.h"

namespace lookout::air {

struct GatedPair {
  uint32_t track = 0;
  uint32_t meas = 0;
  double d2 = 0;
};

class GnnAssociator {
 public:
  // Fills meas_of_track (size n_tracks, -1 = none) and track_of_meas (size
  // n_meas, -1 = none). `gate` is the largest chi-square gate used (the
  // no-assignment costs are gate / 2 each). REQUIRES: every pair's indices
  // are below n_tracks / n_meas; no (track, meas) pair twice.
  void associate(std::span<const GatedPair> pairs, std::size_t n_tracks, std::size_t n_meas,
                 double gate);

  const std::vector<int>& meas_of_track() const { return meas_of_track_; }
  const std::vector<int>& track_of_meas() const { return track_of_meas_; }
  // Size of the largest cluster solved by the last call (tracks + measurements).
  std::size_t largest_cluster() const { return largest_cluster_; }

 private:
  uint32_t find(uint32_t node);
  void solve_cluster(std::span<const GatedPair> pairs, double gate);

  std::vector<uint32_t> parent_;
  std::vector<GatedPair> sorted_;
  std::vector<uint32_t> root_of_pair_;
  std::vector<uint32_t> order_;
  std::vector<int> local_track_, local_meas_;
  std::vector<uint32_t> tracks_, meas_;
  std::vector<double> cost_;
  std::vector<int> meas_of_track_, track_of_meas_;
  AssignmentSolver solver_;
  std::size_t largest_cluster_ = 0;
};

}  // namespace lookout::air
