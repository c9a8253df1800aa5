#include "app/sensors_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace lookout {
namespace {

TEST(SensorsFile, ReadsEveryField) {
  auto r = parse_sensors_json(R"([
    {"id": "radar-1", "lat": 55.612, "lon": 12.7, "alt_m": 20, "sigma_range_m": 8,
     "sigma_bearing_deg": 0.3, "sigma_elevation_deg": 0.5, "pd": 0.9,
     "clutter_per_scan": 3, "max_range_m": 20000, "vendor": "ignored"},
    {"id": "rf-1", "lat": 55.64, "lon": 12.64, "sigma_m": 150, "sigma_alt_m": 20, "pd": 0.8,
     "clutter_per_km2": 0.01}])");
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_EQ(r->size(), 2u);
  const auto& radar = (*r)[0];
  EXPECT_EQ(radar.id.view(), "radar-1");
  EXPECT_DOUBLE_EQ(radar.position.lat, 55.612);
  EXPECT_DOUBLE_EQ(radar.alt_m, 20);
  EXPECT_DOUBLE_EQ(radar.sigma_range_m, 8);
  EXPECT_DOUBLE_EQ(radar.sigma_bearing_deg, 0.3);
  EXPECT_DOUBLE_EQ(radar.sigma_elevation_deg, 0.5);
  EXPECT_DOUBLE_EQ(radar.max_range_m, 20000);
  // 3 per scan over a 20 km disc.
  EXPECT_NEAR(radar.clutter_per_km2, 3 / (std::numbers::pi * 400), 1e-9);
  const auto& rf = (*r)[1];
  EXPECT_DOUBLE_EQ(rf.sigma_m, 150);
  EXPECT_DOUBLE_EQ(rf.sigma_alt_m, 20);
  EXPECT_DOUBLE_EQ(rf.clutter_per_km2, 0.01);
  EXPECT_DOUBLE_EQ(rf.sigma_range_m, air::SensorConfig{}.sigma_range_m);  // default kept
}

TEST(SensorsFile, ReadsScanPatternAndCoverage) {
  auto r = parse_sensors_json(R"([
    {"id": "radar-1", "lat": 55.612, "lon": 12.7, "pattern": "rotating", "revisit_s": 4,
     "min_range_m": 500, "max_range_m": 20000, "sector_centre_deg": 270, "sector_width_deg": 180,
     "min_elevation_deg": -2, "max_elevation_deg": 40, "reorder_lag_ms": 500, "clutter_per_scan": 3},
    {"id": "radar-2", "lat": 55.6, "lon": 12.6, "pattern": "rotating"},
    {"id": "eo-1", "lat": 55.6, "lon": 12.6, "pattern": "staring"},
    {"id": "rf-1", "lat": 55.64, "lon": 12.64}])");
  ASSERT_TRUE(r.ok()) << describe_sensors_error(r.error());
  ASSERT_EQ(r->size(), 4u);
  const auto& radar = (*r)[0];
  EXPECT_EQ(radar.pattern, air::ScanPattern::kRotating);
  EXPECT_DOUBLE_EQ(radar.revisit_s, 4);
  EXPECT_DOUBLE_EQ(radar.min_range_m, 500);
  EXPECT_DOUBLE_EQ(radar.sector_centre_deg, 270);
  EXPECT_DOUBLE_EQ(radar.sector_width_deg, 180);
  EXPECT_DOUBLE_EQ(radar.min_elevation_deg, -2);
  EXPECT_DOUBLE_EQ(radar.max_elevation_deg, 40);
  EXPECT_EQ(radar.reorder_lag_ms, 500);
  // 3 per scan over half of the ring between 0.5 and 20 km.
  EXPECT_NEAR(radar.clutter_per_km2, 3 / (std::numbers::pi * (400 - 0.25) / 2), 1e-9);
  // A rotating sensor without its revolution learns it (revisit_s 0).
  EXPECT_EQ((*r)[1].pattern, air::ScanPattern::kRotating);
  EXPECT_DOUBLE_EQ((*r)[1].revisit_s, 0);
  EXPECT_EQ((*r)[2].pattern, air::ScanPattern::kStaring);
  // Left out: SensorConfig's defaults (staring, all round, every elevation, 2 s lag).
  const auto& rf = (*r)[3];
  const air::SensorConfig d;
  EXPECT_EQ(rf.pattern, d.pattern);
  EXPECT_DOUBLE_EQ(rf.min_range_m, d.min_range_m);
  EXPECT_DOUBLE_EQ(rf.sector_width_deg, d.sector_width_deg);
  EXPECT_DOUBLE_EQ(rf.min_elevation_deg, d.min_elevation_deg);
  EXPECT_DOUBLE_EQ(rf.max_elevation_deg, d.max_elevation_deg);
  EXPECT_EQ(rf.reorder_lag_ms, d.reorder_lag_ms);
}

TEST(SensorsFile, NamesASapientNodeByItsUuidAndOutranksWhatTheNodeSays) {
  auto r = parse_sensors_json(R"([{"id": "3F2B9C1E-5A47-4D2E-9C61-8B0F4E7A2D15", "lat": 55.6121, "lon": 12.7003}])");
  ASSERT_TRUE(r.ok()) << r.error().message();
  // As the node's detections name it (decode/sapient/decoder.h, sensor_name).
  EXPECT_EQ((*r)[0].id.view(), "3f2b9c1e5a474d2e9c618b0f4e7a2d15");
  EXPECT_EQ((*r)[0].origin, air::SensorOrigin::kFile);
}

TEST(SensorsFile, RejectsBadEntriesNamingEntryAndField) {
  struct Case {
    const char* text;
    const char* reason;
  };
  const Case cases[] = {
      {"{", "not JSON"},
      {R"({"id": "x"})", "bad_value in field 'sensors' (the file must hold a JSON array)"},
      {R"([{"lat": 1, "lon": 2}])", "entry 0: missing_field in field 'id'"},
      {R"([{"id": "a", "lat": 1, "lon": 2}, {"id": "b", "lat": 91, "lon": 2}])", "entry 1: bad_value in field 'lat'"},
      {R"([{"id": "a", "lat": 1}])", "entry 0: missing_field in field 'lon'"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "pd": 1.5}])", "entry 0: bad_value in field 'pd'"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "sigma_m": "big"}])", "entry 0: bad_value in field 'sigma_m'"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "clutter_per_scan": 2}])",
       "entry 0: missing_field in field 'max_range_m' (clutter_per_scan needs the coverage radius)"},
      {R"([{"id": "a", "lat": 1, "lon": 2}, {"id": "a", "lat": 1, "lon": 2}])",
       "entry 1: bad_value in field 'id' (empty, longer than 32 bytes, not text, or repeated)"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "pattern": "spiral"}])",
       "entry 0: bad_value in field 'pattern' (\"staring\" or \"rotating\")"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "pattern": 1}])",
       "entry 0: bad_value in field 'pattern' (\"staring\" or \"rotating\")"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "pattern": "rotating", "revisit_s": -1}])",
       "entry 0: bad_value in field 'revisit_s' (0 to 3600 s, and only for a rotating sensor)"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "revisit_s": 4}])",
       "entry 0: bad_value in field 'revisit_s' (0 to 3600 s, and only for a rotating sensor)"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "min_range_m": 5000, "max_range_m": 4000}])",
       "entry 0: bad_value in field 'min_range_m' (0 or more, below max_range_m)"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "sector_centre_deg": 361}])", "entry 0: bad_value in field 'sector_centre_deg'"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "sector_width_deg": 0}])", "entry 0: bad_value in field 'sector_width_deg'"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "min_elevation_deg": 10, "max_elevation_deg": 5}])",
       "entry 0: bad_value in field 'min_elevation_deg' (-90 to 90 degrees, below max_elevation_deg)"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "max_elevation_deg": 91}])", "entry 0: bad_value in field 'max_elevation_deg'"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "reorder_lag_ms": 2.5}])",
       "entry 0: bad_value in field 'reorder_lag_ms' (whole milliseconds, 0 to 600000)"},
      {R"([{"id": "a", "lat": 1, "lon": 2, "reorder_lag_ms": -1}])",
       "entry 0: bad_value in field 'reorder_lag_ms' (whole milliseconds, 0 to 600000)"},
  };
  for (const auto& c : cases) {
    auto r = parse_sensors_json(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(describe_sensors_error(r.error()), c.reason) << c.text;
  }
  auto missing = load_sensors_file("/nonexistent/sensors.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(describe_sensors_error(missing.error()), "cannot be read");
}

}  // namespace
}  // namespace lookout
