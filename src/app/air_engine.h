// AirEngine: the counter-drone pipeline - air tracker and air detectors -
// beside the maritime Engine, sharing its picture (drone_origin looks for
// the launch vessel in it), its assets and its alert book (so drone alerts
// follow the same JSON Lines contract and raise vessel risk).
//
// Feed detections in event-time order with observe(); after every tracker
// call the tracks that changed go to the optional track listener (`replay
// --tracks`) and to each air detector, then each detector's on_scan() sees
// the whole air picture. A relative (range/bearing) detection from a sensor
// that is not configured cannot be placed: it is rejected here and counted
// per sensor (unknown_sensors()), never reaching the tracker.
//
// Cooperative reports (ADS-B, Remote ID) go to observe_cooperative(): the
// cooperative picture (track/air/cooperative_picture.h) merges them per
// transmitter; its targets are tracks of their own (ids from
// air::kCooperativeIdBase up) and every radar track state is matched
// against them before anyone sees it, so a radar track tied to an aircraft
// carries its identity and class. When the picture holds any target, the
// detectors' AirContext lists the radar tracks (with their ties applied)
// and the untied cooperative targets; without one it is the tracker's own
// list, at no cost.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/engine.h"
#include "decode/cooperative.h"
#include "decode/detection.h"
#include "detect/air/air_detector.h"
#include "track/air/air_tracker.h"
#include "track/air/cooperative_picture.h"

namespace lookout {

using TrackListener = std::function<void(const air::TrackState&)>;

class AirEngine {
 public:
  // `engine` must outlive the air engine.
  AirEngine(Engine& engine, air::TrackerParams params, std::vector<air::SensorConfig> sensors,
            std::vector<std::unique_ptr<detect::AirDetector>> detectors);

  void set_track_listener(TrackListener listener) { track_listener_ = std::move(listener); }

  // Feeds one detection; returns false when it was rejected or dropped.
  bool observe(const SensorDetection& d);
  // Feeds one cooperative report (ADS-B, Remote ID); false when the
  // cooperative picture rejected or dropped it (see its stats()).
  bool observe_cooperative(const CooperativeReport& r);
  // Event time reached `t` (closes scans, deletes stale tracks).
  void advance(Timestamp t);
  // End of input: processes every buffered scan.
  void flush();

  const air::AirTracker& tracker() const { return tracker_; }
  const air::CooperativePicture& cooperative() const { return coop_; }
  uint64_t cooperative_reports() const { return cooperative_reports_; }
  uint64_t detections() const { return detections_; }
  // Relative detections rejected because their sensor is not configured, per sensor id.
  const std::map<std::string, uint64_t>& unknown_sensors() const { return unknown_sensors_; }
  uint64_t track_updates() const { return track_updates_; }

 private:
  void process_changes();
  void process_cooperative();
  detect::AirContext context();

  Engine& engine_;
  air::AirTracker tracker_;
  air::CooperativePicture coop_;
  std::vector<air::TrackState> scratch_;   // a changed radar state, matched
  std::vector<air::TrackState> context_;   // the AirContext's tracks when coop_ holds targets
  std::vector<std::unique_ptr<detect::AirDetector>> detectors_;
  TrackListener track_listener_;
  std::vector<FixedString<32>> configured_;
  std::map<std::string, uint64_t> unknown_sensors_;
  uint64_t detections_ = 0;
  uint64_t track_updates_ = 0;
  uint64_t cooperative_reports_ = 0;
  Timestamp coop_swept_{};  // event time of the last expiry sweep
};

}  // namespace lookout
