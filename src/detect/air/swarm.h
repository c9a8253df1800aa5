// swarm: three or more confirmed drone-class tracks flying together - each
// within `radius_m` of another member and with a velocity differing from it
// by at most `max_velocity_diff_mps` (single-linkage groups).
//
// A group must hold for `min_duration` before it is raised (one scan where
// unrelated drones cross is not a swarm). One episode per swarm, key
// "T<lowest member>/<start unix s>": a later group sharing a member
// continues it (members joining update the alert); the episode is forgotten
// when no group of it was seen for `forget_after`. Not retracted. Score: 65
// plus 5 per member beyond three, at most 95.
#pragma once

#include <chrono>
#include <cstdint>
#include <set>
#include <vector>

#include "detect/air/air_detector.h"

namespace lookout::detect {

struct SwarmParams {
  DroneGateParams gate;                 ///< When a track counts as a drone (air_detector.h).
  std::size_t min_members = 3;             ///< Tracks in a swarm, at least.
  double radius_m = 1000;                  ///< Linking distance between members.
  double max_velocity_diff_mps = 6;        ///< Linking velocity difference (vector, horizontal).
  std::chrono::seconds min_duration{5};    ///< The group holds this long before an alert.
  std::chrono::seconds forget_after{30};   ///< Unseen this long: the episode is over.
};

class Swarm final : public AirDetector {
 public:
  explicit Swarm(SwarmParams params = {}) : params_(params), gate_(params.gate) {}
  std::string_view name() const override { return "swarm"; }
  void on_track(const air::TrackState& s, const AirContext& /*ctx*/, FindingSink /*out*/) override { gate_.update(s); }
  void on_scan(const AirContext& ctx, FindingSink out) override;

  std::size_t episodes() const { return episodes_.size(); }

 private:
  struct Episode {
    std::set<uint32_t> members;
    Timestamp start{}, last_seen{};
    bool raised = false;
    std::size_t raised_members = 0;
    std::string key;
  };
  SwarmParams params_;
  DroneGate gate_;
  std::vector<Episode> episodes_;
};

}  // namespace lookout::detect
