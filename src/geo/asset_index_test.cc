#include "geo/asset_index.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "core/geodesy.h"
#include "geo/asset_test_util.h"

namespace lookout {
namespace {

using testing::box_ring;
using testing::make_line;
using testing::make_point;
using testing::make_polygon;

// An east-west cable along 59.5 N, a pipeline from north to south, an
// anchorage with a hole, a port and a large airspace, all in the Gulf of Finland.
AssetIndex make_index(const AssetIndexOptions& options = {}) {
  std::vector<Asset> assets;
  assets.push_back(
      make_line("cable", AssetKind::kCable, 2000, {{{59.5, 24.0}, {59.5, 25.0}, {59.7, 25.5}}}));
  assets.push_back(make_line("pipe", AssetKind::kPipeline, 1000, {{{60.0, 24.5}, {59.0, 24.5}}}));
  assets.push_back(make_polygon(
      "anchorage", AssetKind::kAnchorage, 0,
      {AssetPolygon{{box_ring(59.90, 24.30, 60.00, 24.40), box_ring(59.94, 24.34, 59.96, 24.36)}}}));
  assets.push_back(make_point("port", AssetKind::kPort, 1000, {60.16, 24.95}));
  assets.push_back(make_polygon("airspace", AssetKind::kAirspace, 500,
                                {AssetPolygon{{box_ring(60.2, 24.0, 61.2, 26.0)}}}));
  return AssetIndex(std::move(assets), options);
}

uint32_t id(const AssetIndex& index, std::string_view name) {
  std::optional<uint32_t> idx = index.find(name);
  EXPECT_TRUE(idx.has_value()) << name;
  return idx.value_or(0);
}

bool has(std::span<const AssetHit> hits, HitCount n, uint32_t asset) {
  for (std::size_t i = 0; i < n.count; ++i) {
    if (hits[i].asset == asset) return true;
  }
  return false;
}

TEST(AssetIndex, FindsAssetsById) {
  AssetIndex index = make_index();
  EXPECT_EQ(index.assets().size(), 5u);
  EXPECT_EQ(index.asset(id(index, "port")).kind, AssetKind::kPort);
  EXPECT_FALSE(index.find("nope").has_value());
  EXPECT_FALSE(index.find("").has_value());
}

TEST(AssetIndex, CorridorOfALineHoldsPointsWithinItsBuffer) {
  AssetIndex index = make_index();
  const LatLon on_line{59.5, 24.2};
  std::array<AssetHit, 8> hits;
  const LatLon near = destination(on_line, 0, 1500);
  HitCount n = index.corridors_at(near, hits);
  ASSERT_EQ(n.count, 1u);
  EXPECT_EQ(hits[0].asset, id(index, "cable"));
  EXPECT_NEAR(hits[0].distance_m, 1500, 1.0);  // against the geodesic
  EXPECT_NEAR(hits[0].closest.lat, 59.5, 1e-9);
  EXPECT_NEAR(hits[0].closest.lon, 24.2, 1e-6);
  EXPECT_EQ(index.corridors_at(destination(on_line, 0, 2100), hits).count, 0u);
  EXPECT_EQ(index.corridors_at(destination(on_line, 180, 2100), hits).count, 0u);
}

TEST(AssetIndex, CorridorsOverlapWhereAssetsCross) {
  AssetIndex index = make_index();
  std::array<AssetHit, 8> hits;
  const LatLon p = destination({59.5, 24.5}, 45, 500);
  HitCount n = index.corridors_at(p, hits);
  ASSERT_EQ(n.count, 2u);
  EXPECT_TRUE(has(hits, n, id(index, "cable")));
  EXPECT_TRUE(has(hits, n, id(index, "pipe")));
  EXPECT_LE(hits[0].distance_m, hits[1].distance_m);
  // Only pipelines when asked.
  n = index.corridors_at(p, hits, KindSet{AssetKind::kPipeline});
  ASSERT_EQ(n.count, 1u);
  EXPECT_EQ(hits[0].asset, id(index, "pipe"));
}

TEST(AssetIndex, PolygonsContainTheirInteriorButNotTheirHoles) {
  AssetIndex index = make_index();
  const uint32_t anchorage = id(index, "anchorage");
  EXPECT_TRUE(index.contains(anchorage, {59.92, 24.32}));
  EXPECT_FALSE(index.contains(anchorage, {59.95, 24.35}));  // the hole
  EXPECT_FALSE(index.contains(anchorage, {59.85, 24.35}));
  EXPECT_FALSE(index.contains(id(index, "cable"), {59.5, 24.2}));  // not a polygon
  std::array<AssetHit, 8> hits;
  HitCount n = index.corridors_at({59.92, 24.32}, hits);
  ASSERT_EQ(n.count, 1u);
  EXPECT_EQ(hits[0].distance_m, 0);
  EXPECT_EQ(index.corridors_at({59.95, 24.35}, hits).count, 0u);  // buffer 0, in the hole
}

TEST(AssetIndex, LargePolygonsAnswerFromInteriorCells) {
  AssetIndex index = make_index();
  const uint32_t airspace = id(index, "airspace");
  EXPECT_TRUE(index.contains(airspace, {60.7, 25.0}));     // deep inside: an interior cell
  EXPECT_TRUE(index.contains(airspace, {60.2001, 25.0}));  // just inside the south edge
  EXPECT_FALSE(index.contains(airspace, {60.1999, 25.0}));
  EXPECT_TRUE(index.contains(airspace, {61.0, 25.9999}));  // just inside the east edge
  EXPECT_FALSE(index.contains(airspace, {61.0, 26.0001}));
  std::array<AssetHit, 8> hits;
  // 300 m south of the southern edge: within the 500 m buffer.
  HitCount n = index.corridors_at(destination({60.2, 25.0}, 180, 300), hits);
  ASSERT_EQ(n.count, 1u);
  EXPECT_NEAR(hits[0].distance_m, 300, 0.5);
  EXPECT_EQ(index.corridors_at(destination({60.2, 25.0}, 180, 700), hits).count, 0u);
}

TEST(AssetIndex, PointAssetsHaveARoundCorridor) {
  AssetIndex index = make_index();
  std::array<AssetHit, 8> hits;
  for (double bearing = 0; bearing < 360; bearing += 30) {
    EXPECT_EQ(index.corridors_at(destination({60.16, 24.95}, bearing, 990), hits).count, 1u) << bearing;
    EXPECT_EQ(index.corridors_at(destination({60.16, 24.95}, bearing, 1010), hits).count, 0u) << bearing;
  }
}

TEST(AssetIndex, NearestFindsTheClosestPointOnTheGeometry) {
  AssetIndex index = make_index();
  const LatLon p = destination({59.5, 24.8}, 180, 7000);
  std::optional<AssetHit> hit = index.nearest(p, 50'000);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->asset, id(index, "cable"));
  EXPECT_NEAR(hit->distance_m, 7000, 5);
  EXPECT_NEAR(hit->closest.lon, 24.8, 1e-6);
  EXPECT_FALSE(index.nearest(p, 6000).has_value());
  hit = index.nearest(p, 100'000, KindSet{AssetKind::kPort});
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->asset, id(index, "port"));
  EXPECT_NEAR(hit->distance_m, distance_m(p, {60.16, 24.95}), 0.005 * hit->distance_m);  // 75 km away
  // Inside a polygon the distance is 0 and the closest point is p itself.
  hit = index.nearest({60.7, 25.0}, 1000);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->asset, id(index, "airspace"));
  EXPECT_EQ(hit->distance_m, 0);
  EXPECT_EQ(hit->closest, (LatLon{60.7, 25.0}));
}

TEST(AssetIndex, NearestSearchesFromOutsideTheGrid) {
  AssetIndex index = make_index();
  std::optional<AssetHit> hit = index.nearest({55.0, 24.5}, 1e7);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->asset, id(index, "pipe"));
  EXPECT_NEAR(hit->closest.lat, 59.0, 1e-6);
  EXPECT_FALSE(index.nearest({55.0, 24.5}, 100'000).has_value());
}

TEST(AssetIndex, WithinListsAssetsClosestFirstAndKeepsTheClosestWhenFull) {
  AssetIndex index = make_index();
  const LatLon p{59.6, 24.45};
  std::array<AssetHit, 8> hits;
  HitCount n = index.within(p, 100'000, hits);
  ASSERT_EQ(n.count, 5u);
  EXPECT_FALSE(n.truncated);
  for (std::size_t i = 1; i < n.count; ++i) {
    EXPECT_LE(hits[i - 1].distance_m, hits[i].distance_m);
  }
  EXPECT_EQ(hits[0].asset, id(index, "pipe"));

  std::array<AssetHit, 2> two;
  HitCount m = index.within(p, 100'000, two);
  EXPECT_EQ(m.count, 2u);
  EXPECT_TRUE(m.truncated);
  EXPECT_EQ(two[0].asset, hits[0].asset);
  EXPECT_EQ(two[1].asset, hits[1].asset);

  EXPECT_EQ(index.within(p, 0, hits).count, 0u);
  HitCount none = index.within(p, 1000, std::span<AssetHit>{});
  EXPECT_EQ(none.count, 0u);
}

TEST(AssetIndex, CrossingsFindTheCableBetweenTwoReports) {
  AssetIndex index = make_index();
  std::array<AssetCrossing, 8> out;
  HitCount n = index.crossings({59.45, 24.2}, {59.55, 24.2}, out);
  ASSERT_EQ(n.count, 1u);
  EXPECT_EQ(out[0].asset, id(index, "cable"));
  EXPECT_NEAR(out[0].point.lat, 59.5, 1e-9);
  EXPECT_NEAR(out[0].point.lon, 24.2, 1e-9);
  EXPECT_NEAR(out[0].fraction, 0.5, 1e-9);
  // Either direction, and not when the movement stops short.
  EXPECT_EQ(index.crossings({59.55, 24.2}, {59.45, 24.2}, out).count, 1u);
  EXPECT_EQ(index.crossings({59.45, 24.2}, {59.49, 24.2}, out).count, 0u);
  // Areas are not crossed: only centre lines are.
  EXPECT_EQ(index.crossings({59.85, 24.35}, {59.92, 24.35}, out).count, 0u);
}

TEST(AssetIndex, CrossingAtAReportIsCountedOnceAcrossConsecutiveMovements) {
  AssetIndex index = make_index();
  std::array<AssetCrossing, 8> out;
  const LatLon on_line{59.5, 24.2};
  const std::size_t first = index.crossings({59.45, 24.2}, on_line, out).count;
  const std::size_t second = index.crossings(on_line, {59.55, 24.2}, out).count;
  EXPECT_EQ(first + second, 1u);
  // The same the other way round.
  EXPECT_EQ(index.crossings({59.55, 24.2}, on_line, out).count +
                index.crossings(on_line, {59.45, 24.2}, out).count,
            1u);
}

TEST(AssetIndex, CrossingThroughAVertexIsCountedOnce) {
  AssetIndex index = make_index();
  std::array<AssetCrossing, 8> out;
  // Through the vertex (59.5, 25.0) shared by the cable's two segments.
  HitCount n = index.crossings({59.45, 25.05}, {59.55, 24.95}, out);
  ASSERT_EQ(n.count, 1u);
  EXPECT_NEAR(out[0].point.lat, 59.5, 1e-9);
  EXPECT_NEAR(out[0].point.lon, 25.0, 1e-9);
}

TEST(AssetIndex, ZigZagAcrossACableGivesEveryCrossingInOrder) {
  AssetIndex index = make_index();
  std::array<AssetCrossing, 8> out;
  // A long movement crossing the cable and then the pipeline.
  HitCount n = index.crossings({59.3, 24.0}, {59.7, 24.8}, out);
  ASSERT_EQ(n.count, 2u);
  EXPECT_EQ(out[0].asset, id(index, "cable"));
  EXPECT_EQ(out[1].asset, id(index, "pipe"));
  EXPECT_LT(out[0].fraction, out[1].fraction);
  // A movement along the cable crosses nothing.
  EXPECT_EQ(index.crossings({59.5, 24.1}, {59.5, 24.3}, out).count, 0u);
  // The same crossing limited to pipelines, and with too small a span.
  n = index.crossings({59.3, 24.0}, {59.7, 24.8}, out, KindSet{AssetKind::kPipeline});
  ASSERT_EQ(n.count, 1u);
  std::array<AssetCrossing, 1> one;
  n = index.crossings({59.3, 24.0}, {59.7, 24.8}, one);
  EXPECT_EQ(n.count, 1u);
  EXPECT_TRUE(n.truncated);
  EXPECT_EQ(one[0].asset, id(index, "cable"));  // the earliest is kept
}

TEST(AssetIndex, InvalidPositionsAndEmptyIndexesAnswerNothing) {
  AssetIndex index = make_index();
  std::array<AssetHit, 4> hits;
  std::array<AssetCrossing, 4> crossings;
  EXPECT_EQ(index.corridors_at({NAN, 24.0}, hits).count, 0u);
  EXPECT_EQ(index.corridors_at({91, 24.0}, hits).count, 0u);
  EXPECT_EQ(index.within({59.5, NAN}, 1000, hits).count, 0u);
  EXPECT_EQ(index.within({59.5, 24.2}, NAN, hits).count, 0u);
  EXPECT_FALSE(index.nearest({NAN, NAN}, 1000).has_value());
  EXPECT_FALSE(index.nearest({59.5, 24.2}, -1).has_value());
  EXPECT_FALSE(index.contains(99, {59.5, 24.2}));
  EXPECT_EQ(index.crossings({59.45, 24.2}, {NAN, 24.2}, crossings).count, 0u);
  EXPECT_EQ(index.corridors_at({10, 10}, hits).count, 0u);  // outside the grid

  AssetIndex empty({});
  EXPECT_EQ(empty.corridors_at({59.5, 24.2}, hits).count, 0u);
  EXPECT_EQ(empty.within({59.5, 24.2}, 1e6, hits).count, 0u);
  EXPECT_FALSE(empty.nearest({59.5, 24.2}, 1e7).has_value());
  EXPECT_EQ(empty.crossings({59.45, 24.2}, {59.55, 24.2}, crossings).count, 0u);
  EXPECT_EQ(empty.stats().cell_entries, 0u);
}

TEST(AssetIndex, DegenerateAssetsAreMadeHarmless) {
  std::vector<Asset> assets;
  assets.push_back(
      make_line("bad-vertex", AssetKind::kCable, 2000, {{{59.5, 24.0}, {NAN, 24.5}, {59.5, 25.0}}}));
  assets.push_back(make_line("single", AssetKind::kCable, 2000, {{{59.6, 24.0}}}));
  assets.push_back(make_point("huge-buffer", AssetKind::kPort, 1e9, {59.0, 20.0}));
  assets.push_back(make_point("nan-buffer", AssetKind::kPort, NAN, {59.0, 21.0}));
  assets.push_back(make_point("dup", AssetKind::kPort, 10, {59.0, 22.0}));
  assets.push_back(make_point("dup", AssetKind::kPort, 10, {59.0, 23.0}));
  AssetIndex index(std::move(assets));
  std::array<AssetHit, 8> hits;
  EXPECT_EQ(index.corridors_at({59.5, 24.2}, hits).count, 0u);  // its segments touch the bad vertex
  // The buffer is clamped to 100 km.
  EXPECT_EQ(index.corridors_at(destination({59.0, 20.0}, 90, 99'000), hits).count, 1u);
  EXPECT_EQ(index.corridors_at(destination({59.0, 20.0}, 90, 101'000), hits).count, 0u);
  EXPECT_EQ(index.find("dup"), 4u);
}

TEST(AssetIndex, CoarseGridsGiveTheSameAnswers) {
  AssetIndexOptions coarse;
  coarse.max_cells = 16;
  AssetIndex fine_index = make_index();
  AssetIndex coarse_index = make_index(coarse);
  EXPECT_LE(coarse_index.stats().rows * coarse_index.stats().cols, 16u);
  std::array<AssetHit, 8> a;
  std::array<AssetHit, 8> b;
  for (LatLon p : {LatLon{59.51, 24.2}, LatLon{59.92, 24.32}, LatLon{59.95, 24.35}, LatLon{60.7, 25.0},
                   LatLon{60.16, 24.96}, LatLon{59.6, 24.45}}) {
    HitCount na = fine_index.corridors_at(p, a);
    HitCount nb = coarse_index.corridors_at(p, b);
    ASSERT_EQ(na.count, nb.count);
    for (std::size_t i = 0; i < na.count; ++i) {
      EXPECT_EQ(a[i].asset, b[i].asset);
      EXPECT_NEAR(a[i].distance_m, b[i].distance_m, 1e-6);
    }
  }
}

TEST(AssetIndex, ReportsItsShape) {
  AssetIndex index = make_index();
  AssetIndexStats s = index.stats();
  EXPECT_EQ(s.assets, 5u);
  EXPECT_EQ(s.segments, 2u + 1u + 8u + 1u + 4u);
  EXPECT_GT(s.rows, 0u);
  EXPECT_GT(s.cell_entries, s.segments);
  EXPECT_GT(s.memory_bytes, 0u);
}

}  // namespace
}  // namespace lookout
