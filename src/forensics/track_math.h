// Small measurements over a stored track, shared by the forensics queries.
#pragma once

#include <cstdint>
#include <vector>

#include "core/latlon.h"
#include "store/store.h"
#include "track/vessel.h"

namespace lookout::forensics {

// Speed implied by two reports, knots; NaN when they share a time.
double implied_speed_kn(const track::TrackPoint& a, const track::TrackPoint& b);

// Median of the values (reorders them). NaN for none.
double median(std::vector<double>& v);

// The 75th percentile of the values (reorders them). NaN for none.
double upper_quartile(std::vector<double>& v);

// RMS of the change of course (COG, else heading) between consecutive
// reports whose times fall in [from_ms, to_ms], wrapped to +-180 degrees;
// 0 with fewer than two usable reports.
double course_change_rms(const std::vector<track::TrackPoint>& pts, int64_t from_ms, int64_t to_ms);

// The lat/lon box around a circle of radius_m (clamped to valid values).
store::BBox circle_box(LatLon centre, double radius_m);

// Closest point of segment a-b to p, as a fraction along a-b in [0, 1], and
// the distance in metres (planar, in a frame at p: exact enough within tens
// of kilometres).
struct Closest {
  double fraction = 0;
  double distance_m = 0;
};
Closest closest_on_segment(LatLon p, LatLon a, LatLon b);

}  // namespace lookout::forensics
