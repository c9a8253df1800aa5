#include "server/api/live_message.h"

#include <cmath>
#include <optional>

namespace lookout::server {

namespace {

// Parses [minLon,minLat,maxLon,maxLat]; nullopt when it is not one.
std::optional<LiveBox> parse_box(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 4) return std::nullopt;
  for (const auto& v : j) {
    if (!v.is_number() || !std::isfinite(v.get<double>())) return std::nullopt;
  }
  LiveBox b{j[0].get<double>(), j[1].get<double>(), j[2].get<double>(), j[3].get<double>()};
  if (b.min_lon > b.max_lon || b.min_lat > b.max_lat || b.min_lat < -90 || b.max_lat > 90 || b.min_lon < -180 ||
      b.max_lon > 180) {
    return std::nullopt;
  }
  return b;
}

}  // namespace

const char* LiveMessage::name() const {
  switch (kind) {
    case Kind::kSubscribe: return "subscribe";
    case Kind::kPing: return "ping";
    case Kind::kBad: break;
  }
  return "bad";
}

LiveMessage parse_live_message(std::string_view text) {
  LiveMessage m;
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    m.problem = "a message must be a JSON object";
    return m;
  }
  if (auto it = j.find("subscribe"); it != j.end() && it->is_object()) {
    auto bb = it->find("bbox");
    if (bb == it->end() || bb->is_null()) {
      m.kind = LiveMessage::Kind::kSubscribe;
    } else if (auto b = parse_box(*bb)) {
      m.kind = LiveMessage::Kind::kSubscribe;
      m.box = *b;
    } else {
      m.problem = "bbox must be [minLon,minLat,maxLon,maxLat] in degrees";
    }
    return m;
  }
  if (auto it = j.find("ping"); it != j.end()) {
    m.kind = LiveMessage::Kind::kPing;
    m.ping = std::move(*it);
    return m;
  }
  m.problem = "unknown message; send {\"subscribe\":{\"bbox\":[minLon,minLat,maxLon,maxLat]}}";
  return m;
}

}  // namespace lookout::server
