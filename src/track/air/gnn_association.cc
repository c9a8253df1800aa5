#include "track/air/gnn_association.h"

#include <algorithm>
#include <numeric>

namespace lookout::air {

uint32_t GnnAssociator::find(uint32_t node) {
  while (parent_[node] != node) {
    parent_[node] = parent_[parent_[node]];  // path halving
    node = parent_[node];
  }
  return node;
}

void GnnAssociator::associate(std::span<const GatedPair> pairs, std::size_t n_tracks,
                              std::size_t n_meas, double gate) {
  meas_of_track_.assign(n_tracks, -1);
  track_of_meas_.assign(n_meas, -1);
  largest_cluster_ = 0;
  if (pairs.empty()) return;
  // Union-find over nodes: tracks first, then measurements.
  parent_.resize(n_tracks + n_meas);
  std::iota(parent_.begin(), parent_.end(), 0u);
  for (const GatedPair& p : pairs) {
    uint32_t a = find(p.track);
    uint32_t b = find(static_cast<uint32_t>(n_tracks) + p.meas);
    if (a != b) parent_[a] = b;
  }
  // Group the pairs by cluster.
  root_of_pair_.resize(pairs.size());
  order_.resize(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    root_of_pair_[i] = find(pairs[i].track);
    order_[i] = static_cast<uint32_t>(i);
  }
  std::sort(order_.begin(), order_.end(),
            [&](uint32_t a, uint32_t b) { return root_of_pair_[a] < root_of_pair_[b]; });
  sorted_.resize(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) sorted_[i] = pairs[order_[i]];
  local_track_.assign(n_tracks, -1);
  local_meas_.assign(n_meas, -1);
  std::size_t begin = 0;
  while (begin < sorted_.size()) {
    std::size_t end = begin + 1;
    uint32_t root = root_of_pair_[order_[begin]];
    while (end < sorted_.size() && root_of_pair_[order_[end]] == root) ++end;
    solve_cluster(std::span<const GatedPair>(sorted_).subspan(begin, end - begin), gate);
    begin = end;
  }
}

void GnnAssociator::solve_cluster(std::span<const GatedPair> pairs, double gate) {
  if (pairs.size() == 1) {  // the common case: one track, one measurement
    meas_of_track_[pairs[0].track] = static_cast<int>(pairs[0].meas);
    track_of_meas_[pairs[0].meas] = static_cast<int>(pairs[0].track);
    largest_cluster_ = std::max<std::size_t>(largest_cluster_, 2);
    return;
  }
  tracks_.clear();
  meas_.clear();
  for (const GatedPair& p : pairs) {
    if (local_track_[p.track] < 0) {
      local_track_[p.track] = static_cast<int>(tracks_.size());
      tracks_.push_back(p.track);
    }
    if (local_meas_[p.meas] < 0) {
      local_meas_[p.meas] = static_cast<int>(meas_.size());
      meas_.push_back(p.meas);
    }
  }
  const std::size_t nt = tracks_.size();
  const std::size_t nm = meas_.size();
  const std::size_t n = nt + nm;
  largest_cluster_ = std::max(largest_cluster_, n);
  // Rows: tracks, then measurements. Columns: measurements, then tracks.
  //   [ d2 or forbidden        | diag(gate/2) (missed)  ]
  //   [ diag(gate/2) (clutter) | 0                      ]
  cost_.assign(n * n, kForbiddenCost);
  const double half = gate / 2.0;
  for (const GatedPair& p : pairs) {
    std::size_t r = static_cast<std::size_t>(local_track_[p.track]);
    std::size_t c = static_cast<std::size_t>(local_meas_[p.meas]);
    cost_[r * n + c] = p.d2;
  }
  for (std::size_t t = 0; t < nt; ++t) cost_[t * n + nm + t] = half;
  for (std::size_t m = 0; m < nm; ++m) {
    double* row = cost_.data() + (nt + m) * n;
    row[m] = half;
    std::fill(row + nm, row + n, 0.0);
  }
  std::span<const int> col_of_row = solver_.solve(cost_, n, n);
  for (std::size_t t = 0; t < nt; ++t) {
    std::size_t c = static_cast<std::size_t>(col_of_row[t]);
    if (c < nm && cost_[t * n + c] < kForbiddenCost) {
      meas_of_track_[tracks_[t]] = static_cast<int>(meas_[c]);
      track_of_meas_[meas_[c]] = static_cast<int>(tracks_[t]);
    }
  }
  for (uint32_t t : tracks_) local_track_[t] = -1;
  for (uint32_t m : meas_) local_meas_[m] = -1;
}

}  // namespace lookout::air
