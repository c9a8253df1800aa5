// TrackJson: the GeoJSON Feature that /api/vessels/{mmsi}/track answers
// (docs/api/openapi.yaml), written straight into text.
//
// A 31-day track is tens of thousands of points; built as nlohmann::json
// values (an object per coordinate pair, a string per time) it cost about
// 80 ms of a core per 60,000 points, on the store reader threads that the
// node's io thread shares two cores with. This writer appends each field's
// array as it goes, from the integers the track holds (no floating point,
// no allocation per point once the buffers have grown), and joins them at
// the end. The document is the one the nlohmann version wrote, keys in the
// same (sorted) order; numbers that are whole print without ".0".
#pragma once

#include <cstdint>
#include <string>

#include "track/vessel.h"

namespace lookout::server {

class TrackJson {
 public:
  // `expected_points`: a hint for the buffers' first size.
  explicit TrackJson(std::size_t expected_points = 0);

  // Appends one report: [lon, lat] rounded to 1e-6 degree, its time, speed,
  // course and heading (null when not available).
  void add(const track::TrackPoint& pt);
  std::size_t size() const { return points_; }

  // The whole Feature, with the window's bounds; the writer is spent after.
  std::string finish(uint32_t mmsi, int64_t from_ms, int64_t to_ms);

 private:
  std::string coords_, times_, sog_, cog_, heading_;
  std::size_t points_ = 0;
};

}  // namespace lookout::server
