#include "app/node/clock.h"

#include <cmath>

namespace lookout::node {

namespace {

Timestamp wall_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace

NodeClock::NodeClock(double speed, std::optional<Timestamp> origin)
    : speed_(speed),
      scaled_(speed != 1.0 || origin.has_value()),
      origin_(origin.value_or(wall_now())),
      steady_origin_(std::chrono::steady_clock::now()) {}

Timestamp NodeClock::now() const {
  if (!scaled_) return wall_now();
  std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - steady_origin_;
  auto node_ms = static_cast<int64_t>(std::floor(elapsed.count() * speed_));
  return origin_ + std::chrono::milliseconds(node_ms);
}

std::chrono::steady_clock::duration NodeClock::until(Timestamp t) const {
  auto ahead = t - now();
  if (ahead <= std::chrono::milliseconds::zero()) return std::chrono::steady_clock::duration::zero();
  std::chrono::duration<double, std::milli> real(static_cast<double>(ahead.count()) / speed_);
  // Round up so that a timer armed with it never fires before the clock reads t.
  return std::chrono::ceil<std::chrono::steady_clock::duration>(real);
}

}  // namespace lookout::node
