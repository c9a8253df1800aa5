// CooperativeReport: what a target says about itself, the common currency
// of the cooperative air sources. ADS-B (SBS-1 "BaseStation" text,
// src/decode/sbs/) and Remote ID (ASTM F3411 / ASD-STAN EN 4709-002,
// src/decode/remote_id/) produce these; the cooperative picture
// (src/track/air/cooperative_picture.h) merges them per transmitter and ties
// them to the radar tracks.
//
// One report is what one message carried: most fields are optional because
// each SBS-1 line and each Remote ID message holds only part of the picture
// (identity, or position, or velocity, or the operator). Units: metres,
// degrees (course clockwise from true north), m/s.
#pragma once

#include <cstdint>
#include <optional>

#include "core/fixed_string.h"
#include "core/latlon.h"
#include "core/time.h"

namespace lookout {

enum class CooperativeSource : uint8_t {
  kNone = 0,
  kAdsb,      // ADS-B / Mode S (ICAO 24-bit address)
  kRemoteId,  // drone Remote ID broadcast
};

// "none", "adsb", "remote_id".
const char* to_string(CooperativeSource s) noexcept;

struct CooperativeReport {
  Timestamp time;                    // event time of the message
  CooperativeSource source = CooperativeSource::kNone;
  FixedString<24> id;                // transmitter: ICAO address as 6 upper-case hex digits,
                                     // or the Remote ID transmitter (serial, else MAC address)
  FixedString<32> receiver;          // the receiver or sensor that heard it, may be empty

  std::optional<LatLon> position;
  std::optional<double> alt_m;       // geometric (WGS84) when known, else barometric
  std::optional<double> baro_alt_m;  // pressure altitude
  std::optional<double> ground_speed_mps;
  std::optional<double> course_deg;
  std::optional<double> vertical_rate_mps;
  std::optional<bool> on_ground;

  // ADS-B
  FixedString<12> callsign;          // flight identification, trimmed
  FixedString<8> squawk;             // Mode A code, 4 octal digits
  bool emergency = false;            // emergency squawk or emergency flag

  // Remote ID
  FixedString<24> serial;            // UAS ID (serial number, CAA registration, UTM or session id)
  FixedString<24> operator_id;
  std::optional<LatLon> operator_position;
  std::optional<double> operator_alt_m;
  FixedString<24> self_id;           // free text of the Self-ID message
  uint8_t ua_type = 0;               // Remote ID UA type (0 none .. 15 other)
};

}  // namespace lookout
