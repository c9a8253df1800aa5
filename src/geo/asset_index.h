// AssetIndex: the assets and the indexes over them that the detectors ask,
// for every position, "which corridors am I in, how far is the nearest
// cable, which assets are within R metres, did I just cross a cable?".
//
// One type owns the assets and two indexes over the same objects: by id (a
// sorted table) and spatial (a fixed grid of lat/lon cells; see
// docs/decisions/0003-asset-index.md for why a grid and not an R-tree). Each
// cell lists, grouped by asset, the line segments, polygon edges and points
// that come within that asset's buffer_m of the cell, plus the polygons whose
// interior covers the cell completely. A corridor query therefore reads one
// cell; radius queries read the cells of the radius' bounding box.
//
// Geometry model (RFC 7946): a segment between two positions is straight in
// lon/lat; polygons use the even-odd rule over all their rings (holes and
// MultiPolygon parts must not overlap); no wrap at the antimeridian (split
// such geometry at +-180, as RFC 7946 asks). Distances are measured in a
// LocalFrame centred on the query point (core/geodesy.h): exact for the
// geometry's shape, off from the geodesic distance by at most 0.03% at 5 km
// and 0.3% at 50 km up to 60 degrees of latitude (0.04% and 0.42% at 70).
//
// Queries never allocate and never throw; they write into caller-provided
// spans, keep the closest results when a span is too small and say so.
// A built index is immutable: any number of threads may query it at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/latlon.h"
#include "geo/asset.h"

namespace lookout {

// A set of asset kinds, to restrict a query (e.g. cables and pipelines only).
class KindSet {
 public:
  constexpr KindSet() = default;  // the empty set
  constexpr KindSet(std::initializer_list<AssetKind> kinds) {
    for (AssetKind k : kinds) bits_ = static_cast<uint16_t>(bits_ | bit(k));
  }
  static constexpr KindSet all() {
    KindSet s;
    s.bits_ = static_cast<uint16_t>((1u << kAssetKindCount) - 1);
    return s;
  }
  constexpr bool has(AssetKind k) const { return (bits_ & bit(k)) != 0; }

 private:
  static constexpr uint16_t bit(AssetKind k) {
    return static_cast<uint16_t>(1u << static_cast<unsigned>(k));
  }
  uint16_t bits_ = 0;
};

// One asset found near a position.
struct AssetHit {
  uint32_t asset = 0;     ///< Index into AssetIndex::assets().
  double distance_m = 0;  ///< From the query point to the geometry; 0 inside a polygon.
  LatLon closest;         ///< The closest point of the geometry (the query point inside a polygon).
};

// One place where a movement a->b crosses an asset's centre line.
struct AssetCrossing {
  uint32_t asset = 0;   ///< Index into AssetIndex::assets().
  LatLon point;         ///< Where the two segments meet.
  double fraction = 0;  ///< Position of the crossing along a->b, in [0, 1].
};

// How many results a query wrote, and whether more would have been found
// with a larger output span (then the span holds the closest / earliest).
struct HitCount {
  std::size_t count = 0;
  bool truncated = false;
};

struct AssetIndexOptions {
  double cell_lat_deg = 0.05;  ///< Cell height (5.6 km).
  double cell_lon_deg = 0.1;   ///< Cell width (5.6 km at 60 N, 6.4 km at 55 N).
  // Upper bound on the number of cells; a wider extent gets coarser cells.
  std::size_t max_cells = std::size_t{1} << 22;
  // Upper bound on cell entries (segments times the cells they reach); past
  // it the cells are made coarser. Bounds memory for any asset file.
  std::size_t max_entries = std::size_t{1} << 24;
};

// Counts describing a built index (for logs and benchmarks).
struct AssetIndexStats {
  std::size_t assets = 0;
  std::size_t segments = 0;        ///< Line segments, polygon edges and points.
  std::size_t rows = 0, cols = 0;  ///< Grid shape.
  double cell_lat_deg = 0, cell_lon_deg = 0;
  std::size_t cell_entries = 0;  ///< Total entries over all cells.
  std::size_t max_cell_entries = 0;
  std::size_t memory_bytes = 0;  ///< Index structures, not counting the assets.
};

class AssetIndex {
 public:
  // Builds the indexes. Assets are taken as the loader returns them: ids
  // unique, positions valid, buffer_m in [0, 100000]. Anything else is made
  // harmless rather than trusted: positions that are not valid() are left
  // out of the spatial index, buffers are clamped to [0, 100000], and `find`
  // returns the first of duplicate ids.
  explicit AssetIndex(std::vector<Asset> assets, const AssetIndexOptions& options = {});

  // Movable (a moved-from index may only be assigned to or destroyed), not copyable.
  AssetIndex(AssetIndex&&) noexcept;
  AssetIndex& operator=(AssetIndex&&) noexcept;
  AssetIndex(const AssetIndex&) = delete;
  AssetIndex& operator=(const AssetIndex&) = delete;
  ~AssetIndex();

  std::span<const Asset> assets() const { return assets_; }
  // REQUIRES: idx < assets().size().
  const Asset& asset(uint32_t idx) const { return assets_[idx]; }
  // The index of the asset with this id, or nullopt.
  std::optional<uint32_t> find(std::string_view id) const;

  // The asset of a kind in `kinds` closest to p, if one lies within max_m
  // metres; ties go to the lower index. nullopt also when p is not valid().
  std::optional<AssetHit> nearest(LatLon p, double max_m, KindSet kinds = KindSet::all()) const;

  // Every asset of a kind in `kinds` within radius_m of p, closest first.
  HitCount within(LatLon p, double radius_m, std::span<AssetHit> out, KindSet kinds = KindSet::all()) const;

  // Every asset of a kind in `kinds` whose protection corridor contains p:
  // distance to the geometry <= buffer_m, or inside a polygon. Closest first.
  HitCount corridors_at(LatLon p, std::span<AssetHit> out, KindSet kinds = KindSet::all()) const;

  // True when p lies inside polygon asset `asset` (the buffer is not
  // applied). False for assets that are not polygons and for invalid p.
  // REQUIRES: asset < assets().size().
  bool contains(uint32_t asset, LatLon p) const;

  // Every crossing of the movement a->b with the centre line of a line asset
  // (LineString or MultiLineString) of a kind in `kinds`, in order along
  // a->b. Positions exactly on a line are consistently taken to lie on one
  // side of it, so that a crossing exactly at a report is counted in one of
  // the two movements that meet there (not both, not neither), and a
  // movement through a vertex shared by two segments crosses once. A
  // movement along a segment (collinear) crosses nothing. Polygon edges are
  // not centre lines: use contains() for areas.
  HitCount crossings(LatLon a, LatLon b, std::span<AssetCrossing> out,
                     KindSet kinds = KindSet::all()) const;

  AssetIndexStats stats() const;

 private:
  struct Impl;
  std::vector<Asset> assets_;
  std::unique_ptr<const Impl> impl_;  // never null after construction; immutable
};

}  // namespace lookout
