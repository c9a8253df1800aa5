// Property tests: on thousands of random positions the index must give the
// same answers as a brute-force look at every segment of every asset (same
// assets, distances within 1 m), over random assets and over the bundled
// asset file; and its distances must agree with GeographicLib.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <set>

#include "core/geodesy.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"
#include "geo/asset_test_util.h"

namespace lookout {
namespace {

using testing::reference_distance;
using testing::reference_inside;

// Random lines, polygons (some with a hole, some self-intersecting: the
// even-odd rule still defines them) and points in the Baltic.
std::vector<Asset> random_assets(unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> lat(54, 66), lon(10, 30), step(-0.4, 0.4), buffer(0, 5000);
  std::vector<Asset> assets;
  for (int i = 0; i < 40; ++i) {
    std::vector<LatLon> line{{lat(rng), lon(rng)}};
    const int n = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < n; ++k)
      line.push_back({line.back().lat + step(rng), line.back().lon + 2 * step(rng)});
    assets.push_back(
        testing::make_line("line-" + std::to_string(i), AssetKind::kCable, buffer(rng), {line}));
  }
  for (int i = 0; i < 15; ++i) {
    const LatLon c{lat(rng), lon(rng)};
    std::vector<LatLon> ring;
    const int n = 3 + static_cast<int>(rng() % 7);
    for (int k = 0; k < n; ++k) ring.push_back({c.lat + 0.6 * step(rng), c.lon + step(rng)});
    ring.push_back(ring.front());
    AssetPolygon poly{{ring}};
    if (i % 3 == 0)
      poly.rings.push_back(testing::box_ring(c.lat - 0.02, c.lon - 0.04, c.lat + 0.02, c.lon + 0.04));
    assets.push_back(testing::make_polygon("poly-" + std::to_string(i), AssetKind::kAnchorage,
                                           i % 2 == 0 ? 0 : buffer(rng), {poly}));
  }
  for (int i = 0; i < 20; ++i) {
    assets.push_back(testing::make_point("point-" + std::to_string(i), AssetKind::kPort, buffer(rng),
                                         {lat(rng), lon(rng)}));
  }
  return assets;
}

// Half of the points near asset vertices (where the answers are
// interesting), half anywhere in the box.
std::vector<LatLon> random_points(const std::vector<Asset>& assets, unsigned seed, int count) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> lat(53.5, 66.5), lon(9, 31), jitter(-0.08, 0.08);
  std::vector<LatLon> near;
  for (const Asset& a : assets) {
    testing::for_each_segment(a, [&](LatLon p, LatLon, bool) { near.push_back(p); });
  }
  std::vector<LatLon> points;
  for (int i = 0; i < count; ++i) {
    if (i % 2 == 0 && !near.empty()) {
      const LatLon v = near[rng() % near.size()];
      points.push_back({v.lat + jitter(rng), v.lon + 2 * jitter(rng)});
    } else {
      points.push_back({lat(rng), lon(rng)});
    }
  }
  return points;
}

// asset index -> distance, for every asset the predicate accepts.
using Answer = std::map<uint32_t, double>;

void expect_same(const Answer& want, std::span<const AssetHit> hits, HitCount n, LatLon p,
                 const char* what) {
  ASSERT_FALSE(n.truncated) << what;
  Answer got;
  for (std::size_t i = 0; i < n.count; ++i) got[hits[i].asset] = hits[i].distance_m;
  ASSERT_EQ(got.size(), want.size()) << what << " at " << p.lat << "," << p.lon;
  for (const auto& [asset, d] : want) {
    auto it = got.find(asset);
    ASSERT_NE(it, got.end()) << what << ": asset " << asset << " missing at " << p.lat << "," << p.lon;
    EXPECT_NEAR(it->second, d, 1.0) << what << ": asset " << asset;
  }
}

void check_against_brute_force(const AssetIndex& index, const std::vector<LatLon>& points, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> radius(0, 20'000);
  const std::span<const Asset> assets = index.assets();
  std::vector<AssetHit> hits(assets.size());
  std::size_t in_corridor = 0;
  std::size_t inside = 0;
  for (const LatLon& p : points) {
    std::vector<double> d(assets.size());
    for (std::size_t i = 0; i < assets.size(); ++i) d[i] = reference_distance(assets[i], p);

    Answer corridor;
    for (std::size_t i = 0; i < assets.size(); ++i) {
      if (d[i] <= assets[i].buffer_m) corridor[static_cast<uint32_t>(i)] = d[i];
    }
    expect_same(corridor, hits, index.corridors_at(p, hits), p, "corridors_at");
    in_corridor += corridor.size();

    const double r = radius(rng);
    Answer near;
    for (std::size_t i = 0; i < assets.size(); ++i) {
      if (d[i] <= r) near[static_cast<uint32_t>(i)] = d[i];
    }
    expect_same(near, hits, index.within(p, r, hits), p, "within");

    double best = INFINITY;
    for (double x : d) best = std::min(best, x);
    std::optional<AssetHit> nearest = index.nearest(p, 30'000);
    if (best <= 30'000) {
      ASSERT_TRUE(nearest.has_value()) << p.lat << "," << p.lon;
      EXPECT_NEAR(nearest->distance_m, best, 1.0);
      EXPECT_NEAR(d[nearest->asset], best, 1.0);
    } else {
      EXPECT_FALSE(nearest.has_value());
    }

    for (std::size_t i = 0; i < assets.size(); ++i) {
      if (assets[i].is_polygon()) {
        const bool want = reference_inside(assets[i], p);
        EXPECT_EQ(index.contains(static_cast<uint32_t>(i), p), want)
            << assets[i].id << " at " << p.lat << "," << p.lon;
        inside += want ? 1 : 0;
      }
    }
  }
  // The sample must exercise the interesting cases, or the test proves little.
  EXPECT_GT(in_corridor, points.size() / 20);
  if (std::any_of(assets.begin(), assets.end(), [](const Asset& a) { return a.is_polygon(); })) {
    EXPECT_GT(inside, 0u);
  }
}

// Brute-force crossings with the index's side rule.
std::multiset<uint32_t> reference_crossings(std::span<const Asset> assets, LatLon a, LatLon b) {
  std::multiset<uint32_t> out;
  const double rx = b.lon - a.lon;
  const double ry = b.lat - a.lat;
  for (std::size_t i = 0; i < assets.size(); ++i) {
    testing::for_each_segment(assets[i], [&](LatLon p, LatLon q, bool is_line) {
      if (!is_line) return;
      const double sx = q.lon - p.lon;
      const double sy = q.lat - p.lat;
      const double side_a = sx * (a.lat - p.lat) - sy * (a.lon - p.lon);
      const double side_b = sx * (b.lat - p.lat) - sy * (b.lon - p.lon);
      const double side_p = rx * (p.lat - a.lat) - ry * (p.lon - a.lon);
      const double side_q = rx * (q.lat - a.lat) - ry * (q.lon - a.lon);
      if ((side_a > 0) != (side_b > 0) && (side_p > 0) != (side_q > 0))
        out.insert(static_cast<uint32_t>(i));
    });
  }
  return out;
}

void check_crossings(const AssetIndex& index, const std::vector<LatLon>& points, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> bearing(0, 360), length(100, 30'000);
  std::array<AssetCrossing, 64> out;
  std::size_t total = 0;
  for (const LatLon& a : points) {
    const LatLon b = destination(a, bearing(rng), length(rng));
    HitCount n = index.crossings(a, b, out);
    ASSERT_FALSE(n.truncated);
    std::multiset<uint32_t> got;
    for (std::size_t i = 0; i < n.count; ++i) {
      got.insert(out[i].asset);
      if (i > 0) {
        EXPECT_LE(out[i - 1].fraction, out[i].fraction);
      }
    }
    EXPECT_EQ(got, reference_crossings(index.assets(), a, b)) << a.lat << "," << a.lon;
    total += n.count;
  }
  EXPECT_GT(total, points.size() / 20);  // the sample does cross things
}

TEST(AssetIndexProperty, RandomAssetsMatchBruteForceAtRandomPoints) {
  for (unsigned seed : {1u, 2u, 3u}) {
    AssetIndex index(random_assets(seed));
    check_against_brute_force(
        index, random_points({index.assets().begin(), index.assets().end()}, seed + 100, 1500), seed);
  }
}

TEST(AssetIndexProperty, CoarseAndFineGridsBothMatchBruteForce) {
  AssetIndexOptions coarse;
  coarse.cell_lat_deg = 0.5;
  coarse.cell_lon_deg = 1.0;
  AssetIndexOptions fine;
  fine.cell_lat_deg = 0.01;
  fine.cell_lon_deg = 0.02;
  for (const AssetIndexOptions& options : {coarse, fine}) {
    AssetIndex index(random_assets(4), options);
    check_against_brute_force(index,
                              random_points({index.assets().begin(), index.assets().end()}, 104, 800), 4);
  }
}

TEST(AssetIndexProperty, RandomMovementsCrossWhatBruteForceCrosses) {
  AssetIndex index(random_assets(5));
  check_crossings(index, random_points({index.assets().begin(), index.assets().end()}, 105, 3000), 5);
}

TEST(AssetIndexProperty, BundledAssetsMatchBruteForce) {
  AssetLoadResult loaded =
      load_assets_file(std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  AssetIndex index(std::move(loaded).value().assets);
  const std::vector<Asset> copy(index.assets().begin(), index.assets().end());
  std::vector<LatLon> points = random_points(copy, 106, 2000);
  check_against_brute_force(index, points, 6);
  check_crossings(index, points, 7);
}

TEST(AssetIndexProperty, DistancesAgreeWithGeographicLib) {
  // Point assets: the index's planar distance against the geodesic, within
  // the LocalFrame bound (0.05% at 5 km) plus rounding.
  std::vector<Asset> assets;
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> lat(54, 66), lon(10, 30), bearing(0, 360), dist(0, 5000);
  for (int i = 0; i < 200; ++i) {
    assets.push_back(
        testing::make_point("p" + std::to_string(i), AssetKind::kPort, 5000, {lat(rng), lon(rng)}));
  }
  AssetIndex index(std::move(assets));
  std::array<AssetHit, 16> hits;
  int checked = 0;
  for (int i = 0; i < 2000; ++i) {
    const Asset& target = index.asset(static_cast<uint32_t>(rng() % 200));
    const double d = dist(rng);
    const LatLon p = destination(target.point, bearing(rng), d);
    HitCount n = index.corridors_at(p, hits);
    for (std::size_t k = 0; k < n.count; ++k) {
      const double truth = distance_m(p, index.asset(hits[k].asset).point);
      EXPECT_NEAR(hits[k].distance_m, truth, 0.0005 * truth + 0.01);
      ++checked;
    }
  }
  EXPECT_GE(checked, 2000);
}

}  // namespace
}  // namespace lookout
