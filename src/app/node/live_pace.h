// How the node spreads one live vessel batch over the batch interval.
//
// A batch written to every WebSocket client at once fills the kernel's
// socket buffers, and an alert written after it waits until each client has
// read through the burst (with 50 whole-world clients, a few hundred ms).
// Paced, the buffers hold a few milliseconds of data and alerts pass it.
// The batch goes out in slices over `window`, at most one per `min_gap`,
// each as small as that allows but within [min_slice, max_slice] vessels.
// When even the largest slices cannot fit the window the batch takes longer
// and the changes made meanwhile wait for the next batch: the update rate
// adapts to the load.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>

namespace lookout {

struct LivePace {
  std::size_t slice = 1;            // vessels per slice
  std::chrono::microseconds gap{0};  // between the starts of two slices
};

struct LivePaceParams {
  std::chrono::milliseconds window{350};  // of the 500 ms between batches
  std::chrono::milliseconds min_gap{4};
  std::size_t min_slice = 16;
  std::size_t max_slice = 256;  // ~0.5 ms of work
  std::chrono::milliseconds max_gap{16};  // a small batch need not wait long
};

inline LivePace live_pace(std::size_t vessels, const LivePaceParams& p = {}) {
  const auto window_us = std::chrono::duration_cast<std::chrono::microseconds>(p.window);
  const std::size_t max_slices = std::max<std::size_t>(1, static_cast<std::size_t>(p.window / p.min_gap));
  LivePace pace;
  pace.slice = std::clamp((vessels + max_slices - 1) / max_slices, p.min_slice, p.max_slice);
  const std::size_t slices = (vessels + pace.slice - 1) / pace.slice;
  if (slices > 1) {
    pace.gap = std::min<std::chrono::microseconds>(
        window_us / static_cast<std::chrono::microseconds::rep>(slices),
        std::chrono::duration_cast<std::chrono::microseconds>(p.max_gap));
  }
  return pace;
}

}  // namespace lookout
