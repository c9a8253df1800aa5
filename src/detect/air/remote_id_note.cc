#include "detect/air/remote_id_note.h"

#include <cmath>
#include <cstdio>

namespace lookout::detect {

bool broadcasts_remote_id(const air::TrackState& s) {
  return s.identity.source == CooperativeSource::kRemoteId &&
         (!s.identity.serial.empty() || !s.identity.id.empty());
}

std::string remote_id_clause(const air::TrackState& s) {
  if (!broadcasts_remote_id(s)) return "; no Remote ID";
  const air::AirIdentity& id = s.identity;
  std::string out = "; Remote ID ";
  out += id.serial.empty() ? "transmitter " + std::string(id.id.view()) : "serial " + std::string(id.serial.view());
  if (id.operator_position) {
    char buf[96];
    const LatLon& p = *id.operator_position;
    std::snprintf(buf, sizeof buf, ", operator at %.5f %c, %.5f %c", std::fabs(p.lat), p.lat < 0 ? 'S' : 'N',
                  std::fabs(p.lon), p.lon < 0 ? 'W' : 'E');
    out += buf;
  }
  return out;
}

nlohmann::json remote_id_evidence(const air::TrackState& s) {
  nlohmann::json j = {{"broadcast", broadcasts_remote_id(s)}};
  if (!broadcasts_remote_id(s)) return j;
  const air::AirIdentity& id = s.identity;
  if (!id.serial.empty()) j["serial"] = std::string(id.serial.view());
  if (!id.id.empty()) j["id"] = std::string(id.id.view());
  if (!id.operator_id.empty()) j["operator_id"] = std::string(id.operator_id.view());
  if (id.operator_position) {
    j["operator_position"] = {{"lat", std::round(id.operator_position->lat * 1e6) / 1e6},
                              {"lon", std::round(id.operator_position->lon * 1e6) / 1e6}};
  }
  return j;
}

}  // namespace lookout::detect
