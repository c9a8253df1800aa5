// drone_incursion: a confirmed drone-class air track (DroneGate in
// air_detector.h) inside a protected zone - an airport, airspace, military
// site or energy site: inside its polygon or within its buffer_m of a point
// or line (AssetIndex::corridors_at).
//
// One episode per track and zone, key "T12/<asset id>": opened when the
// track qualifies (DroneGate: fused class drone, held for a few updates)
// inside the zone, kept while it stays, and closed when the track is more than exit_margin_m outside the zone or is
// deleted (hysteresis: a track on the boundary does not flicker). A track
// that leaves and comes back does not open a second episode. Not retracted:
// a drone that was over an airport was there. Score: base_score, +15 for
// airports and military sites, less remote_id_discount when the track
// broadcasts Remote ID (remote_id_note.h: a declared drone with a known
// operator is less of a threat than a silent one); the summary says which.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "detect/air/air_detector.h"

namespace lookout::detect {

struct DroneIncursionParams {
  DroneGateParams gate;                 ///< When a track counts as a drone (air_detector.h).
  double exit_margin_m = 300;          ///< Outside the zone by this much ends the episode.
  int base_score = 70;                 ///< Score of an incursion (+15 at airports and military sites).
  int remote_id_discount = 15;         ///< Taken off when the drone broadcasts Remote ID.
};

class DroneIncursion final : public AirDetector {
 public:
  explicit DroneIncursion(DroneIncursionParams params = {}) : params_(params), gate_(params.gate) {}
  std::string_view name() const override { return "drone_incursion"; }
  void on_track(const air::TrackState& s, const AirContext& ctx, FindingSink out) override;

  std::size_t open_episodes() const { return inside_.size(); }

 private:
  DroneIncursionParams params_;
  DroneGate gate_;
  std::set<std::pair<uint32_t, uint32_t>> inside_;  // (track, asset) currently in an episode
  std::set<std::pair<uint32_t, uint32_t>> raised_;  // (track, asset) ever raised
};

}  // namespace lookout::detect
