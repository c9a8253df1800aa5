// AssetGrid: the spatial part of AssetIndex (internal; include asset_index.h).
//
// A fixed grid of lat/lon cells over the extent of all assets. Each cell
// lists entries sorted by asset: the indexes of the segments (line
// segments, polygon edges, points) that pass within their asset's buffer_m
// of the cell, or, for a polygon whose interior covers the whole cell and
// none of whose edges comes near it, one "interior" entry.
//
// Why "within buffer_m of the cell" is exact and not a guess: registration
// measures the segment-to-cell distance in a frame whose scales are the
// smallest any point of the cell will use for its own LocalFrame. Scaling
// both axes down never lengthens a distance, so if a query point p is within
// buffer_m of a segment in p's own frame, the segment is within buffer_m of
// p's cell in the registration frame, and it was registered there.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/latlon.h"
#include "geo/asset_index.h"

namespace lookout::grid {

enum class SegmentRole : uint8_t {
  kLine,   ///< A segment of a LineString part.
  kEdge,   ///< An edge of a polygon ring.
  kPoint,  ///< A Point asset: a == b.
};

struct Segment {
  LatLon a;
  LatLon b;
  uint32_t asset = 0;
  SegmentRole role = SegmentRole::kLine;
};

// Scales of the LocalFrame centred on a query point.
struct PointFrame {
  LatLon p;
  double kx = 0;  ///< metres per degree of longitude
  double ky = 0;  ///< metres per degree of latitude
};
PointFrame frame_at(LatLon p);

// Distance from the frame's point to a segment, and where along the segment
// (0 at a, 1 at b) the closest point lies.
struct SegmentDistance {
  double distance_m = 0;
  double t = 0;
};

inline SegmentDistance distance_to(const PointFrame& f, const Segment& s) {
  const double ax = (s.a.lon - f.p.lon) * f.kx;
  const double ay = (s.a.lat - f.p.lat) * f.ky;
  const double dx = (s.b.lon - s.a.lon) * f.kx;
  const double dy = (s.b.lat - s.a.lat) * f.ky;
  const double dd = dx * dx + dy * dy;
  double t = dd > 0 ? -(ax * dx + ay * dy) / dd : 0;
  t = t < 0 ? 0 : (t > 1 ? 1 : t);
  const double cx = ax + t * dx;
  const double cy = ay + t * dy;
  return {std::sqrt(cx * cx + cy * cy), t};
}

inline LatLon point_at(const Segment& s, double t) {
  return {s.a.lat + t * (s.b.lat - s.a.lat), s.a.lon + t * (s.b.lon - s.a.lon)};
}

// What the grid needs to know about each asset.
struct AssetShape {
  double buffer_m = 0;
  bool polygon = false;
};

class AssetGrid {
 public:
  static constexpr uint32_t kInterior = 0x80000000u;

  // REQUIRES: every segment's positions are valid() and its asset indexes
  // `shapes`; buffers are finite and >= 0.
  AssetGrid(std::vector<Segment> segments, std::span<const AssetShape> shapes,
            const AssetIndexOptions& options);

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  double cell_lat_deg() const { return dlat_; }
  double cell_lon_deg() const { return dlon_; }
  double south() const { return lat0_; }
  double west() const { return lon0_; }

  // Row or column of a latitude or longitude; -1 below the grid, rows() or
  // cols() above it (and -1 for NaN).
  int row_of(double lat) const { return index_of((lat - lat0_) / dlat_, rows_); }
  int col_of(double lon) const { return index_of((lon - lon0_) / dlon_, cols_); }
  // Row or column of a valid latitude or longitude without clamping to the
  // grid (may be negative or past the end); for searches that start outside.
  int row_unclamped(double lat) const { return unclamped((lat - lat0_) / dlat_); }
  int col_unclamped(double lon) const { return unclamped((lon - lon0_) / dlon_); }
  bool in_grid(int row, int col) const { return row >= 0 && row < rows_ && col >= 0 && col < cols_; }

  // The entries of a cell, sorted by asset. REQUIRES: in_grid(row, col).
  std::span<const uint32_t> cell(int row, int col) const {
    const std::size_t idx =
        static_cast<std::size_t>(row) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(col);
    return {entries_.data() + start_[idx], entries_.data() + start_[idx + 1]};
  }
  uint32_t asset_of(uint32_t entry) const {
    return (entry & kInterior) != 0 ? entry & ~kInterior : segments_[entry].asset;
  }
  const Segment& segment(uint32_t entry) const { return segments_[entry]; }
  std::span<const Segment> segments() const { return segments_; }

  // The entries of one asset within a cell's entries (empty when none).
  std::span<const uint32_t> group(std::span<const uint32_t> cell, uint32_t asset) const;

  // Even-odd point-in-polygon for polygon asset `asset` at p, p in cell
  // (row, col). Walks east from p counting edge crossings until it reaches a
  // cell that the polygon covers wholly or not at all.
  bool polygon_contains(uint32_t asset, LatLon p, int row, int col) const;

  // Calls fn(row, col_first, col_last) for each grid row that the segment
  // a->b, widened by `pad_deg` in both axes, passes through (clamped to the grid).
  template <typename Fn>
  void for_each_row_span(LatLon a, LatLon b, double pad_lat_deg, double pad_lon_deg, Fn&& fn) const;

  std::size_t memory_bytes() const;
  std::size_t max_cell_entries() const;
  std::size_t entry_count() const { return entries_.size(); }

 private:
  static int index_of(double x, int n) {
    const double f = std::floor(x);
    if (!(f >= 0)) return -1;  // also NaN
    return f >= n ? n : static_cast<int>(f);
  }
  static int unclamped(double x) {
    const double f = std::floor(x);
    if (!(f > -1e9)) return -1'000'000'000;  // also NaN
    return f < 1e9 ? static_cast<int>(f) : 1'000'000'000;
  }
  bool try_build(std::span<const AssetShape> shapes, std::size_t max_entries);
  void add_interior(std::span<const AssetShape> shapes, std::vector<uint64_t>* pairs) const;

  std::vector<Segment> segments_;
  double lat0_ = 0, lon0_ = 0;  // south-west corner
  double dlat_ = 1, dlon_ = 1;  // cell size
  int rows_ = 0, cols_ = 0;
  std::vector<uint32_t> start_;  // rows * cols + 1 offsets into entries_
  std::vector<uint32_t> entries_;
};

// Longitude range [lo, hi] of the part of a->b whose latitude lies in
// [lat_lo, lat_hi]; false when no part does.
bool lon_range_in_band(LatLon a, LatLon b, double lat_lo, double lat_hi, double* lo, double* hi);

template <typename Fn>
void AssetGrid::for_each_row_span(LatLon a, LatLon b, double pad_lat_deg, double pad_lon_deg,
                                  Fn&& fn) const {
  const int r0 = std::max(0, row_of(std::min(a.lat, b.lat) - pad_lat_deg));
  const int r1 = std::min(rows_ - 1, row_of(std::max(a.lat, b.lat) + pad_lat_deg));
  for (int r = r0; r <= r1; ++r) {
    const double band_lo = lat0_ + r * dlat_ - pad_lat_deg;
    const double band_hi = lat0_ + (r + 1) * dlat_ + pad_lat_deg;
    double lo = 0;
    double hi = 0;
    if (!lon_range_in_band(a, b, band_lo, band_hi, &lo, &hi)) continue;
    const int c0 = std::max(0, col_of(lo - pad_lon_deg));
    const int c1 = std::min(cols_ - 1, col_of(hi + pad_lon_deg));
    if (c0 <= c1) fn(r, c0, c1);
  }
}

}  // namespace lookout::grid
