#include "app/air_engine.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace lookout {

AirEngine::AirEngine(Engine& engine, air::TrackerParams params, std::vector<air::SensorConfig> sensors,
                     std::vector<std::unique_ptr<detect::AirDetector>> detectors)
    : engine_(engine), tracker_(params, sensors), detectors_(std::move(detectors)) {
  for (const auto& s : sensors) configured_.push_back(s.id);
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

namespace {
double r(double x, double scale) { return std::round(x * scale) / scale; }
}  // namespace

std::string track_state_json_line(const air::TrackState& s) {
  nlohmann::ordered_json j;
  j["time"] = format_iso8601(s.time);
  j["track"] = "T" + std::to_string(s.id);
  j["lat"] = r(s.position.lat, 1e7);
  j["lon"] = r(s.position.lon, 1e7);
  j["alt_m"] = r(s.alt_m, 10);
  j["velocity"] = {{"e", r(s.vel_e, 100)}, {"n", r(s.vel_n, 100)}, {"u", r(s.vel_u, 100)}};
  j["speed"] = r(s.speed_mps, 100);
  j["course"] = r(s.course_deg, 10);
  j["class"] = to_string(s.cls);
  nlohmann::ordered_json probs;
  for (std::size_t i = 0; i < kObjectClassCount; ++i) probs[to_string(static_cast<ObjectClass>(i))] = r(s.class_prob[i], 1000);
  j["class_probabilities"] = probs;
  j["status"] = air::to_string(s.status);
  return j.dump();
}

}  // namespace lookout
