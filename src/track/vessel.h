// Vessel: what the picture knows about one MMSI - static data, the last
// position, a bounded history thinned in time, and derived kinematics.
//
// Memory per vessel is fixed at creation: the Vessel itself (about 200 bytes)
// plus `history_points` TrackPoints of 24 bytes in the Picture's pool.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "core/fixed_string.h"
#include "core/latlon.h"
#include "core/time.h"
#include "decode/ais/message.h"

namespace lookout::track {

// One reported position in compact form (24 bytes).
struct TrackPoint {
  int64_t time_ms = 0;                 // event time, Unix ms
  int32_t lat_e7 = 0, lon_e7 = 0;      // degrees * 1e7
  uint16_t sog_dkn = kNoSpeed;         // 1/10 knot; kNoSpeed = not available
  uint16_t cog_ddeg = kNoCourse;       // 1/10 degree; kNoCourse = not available
  uint16_t heading = 511;              // degrees; 511 = not available
  uint8_t nav_status = 15;             // ITU navigational status; 15 = not defined
  uint8_t flags = 0;                   // reserved

  static constexpr uint16_t kNoSpeed = 0xFFFF;
  static constexpr uint16_t kNoCourse = 0xFFFF;

  Timestamp time() const { return from_unix_ms(time_ms); }
  LatLon pos() const { return {lat_e7 * 1e-7, lon_e7 * 1e-7}; }
  bool has_sog() const { return sog_dkn != kNoSpeed; }
  bool has_cog() const { return cog_ddeg != kNoCourse; }
  bool has_heading() const { return heading < 360; }
  double sog_kn() const { return has_sog() ? sog_dkn / 10.0 : std::numeric_limits<double>::quiet_NaN(); }
  double cog_deg() const { return has_cog() ? cog_ddeg / 10.0 : std::numeric_limits<double>::quiet_NaN(); }
};
static_assert(sizeof(TrackPoint) == 24);

enum class VesselClass : uint8_t {
  kUnknown = 0,
  kClassA,       ///< types 1-3, 5
  kClassB,       ///< types 18, 19, 24
  kSarAircraft,  ///< type 9
  kBaseStation,  ///< type 4
  kAidToNavigation,  ///< type 21
};

const char* to_string(VesselClass c) noexcept;

// Static and voyage data, merged from types 5, 19, 24 and historical records.
struct VesselStatic {
  uint32_t imo = 0;                 // 0 = unknown
  FixedString<7> callsign;
  FixedString<20> name;
  uint8_t shiptype = 0;             // ITU ship and cargo type; 0 = unknown
  ais::Dimensions dim;
  FixedString<20> destination;
  uint8_t draught_dm = 0;           // 1/10 metre; 0 = unknown
  int64_t updated_ms = 0;           // event time of the last change, Unix ms

  uint16_t length_m() const { return static_cast<uint16_t>(dim.to_bow + dim.to_stern); }
};

struct Vessel {
  uint32_t mmsi = 0;
  VesselClass cls = VesselClass::kUnknown;
  VesselStatic statics;
  TrackPoint last;                  // last accepted position (valid when positions > 0)
  int64_t first_seen_ms = 0;        // event time of the first message
  int64_t last_seen_ms = 0;         // event time of the last message of any kind
  uint32_t positions = 0;           // accepted positions
  uint32_t messages = 0;            // all messages
  // Recent cruise speed: a time-weighted mean of speed while under way, held
  // through a slowdown so that "slower than its own cruise" stays measurable
  // (see Picture::update_cruise). NaN until the vessel has moved.
  float cruise_kn = std::numeric_limits<float>::quiet_NaN();
  int64_t slow_since_ms = 0;        // start of the current slowdown, 0 = none
  // A rejected position (implausible jump) kept for the identity and spoofing
  // detectors: a second place the same MMSI reported from.
  TrackPoint rejected;
  uint32_t rejected_count = 0;
  // The vessel's slot in its Picture, which also finds its history ring.
  uint32_t slot = 0;
  uint16_t history_size = 0;
  uint16_t history_head = 0;        // index of the oldest point
};

}  // namespace lookout::track
