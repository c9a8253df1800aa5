// emergency_squawk: an aircraft squawks an emergency code - 7500 (unlawful
// interference: a hijack), 7600 (radio failure), 7700 (general emergency)
// - or sets the emergency flag of its cooperative report (ADS-B).
//
// It reads the cooperative identity of every air track state
// (TrackState::identity): the cooperative target's own track and a radar
// track tied to it carry the same identity, so the episode is keyed by the
// transmitter (source and ICAO address), not by the track: one alert per
// aircraft per emergency episode, however many tracks show it. An episode
// ends when the aircraft squawks a code that is not an emergency (or its
// flag clears), or when its cooperative track is deleted (silent); a later
// emergency is a new episode. A change from one emergency code to another
// (7600 to 7700) is a new episode too: it says something new happened.
//
// Episode key "<ICAO>/<squawk>/<start time>"; the alert's track is the track that
// first showed it. Score per code: a hijack is the gravest. The summary
// names the aircraft (callsign and address), the code and its meaning, its
// altitude, and the nearest protected zone within `near_m` (then named in
// the alert and its releasability). Not retracted: a squawk is what the
// crew set.
//
// A single Mode S reply with a wrong squawk (a bit error the parity cannot
// catch in DF5) would raise it: the SBS writers pass on only replies that
// matched a known address, and we do not second-guess them.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "detect/air/air_detector.h"

namespace lookout::detect {

struct EmergencySquawkParams {
  int score_7500 = 95;   ///< Unlawful interference.
  int score_7700 = 85;   ///< General emergency.
  int score_7600 = 70;   ///< Radio failure.
  int score_flag = 80;   ///< The emergency flag without an emergency code.
  double near_m = 30000; ///< A protected zone this close is named.
};

// "unlawful interference", "radio failure", "general emergency", or "" for another code.
const char* emergency_squawk_meaning(std::string_view squawk) noexcept;

class EmergencySquawk final : public AirDetector {
 public:
  explicit EmergencySquawk(EmergencySquawkParams params = {}) : params_(params) {}
  std::string_view name() const override { return "emergency_squawk"; }
  void on_track(const air::TrackState& s, const AirContext& ctx, FindingSink out) override;

 private:
  EmergencySquawkParams params_;
  // The code of each aircraft's open episode ("" = the flag alone), by
  // "<source>:<id>": only aircraft in an emergency now (memory bounded by them).
  std::unordered_map<std::string, std::string> open_;
};

}  // namespace lookout::detect
