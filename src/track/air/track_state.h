// TrackState: what the air tracker reports about one track, the input of
// the counter-drone detectors and of `replay --tracks`.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/fixed_string.h"
#include "core/latlon.h"
#include "core/time.h"
#include "decode/cooperative.h"
#include "decode/detection.h"
#include "track/air/track_history.h"

namespace lookout::air {

enum class TrackStatus : uint8_t {
  kTentative,  ///< Started, not yet M-of-N confirmed (reported only if asked for).
  kConfirmed,  ///< Confirmed and detected in its last scan.
  kCoasting,   ///< Confirmed but missed in its last scan(s): predicted, not measured.
  kDeleted,    ///< Final state of a track the tracker has dropped (reported once).
};

// "tentative", "confirmed", "coasting", "deleted".
const char* to_string(TrackStatus s) noexcept;

// Who a track says it is, from a cooperative source (ADS-B or Remote ID)
// whose reports match it. source == kNone: nobody has identified it.
struct AirIdentity {
  CooperativeSource source = CooperativeSource::kNone;
  FixedString<24> id;                  // ICAO address (ADS-B) or Remote ID transmitter
  FixedString<12> callsign;            // ADS-B
  FixedString<8> squawk;               // ADS-B
  bool emergency = false;
  FixedString<24> serial;              // Remote ID UAS ID
  FixedString<24> operator_id;         // Remote ID
  std::optional<LatLon> operator_position;  // Remote ID: a known launch point
  Timestamp last_report;               // time of the latest cooperative report
};

struct TrackState {
  Timestamp time;               // time of the state (its last scan)
  uint32_t id = 0;              // unique per tracker, never reused
  TrackStatus status = TrackStatus::kTentative;

  LatLon position;
  double alt_m = 0;             // same datum as the detections (see detection.h)
  double vel_e = 0;             // m/s
  double vel_n = 0;
  double vel_u = 0;
  double speed_mps = 0;         // horizontal speed
  double course_deg = 0;        // horizontal course, degrees clockwise from north, [0, 360)
  double turn_rate_deg_s = 0;   // positive = left turn
  double sigma_pos_m = 0;       // 1-sigma horizontal position (sqrt of the larger eigenvalue)
  double sigma_alt_m = 0;
  double sigma_speed_mps = 0;
  double p_turning = 0;         // IMM probability of the coordinated-turn model
  double straightness = -1;     // net distance / path length over ~20 s; -1 = not known yet

  ObjectClass cls = ObjectClass::kUnknown;
  std::array<double, kObjectClassCount> class_prob{};  // indexed by ObjectClass

  Timestamp first_seen;         // time of the first detection
  Timestamp last_detected;      // time of the last detection assigned to it
  uint32_t hits = 0;            // detections assigned
  uint32_t misses = 0;          // scans in coverage without a detection, since the last hit
  double score = 0;             // log-likelihood ratio target vs clutter (Pd and clutter density)
  uint32_t sensor_mask = 0;     // bit i: the tracker's sensor i has detected it
  FixedString<40> object_id;    // the last sensor-side object id seen for it
  AirIdentity identity;         // cooperative identity, when one matches

  // Where it has been (first points and a ring of recent ones). Owned by the
  // tracker; valid until the next call to a non-const AirTracker method.
  const TrackHistory* history = nullptr;
};

}  // namespace lookout::air
