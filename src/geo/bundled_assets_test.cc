// The bundled asset file, data/assets/baltic_north_sea.geojson: it loads, it
// holds the assets the incident scenarios and detectors cite, and its
// corridors sit where they should.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "core/geodesy.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"

namespace lookout {
namespace {

const std::string kBundled = std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson";

AssetIndex load_bundled() {
  AssetLoadResult r = load_assets_file(kBundled);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (r.ok()) {
    EXPECT_TRUE(r.value().warnings.empty());
  }
  return AssetIndex(r.ok() ? std::move(r).value().assets : std::vector<Asset>{});
}

// The point halfway along a line asset (by geodesic length), and the
// direction of the line there.
struct Middle {
  LatLon point;
  double bearing_deg = 0;
};

Middle middle_of(const Asset& asset) {
  double total = 0;
  for (const auto& part : asset.lines) {
    for (std::size_t k = 0; k + 1 < part.size(); ++k) total += distance_m(part[k], part[k + 1]);
  }
  double left = total / 2;
  for (const auto& part : asset.lines) {
    for (std::size_t k = 0; k + 1 < part.size(); ++k) {
      const double len = distance_m(part[k], part[k + 1]);
      if (left <= len && len > 0) {
        const double t = left / len;
        const LatLon p{part[k].lat + t * (part[k + 1].lat - part[k].lat),
                       part[k].lon + t * (part[k + 1].lon - part[k].lon)};
        return {p, initial_bearing_deg(part[k], part[k + 1])};
      }
      left -= len;
    }
  }
  return {};
}

bool in_corridor(const AssetIndex& index, LatLon p, uint32_t asset) {
  std::array<AssetHit, 32> hits;
  HitCount n = index.corridors_at(p, hits);
  for (std::size_t i = 0; i < n.count; ++i) {
    if (hits[i].asset == asset) return true;
  }
  return false;
}

TEST(BundledAssets, HoldTheAssetsTheIncidentsName) {
  AssetIndex index = load_bundled();
  EXPECT_GE(index.assets().size(), 90u);
  for (const char* id :
       {"estlink-1", "estlink-2", "balticconnector", "c-lion1", "bcs-east-west", "nordbalt", "ee-s1",
        "latvia-sweden-1-lv-se-1", "anchorage-porkkala", "airport-ekch"}) {
    EXPECT_TRUE(index.find(id).has_value()) << id;
  }
  const Asset& estlink2 = index.asset(*index.find("estlink-2"));
  EXPECT_EQ(estlink2.kind, AssetKind::kCable);
  EXPECT_EQ(estlink2.attribute("cable_type"), "power");
  EXPECT_EQ(estlink2.marking, (Marking{"FIN", {"JEF"}}));
  EXPECT_EQ(estlink2.buffer_m, 2000);
  EXPECT_EQ(index.asset(*index.find("c-lion1")).attribute("cable_type"), "telecom");
  const Asset& balticconnector = index.asset(*index.find("balticconnector"));
  EXPECT_EQ(balticconnector.kind, AssetKind::kPipeline);
  EXPECT_NE(balticconnector.attribute("note")->find("approximate"), std::string_view::npos);
}

TEST(BundledAssets, EveryMarkedAssetHasAValidMarking) {
  AssetIndex index = load_bundled();
  int unmarked = 0;
  for (const Asset& a : index.assets()) {
    if (a.marking.owner.empty()) {
      ++unmarked;
      continue;
    }
    EXPECT_FALSE(marking_problem(a.marking).has_value()) << a.id;
    EXPECT_TRUE(releasable_to_nation(a.marking, "GBR") || releasable_to_nation(a.marking, "USA")) << a.id;
  }
  EXPECT_LE(unmarked, 1);  // the Kaliningrad cable: no allied landing
}

TEST(BundledAssets, MiddleOfEstlink2IsInItsCorridorAndTwentyKilometresAwayIsNot) {
  AssetIndex index = load_bundled();
  const uint32_t estlink2 = *index.find("estlink-2");
  const Middle mid = middle_of(index.asset(estlink2));
  EXPECT_NEAR(mid.point.lat, 59.9, 0.3);  // the Gulf of Finland
  EXPECT_TRUE(in_corridor(index, mid.point, estlink2));
  EXPECT_TRUE(in_corridor(index, destination(mid.point, mid.bearing_deg + 90, 1500), estlink2));
  for (double side : {90.0, -90.0}) {
    const LatLon away = destination(mid.point, mid.bearing_deg + side, 20'000);
    EXPECT_FALSE(in_corridor(index, away, estlink2)) << side;
    std::array<AssetHit, 64> hits;
    HitCount n = index.within(away, 25'000, hits);
    for (std::size_t i = 0; i < n.count; ++i) {
      if (hits[i].asset == estlink2) {
        EXPECT_GT(hits[i].distance_m, 15'000);
      }
    }
  }
}

TEST(BundledAssets, AMovementAcrossEstlink2CrossesIt) {
  AssetIndex index = load_bundled();
  const uint32_t estlink2 = *index.find("estlink-2");
  const Middle mid = middle_of(index.asset(estlink2));
  const LatLon a = destination(mid.point, mid.bearing_deg + 90, 3000);
  const LatLon b = destination(mid.point, mid.bearing_deg - 90, 3000);
  std::array<AssetCrossing, 16> out;
  HitCount n = index.crossings(a, b, out, KindSet{AssetKind::kCable});
  bool found = false;
  for (std::size_t i = 0; i < n.count; ++i) {
    if (out[i].asset != estlink2) continue;
    found = true;
    EXPECT_LT(distance_m(out[i].point, mid.point), 50);
    EXPECT_NEAR(out[i].fraction, 0.5, 0.01);
  }
  EXPECT_TRUE(found);
}

TEST(BundledAssets, PortsAirportsAndAnchoragesAnswerContainment) {
  AssetIndex index = load_bundled();
  const uint32_t porkkala = *index.find("anchorage-porkkala");
  EXPECT_TRUE(index.contains(porkkala, {59.945, 24.39}));
  EXPECT_FALSE(index.contains(porkkala, {59.90, 24.39}));
  std::array<AssetHit, 16> hits;
  HitCount n = index.corridors_at({55.6391, 12.7102}, hits, KindSet{AssetKind::kAirport});
  ASSERT_EQ(n.count, 1u);  // the drone detection of ARCHITECTURE.md, 4 km from Kastrup
  EXPECT_EQ(index.asset(hits[0].asset).id, "airport-ekch");
  EXPECT_NEAR(hits[0].distance_m, 4000, 300);
}

}  // namespace
}  // namespace lookout
