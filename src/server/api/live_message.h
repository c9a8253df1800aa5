// The messages a live client (/api/live) sends, parsed: the text any
// WebSocket client controls, so it is one pure function that
// fuzz/fuzz_live_message.cc drives. See docs/api/README.md for the protocol.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace lookout::server {

// A subscribed bounding box in degrees; the default is the whole world.
struct LiveBox {
  double min_lon = -180, min_lat = -90, max_lon = 180, max_lat = 90;
  bool contains(double lat, double lon) const {
    return lat >= min_lat && lat <= max_lat && lon >= min_lon && lon <= max_lon;
  }
};

struct LiveMessage {
  enum class Kind : uint8_t {
    kSubscribe,  ///< {"subscribe":{"bbox":[minLon,minLat,maxLon,maxLat]}} (bbox null or absent: the world)
    kPing,       ///< {"ping":ANY}: answered with {"type":"pong","ping":ANY}
    kBad,        ///< anything else; `problem` says what is wrong, for the client
  };
  Kind kind = Kind::kBad;
  LiveBox box;          ///< kSubscribe
  nlohmann::json ping;  ///< kPing: the value to echo
  std::string problem;  ///< kBad
  // The audit log's name of the kind: "subscribe", "ping", "bad".
  const char* name() const;
};

// Parses one text message. Never throws; anything that is not one of the
// messages above is kBad with a sentence for the client.
LiveMessage parse_live_message(std::string_view text);

}  // namespace lookout::server
