#include "detect/air/air_detector.h"

#include <cmath>

#include "core/time.h"
#include "detect/air/drone_approach.h"
#include "detect/air/drone_incursion.h"
#include "detect/air/drone_origin.h"
#include "detect/air/emergency_squawk.h"
#include "detect/air/swarm.h"
#include "detect/detector_params.h"

namespace lookout::detect {

namespace {
double round_to(double x, double scale) { return std::round(x * scale) / scale; }

nlohmann::json point_json(LatLon p, double alt_m, Timestamp t) {
  return nlohmann::json::array({round_to(p.lon, 1e6), round_to(p.lat, 1e6), round_to(alt_m, 10), format_iso8601(t)});
}
}  // namespace

bool is_drone_track(const air::TrackState& s, double min_probability, uint32_t min_hits) {
  if (s.status != air::TrackStatus::kConfirmed && s.status != air::TrackStatus::kCoasting) return false;
  if (s.cls != ObjectClass::kDrone) return false;
  if (s.hits < min_hits) return false;
  return s.class_prob[static_cast<std::size_t>(ObjectClass::kDrone)] >= min_probability;
}

bool DroneGate::update(const air::TrackState& s) {
  if (s.status == air::TrackStatus::kDeleted) {
    streak_.erase(s.id);
    return false;
  }
  int& st = streak_[s.id];
  const double p = s.class_prob[static_cast<std::size_t>(ObjectClass::kDrone)];
  if (st < 0) {  // qualified: hysteresis
    bool keep = (s.status == air::TrackStatus::kConfirmed || s.status == air::TrackStatus::kCoasting) &&
                s.cls != ObjectClass::kBird && s.cls != ObjectClass::kAircraft && p >= params_.exit_probability;
    if (keep) return true;
    st = 0;
    return false;
  }
  if (!is_drone_track(s, params_.min_probability, params_.min_hits)) {
    st = 0;
    return false;
  }
  ++st;
  if (st >= params_.min_updates && s.time - s.first_seen >= params_.min_age) {
    st = -1;
    return true;
  }
  return false;
}

bool DroneGate::qualified(uint32_t id) const {
  auto it = streak_.find(id);
  return it != streak_.end() && it->second < 0;
}

std::string track_label(uint32_t id) { return "T" + std::to_string(id); }

nlohmann::json class_probabilities_json(const air::TrackState& s) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t i = 0; i < kObjectClassCount; ++i) {
    j[to_string(static_cast<ObjectClass>(i))] = round_to(s.class_prob[i], 1000);
  }
  return j;
}

nlohmann::json track_segment_json(const air::TrackState& s) {
  nlohmann::json seg = nlohmann::json::array();
  Timestamp last{};
  if (s.history != nullptr) {
    const air::TrackHistory& h = *s.history;
    for (std::size_t i = 0; i < h.first_count(); ++i) {
      seg.push_back(point_json(h.first(i).position, h.first(i).alt_m, h.first(i).time));
      last = h.first(i).time;
    }
    for (std::size_t i = 0; i < h.recent_count(); ++i) {
      seg.push_back(point_json(h.recent(i).position, h.recent(i).alt_m, h.recent(i).time));
      last = h.recent(i).time;
    }
  }
  if (seg.empty() || s.time > last) seg.push_back(point_json(s.position, s.alt_m, s.time));
  return seg;
}

std::vector<std::unique_ptr<AirDetector>> make_air_detectors() { return make_air_detectors(DetectorParams{}); }

std::vector<std::unique_ptr<AirDetector>> make_air_detectors(const DetectorParams& params) {
  std::vector<std::unique_ptr<AirDetector>> out;
  out.push_back(std::make_unique<DroneIncursion>(params.drone_incursion));
  out.push_back(std::make_unique<DroneApproach>(params.drone_approach));
  out.push_back(std::make_unique<Swarm>(params.swarm));
  out.push_back(std::make_unique<DroneOrigin>(params.drone_origin));
  out.push_back(std::make_unique<EmergencySquawk>(params.emergency_squawk));
  return out;
}

}  // namespace lookout::detect
