// Test helpers for src/geo: building assets in code, and a brute-force
// reference that answers the index's questions by looking at every segment.
// Used only by *_test.cc.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/geodesy.h"
#include "geo/asset.h"

namespace lookout::testing {

inline Asset make_line(std::string id, AssetKind kind, double buffer_m,
                       std::vector<std::vector<LatLon>> parts) {
  Asset a;
  a.id = std::move(id);
  a.name = a.id;
  a.kind = kind;
  a.buffer_m = buffer_m;
  a.geometry = parts.size() == 1 ? GeometryType::kLineString : GeometryType::kMultiLineString;
  a.lines = std::move(parts);
  return a;
}

inline Asset make_polygon(std::string id, AssetKind kind, double buffer_m,
                          std::vector<AssetPolygon> polygons) {
  Asset a;
  a.id = std::move(id);
  a.name = a.id;
  a.kind = kind;
  a.buffer_m = buffer_m;
  a.geometry = polygons.size() == 1 ? GeometryType::kPolygon : GeometryType::kMultiPolygon;
  a.polygons = std::move(polygons);
  return a;
}

inline Asset make_point(std::string id, AssetKind kind, double buffer_m, LatLon p) {
  Asset a;
  a.id = std::move(id);
  a.name = a.id;
  a.kind = kind;
  a.buffer_m = buffer_m;
  a.geometry = GeometryType::kPoint;
  a.point = p;
  return a;
}

// A closed axis-aligned ring.
inline std::vector<LatLon> box_ring(double south, double west, double north, double east) {
  return {{south, west}, {south, east}, {north, east}, {north, west}, {south, west}};
}

// Calls fn(a, b, is_line) for every segment of an asset (a Point is one
// segment from the point to itself).
template <typename Fn>
void for_each_segment(const Asset& asset, Fn&& fn) {
  if (asset.geometry == GeometryType::kPoint) fn(asset.point, asset.point, false);
  for (const auto& part : asset.lines) {
    for (std::size_t k = 0; k + 1 < part.size(); ++k) fn(part[k], part[k + 1], true);
  }
  for (const auto& poly : asset.polygons) {
    for (const auto& ring : poly.rings) {
      for (std::size_t k = 0; k + 1 < ring.size(); ++k) fn(ring[k], ring[k + 1], false);
    }
  }
}

// Even-odd rule over all rings, ray towards the east, half-open in latitude.
inline bool reference_inside(const Asset& asset, LatLon p) {
  bool inside = false;
  for (const auto& poly : asset.polygons) {
    for (const auto& ring : poly.rings) {
      for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
        const LatLon a = ring[k];
        const LatLon b = ring[k + 1];
        if ((a.lat > p.lat) == (b.lat > p.lat)) continue;
        const double x = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat);
        if (x > p.lon) inside = !inside;
      }
    }
  }
  return inside;
}

// Planar distance in the LocalFrame at p from p to the asset's geometry
// (0 inside a polygon).
inline double reference_distance(const Asset& asset, LatLon p) {
  if (asset.is_polygon() && reference_inside(asset, p)) return 0;
  const LocalFrame f(p);
  double best = INFINITY;
  for_each_segment(asset, [&](LatLon a, LatLon b, bool) {
    const EastNorth pa = f.to_local(a);
    const EastNorth pb = f.to_local(b);
    const double dx = pb.east_m - pa.east_m;
    const double dy = pb.north_m - pa.north_m;
    const double dd = dx * dx + dy * dy;
    const double t = dd > 0 ? std::clamp(-(pa.east_m * dx + pa.north_m * dy) / dd, 0.0, 1.0) : 0.0;
    best = std::min(best, std::hypot(pa.east_m + t * dx, pa.north_m + t * dy));
  });
  return best;
}

}  // namespace lookout::testing
