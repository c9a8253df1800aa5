// drone_approach: a confirmed drone-class track, not yet inside a protected
// zone, whose velocity takes it into one within `horizon` (a warning before
// the incursion).
//
// The track's position is extrapolated in a straight line at its horizontal
// velocity, in steps of `step`, up to `horizon`; the first step inside a
// zone's corridor (AssetIndex::corridors_at, kinds as drone_incursion) gives
// the zone and the time to go. The prediction must hold on
// `confirm_updates` consecutive updates (a turning or noisy track does not
// warn on one bad velocity). One episode per track and zone, key
// "T12/<asset id>", raised once; not retracted (the incursion detector takes
// over when it enters). Score: 50, +20 when the time to go is under a third
// of the horizon.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "detect/air/air_detector.h"

namespace lookout::detect {

struct DroneApproachParams {
  DroneGateParams gate;                 ///< When a track counts as a drone (air_detector.h).
  double min_speed_mps = 2;            ///< Slower tracks are hovering: no prediction.
  std::chrono::seconds horizon{120};   ///< How far ahead to predict.
  std::chrono::seconds step{5};        ///< Prediction step.
  int confirm_updates = 3;             ///< Consecutive updates predicting the same zone.
  int base_score = 50;
  int remote_id_discount = 15;         ///< Taken off when the drone broadcasts Remote ID.
};

class DroneApproach final : public AirDetector {
 public:
  explicit DroneApproach(DroneApproachParams params = {}) : params_(params), gate_(params.gate) {}
  std::string_view name() const override { return "drone_approach"; }
  void on_track(const air::TrackState& s, const AirContext& ctx, FindingSink out) override;

 private:
  DroneApproachParams params_;
  DroneGate gate_;
  std::map<std::pair<uint32_t, uint32_t>, int> streak_;  // (track, asset) -> consecutive predictions
  std::set<std::pair<uint32_t, uint32_t>> raised_;
};

}  // namespace lookout::detect
