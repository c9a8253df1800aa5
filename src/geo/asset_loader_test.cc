#include "geo/asset_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace lookout {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = fs::path(LOOKOUT_SOURCE_DIR) / "tests" / "golden" / "geo";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Asset& by_id(const LoadedAssets& loaded, std::string_view id) {
  for (const Asset& a : loaded.assets) {
    if (a.id == id) return a;
  }
  ADD_FAILURE() << "no asset " << id;
  return loaded.assets.front();
}

LoadedAssets load_all_geometries(const AssetLoadOptions& options = {}) {
  AssetLoadResult r = load_assets_file((kGoldenDir / "all_geometries.geojson").string(), options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : LoadedAssets{};
}

TEST(AssetLoader, LoadsEveryGeometryTypeInFileOrder) {
  LoadedAssets loaded = load_all_geometries();
  ASSERT_EQ(loaded.assets.size(), 10u);
  EXPECT_EQ(loaded.assets[0].id, "point-port");
  EXPECT_EQ(loaded.assets[9].id, "k-airspace");

  const Asset& port = by_id(loaded, "point-port");
  EXPECT_EQ(port.geometry, GeometryType::kPoint);
  EXPECT_EQ(port.point, (LatLon{60.16, 24.95}));

  const Asset& cable = by_id(loaded, "line-cable");
  EXPECT_EQ(cable.geometry, GeometryType::kLineString);
  ASSERT_EQ(cable.lines.size(), 1u);
  ASSERT_EQ(cable.lines[0].size(), 3u);
  EXPECT_EQ(cable.lines[0][0], (LatLon{59.5, 25.0}));  // the altitude is dropped

  const Asset& pipe = by_id(loaded, "multiline-pipeline");
  EXPECT_EQ(pipe.geometry, GeometryType::kMultiLineString);
  ASSERT_EQ(pipe.lines.size(), 2u);
  EXPECT_EQ(pipe.lines[1].size(), 3u);

  const Asset& anchorage = by_id(loaded, "polygon-anchorage");
  EXPECT_EQ(anchorage.geometry, GeometryType::kPolygon);
  ASSERT_EQ(anchorage.polygons.size(), 1u);
  EXPECT_EQ(anchorage.polygons[0].rings.size(), 2u);  // outer ring and a hole

  const Asset& farm = by_id(loaded, "multipolygon-windfarm");
  EXPECT_EQ(farm.geometry, GeometryType::kMultiPolygon);
  ASSERT_EQ(farm.polygons.size(), 2u);
  EXPECT_EQ(farm.polygons[1].rings[0].size(), 5u);  // closed by the loader
  EXPECT_TRUE(farm.is_polygon());
  EXPECT_FALSE(farm.is_line());
}

TEST(AssetLoader, ClosesAnOpenRingAndSaysSo) {
  LoadedAssets loaded = load_all_geometries();
  const auto& ring = by_id(loaded, "multipolygon-windfarm").polygons[1].rings[0];
  EXPECT_EQ(ring.front(), ring.back());
  ASSERT_EQ(loaded.warnings.size(), 1u);
  EXPECT_EQ(loaded.warnings[0],
            "feature 4 (id 'multipolygon-windfarm'): ring 0 of polygon 1 was not closed; closed it");
}

TEST(AssetLoader, AppliesTheDefaultBufferOfEachKindUnlessGiven) {
  LoadedAssets loaded = load_all_geometries();
  EXPECT_EQ(by_id(loaded, "line-cable").buffer_m, 1500);
  EXPECT_EQ(by_id(loaded, "multiline-pipeline").buffer_m, 0);
  EXPECT_EQ(by_id(loaded, "point-port").buffer_m, default_buffer_m(AssetKind::kPort));
  EXPECT_EQ(by_id(loaded, "k-airport").buffer_m, 5000);
  EXPECT_EQ(by_id(loaded, "polygon-anchorage").buffer_m, 0);
  EXPECT_EQ(by_id(loaded, "k-platform").buffer_m, 500);
}

TEST(AssetLoader, ReadsEveryKind) {
  LoadedAssets loaded = load_all_geometries();
  std::vector<bool> seen(kAssetKindCount, false);
  for (const Asset& a : loaded.assets) seen[static_cast<std::size_t>(a.kind)] = true;
  for (std::size_t k = 0; k < kAssetKindCount; ++k) {
    EXPECT_TRUE(seen[k]) << to_string(static_cast<AssetKind>(k));
  }
}

TEST(AssetLoader, KeepsOwnerMarkingAndScalarAttributes) {
  LoadedAssets loaded = load_all_geometries();
  const Asset& port = by_id(loaded, "point-port");
  EXPECT_EQ(port.owner, "Test Port Ltd");
  EXPECT_EQ(port.marking, (Marking{"FIN", {"JEF"}}));
  EXPECT_EQ(by_id(loaded, "multipolygon-windfarm").marking, (Marking{"EST", {"NATO", "FIN"}}));

  const Asset& cable = by_id(loaded, "line-cable");
  EXPECT_EQ(cable.attribute("cable_type"), "power");
  EXPECT_EQ(cable.attribute("capacity_mw"), "650");
  EXPECT_EQ(cable.attribute("buried"), "true");
  EXPECT_FALSE(cable.attribute("nested").has_value());
  EXPECT_FALSE(cable.attribute("nothing").has_value());
  EXPECT_FALSE(cable.attribute("kind").has_value());  // known fields are not attributes
}

TEST(AssetLoader, GivesUnmarkedFeaturesTheDefaultMarking) {
  EXPECT_EQ(by_id(load_all_geometries(), "line-cable").marking, Marking{});
  AssetLoadOptions options;
  options.default_marking = Marking{"DNK", {"NATO"}};
  LoadedAssets loaded = load_all_geometries(options);
  EXPECT_EQ(by_id(loaded, "line-cable").marking, (Marking{"DNK", {"NATO"}}));
  EXPECT_EQ(by_id(loaded, "point-port").marking, (Marking{"FIN", {"JEF"}}));
}

// Every tests/golden/geo/bad/NAME.geojson must be refused with the message in
// NAME.expected (a trailing "..." matches as a prefix).
TEST(AssetLoader, RefusesEachBadGoldenWithItsExactMessage) {
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(kGoldenDir / "bad")) {
    if (entry.path().extension() != ".geojson") continue;
    ++cases;
    fs::path expected_path = entry.path();
    expected_path.replace_extension(".expected");
    std::string expected = slurp(expected_path);
    while (!expected.empty() && expected.back() == '\n') expected.pop_back();
    AssetLoadResult r = parse_assets_geojson(slurp(entry.path()));
    ASSERT_FALSE(r.ok()) << entry.path();
    const std::string& got = r.error().message;
    if (expected.size() > 3 && expected.ends_with("...")) {
      EXPECT_EQ(got.substr(0, expected.size() - 3), expected.substr(0, expected.size() - 3))
          << entry.path();
    } else {
      EXPECT_EQ(got, expected) << entry.path();
    }
  }
  EXPECT_GE(cases, 25);
}

TEST(AssetLoader, NamesFeatureIdAndFieldInTheError) {
  AssetLoadResult r = parse_assets_geojson(slurp(kGoldenDir / "bad" / "unknown_kind.geojson"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadValue);
  EXPECT_EQ(r.error().feature, 12u);
  EXPECT_EQ(r.error().id, "estlink-2");
  EXPECT_EQ(r.error().field, "properties.kind");
  EXPECT_EQ(r.error().to_status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(r.error().message.starts_with("feature 12 (id 'estlink-2'): unknown kind 'cabel'"));

  AssetLoadResult missing = parse_assets_geojson(slurp(kGoldenDir / "bad" / "missing_name.geojson"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kMissingField);
  EXPECT_EQ(missing.error().field, "properties.name");

  AssetLoadResult json = parse_assets_geojson("{");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().code, ErrorCode::kBadJson);
  EXPECT_EQ(json.error().feature, AssetLoadError::kNoFeature);
}

TEST(AssetLoader, ReportsAFileThatCannotBeOpened) {
  AssetLoadResult r = load_assets_file("/nonexistent/assets.geojson");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIoError);
  EXPECT_EQ(r.error().to_status().code(), StatusCode::kIoError);
  EXPECT_EQ(r.error().to_status().message(), r.error().message);
  EXPECT_EQ(r.error().message, "cannot open assets file '/nonexistent/assets.geojson'");
}

TEST(AssetLoader, PrefixesFileErrorsWithThePath) {
  const std::string path = (kGoldenDir / "bad" / "duplicate_id.geojson").string();
  AssetLoadResult r = load_assets_file(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, path + ": feature 2 (id 'a'): duplicate id (first used by feature 0)");
}

TEST(AssetLoader, EnforcesThePositionLimit) {
  AssetLoadOptions options;
  options.max_positions = 5;
  AssetLoadResult r = load_assets_file((kGoldenDir / "all_geometries.geojson").string(), options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("more than 5 positions in the file"), std::string::npos);
}

TEST(AssetLoader, AcceptsAnEmptyCollection) {
  AssetLoadResult r = parse_assets_geojson(R"({"type":"FeatureCollection","features":[]})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().assets.empty());
}

TEST(AssetLoader, NeverFailsHardOnMutatedInput) {
  // A quick in-test fuzz: flip, drop and duplicate bytes of a valid file.
  const std::string base = slurp(kGoldenDir / "all_geometries.geojson");
  std::mt19937 rng(12345);
  int refused = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string text = base;
    for (int m = 0; m < 3; ++m) {
      std::size_t pos = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[pos] = static_cast<char>(rng() % 256);
          break;
        case 1:
          text.erase(pos, 1 + rng() % 8);
          break;
        default:
          text.insert(pos, text.substr(rng() % text.size(), 1 + rng() % 16));
          break;
      }
    }
    AssetLoadResult r = parse_assets_geojson(text);
    if (!r.ok()) {
      ++refused;
      EXPECT_FALSE(r.error().message.empty());
    }
  }
  EXPECT_GT(refused, 0);
}

TEST(AssetKindNames, RoundTripEveryKind) {
  for (std::size_t k = 0; k < kAssetKindCount; ++k) {
    const auto kind = static_cast<AssetKind>(k);
    EXPECT_EQ(parse_asset_kind(to_string(kind)), kind);
  }
  EXPECT_FALSE(parse_asset_kind("Cable").has_value());
  EXPECT_FALSE(parse_asset_kind("").has_value());
  EXPECT_STREQ(to_string(AssetKind::kEnergySite), "energy_site");
}

}  // namespace
}  // namespace lookout
