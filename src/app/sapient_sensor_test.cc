#include "app/sapient_sensor.h"

#include <gtest/gtest.h>

#include <cmath>

#include "app/sapient_sensor_test_messages.h"
#include "core/geodesy.h"
#include "decode/sapient/decoder.h"

namespace lookout {
namespace {

namespace st = sapient::testing;
namespace pb = sapient::pb;

TEST(SapientSensor, ARotatingRadarsRegistrationGivesItsPatternRevisitErrorsAndClasses) {
  std::string why;
  auto info = describe_registration(st::radar_registration(), &why);
  ASSERT_TRUE(info.ok()) << why;
  const air::SensorConfig& c = info->config;
  EXPECT_EQ(c.id.view(), "3f2b9c1e5a474d2e9c618b0f4e7a2d15");
  EXPECT_EQ(c.origin, air::SensorOrigin::kSapient);
  EXPECT_EQ(info->node_type, "radar");
  EXPECT_EQ(info->name, "air surveillance radar");
  EXPECT_EQ(info->mode, "Default");  // MODE_TYPE_DEFAULT, before any status names one
  EXPECT_EQ(c.pattern, air::ScanPattern::kRotating);
  EXPECT_DOUBLE_EQ(c.revisit_s, 1.0);  // 60 rpm
  EXPECT_DOUBLE_EQ(c.sigma_range_m, 8);
  EXPECT_DOUBLE_EQ(c.sigma_bearing_deg, 0.3);
  EXPECT_DOUBLE_EQ(c.sigma_elevation_deg, 0.5);
  EXPECT_DOUBLE_EQ(c.pd, 0.9);
  ASSERT_TRUE(info->false_alarms_per_scan.has_value());
  EXPECT_DOUBLE_EQ(*info->false_alarms_per_scan, 3);
  EXPECT_EQ(info->classes, (std::vector<std::string>{"UAV", "Quadcopter", "Bird"}));
}

TEST(SapientSensor, AModeChangeResetsWhatTheOldModeSet) {
  auto msg = st::radar_registration();
  auto info = describe_registration(msg);
  ASSERT_TRUE(info.ok());
  ASSERT_TRUE(apply_mode(msg.registration(), "Stare", *info));
  EXPECT_EQ(info->mode, "Stare");
  EXPECT_EQ(info->config.pattern, air::ScanPattern::kStaring);
  EXPECT_EQ(info->config.revisit_s, 0.0);  // a rotation means nothing to a staring mode
  EXPECT_DOUBLE_EQ(info->config.sigma_range_m, 8);
  EXPECT_FALSE(apply_mode(msg.registration(), "NoSuchMode", *info));
  EXPECT_EQ(info->mode, "Stare");
}

TEST(SapientSensor, RotationGivenInDegreesPerSecondOrAsAPeriodIsARevisit) {
  auto msg = st::radar_registration();
  auto* perf = msg.mutable_registration()->mutable_mode_definition(0)->mutable_detection_definition(0)
                   ->mutable_detection_performance();
  perf->Mutable(2)->set_units("Degrees per second");
  perf->Mutable(2)->set_unit_value("90");
  auto info = describe_registration(msg);
  ASSERT_TRUE(info.ok());
  EXPECT_DOUBLE_EQ(info->config.revisit_s, 4.0);
  perf->Mutable(2)->set_type("Scan period");
  perf->Mutable(2)->set_units("ms");
  perf->Mutable(2)->set_unit_value("2500");
  info = describe_registration(msg);
  ASSERT_TRUE(info.ok());
  EXPECT_DOUBLE_EQ(info->config.revisit_s, 2.5);
  perf->Mutable(2)->set_unit_value("fast");  // not a number: learned from the plots instead
  info = describe_registration(msg);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->config.revisit_s, 0.0);
}

TEST(SapientSensor, ARegistrationWithoutAModeIsRefusedWithTheReason) {
  auto msg = st::radar_registration();
  msg.mutable_registration()->clear_mode_definition();
  std::string why;
  auto info = describe_registration(msg, &why);
  ASSERT_FALSE(info.ok());
  EXPECT_STREQ(info.error().field, "mode_definition");
  EXPECT_NE(why.find("no mode"), std::string::npos) << why;
}

TEST(SapientSensor, AFieldOfViewConeGivesRangeSectorAndElevation) {
  auto msg = st::radar_status(55.612, 12.7, 20, 1'700'000'010, st::kRadarId, 90, 120);
  auto* cone = msg.mutable_status_report()->mutable_field_of_view()->mutable_range_bearing();
  cone->set_elevation(10);
  cone->set_vertical_extent(20);
  std::string why;
  auto s = read_status(msg.status_report(), std::nullopt, &why);
  ASSERT_TRUE(s.ok()) << why;
  ASSERT_TRUE(s->position.has_value());
  EXPECT_DOUBLE_EQ(s->position->lat, 55.612);
  EXPECT_DOUBLE_EQ(*s->alt_m, 20);
  ASSERT_TRUE(s->has_coverage);
  air::SensorConfig c;
  apply_coverage(*s, c);
  EXPECT_DOUBLE_EQ(c.max_range_m, 20000);  // 20 km in a DEGREES_KM cone
  EXPECT_DOUBLE_EQ(c.sector_centre_deg, 90);
  EXPECT_DOUBLE_EQ(c.sector_width_deg, 120);
  EXPECT_DOUBLE_EQ(c.min_elevation_deg, 0);
  EXPECT_DOUBLE_EQ(c.max_elevation_deg, 20);
}

TEST(SapientSensor, AMagneticConeKeepsItsRangeButNotItsSector) {
  auto msg = st::radar_status(55.612, 12.7, 20, 1'700'000'010, st::kRadarId, 90, 120);
  msg.mutable_status_report()->mutable_field_of_view()->mutable_range_bearing()->set_datum(
      pb::RANGE_BEARING_DATUM_MAGNETIC);
  auto s = read_status(msg.status_report());
  ASSERT_TRUE(s.ok());
  EXPECT_DOUBLE_EQ(s->max_range_m, 20000);
  EXPECT_DOUBLE_EQ(s->sector_width_deg, 360);  // no declination to turn it to true north
}

pb::Location at(LatLon p) {
  pb::Location loc;
  loc.set_x(p.lon);
  loc.set_y(p.lat);
  loc.set_coordinate_system(pb::LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M);
  loc.set_datum(pb::LOCATION_DATUM_WGS84_E);
  return loc;
}

TEST(SapientSensor, ACoveragePolygonBecomesTheSmallestSectorFromTheSiteThatHoldsIt) {
  const LatLon site{55.612, 12.7};
  auto msg = st::radar_status(site.lat, site.lon, 20, 1'700'000'010);
  msg.mutable_status_report()->clear_field_of_view();
  auto* list = msg.mutable_status_report()->add_coverage()->mutable_location_list();
  // A wedge to the east: 2 km at 60 degrees, 8 km at 90, 3 km at 120.
  *list->add_locations() = at(destination(site, 60, 2000));
  *list->add_locations() = at(destination(site, 90, 8000));
  *list->add_locations() = at(destination(site, 120, 3000));
  auto s = read_status(msg.status_report());
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->has_coverage);
  EXPECT_NEAR(s->max_range_m, 8000, 1);
  EXPECT_NEAR(s->sector_centre_deg, 90, 0.01);
  EXPECT_NEAR(s->sector_width_deg, 60, 0.01);

  // The same points all round the site: the whole circle.
  list->clear_locations();
  for (double b : {0.0, 100.0, 200.0, 300.0}) *list->add_locations() = at(destination(site, b, 5000));
  s = read_status(msg.status_report());
  ASSERT_TRUE(s.ok());
  EXPECT_DOUBLE_EQ(s->sector_width_deg, 360);
  EXPECT_NEAR(s->max_range_m, 5000, 1);

  // Without a site to measure from, a polygon says nothing usable.
  msg.mutable_status_report()->clear_node_location();
  s = read_status(msg.status_report());
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->has_coverage);
  s = read_status(msg.status_report(), site);  // ... with the last known one, it does
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->has_coverage);
}

TEST(SapientSensor, AnUnreadableLocationIsAClearError) {
  auto msg = st::radar_status(55.612, 12.7, 20, 1'700'000'010);
  auto* loc = msg.mutable_status_report()->mutable_node_location();
  loc->set_coordinate_system(pb::LOCATION_COORDINATE_SYSTEM_UTM_M);
  loc->clear_utm_zone();
  std::string why;
  auto s = read_status(msg.status_report(), std::nullopt, &why);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(why.find("status_report.node_location"), std::string::npos) << why;
  EXPECT_NE(why.find("utm_zone"), std::string::npos) << why;
}

TEST(SapientSensor, FalseAlarmsPerScanOverTheCoveredAreaAreTheClutterDensity) {
  auto info = describe_registration(st::radar_registration());
  ASSERT_TRUE(info.ok());
  air::SensorConfig c = info->config;
  const double before = c.clutter_per_km2;
  apply_false_alarms(*info, c);
  EXPECT_EQ(c.clutter_per_km2, before);  // no coverage radius yet
  c.max_range_m = 20000;
  apply_false_alarms(*info, c);
  // What the scenario's sensors file says: 3 per scan over a 20 km circle.
  EXPECT_NEAR(c.clutter_per_km2, 3 / (M_PI * 400), 1e-9);
  c.sector_width_deg = 90;
  apply_false_alarms(*info, c);
  EXPECT_NEAR(c.clutter_per_km2, 4 * 3 / (M_PI * 400), 1e-9);
}

}  // namespace
}  // namespace lookout
