#include "track/air/track_state_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace lookout::air {

namespace {
double r(double x, double scale) { return std::round(x * scale) / scale; }
}  // namespace

std::string track_state_json_line(const TrackState& s) { return track_state_json(s).dump(); }

nlohmann::ordered_json track_state_json(const TrackState& s) {
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
  j["status"] = to_string(s.status);
  const AirIdentity& id = s.identity;
  if (id.source != CooperativeSource::kNone) {
    // Only what the cooperative source said; empty fields are left out.
    nlohmann::ordered_json ident;
    ident["source"] = to_string(id.source);
    ident["id"] = std::string(id.id.view());
    if (!id.callsign.empty()) ident["callsign"] = std::string(id.callsign.view());
    if (!id.squawk.empty()) ident["squawk"] = std::string(id.squawk.view());
    if (id.emergency) ident["emergency"] = true;
    if (!id.serial.empty()) ident["serial"] = std::string(id.serial.view());
    if (!id.operator_id.empty()) ident["operator_id"] = std::string(id.operator_id.view());
    if (id.operator_position) {
      ident["operator"] = {{"lat", r(id.operator_position->lat, 1e7)}, {"lon", r(id.operator_position->lon, 1e7)}};
    }
    ident["last_report"] = format_iso8601(id.last_report);
    j["identity"] = std::move(ident);
  }
  return j;
}

}  // namespace lookout::air
