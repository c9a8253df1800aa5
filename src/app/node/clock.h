// NodeClock: the live node's "now".
//
// At speed 1 it is the wall clock. For the demo and for replays the node can
// run faster (or slower): now = origin + (steady time elapsed) * speed, where
// origin is the wall time when the clock was made (or a chosen instant). The
// steady clock underneath means a wall-clock step (NTP, a suspended laptop)
// never makes a scaled clock jump or run backwards.
//
// Stages never read the wall clock themselves (STYLE.md section 2): the node
// hands this clock's now() to its inputs and engines.
#pragma once

#include <chrono>
#include <optional>

#include "core/time.h"

namespace lookout::node {

class NodeClock {
 public:
  // The wall clock.
  NodeClock() = default;

  // A clock running `speed` times as fast as real time from `origin` (wall
  // now when not given). speed 1 with no origin is the wall clock.
  // REQUIRES: speed > 0 and finite (the configuration checks it).
  explicit NodeClock(double speed, std::optional<Timestamp> origin = std::nullopt);

  // The node's current time, millisecond resolution.
  Timestamp now() const;

  double speed() const { return speed_; }
  // True unless this is the plain wall clock.
  bool scaled() const { return scaled_; }

  // Real (steady-clock) time until this clock reads `t`; zero when it
  // already does. Used to arm timers: at speed 60 a minute of node time
  // is a second of real time.
  std::chrono::steady_clock::duration until(Timestamp t) const;

 private:
  double speed_ = 1.0;
  bool scaled_ = false;
  Timestamp origin_{};
  std::chrono::steady_clock::time_point steady_origin_{};
};

}  // namespace lookout::node
