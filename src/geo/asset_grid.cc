#include "geo/asset_grid.h"

#include <array>
#include <limits>
#include <tuple>

#include "core/geodesy.h"

namespace lookout::grid {

namespace {

// Allowance for floating-point rounding when deciding which cells a segment
// reaches: 1 m is some 1e-5 degrees, ten orders above the rounding error.
constexpr double kMarginM = 1.0;
constexpr double kMinCellDeg = 1e-3;
constexpr int kMaxBuildAttempts = 24;

double clamp_lat(double lat) { return std::clamp(lat, -89.9, 89.9); }

// The smallest metres-per-degree any latitude in [lo, hi] uses in its
// LocalFrame: M grows with |lat|, N cos(lat) shrinks.
double ky_min_in(double lo, double hi) {
  if (lo <= 0 && hi >= 0) return metres_per_deg_lat(0);
  return metres_per_deg_lat(clamp_lat(std::min(std::fabs(lo), std::fabs(hi))));
}
double kx_min_in(double lo, double hi) {
  return std::min(metres_per_deg_lon(clamp_lat(lo)), metres_per_deg_lon(clamp_lat(hi)));
}

double point_segment(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax;
  const double dy = by - ay;
  const double dd = dx * dx + dy * dy;
  double t = dd > 0 ? ((px - ax) * dx + (py - ay) * dy) / dd : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(ax + t * dx - px, ay + t * dy - py);
}

double point_box(double px, double py, double w, double h) {
  const double dx = px < 0 ? -px : (px > w ? px - w : 0);
  const double dy = py < 0 ? -py : (py > h ? py - h : 0);
  return std::hypot(dx, dy);
}

// Liang-Barsky: does the segment meet the box [0, w] x [0, h]?
bool segment_meets_box(double x0, double y0, double x1, double y1, double w, double h) {
  const std::array<double, 4> p = {-(x1 - x0), x1 - x0, -(y1 - y0), y1 - y0};
  const std::array<double, 4> q = {x0, w - x0, y0, h - y0};
  double t0 = 0;
  double t1 = 1;
  for (std::size_t i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double r = q[i] / p[i];
    if (p[i] < 0)
      t0 = std::max(t0, r);
    else
      t1 = std::min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
}

// Distance between a segment and a cell, in a frame with scales kx, ky whose
// origin is the cell's south-west corner.
double segment_cell_distance(const Segment& s, double lat_lo, double lat_hi, double lon_lo, double lon_hi,
                             double kx, double ky) {
  const double w = (lon_hi - lon_lo) * kx;
  const double h = (lat_hi - lat_lo) * ky;
  const double ax = (s.a.lon - lon_lo) * kx;
  const double ay = (s.a.lat - lat_lo) * ky;
  const double bx = (s.b.lon - lon_lo) * kx;
  const double by = (s.b.lat - lat_lo) * ky;
  if (segment_meets_box(ax, ay, bx, by, w, h)) return 0;
  double d = std::min(point_box(ax, ay, w, h), point_box(bx, by, w, h));
  for (double cx : {0.0, w}) {
    for (double cy : {0.0, h}) d = std::min(d, point_segment(cx, cy, ax, ay, bx, by));
  }
  return d;
}

// One cell entry while building: sorted by cell, then asset, then entry.
struct Pair {
  uint32_t cell;
  uint32_t asset;
  uint32_t entry;
  friend bool operator<(const Pair& x, const Pair& y) {
    return std::tie(x.cell, x.asset, x.entry) < std::tie(y.cell, y.asset, y.entry);
  }
};

}  // namespace

PointFrame frame_at(LatLon p) {
  const double lat = clamp_lat(p.lat);
  return {p, metres_per_deg_lon(lat), metres_per_deg_lat(lat)};
}

bool lon_range_in_band(LatLon a, LatLon b, double lat_lo, double lat_hi, double* lo, double* hi) {
  double t0 = 0;
  double t1 = 1;
  if (a.lat == b.lat) {
    if (a.lat < lat_lo || a.lat > lat_hi) return false;
  } else {
    const double ta = (lat_lo - a.lat) / (b.lat - a.lat);
    const double tb = (lat_hi - a.lat) / (b.lat - a.lat);
    t0 = std::max(0.0, std::min(ta, tb));
    t1 = std::min(1.0, std::max(ta, tb));
    if (t0 > t1) return false;
  }
  const double x0 = a.lon + t0 * (b.lon - a.lon);
  const double x1 = a.lon + t1 * (b.lon - a.lon);
  *lo = std::min(x0, x1);
  *hi = std::max(x0, x1);
  return true;
}

AssetGrid::AssetGrid(std::vector<Segment> segments, std::span<const AssetShape> shapes,
                     const AssetIndexOptions& options)
    : segments_(std::move(segments)) {
  start_.assign(1, 0);
  if (segments_.empty()) return;
  // The extent: every segment widened by its buffer, plus one cell all round.
  double south = std::numeric_limits<double>::infinity();
  double north = -south;
  double west = south;
  double east = -south;
  const double m_per_deg_lat_min = metres_per_deg_lat(0);
  for (const Segment& s : segments_) {
    const double reach = shapes[s.asset].buffer_m + kMarginM;
    const double pad_lat = reach / m_per_deg_lat_min;
    const double lo = std::min(s.a.lat, s.b.lat) - pad_lat;
    const double hi = std::max(s.a.lat, s.b.lat) + pad_lat;
    const double pad_lon = std::min(360.0, reach / kx_min_in(lo, hi));
    south = std::min(south, lo);
    north = std::max(north, hi);
    west = std::min(west, std::min(s.a.lon, s.b.lon) - pad_lon);
    east = std::max(east, std::max(s.a.lon, s.b.lon) + pad_lon);
  }
  dlat_ = std::isfinite(options.cell_lat_deg) ? std::max(options.cell_lat_deg, kMinCellDeg) : 0.05;
  dlon_ = std::isfinite(options.cell_lon_deg) ? std::max(options.cell_lon_deg, kMinCellDeg) : 0.1;
  // Cell numbers are uint32 and rows * cols an int product: stay below 2^30.
  const double max_cells =
      static_cast<double>(std::clamp<std::size_t>(options.max_cells, 1, std::size_t{1} << 30));
  for (int attempt = 0; attempt < kMaxBuildAttempts; ++attempt) {
    lat0_ = south - dlat_;
    lon0_ = west - dlon_;
    const double rows = std::ceil((north - south) / dlat_) + 2;
    const double cols = std::ceil((east - west) / dlon_) + 2;
    if (rows * cols > max_cells) {
      const double grow = std::max(1.25, std::sqrt(rows * cols / max_cells));
      dlat_ *= grow;
      dlon_ *= grow;
      continue;
    }
    rows_ = static_cast<int>(rows);
    cols_ = static_cast<int>(cols);
    if (try_build(shapes, options.max_entries)) return;
    dlat_ *= 2;
    dlon_ *= 2;
  }
  // Unreachable in practice: 24 doublings make one cell cover the globe.
  rows_ = cols_ = 0;
  start_.assign(1, 0);
  entries_.clear();
}

bool AssetGrid::try_build(std::span<const AssetShape> shapes, std::size_t max_entries) {
  std::vector<Pair> pairs;
  const double m_per_deg_lat_min = metres_per_deg_lat(0);
  for (std::size_t si = 0; si < segments_.size(); ++si) {
    const Segment& s = segments_[si];
    const double reach = shapes[s.asset].buffer_m + kMarginM;
    const double pad_lat = reach / m_per_deg_lat_min;
    const int r0 = std::max(0, row_of(std::min(s.a.lat, s.b.lat) - pad_lat));
    const int r1 = std::min(rows_ - 1, row_of(std::max(s.a.lat, s.b.lat) + pad_lat));
    for (int r = r0; r <= r1; ++r) {
      const double lat_lo = lat0_ + r * dlat_;
      const double lat_hi = lat_lo + dlat_;
      double lo = 0;
      double hi = 0;
      if (!lon_range_in_band(s.a, s.b, lat_lo - pad_lat, lat_hi + pad_lat, &lo, &hi)) continue;
      const double kx = kx_min_in(lat_lo, lat_hi);
      const double ky = ky_min_in(lat_lo, lat_hi);
      const double pad_lon = std::min(360.0, reach / kx);
      const int c0 = std::max(0, col_of(lo - pad_lon));
      const int c1 = std::min(cols_ - 1, col_of(hi + pad_lon));
      for (int c = c0; c <= c1; ++c) {
        const double lon_lo = lon0_ + c * dlon_;
        if (segment_cell_distance(s, lat_lo, lat_hi, lon_lo, lon_lo + dlon_, kx, ky) > reach) continue;
        if (pairs.size() >= max_entries) return false;
        const auto cell =
            static_cast<uint32_t>(r) * static_cast<uint32_t>(cols_) + static_cast<uint32_t>(c);
        pairs.push_back({cell, s.asset, static_cast<uint32_t>(si)});
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<Pair> interior;
  std::vector<double> xs;
  std::size_t first = 0;
  // Segments arrive grouped by asset; classify each polygon's untouched cells.
  while (first < segments_.size()) {
    const uint32_t asset = segments_[first].asset;
    std::size_t last = first;
    while (last < segments_.size() && segments_[last].asset == asset) ++last;
    if (shapes[asset].polygon) {
      double south = 90, north = -90, west = 180, east = -180;
      for (std::size_t i = first; i < last; ++i) {
        south = std::min({south, segments_[i].a.lat, segments_[i].b.lat});
        north = std::max({north, segments_[i].a.lat, segments_[i].b.lat});
        west = std::min({west, segments_[i].a.lon, segments_[i].b.lon});
        east = std::max({east, segments_[i].a.lon, segments_[i].b.lon});
      }
      const int c0 = std::max(0, col_of(west));
      const int c1 = std::min(cols_ - 1, col_of(east));
      for (int r = std::max(0, row_of(south)); r <= std::min(rows_ - 1, row_of(north)); ++r) {
        // Crossings of the row's centre line, with the same half-open rule
        // as polygon_contains, so that both agree on vertices.
        const double yc = lat0_ + (r + 0.5) * dlat_;
        xs.clear();
        for (std::size_t i = first; i < last; ++i) {
          const Segment& e = segments_[i];
          if ((e.a.lat > yc) == (e.b.lat > yc)) continue;
          xs.push_back(e.a.lon + (yc - e.a.lat) * (e.b.lon - e.a.lon) / (e.b.lat - e.a.lat));
        }
        if (xs.empty()) continue;
        std::sort(xs.begin(), xs.end());
        for (int c = c0; c <= c1; ++c) {
          const auto cell =
              static_cast<uint32_t>(r) * static_cast<uint32_t>(cols_) + static_cast<uint32_t>(c);
          auto it = std::lower_bound(pairs.begin(), pairs.end(), Pair{cell, asset, 0});
          if (it != pairs.end() && it->cell == cell && it->asset == asset) continue;  // edges near
          const double xc = lon0_ + (c + 0.5) * dlon_;
          const auto right = xs.end() - std::upper_bound(xs.begin(), xs.end(), xc);
          if (right % 2 == 1) interior.push_back({cell, asset, kInterior | asset});
        }
      }
    }
    first = last;
  }
  if (pairs.size() + interior.size() > max_entries) return false;
  pairs.insert(pairs.end(), interior.begin(), interior.end());
  std::sort(pairs.begin(), pairs.end());
  const std::size_t cells = static_cast<std::size_t>(rows_) * static_cast<std::size_t>(cols_);
  start_.assign(cells + 1, 0);
  entries_.resize(pairs.size());
  for (const Pair& p : pairs) ++start_[p.cell + 1];
  for (std::size_t i = 0; i < cells; ++i) start_[i + 1] += start_[i];
  for (std::size_t i = 0; i < pairs.size(); ++i) entries_[i] = pairs[i].entry;
  return true;
}

std::span<const uint32_t> AssetGrid::group(std::span<const uint32_t> cell, uint32_t asset) const {
  auto lo = std::lower_bound(cell.begin(), cell.end(), asset,
                             [this](uint32_t e, uint32_t a) { return asset_of(e) < a; });
  auto hi = lo;
  while (hi != cell.end() && asset_of(*hi) == asset) ++hi;
  return {lo, hi};
}

bool AssetGrid::polygon_contains(uint32_t asset, LatLon p, int row, int col) const {
  bool inside = false;
  for (int c = col; c < cols_; ++c) {
    std::span<const uint32_t> g = group(cell(row, c), asset);
    if (g.empty()) return inside;                      // the cell is wholly outside
    if ((g.front() & kInterior) != 0) return !inside;  // the cell is wholly inside
    for (uint32_t entry : g) {
      const Segment& e = segments_[entry];
      if ((e.a.lat > p.lat) == (e.b.lat > p.lat)) continue;
      const double x = e.a.lon + (p.lat - e.a.lat) * (e.b.lon - e.a.lon) / (e.b.lat - e.a.lat);
      // Count each crossing once: in the cell that holds it.
      if (x > p.lon && col_of(x) == c) inside = !inside;
    }
  }
  return inside;
}

std::size_t AssetGrid::memory_bytes() const {
  return segments_.capacity() * sizeof(Segment) + start_.capacity() * sizeof(uint32_t) +
         entries_.capacity() * sizeof(uint32_t);
}

std::size_t AssetGrid::max_cell_entries() const {
  std::size_t best = 0;
  for (std::size_t i = 0; i + 1 < start_.size(); ++i)
    best = std::max<std::size_t>(best, start_[i + 1] - start_[i]);
  return best;
}

}  // namespace lookout::grid
