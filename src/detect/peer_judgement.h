// PeerJudgement: a vessel's slowdown weighed against its peers' (issue 21).
//
// A slowdown most ships around share (a gale, ice, a closed lane) says
// nothing about any one of them; one far beyond theirs, or one that lasts
// after they recovered, is what a watch officer looks at. The judgement
// reads the regional baseline (regional_baseline.h) around the vessel, less
// the vessel itself, and gives a weight for the slowdown part of a
// detector's score:
//
//   share     = slowed peers / (peers + prior)     (a few slowed ships are no shared condition)
//   shared    = (share - shared_from) / (shared_full - shared_from), clamped to 0..1
//   closeness = (own ratio - far_ratio * m) / ((1 - far_ratio) * m), clamped to 0..1
//               (m: the median speed ratio of the slowed peers; 1 when the vessel
//               slowed no more than they did, 0 at far_ratio of theirs or less)
//   weight    = 1 - shared * closeness
//
// A detector keeps the lowest weight of the last `memory` (a gale's front
// passes the ships one after another, and so does its end).
//
// Calm traffic (peers not slowed) only adds to the denominator of `share`
// and leaves m alone, so adding it never lowers the weight (the property
// test in tests/property/peer_weight_property_test.cc); peers that recover
// leave the slowed count and the weight climbs back to 1.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/latlon.h"
#include "detect/regional_baseline.h"

namespace lookout::detect {

struct PeerParams {
  bool enabled = true;        ///< Weigh the slowdown against the peers around the vessel.
  int radius_cells = 1;       ///< Peers: the (2r+1) x (2r+1) baseline cells around the vessel.
  double prior = 2;           ///< Calm peers assumed besides those seen (a few slowed ships are no trend).
  double shared_from = 0.2;   ///< Share of slowed peers from which the slowdown counts as shared...
  double shared_full = 0.8;   ///< ...and at which it is wholly shared.
  double far_ratio = 0.5;     ///< At this fraction of the slowed peers' speed ratio or less, no discount.
  /// A shared slowdown seen this recently still weighs: the peers of a front recover one by
  /// one, and "lasting after they recovered" means lasting this long after.
  std::chrono::seconds memory{1800};
};

struct PeerJudgement {
  bool known = false;      ///< A baseline was there to ask.
  int vessels = 0;         ///< Peers: merchant ships under way around the vessel, itself left out.
  int slowed = 0;          ///< ...of them slowed (speed ratio at most the baseline's slowed_ratio).
  double slowed_q1 = 0, slowed_median = 0, slowed_q3 = 0;  ///< Speed ratios of the slowed peers.
  double yaw_median_deg = 0;  ///< Median |heading - course| of the peers (NaN: none reported one).
  double own_ratio = 1;    ///< The vessel's speed over its own cruise.
  double weight = 1;       ///< Multiplies the slowdown part of the score.
  double area_w_km = 0, area_h_km = 0;  ///< The block of cells the peers were taken from.

  // "23 of 25 merchant ships under way in the 83 x 83 km around it slowed by
  // 40-50 %; this one by 73 %".
  std::string text() const;
  nlohmann::json to_json() const;
};

// The judgement of a vessel `self` at `p` whose speed is `own_ratio` of its cruise.
PeerJudgement judge_against_peers(const RegionalBaseline& baseline, LatLon p, uint32_t self, double own_ratio,
                                  const PeerParams& params);

// The weight alone, from the counts (what judge_against_peers computes).
double peer_weight(int vessels, int slowed, double slowed_median, double own_ratio, const PeerParams& params);

}  // namespace lookout::detect
