#include "geo/asset_index.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "geo/asset_grid.h"
#include "geo/hit_sink.h"

namespace lookout {

using grid::AssetGrid;
using grid::PointFrame;
using grid::Segment;
using grid::SegmentRole;

namespace {

constexpr double kMaxBufferM = 100'000;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kMaxSegments = 0x7fffffffu;  // the grid's interior bit is the top one

struct AssetMeta {
  AssetKind kind = AssetKind::kCable;
  bool polygon = false;
  bool line = false;
  double buffer_m = 0;
};

double sane_buffer(double b) { return std::isfinite(b) ? std::clamp(b, 0.0, kMaxBufferM) : 0.0; }

// Adds the segments of a polyline or ring; `close` adds the edge from the
// last position back to the first when the ring does not repeat it.
void add_path(const std::vector<LatLon>& path, uint32_t asset, SegmentRole role, bool close,
              std::vector<Segment>* out) {
  auto add = [&](LatLon a, LatLon b) {
    if (a.valid() && b.valid() && out->size() < kMaxSegments) out->push_back({a, b, asset, role});
  };
  const std::size_t n = path.size();
  for (std::size_t k = 0; k + 1 < n; ++k) add(path[k], path[k + 1]);
  if (close && n > 1 && path.front() != path.back()) add(path.back(), path.front());
}

// The closest segment of one asset's entries in a cell.
struct GroupBest {
  double distance_m = kInf;
  LatLon closest;
};

GroupBest closest_in(const AssetGrid& g, const PointFrame& f, std::span<const uint32_t> group) {
  GroupBest best;
  const Segment* best_seg = nullptr;
  double best_t = 0;
  for (uint32_t entry : group) {
    if ((entry & AssetGrid::kInterior) != 0) continue;
    const Segment& s = g.segment(entry);
    const grid::SegmentDistance d = grid::distance_to(f, s);
    if (d.distance_m < best.distance_m) {
      best.distance_m = d.distance_m;
      best_seg = &s;
      best_t = d.t;
    }
  }
  if (best_seg != nullptr) best.closest = grid::point_at(*best_seg, best_t);
  return best;
}

// Calls fn(asset, entries) for each asset's run of entries in a cell.
template <typename Fn>
void for_each_group(const AssetGrid& g, std::span<const uint32_t> cell, Fn&& fn) {
  std::size_t i = 0;
  while (i < cell.size()) {
    const uint32_t asset = g.asset_of(cell[i]);
    std::size_t j = i + 1;
    while (j < cell.size() && g.asset_of(cell[j]) == asset) ++j;
    fn(asset, cell.subspan(i, j - i));
    i = j;
  }
}

// Calls visit(row, col) for the cells at Chebyshev distance k from (row,
// col) that lie in a grid of rows x cols; (row, col) may lie outside it.
template <typename Fn>
void visit_ring(int row, int col, int k, int rows, int cols, Fn&& visit) {
  if (k == 0) {
    if (row >= 0 && row < rows && col >= 0 && col < cols) visit(row, col);
    return;
  }
  const int c0 = std::max(col - k, 0);
  const int c1 = std::min(col + k, cols - 1);
  for (int r : {row - k, row + k}) {
    if (r < 0 || r >= rows) continue;
    for (int c = c0; c <= c1; ++c) visit(r, c);
  }
  const int r0 = std::max(row - k + 1, 0);
  const int r1 = std::min(row + k - 1, rows - 1);
  for (int c : {col - k, col + k}) {
    if (c < 0 || c >= cols) continue;
    for (int r = r0; r <= r1; ++r) visit(r, c);
  }
}

}  // namespace

struct AssetIndex::Impl {
  Impl(std::vector<Segment> segments, std::vector<AssetMeta> m, std::span<const grid::AssetShape> shapes,
       const AssetIndexOptions& options)
      : grid(std::move(segments), shapes, options), meta(std::move(m)) {}

  // Distance from p to one asset's entries in a cell, p's own cell when
  // `home` (only there does an interior entry or an even-odd test mean that
  // p is inside). distance_m is kInf when the asset is out of `kinds`.
  GroupBest measure(const PointFrame& f, uint32_t asset, std::span<const uint32_t> group, bool home,
                    int row, int col) const {
    if (home) {
      if ((group.front() & AssetGrid::kInterior) != 0) return {0, f.p};
      if (meta[asset].polygon && grid.polygon_contains(asset, f.p, row, col)) return {0, f.p};
    }
    return closest_in(grid, f, group);
  }

  AssetGrid grid;
  std::vector<AssetMeta> meta;
  std::vector<uint32_t> by_id;  // asset indexes sorted by id
};

AssetIndex::AssetIndex(std::vector<Asset> assets, const AssetIndexOptions& options)
    : assets_(std::move(assets)) {
  std::vector<Segment> segments;
  std::vector<AssetMeta> meta(assets_.size());
  std::vector<grid::AssetShape> shapes(assets_.size());
  for (std::size_t i = 0; i < assets_.size(); ++i) {
    const Asset& a = assets_[i];
    const auto idx = static_cast<uint32_t>(i);
    meta[i] = {a.kind, a.is_polygon(), a.is_line(), sane_buffer(a.buffer_m)};
    shapes[i] = {meta[i].buffer_m, meta[i].polygon};
    if (a.geometry == GeometryType::kPoint && a.point.valid() && segments.size() < kMaxSegments) {
      segments.push_back({a.point, a.point, idx, SegmentRole::kPoint});
    }
    if (a.is_line()) {
      for (const auto& part : a.lines) add_path(part, idx, SegmentRole::kLine, false, &segments);
    }
    if (a.is_polygon()) {
      for (const AssetPolygon& poly : a.polygons) {
        for (const auto& ring : poly.rings) add_path(ring, idx, SegmentRole::kEdge, true, &segments);
      }
    }
  }
  auto impl = std::make_unique<Impl>(std::move(segments), std::move(meta), shapes, options);
  impl->by_id.resize(assets_.size());
  for (std::size_t i = 0; i < assets_.size(); ++i) impl->by_id[i] = static_cast<uint32_t>(i);
  std::stable_sort(impl->by_id.begin(), impl->by_id.end(),
                   [this](uint32_t x, uint32_t y) { return assets_[x].id < assets_[y].id; });
  impl_ = std::move(impl);
}

AssetIndex::AssetIndex(AssetIndex&&) noexcept = default;
AssetIndex& AssetIndex::operator=(AssetIndex&&) noexcept = default;
AssetIndex::~AssetIndex() = default;

std::optional<uint32_t> AssetIndex::find(std::string_view id) const {
  auto it = std::lower_bound(impl_->by_id.begin(), impl_->by_id.end(), id,
                             [this](uint32_t x, std::string_view key) { return assets_[x].id < key; });
  if (it == impl_->by_id.end() || assets_[*it].id != id) return std::nullopt;
  return *it;
}

HitCount AssetIndex::corridors_at(LatLon p, std::span<AssetHit> out, KindSet kinds) const {
  const AssetGrid& g = impl_->grid;
  if (!p.valid()) return {};
  const int row = g.row_of(p.lat);
  const int col = g.col_of(p.lon);
  if (!g.in_grid(row, col)) return {};
  const std::span<const uint32_t> cell = g.cell(row, col);
  if (cell.empty()) return {};  // open water, the common case: no frame needed
  const PointFrame f = grid::frame_at(p);
  HitSink sink(out);
  for_each_group(g, cell, [&](uint32_t asset, std::span<const uint32_t> group) {
    const AssetMeta& m = impl_->meta[asset];
    if (!kinds.has(m.kind)) return;
    const GroupBest best = impl_->measure(f, asset, group, true, row, col);
    if (best.distance_m <= m.buffer_m) sink.offer(asset, best.distance_m, best.closest);
  });
  return sink.result();
}

HitCount AssetIndex::within(LatLon p, double radius_m, std::span<AssetHit> out, KindSet kinds) const {
  const AssetGrid& g = impl_->grid;
  if (!p.valid() || !(radius_m >= 0) || g.rows() == 0) return {};
  const PointFrame f = grid::frame_at(p);
  const int home_row = g.row_of(p.lat);
  const int home_col = g.col_of(p.lon);
  HitSink sink(out);
  auto visit = [&](int row, int col, bool home) {
    for_each_group(g, g.cell(row, col), [&](uint32_t asset, std::span<const uint32_t> group) {
      if (!kinds.has(impl_->meta[asset].kind)) return;
      if (!home && (group.front() & AssetGrid::kInterior) != 0) return;
      const GroupBest best = impl_->measure(f, asset, group, home, home_row, home_col);
      if (best.distance_m <= radius_m) sink.offer(asset, best.distance_m, best.closest);
    });
  };
  // p's own cell first: it alone can say that p is inside a polygon.
  if (g.in_grid(home_row, home_col)) visit(home_row, home_col, true);
  const double pad_lat = radius_m / f.ky;
  const double pad_lon = radius_m / f.kx;
  const int r0 = std::max(0, g.row_of(p.lat - pad_lat));
  const int r1 = std::min(g.rows() - 1, g.row_of(p.lat + pad_lat));
  const int c0 = std::max(0, g.col_of(p.lon - pad_lon));
  const int c1 = std::min(g.cols() - 1, g.col_of(p.lon + pad_lon));
  for (int r = r0; r <= r1; ++r) {
    for (int c = c0; c <= c1; ++c) {
      if (r != home_row || c != home_col) visit(r, c, false);
    }
  }
  return sink.result();
}

std::optional<AssetHit> AssetIndex::nearest(LatLon p, double max_m, KindSet kinds) const {
  const AssetGrid& g = impl_->grid;
  if (!p.valid() || !(max_m >= 0) || g.rows() == 0) return std::nullopt;
  const PointFrame f = grid::frame_at(p);
  const int row = g.row_unclamped(p.lat);
  const int col = g.col_unclamped(p.lon);
  std::optional<AssetHit> best;
  auto visit = [&](int r, int c) {
    const bool home = r == row && c == col;
    for_each_group(g, g.cell(r, c), [&](uint32_t asset, std::span<const uint32_t> group) {
      if (!kinds.has(impl_->meta[asset].kind)) return;
      if (!home && (group.front() & AssetGrid::kInterior) != 0) return;
      const GroupBest m = impl_->measure(f, asset, group, home, row, col);
      if (m.distance_m > max_m) return;
      if (!best || m.distance_m < best->distance_m ||
          (m.distance_m == best->distance_m && asset < best->asset)) {
        best = AssetHit{asset, m.distance_m, m.closest};
      }
    });
  };
  // Rings of cells at Chebyshev distance k around p's cell, until no point
  // outside the rings seen so far can be closer than the best found.
  for (int k = 0;; ++k) {
    if (k > 0) {
      const double south = g.south() + (row - k + 1) * g.cell_lat_deg();
      const double north = g.south() + (row + k) * g.cell_lat_deg();
      const double west = g.west() + (col - k + 1) * g.cell_lon_deg();
      const double east = g.west() + (col + k) * g.cell_lon_deg();
      const double bound = std::min(
          {(p.lat - south) * f.ky, (north - p.lat) * f.ky, (p.lon - west) * f.kx, (east - p.lon) * f.kx});
      if (bound > (best ? std::min(best->distance_m, max_m) : max_m)) break;
    }
    visit_ring(row, col, k, g.rows(), g.cols(), visit);
    if (row - k <= 0 && row + k >= g.rows() - 1 && col - k <= 0 && col + k >= g.cols() - 1) break;
  }
  return best;
}

bool AssetIndex::contains(uint32_t asset, LatLon p) const {
  const AssetGrid& g = impl_->grid;
  if (asset >= assets_.size() || !impl_->meta[asset].polygon || !p.valid()) return false;
  const int row = g.row_of(p.lat);
  const int col = g.col_of(p.lon);
  if (!g.in_grid(row, col)) return false;
  std::span<const uint32_t> group = g.group(g.cell(row, col), asset);
  if (group.empty()) return false;
  if ((group.front() & AssetGrid::kInterior) != 0) return true;
  return g.polygon_contains(asset, p, row, col);
}

HitCount AssetIndex::crossings(LatLon a, LatLon b, std::span<AssetCrossing> out, KindSet kinds) const {
  const AssetGrid& g = impl_->grid;
  if (!a.valid() || !b.valid() || a == b || g.rows() == 0) return {};
  CrossingSink sink(out);
  const double rx = b.lon - a.lon;
  const double ry = b.lat - a.lat;
  // Rounding moves a computed point by ~1e-14 degrees; visit every cell
  // within 1e-9 degrees of a->b so that the cell holding it is among them.
  constexpr double kPadDeg = 1e-9;
  g.for_each_row_span(a, b, kPadDeg, kPadDeg, [&](int row, int c0, int c1) {
    for (int col = c0; col <= c1; ++col) {
      for (uint32_t entry : g.cell(row, col)) {
        if ((entry & AssetGrid::kInterior) != 0) continue;
        const Segment& s = g.segment(entry);
        if (s.role != SegmentRole::kLine || !kinds.has(impl_->meta[s.asset].kind)) continue;
        // Each endpoint's side of the other segment's line. A position on a
        // line counts as the "not above" side, computed from the same inputs
        // every time, so a shared vertex or a report exactly on a cable
        // yields one crossing, never zero or two.
        const double sx = s.b.lon - s.a.lon;
        const double sy = s.b.lat - s.a.lat;
        const double side_a = sx * (a.lat - s.a.lat) - sy * (a.lon - s.a.lon);
        const double side_b = sx * (b.lat - s.a.lat) - sy * (b.lon - s.a.lon);
        if ((side_a > 0) == (side_b > 0)) continue;
        const double side_p = rx * (s.a.lat - a.lat) - ry * (s.a.lon - a.lon);
        const double side_q = rx * (s.b.lat - a.lat) - ry * (s.b.lon - a.lon);
        if ((side_p > 0) == (side_q > 0)) continue;
        const double t = std::clamp(side_a / (side_a - side_b), 0.0, 1.0);  // along a->b
        const double u = std::clamp(side_p / (side_p - side_q), 0.0, 1.0);  // along the asset
        // Count each crossing once, in the cell that holds it. The point on
        // a->b is used for that: it lies in a visited cell however flat the
        // angle between the two segments.
        if (g.row_of(a.lat + t * ry) != row || g.col_of(a.lon + t * rx) != col) continue;
        sink.offer(s.asset, grid::point_at(s, u), t);
      }
    }
  });
  return sink.result();
}

AssetIndexStats AssetIndex::stats() const {
  const AssetGrid& g = impl_->grid;
  AssetIndexStats s;
  s.assets = assets_.size();
  s.segments = g.segments().size();
  s.rows = static_cast<std::size_t>(g.rows());
  s.cols = static_cast<std::size_t>(g.cols());
  s.cell_lat_deg = g.cell_lat_deg();
  s.cell_lon_deg = g.cell_lon_deg();
  s.cell_entries = g.entry_count();
  s.max_cell_entries = g.max_cell_entries();
  s.memory_bytes = g.memory_bytes() + impl_->meta.capacity() * sizeof(AssetMeta) +
                   impl_->by_id.capacity() * sizeof(uint32_t);
  return s;
}

}  // namespace lookout
