// Geodesy on the WGS84 ellipsoid: distances, bearings and destinations
// through GeographicLib (Karney's algorithms, accurate to nanometres), plus
// LocalFrame, a cheap planar east-north frame for work within a few tens of
// kilometres of an origin (the asset index measures point-to-segment
// distances in it).
//
// No hand-written haversine for answers: a sphere is wrong by up to 0.5% on
// the ellipsoid, which is tens of metres at the scale of a cable corridor.
// great_circle_m() exists only to decide comparisons that 1% cannot flip.
#pragma once

#include <cmath>

#include "core/latlon.h"

namespace lookout {

// Length in metres of the shortest geodesic between a and b on WGS84.
// Symmetric and >= 0. Returns NaN when a or b is not valid().
double distance_m(LatLon a, LatLon b);

// Great-circle distance on a sphere of the Earth's mean radius: within 0.6%
// of distance_m() everywhere (WGS84's radii of curvature lie between 6335 and
// 6400 km) at a tenth of its cost. A bound, not an answer: when d * 1.01 and
// d * 0.99 fall on the same side of a limit, so does distance_m().
double great_circle_m(LatLon a, LatLon b);

// Direction of the geodesic from a towards b where it leaves a, in degrees
// clockwise from true north, in [0, 360). Returns 0 when a == b and NaN when
// a or b is not valid(). At a pole the bearing follows GeographicLib's
// convention (the meridian of the point's longitude).
double initial_bearing_deg(LatLon a, LatLon b);

// The point reached from `from` after `distance_m` metres along the geodesic
// that leaves it at `bearing_deg` (clockwise from north; any finite value,
// negative distances go backwards). Longitude is normalised to [-180, 180).
// Returns {NaN, NaN} when `from` is not valid() or an argument is not finite.
LatLon destination(LatLon from, double bearing_deg, double distance_m);

// Metres per degree of latitude (the meridional radius of curvature M) and of
// longitude (N cos(lat), N the prime-vertical radius) on WGS84 at `lat_deg`.
// Both at once cost what one does: the per-report paths (the picture's hop,
// the asset index's query frame) ask for them millions of times a second.
struct DegreeScale {
  double lat_m = 0;
  double lon_m = 0;
};
DegreeScale degree_scale(double lat_deg);
inline double metres_per_deg_lat(double lat_deg) { return degree_scale(lat_deg).lat_m; }
inline double metres_per_deg_lon(double lat_deg) { return degree_scale(lat_deg).lon_m; }

// A position in a LocalFrame: metres east and north of the frame's origin.
struct EastNorth {
  double east_m = 0;
  double north_m = 0;
};

// An east-north plane tangent to WGS84 at an origin: longitude and latitude
// differences scaled by the ellipsoid's radii of curvature at the origin.
//
// The map is affine in (lon, lat), so a segment that is straight in lon/lat
// (how GeoJSON, RFC 7946 section 3.1.1, draws a line between two positions)
// stays straight in the frame, and intersections, point-in-polygon tests and
// "closest point on a segment" mean the same in both. What it approximates is
// the metric: the longitude scale is frozen at the origin's latitude.
// geodesy_test.cc measures the error against GeographicLib. Distances from
// the origin (how the asset index uses a frame: centred on the query point)
// are off by at most 0.03% at 5 km and 0.3% at 50 km up to 60 degrees of
// latitude (0.04% and 0.42% at 70). Distances between two points that both
// lie away from the origin are worse, about tan(lat) * r / 6371 km for
// points r from the origin: 0.11% at 5 km and 1.2% at 50 km at 60 degrees.
//
// No wrap at the antimeridian: longitudes are subtracted as they are, so an
// origin at 179.9 and a point at -179.9 are 359.8 degrees apart. Near the
// poles (|lat| > 89.9) the longitude scale is held at its value at 89.9.
class LocalFrame {
 public:
  // REQUIRES: origin.valid().
  explicit LocalFrame(LatLon origin);

  LatLon origin() const { return origin_; }
  double metres_per_deg_lat() const { return m_per_deg_lat_; }
  double metres_per_deg_lon() const { return m_per_deg_lon_; }

  EastNorth to_local(LatLon p) const {
    return {(p.lon - origin_.lon) * m_per_deg_lon_, (p.lat - origin_.lat) * m_per_deg_lat_};
  }
  LatLon to_latlon(EastNorth en) const {
    return {origin_.lat + en.north_m / m_per_deg_lat_, origin_.lon + en.east_m / m_per_deg_lon_};
  }
  // Planar distance between two positions measured in this frame.
  double distance_m(LatLon a, LatLon b) const {
    EastNorth pa = to_local(a);
    EastNorth pb = to_local(b);
    return std::hypot(pa.east_m - pb.east_m, pa.north_m - pb.north_m);
  }

 private:
  LatLon origin_;
  double m_per_deg_lat_ = 0;
  double m_per_deg_lon_ = 0;
};

}  // namespace lookout
