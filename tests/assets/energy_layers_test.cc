// The energy and airfield layers (data/assets/energy_north_sea_baltic.geojson,
// airfields_nordic_baltic.geojson, built by tools/build_energy_assets.py from
// open data): they load, hold the pipelines, wind farms and air bases the
// issue names, and their shapes agree with what the operators publish. The
// published figures are written here, not read from the files, so that a
// wrong route or a wrong cluster fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <vector>

#include "core/geodesy.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"

namespace lookout {
namespace {

const std::string kDir = std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/";

std::vector<Asset> load(const std::string& file) {
  AssetLoadResult r = load_assets_file(kDir + file);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return {};
  EXPECT_TRUE(r.value().warnings.empty());
  return std::move(r).value().assets;
}

const Asset* find(const std::vector<Asset>& assets, const std::string& id) {
  for (const auto& a : assets) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

double length_km(const Asset& a) {
  double m = 0;
  for (const auto& part : a.lines) {
    for (std::size_t k = 0; k + 1 < part.size(); ++k) m += distance_m(part[k], part[k + 1]);
  }
  return m / 1000;
}

// Ray casting on the outer ring; the rings are a few kilometres across, so
// degrees serve as plane coordinates.
bool inside(const AssetPolygon& poly, LatLon p) {
  const auto& ring = poly.rings.at(0);
  bool in = false;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const LatLon a = ring[i], b = ring[i + 1];
    if ((a.lat > p.lat) != (b.lat > p.lat) &&
        p.lon < a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat)) {
      in = !in;
    }
  }
  return in;
}

TEST(EnergyLayers, EveryFeatureSaysWhereItComesFromAndUnderWhichLicence) {
  for (const char* file :
       {"energy_north_sea_baltic.geojson", "airfields_nordic_baltic.geojson", "platforms_north_sea.geojson"}) {
    const auto assets = load(file);
    ASSERT_FALSE(assets.empty()) << file;
    for (const auto& a : assets) {
      EXPECT_FALSE(a.attribute("source").value_or("").empty()) << a.id;
      EXPECT_FALSE(a.attribute("licence").value_or("").empty()) << a.id;
    }
  }
}

TEST(EnergyLayers, CountsPerKind) {
  std::map<AssetKind, int> n;
  for (const auto& a : load("energy_north_sea_baltic.geojson")) ++n[a.kind];
  EXPECT_EQ(n[AssetKind::kPipeline], 21);
  EXPECT_EQ(n[AssetKind::kWindfarm], 11);
  EXPECT_EQ(n[AssetKind::kEnergySite], 27);
  std::map<AssetKind, int> air;
  for (const auto& a : load("airfields_nordic_baltic.geojson")) ++air[a.kind];
  EXPECT_EQ(air[AssetKind::kAirport], 20);
  EXPECT_EQ(air[AssetKind::kMilitarySite], 17);
  std::map<AssetKind, int> platforms;
  for (const auto& a : load("platforms_north_sea.geojson")) ++platforms[a.kind];
  EXPECT_EQ(platforms[AssetKind::kPlatform], 1008);
  EXPECT_EQ(platforms.size(), 1u);
}

// Two sources that know nothing of each other agree: the OSPAR inventory puts
// Troll A where Equinor publishes it (60 deg 38' 44" N, 3 deg 43' 35" E), and
// GEM's Europipe I and Franpipe routes start at OSPAR's Draupner E riser platform.
TEST(EnergyLayers, PlatformsSitWherePublishedAndPipelinesStartAtThem) {
  const auto platforms = load("platforms_north_sea.geojson");
  const Asset* troll = find(platforms, "platform-no101");
  ASSERT_NE(troll, nullptr);
  EXPECT_EQ(troll->name, "TROLL A");
  EXPECT_LT(distance_m(troll->point, LatLon{60.6456, 3.7264}), 500);
  const Asset* draupner = find(platforms, "platform-no102");
  ASSERT_NE(draupner, nullptr);
  EXPECT_EQ(draupner->name, "DRAUPNER E");
  const auto energy = load("energy_north_sea_baltic.geojson");
  for (const char* id : {"europipe-1", "franpipe"}) {
    const Asset* pipe = find(energy, id);
    ASSERT_NE(pipe, nullptr) << id;
    EXPECT_LT(distance_m(pipe->lines.front().front(), draupner->point), 2000) << id;
  }
}

// Published lengths: the operators' figures (Gassco's pipeline pages for the
// Norwegian export lines; Nord Stream AG; Energinet/GAZ-SYSTEM for Baltic
// Pipe: North Sea 105 km + Danish onshore 210 km + Baltic 275 km; BBL Company;
// the Danish Energy Agency for Tyra - Nybro). Within 15 %.
TEST(EnergyLayers, NamedPipelinesHaveThePublishedLength) {
  const auto assets = load("energy_north_sea_baltic.geojson");
  const std::map<std::string, double> published_km = {
      {"nord-stream-1", 1224}, {"nord-stream-2", 1230}, {"europipe-1", 620},  {"europipe-2", 658},
      {"norpipe-gas", 440},    {"norpipe-oil", 354},    {"franpipe", 840},    {"langeled", 1166},
      {"zeepipe-1", 814},      {"zeepipe-2a", 303},     {"zeepipe-2b", 300},  {"statpipe", 890},
      {"baltic-pipe", 590},    {"tyra-nybro", 235},     {"bbl", 235},         {"interconnector-uk", 235},
      {"polarled", 482},       {"asgard-transport", 707}, {"vesterled", 360}, {"flags", 450},
  };
  for (const auto& [id, km] : published_km) {
    const Asset* a = find(assets, id);
    ASSERT_NE(a, nullptr) << id;
    EXPECT_EQ(a->kind, AssetKind::kPipeline) << id;
    EXPECT_NEAR(length_km(*a), km, 0.15 * km) << id;
  }
  // Balticconnector stays in the default file (published: 77 km offshore).
  const auto defaults = load("baltic_north_sea.geojson");
  ASSERT_NE(find(defaults, "balticconnector"), nullptr);
}

TEST(EnergyLayers, CorridorsWidenWhereTheRouteIsKnownOnlyRoughly) {
  const std::map<std::string, double> buffer = {
      {"osm", 500}, {"traced", 2000}, {"schematic", 5000}, {"landfalls-only", 5000}};
  for (const auto& a : load("energy_north_sea_baltic.geojson")) {
    if (a.kind != AssetKind::kPipeline) continue;
    const std::string acc(a.attribute("route_accuracy").value_or(""));
    ASSERT_TRUE(buffer.count(acc)) << a.id << " has route_accuracy '" << acc << "'";
    EXPECT_EQ(a.buffer_m, buffer.at(acc)) << a.id;
  }
}

TEST(EnergyLayers, OwnerNationIsTheOperators) {
  const auto assets = load("energy_north_sea_baltic.geojson");
  EXPECT_EQ(find(assets, "europipe-2")->marking.owner, "NOR");
  EXPECT_EQ(find(assets, "baltic-pipe")->marking.owner, "DNK");
  EXPECT_EQ(find(assets, "bbl")->marking.owner, "NLD");
  EXPECT_EQ(find(assets, "horns-rev-2")->marking.owner, "DNK");
  // Nord Stream's operators are not allied: the loading node's marking applies.
  EXPECT_TRUE(find(assets, "nord-stream-2")->marking.owner.empty());
}

// Turbine counts: EMODnet Human Activities, wind farms 2023-06-05. Centres:
// the farms' published coordinates (two decimals). A farm laid out as an area
// must contain its centre; one laid out as a row of turbines must pass within
// 1 km of it.
TEST(EnergyLayers, WindFarmsHoldTheirTurbinesAndTheirPublishedCentre) {
  struct Farm {
    const char* id;
    int turbines;
    LatLon centre;
    bool area;
  };
  const std::array<Farm, 11> farms = {{
      {"horns-rev-1", 80, {55.48, 7.84}, true},
      {"horns-rev-2", 91, {55.60, 7.58}, true},
      {"nysted", 72, {54.55, 11.71}, true},
      {"rodsand-2", 90, {54.56, 11.55}, true},
      {"middelgrunden", 20, {55.69, 12.67}, true},
      {"samso", 10, {55.72, 10.58}, false},
      {"tuno-knob", 10, {55.97, 10.35}, false},
      {"sprogo", 7, {55.34, 10.97}, false},
      {"avedore-holme", 3, {55.60, 12.46}, false},
      {"ronland", 8, {56.67, 8.22}, false},
      {"frederikshavn", 3, {57.44, 10.56}, false},
  }};
  const auto assets = load("energy_north_sea_baltic.geojson");
  for (const auto& f : farms) {
    const Asset* a = find(assets, f.id);
    ASSERT_NE(a, nullptr) << f.id;
    ASSERT_EQ(a->kind, AssetKind::kWindfarm) << f.id;
    ASSERT_EQ(a->geometry, GeometryType::kPolygon) << f.id;
    EXPECT_EQ(a->attribute("turbines").value_or(""), std::to_string(f.turbines)) << f.id;
    if (f.area) {
      EXPECT_TRUE(inside(a->polygons[0], f.centre)) << f.id;
    } else {
      double best = 1e9;
      for (const auto& p : a->polygons[0].rings[0]) best = std::min(best, distance_m(p, f.centre));
      EXPECT_LT(best, 1000 + 600) << f.id;  // a vertex within 1 km of the row, plus turbine spacing
    }
  }
}

TEST(EnergyLayers, AirBasesHaveWiderZonesThanAirports) {
  const auto assets = load("airfields_nordic_baltic.geojson");
  const Asset* skrydstrup = find(assets, "airfield-eksp");
  ASSERT_NE(skrydstrup, nullptr);
  EXPECT_EQ(skrydstrup->kind, AssetKind::kMilitarySite);
  EXPECT_EQ(skrydstrup->buffer_m, 8000);
  const Asset* billund = find(assets, "airfield-ekbi");
  ASSERT_NE(billund, nullptr);
  EXPECT_EQ(billund->kind, AssetKind::kAirport);
  EXPECT_EQ(billund->buffer_m, 5000);
  // The zone follows the runway (09/27, about 3 km long at 55.74 N 9.15 E):
  // 4 km off its western end is inside, 17 km east is not.
  AssetIndex index(std::vector<Asset>{*billund});
  std::array<AssetHit, 4> hits;
  EXPECT_EQ(index.corridors_at(LatLon{55.74, 9.07}, hits).count, 1u);
  EXPECT_EQ(index.corridors_at(LatLon{55.80, 9.40}, hits).count, 0u);
  // Copenhagen, Aalborg, Oslo and Helsinki are in baltic_north_sea.geojson, not twice.
  EXPECT_EQ(find(assets, "airfield-ekch"), nullptr);
}

}  // namespace
}  // namespace lookout
