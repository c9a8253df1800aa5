// Forensics: the questions investigators ask of the history store after a
// cable or pipeline is cut - who crossed it here, then, how fast, and did any
// slow down, yaw or go dark (crossings); who was at this place (near); and
// one vessel's track for playback (track_geojson).
//
// Each query reads candidates from the store's track-chunk index, then the
// tracks of those vessels only, and judges segments between reports (not
// only the reported points) against the asset geometry. Adapter-agnostic:
// everything goes through store::Store.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/latlon.h"
#include "core/status.h"
#include "geo/asset_index.h"
#include "store/store.h"

namespace lookout::detect {
class Watchlist;
}

namespace lookout::forensics {

struct CrossingParams {
  double context_hours = 6;        ///< Track read either side of the window (cruise speed, gaps).
  double cruise_window_hours = 6;  ///< Cruise speed: the upper quartile of moving reports this long before the crossing...
  double cruise_skip_minutes = 20; ///< ...ending this long before it.
  double slow_fraction = 0.85;     ///< A report under this share of cruise speed is "slow".
  double pass_merge_minutes = 60;  ///< Crossings closer in time than this form one pass.
  double gap_minutes = 10;         ///< A silence longer than this between reports is a gap.
  double yaw_window_minutes = 30;  ///< Heading/course changes counted this long either side.
};

struct CrossingQuery {
  std::string asset;                ///< Asset id (e.g. "estlink-2").
  std::optional<LatLon> at;         ///< Only crossings within radius_m of this place.
  double radius_m = 0;
  store::TimeRange window;
  std::size_t limit = 100;
};

// One pass of one vessel over the asset, with what makes it suspicious.
struct CrossingReport {
  uint32_t mmsi = 0;
  std::string name;
  uint32_t imo = 0;
  uint8_t shiptype = 0;
  int64_t time_ms = 0;          ///< When the track first crossed (or came closest, when it only came within the corridor).
  LatLon place;
  bool crossed = false;         ///< The track crossed the centre line (not only entered the corridor).
  int crossings = 0;            ///< Times the centre line was crossed in this pass.
  double speed_kn = NAN;        ///< Speed over ground at the crossing.
  double cruise_kn = NAN;       ///< The vessel's own speed before the pass.
  double speed_drop = 0;        ///< (cruise - speed) / cruise, >= 0.
  double min_speed_kn = NAN;    ///< Slowest report in the corridor.
  double corridor_minutes = 0;  ///< Time spent inside the corridor.
  double yaw_deg_rms = 0;       ///< RMS change of course between reports around the crossing.
  double gap_at_crossing_min = 0;  ///< Silence of the segment that crosses (dark crossing), minutes.
  double max_gap_min = 0;          ///< Longest silence within the context around the crossing.
  std::vector<std::string> other_assets;  ///< Cables/pipelines crossed in the same slow episode.
  std::string watchlist;                  ///< Reason, when the hull is on a watch list.
  std::vector<std::string> alerts;        ///< "kind id" of stored alerts naming the vessel then.
  bool anchor_status = false;   ///< Reported "at anchor" or "moored" while moving in the corridor.
  int suspicion = 0;            ///< 0..100; the ranking key.
  std::vector<std::string> reasons;  ///< What raised the suspicion, in words.
};

struct CrossingResult {
  std::vector<CrossingReport> passes;  ///< Most suspicious first.
  std::size_t candidates = 0;          ///< Vessels the chunk index offered.
  std::size_t positions_read = 0;
};

// Every vessel whose track crossed or came within the corridor of the asset
// in the window, ranked by suspicion.
// Errors: kInvalidArgument for a query that cannot be answered (an unknown
// asset id, say, in words); the store's error when a read fails (never a
// shorter list).
StatusOr<CrossingResult> find_crossings(store::Store& store, const AssetIndex& assets,
                                                   const detect::Watchlist* watchlist, const CrossingQuery& query,
                                                   const CrossingParams& params = {});

struct NearQuery {
  LatLon at;
  double radius_m = 1000;
  store::TimeRange window;
  std::size_t limit = 1000;
};

struct NearReport {
  uint32_t mmsi = 0;
  std::string name;
  uint32_t imo = 0;
  uint8_t shiptype = 0;
  double closest_m = 0;        ///< Closest approach over the segments between reports.
  int64_t closest_ms = 0;      ///< When.
  LatLon closest_place;
  double speed_kn = NAN;       ///< Speed then.
  int64_t first_ms = 0, last_ms = 0;  ///< First and last time inside the radius (interpolated).
  std::size_t reports_inside = 0;
};

struct NearResult {
  std::vector<NearReport> vessels;  ///< Closest first.
  std::size_t candidates = 0;
};

// Errors: the store's, when a read fails.
StatusOr<NearResult> find_near(store::Store& store, const NearQuery& query);

// The track of one vessel in a window as a GeoJSON FeatureCollection: one
// LineString feature whose properties carry parallel arrays of times (ISO
// 8601), speed, course and heading for playback, plus the vessel's static
// data. Reports flagged as implausible jumps are left out of the line and
// counted in properties.suspect_reports. Errors: the store's.
StatusOr<nlohmann::json> track_geojson(store::Store& store, uint32_t mmsi, const store::TimeRange& window);

// JSON of the results, as `lookout forensics ... --json` prints them.
nlohmann::json to_json(const CrossingReport& r);
nlohmann::json to_json(const NearReport& r);

}  // namespace lookout::forensics
