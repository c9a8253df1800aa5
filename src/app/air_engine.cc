#include "app/air_engine.h"

#include <algorithm>

namespace lookout {

AirEngine::AirEngine(Engine& engine, air::TrackerParams params, std::vector<air::SensorConfig> sensors,
                     std::vector<std::unique_ptr<detect::AirDetector>> detectors)
    : engine_(engine), tracker_(params, sensors), detectors_(std::move(detectors)) {
  for (const auto& s : sensors) configured_.push_back(s.id);
}

bool AirEngine::add_sensor(const air::SensorConfig& sensor) {
  if (!tracker_.add_sensor(sensor)) return false;
  if (std::find(configured_.begin(), configured_.end(), sensor.id) == configured_.end()) configured_.push_back(sensor.id);
  return true;
}

bool AirEngine::observe(const SensorDetection& d) {
  ++detections_;
  if (!d.position && std::find(configured_.begin(), configured_.end(), d.sensor) == configured_.end()) {
    ++unknown_sensors_[std::string(d.sensor.view())];
    return false;
  }
  bool ok = tracker_.update(d);
  process_changes();
  return ok;
}

void AirEngine::advance(Timestamp t) {
  tracker_.advance(t);
  process_changes();
}

void AirEngine::flush() {
  tracker_.flush();
  process_changes();
}

void AirEngine::process_changes() {
  auto changed = tracker_.changed();
  if (changed.empty()) return;
  detect::AirContext ctx{engine_.picture(), engine_.assets(), tracker_.tracks(), tracker_.now()};
  auto sink = [&](detect::Finding&& f) { engine_.report(std::move(f)); };
  for (const auto& s : changed) {
    ++track_updates_;
    if (track_listener_) track_listener_(s);
    for (auto& det : detectors_) det->on_track(s, ctx, sink);
  }
  for (auto& det : detectors_) det->on_scan(ctx, sink);
}

}  // namespace lookout
