// AirDetector: one counter-drone indicator over fused air tracks
// (drone_incursion, drone_approach, swarm, drone_origin).
//
// The air engine (src/app/air_engine.h) calls on_track() with every track
// state the air tracker changed and on_scan() once after each batch, with
// the whole air picture. Detectors read the maritime picture (drone_origin
// looks for the launch vessel) and the assets, and report detect::Finding
// with `track` set ("T12"); the maritime engine's alert book turns them into
// alerts. Like the maritime detectors they are pure over their inputs and the
// event clock: the same replay gives the same findings.
//
// Shared helpers: which tracks count as drones (confirmed, fused class drone
// with enough probability: birds, aircraft, clutter and unknowns never
// qualify), the protected zone kinds, and how a track is named.
#pragma once

#include <chrono>
#include <memory>
#include <unordered_map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "detect/detector.h"
#include "geo/asset_index.h"
#include "track/air/track_state.h"
#include "track/picture.h"

namespace lookout::detect {

struct AirContext {
  const track::Picture& picture;              ///< maritime picture (AIS vessels)
  const AssetIndex& assets;
  std::span<const air::TrackState> tracks;    ///< every live air track
  Timestamp now{};                            ///< the air tracker's event time
};

class AirDetector {
 public:
  AirDetector() = default;
  AirDetector(const AirDetector&) = delete;
  AirDetector& operator=(const AirDetector&) = delete;
  virtual ~AirDetector() = default;

  virtual std::string_view name() const = 0;
  // One track state changed (updated, confirmed, coasting or deleted).
  virtual void on_track(const air::TrackState& /*s*/, const AirContext& /*ctx*/, FindingSink /*out*/) {}
  // After each batch of changes.
  virtual void on_scan(const AirContext& /*ctx*/, FindingSink /*out*/) {}
};

// The zones drones must keep out of.
inline constexpr KindSet kDroneZoneKinds{AssetKind::kAirport, AssetKind::kAirspace,
                                         AssetKind::kMilitarySite, AssetKind::kEnergySite};

// A track that counts as a drone: confirmed or coasting (never tentative or
// deleted), fused class drone, with class probability at least
// `min_probability` and at least `min_hits` detections.
bool is_drone_track(const air::TrackState& s, double min_probability, uint32_t min_hits);

// Class hysteresis per track: a track qualifies as a drone once
// is_drone_track(min_probability, min_hits) held on `min_updates` consecutive
// updates and the track is at least `min_age` old (a young track's class
// swings on a few reports: a gull can look like a drone for a second), and
// stays qualified until its drone probability falls below
// `exit_probability`, its class becomes bird or aircraft, or it is deleted.
// Feed every state of every track to update(). Memory: one entry per live
// track.
struct DroneGateParams {
  double min_probability = 0.6;   ///< Fused drone probability to qualify (birds, aircraft stay below).
  double exit_probability = 0.35; ///< Below this a qualified track stops qualifying.
  uint32_t min_hits = 5;          ///< Detections, at least.
  int min_updates = 5;            ///< Consecutive drone updates to qualify.
  std::chrono::milliseconds min_age{10000};  ///< Track age (since its first detection) to qualify.
};

class DroneGate {
 public:
  explicit DroneGate(DroneGateParams params = {}) : params_(params) {}
  // Takes one state; returns whether the track qualifies now.
  bool update(const air::TrackState& s);
  bool qualified(uint32_t id) const;
  std::size_t size() const { return streak_.size(); }

 private:
  DroneGateParams params_;
  std::unordered_map<uint32_t, int> streak_;  // consecutive drone updates; < 0: qualified
};

// "T12".
std::string track_label(uint32_t id);

// {"drone":0.91,"bird":0.03,...} rounded to 3 decimals.
nlohmann::json class_probabilities_json(const air::TrackState& s);

// [[lon, lat, alt_m, "ISO time"], ...] from the track's history (first and
// recent points) plus the current state.
nlohmann::json track_segment_json(const air::TrackState& s);

struct DetectorParams;
// Every detector of the air side, in a fixed order, with the documented
// defaults or with `params`.
std::vector<std::unique_ptr<AirDetector>> make_air_detectors();
std::vector<std::unique_ptr<AirDetector>> make_air_detectors(const DetectorParams& params);

}  // namespace lookout::detect
