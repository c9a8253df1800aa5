#include "decode/sapient/decoder.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/geodesy.h"
#include "decode/sapient/test_messages.h"

namespace lookout::sapient {
namespace {

std::string wire(const SapientMessage& msg) {
  std::string bytes;
  EXPECT_TRUE(msg.SerializeToString(&bytes));
  return bytes;
}

TEST(SapientDecoder, DecodesAValidMessage) {
  const auto result = decode_message(wire(testing::detection_at(55.6, 12.6, 120)));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->has_detection_report());
}

TEST(SapientDecoder, RejectsGarbageAndNamesTheFirstField) {
  std::vector<Violation> why;
  const auto garbage = decode_message(std::string("\xff\xff\xff\xff\x0f", 5), &why);
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(why.front().reason, "not a serialized SapientMessage (protobuf parse failed)");

  auto msg = testing::detection_at(55.6, 12.6, 120);
  msg.mutable_detection_report()->set_report_id("AAA");
  const auto bad = decode_message(wire(msg), &why);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kBadValue);
  EXPECT_STREQ(bad.error().field, "sapient_msg.bsi_flex_335_v2_0.DetectionReport.report_id");
  EXPECT_EQ(why.front().message(), "detection_report.report_id: not a ULID: \"AAA\"");
}

TEST(SapientDecoder, LatLonDetection) {
  std::string why;
  const auto det = to_detection(testing::detection_at(55.6, 12.6, 120), {}, &why);
  ASSERT_TRUE(det.ok()) << why;
  EXPECT_EQ(to_unix_ms(det->time), 1'700'000'000'250);
  EXPECT_EQ(det->sensor.view(), "a8654cdf432847de81fac495589e30c8");
  EXPECT_EQ(det->object_id.view(), "01GGYFBAXH4VYRQYEX7S3XGK3H");
  ASSERT_TRUE(det->position.has_value());
  EXPECT_DOUBLE_EQ(det->position->lat, 55.6);
  EXPECT_DOUBLE_EQ(det->position->lon, 12.6);
  EXPECT_DOUBLE_EQ(det->alt_m.value(), 120);
  EXPECT_NEAR(det->sigma_m.value(), 11.1, 0.2);  // 0.0001 deg of latitude
  EXPECT_DOUBLE_EQ(det->vel_e.value(), 10);
  EXPECT_DOUBLE_EQ(det->vel_n.value(), -5);
  EXPECT_FALSE(det->vel_u.has_value());
  EXPECT_EQ(det->cls, ObjectClass::kDrone);
  EXPECT_NEAR(det->confidence.value(), 0.8, 1e-6);
}

TEST(SapientDecoder, VelocityInKilometresPerHour) {
  NodeContext node;
  node.velocity_in_kph = true;
  const auto det = to_detection(testing::detection_at(55.6, 12.6, 120), node);
  ASSERT_TRUE(det.ok());
  EXPECT_NEAR(det->vel_e.value(), 10 / 3.6, 1e-9);
}

TEST(SapientDecoder, RangeBearingUsesTheNodePosition) {
  const auto msg = testing::detection_polar(1000, 90, 0);
  const auto alone = to_detection(msg);
  ASSERT_TRUE(alone.ok());
  EXPECT_FALSE(alone->position.has_value());
  EXPECT_DOUBLE_EQ(alone->range_m.value(), 1000);
  EXPECT_DOUBLE_EQ(alone->bearing_deg.value(), 90);
  EXPECT_EQ(alone->cls, ObjectClass::kBird);

  NodeContext node;
  node.position = LatLon{55.0, 12.0};
  node.alt_m = 20;
  const auto placed = to_detection(msg, node);
  ASSERT_TRUE(placed.ok());
  ASSERT_TRUE(placed->position.has_value());
  EXPECT_NEAR(distance_m(*node.position, *placed->position), 1000, 0.5);
  EXPECT_NEAR(initial_bearing_deg(*node.position, *placed->position), 90, 0.01);
  EXPECT_NEAR(placed->alt_m.value(), 20, 1e-9);
}

TEST(SapientDecoder, RangeBearingUnits) {
  auto msg = testing::detection_polar(2, std::numbers::pi, 0);
  msg.mutable_detection_report()->mutable_range_bearing()->set_coordinate_system(
      pb::RANGE_BEARING_COORDINATE_SYSTEM_RADIANS_KM);
  const auto det = to_detection(msg);
  ASSERT_TRUE(det.ok());
  EXPECT_NEAR(det->bearing_deg.value(), 180, 1e-9);
  EXPECT_NEAR(det->range_m.value(), 2000, 1e-9);

  msg = testing::detection_polar(100, -30, 0);
  const auto wrapped = to_detection(msg);
  ASSERT_TRUE(wrapped.ok());
  EXPECT_NEAR(wrapped->bearing_deg.value(), 330, 1e-9);

  // -1e-20 degrees is 360 - 1e-20, which rounds to 360: must come out as 0.
  msg = testing::detection_polar(100, -1e-20, 0);
  const auto tiny = to_detection(msg);
  ASSERT_TRUE(tiny.ok());
  EXPECT_GE(tiny->bearing_deg.value(), 0.0);
  EXPECT_LT(tiny->bearing_deg.value(), 360.0);
}

TEST(SapientDecoder, MagneticBearingsAreRejectedWithAReason) {
  auto msg = testing::detection_polar(100, 10, 0);
  msg.mutable_detection_report()->mutable_range_bearing()->set_datum(pb::RANGE_BEARING_DATUM_MAGNETIC);
  std::string why;
  const auto det = to_detection(msg, {}, &why);
  ASSERT_FALSE(det.ok());
  EXPECT_STREQ(det.error().field, "datum");
  EXPECT_NE(why.find("magnetic"), std::string::npos);
}

TEST(SapientDecoder, UtmLocation) {
  pb::Location loc;
  loc.set_x(500000);
  loc.set_y(6200000);
  loc.set_coordinate_system(pb::LOCATION_COORDINATE_SYSTEM_UTM_M);
  loc.set_datum(pb::LOCATION_DATUM_WGS84_E);
  std::string why;
  EXPECT_FALSE(to_latlon(loc, nullptr, nullptr, &why).ok());  // no zone
  EXPECT_NE(why.find("utm_zone"), std::string::npos);
  loc.set_utm_zone("32V");
  const auto pos = to_latlon(loc, nullptr, nullptr, &why);
  ASSERT_TRUE(pos.ok()) << why;
  EXPECT_NEAR(pos->lon, 9.0, 1e-9);  // central meridian of zone 32
  EXPECT_NEAR(pos->lat, 55.94, 0.01);
  loc.set_utm_zone("32C");  // southern band
  const auto south = to_latlon(loc);
  ASSERT_TRUE(south.ok());
  EXPECT_LT(south->lat, 0);
  loc.set_x(1e12);
  EXPECT_FALSE(to_latlon(loc).ok());
}

TEST(SapientDecoder, ClassNames) {
  EXPECT_EQ(object_class_from_sapient("UAV"), ObjectClass::kDrone);
  EXPECT_EQ(object_class_from_sapient("drone"), ObjectClass::kDrone);
  EXPECT_EQ(object_class_from_sapient("Air Vehicle"), ObjectClass::kDrone);
  EXPECT_EQ(object_class_from_sapient("Unmanned Aircraft"), ObjectClass::kDrone);
  EXPECT_EQ(object_class_from_sapient("Bird"), ObjectClass::kBird);
  EXPECT_EQ(object_class_from_sapient("Aircraft"), ObjectClass::kAircraft);
  EXPECT_EQ(object_class_from_sapient("Manned Helicopter"), ObjectClass::kAircraft);
  EXPECT_EQ(object_class_from_sapient("Human"), ObjectClass::kUnknown);
  EXPECT_EQ(object_class_from_sapient(""), ObjectClass::kUnknown);
}

TEST(SapientDecoder, SubClassRefinesTheClass) {
  auto msg = testing::detection_at(55.6, 12.6, 120);
  auto* cls = msg.mutable_detection_report()->mutable_classification(0);
  cls->set_type("Vehicle");
  auto* sub = cls->add_sub_class();
  sub->set_type("Bird");
  sub->set_level(1);
  sub->set_confidence(0.7F);
  const auto det = to_detection(msg);
  ASSERT_TRUE(det.ok());
  EXPECT_EQ(det->cls, ObjectClass::kBird);
}

TEST(SapientDecoder, NotADetection) {
  EXPECT_FALSE(to_detection(testing::alert()).ok());
}

}  // namespace
}  // namespace lookout::sapient
