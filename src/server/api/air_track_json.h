// AirTrackJson: one air track as GET /api/air/tracks answers it
// (docs/api/openapi.yaml): the fields of `replay --tracks`
// (track/air/track_state_json.h) plus what the map and the track panel need -
// a bounded trail, first seen and last detected, the sensors that detected
// it, and the partition's marking.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>

#include "core/marking.h"
#include "track/air/sensor_config.h"
#include "track/air/track_state.h"

namespace lookout::server {

// The most trail points a track carries: enough for a tail of a minute or
// two on the map (the history keeps one point per few seconds), few enough
// that a thousand tracks poll in a few hundred kilobytes.
inline constexpr std::size_t kAirTrailPoints = 24;

// The track's trail, oldest first, as [lon, lat, alt_m, time] (the shape of
// the drone alerts' track_segment): the last kAirTrailPoints points of its
// history, ending at its current position.
nlohmann::json air_trail_json(const air::TrackState& s);

// The whole track. `sensors`: the tracker's sensors, whose index is the bit
// of TrackState::sensor_mask.
nlohmann::json air_track_json(const air::TrackState& s, const Marking& marking,
                              std::span<const air::SensorConfig> sensors);

}  // namespace lookout::server
