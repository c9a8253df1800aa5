// The JSON form of an air track's state: one line of `replay --tracks` and one
// element of the API's /api/air/tracks. Here, beside TrackState, so that the
// CLI and the server (two layers above) share one format.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "track/air/track_state.h"

namespace lookout::air {

// One line of `replay --tracks` (no newline): time, track, lat, lon, alt_m,
// velocity {e, n, u}, speed, course, class, class_probabilities, status.
std::string track_state_json_line(const TrackState& s);

// The same as a JSON object, for writers that add to it (the API).
nlohmann::ordered_json track_state_json(const TrackState& s);

}  // namespace lookout::air
