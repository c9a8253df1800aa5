// What the drone detectors say about a track's Remote ID.
//
// A drone that broadcasts Remote ID (ASTM F3411 / EN 4709-002) declares its
// serial number and where its operator stands: it flies in the open, and a
// watch officer can send someone to the operator. One that broadcasts
// nothing near a protected zone is either non-compliant or hiding, which is
// what a saboteur's drone looks like. drone_incursion and drone_approach
// therefore score a broadcasting drone lower (remote_id_discount) and both
// cases say so in the alert; drone_origin takes the broadcast operator
// position as the launch point (drone_origin.h).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "track/air/track_state.h"

namespace lookout::detect {

// True when the track carries a Remote ID identity (a serial or transmitter).
bool broadcasts_remote_id(const air::TrackState& s);

// The clause appended to a drone alert's summary: "; Remote ID serial
// MFG1A0123456789, operator at 45.54439 N, 122.97269 W" or "; no Remote ID".
std::string remote_id_clause(const air::TrackState& s);

// The evidence: {"broadcast": false} or {"broadcast": true, "serial", "id",
// "operator_id", "operator_position": {"lat", "lon"}} (those known).
nlohmann::json remote_id_evidence(const air::TrackState& s);

}  // namespace lookout::detect
