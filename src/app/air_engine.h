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
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/engine.h"
#include "decode/detection.h"
#include "detect/air/air_detector.h"
#include "track/air/air_tracker.h"

namespace lookout {

using TrackListener = std::function<void(const air::TrackState&)>;

class AirEngine {
 public:
  // `engine` must outlive the air engine.
  AirEngine(Engine& engine, air::TrackerParams params, std::vector<air::SensorConfig> sensors,
            std::vector<std::unique_ptr<detect::AirDetector>> detectors);

  void set_track_listener(TrackListener listener) { track_listener_ = std::move(listener); }

  // Adds a sensor, or replaces the one of the same id (a SAPIENT node's
  // registration or a new site: app/sensor_registry.h). False when the
  // tracker holds max_sensors already.
  bool add_sensor(const air::SensorConfig& sensor);

  // Feeds one detection; returns false when it was rejected or dropped.
  bool observe(const SensorDetection& d);
  // Event time reached `t` (closes scans, deletes stale tracks).
  void advance(Timestamp t);
  // End of input: processes every buffered scan.
  void flush();

  const air::AirTracker& tracker() const { return tracker_; }
  uint64_t detections() const { return detections_; }
  // Relative detections rejected because their sensor is not configured, per sensor id.
  const std::map<std::string, uint64_t>& unknown_sensors() const { return unknown_sensors_; }
  uint64_t track_updates() const { return track_updates_; }

 private:
  void process_changes();

  Engine& engine_;
  air::AirTracker tracker_;
  std::vector<std::unique_ptr<detect::AirDetector>> detectors_;
  TrackListener track_listener_;
  std::vector<FixedString<32>> configured_;
  std::map<std::string, uint64_t> unknown_sensors_;
  uint64_t detections_ = 0;
  uint64_t track_updates_ = 0;
};

}  // namespace lookout
