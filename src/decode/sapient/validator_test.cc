#include "decode/sapient/validator.h"

#include <gtest/gtest.h>

#include "decode/sapient/decoder.h"
#include "decode/sapient/test_messages.h"

namespace lookout::sapient {
namespace {

std::string first(const std::vector<Violation>& v) { return v.empty() ? std::string("(none)") : v.front().message(); }

TEST(SapientIds, UuidFormat) {
  EXPECT_TRUE(is_uuid("a8654cdf-4328-47de-81fa-c495589e30c8"));
  EXPECT_TRUE(is_uuid("A8654CDF-4328-47DE-81FA-C495589E30C8"));
  EXPECT_FALSE(is_uuid("a8654cdf432847de81fac495589e30c8"));
  EXPECT_FALSE(is_uuid("a8654cdf-4328-47de-81fa-c495589e30cg"));
  EXPECT_FALSE(is_uuid("01GGYFBAXH4VYRQYEX7S3XGK3H"));
  EXPECT_FALSE(is_uuid(""));
}

TEST(SapientIds, UlidFormat) {
  EXPECT_TRUE(is_ulid("01GGYFBAXH4VYRQYEX7S3XGK3H"));
  EXPECT_TRUE(is_ulid("01ggyfbaxh4vyrqyex7s3xgk3h"));
  EXPECT_FALSE(is_ulid("AAA"));
  EXPECT_FALSE(is_ulid("81GGYFBAXH4VYRQYEX7S3XGK3H"));  // above 2^128
  EXPECT_FALSE(is_ulid("01GGYFBAXH4VYRQYEX7S3XGK3U"));  // U is not Crockford
  EXPECT_FALSE(is_ulid("a8654cdf-4328-47de-81fa-c495589e30c9"));
}

TEST(SapientValidator, TestMessagesAreValid) {
  EXPECT_EQ(first(validate(testing::registration())), "(none)");
  EXPECT_EQ(first(validate(testing::status_report(55.6, 12.6, 10))), "(none)");
  EXPECT_EQ(first(validate(testing::detection_at(55.6, 12.6, 100))), "(none)");
  EXPECT_EQ(first(validate(testing::detection_polar(500, 45, 3))), "(none)");
  EXPECT_EQ(first(validate(testing::alert())), "(none)");
  EXPECT_EQ(first(validate(testing::goodbye())), "(none)");
}

TEST(SapientValidator, MissingMandatoryFieldIsNamed) {
  auto msg = testing::detection_at(55.6, 12.6, 100);
  msg.mutable_detection_report()->clear_object_id();
  const auto v = validate(msg);
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v[0].code, ErrorCode::kMissingField);
  EXPECT_EQ(v[0].message(), "detection_report.object_id: missing");
  EXPECT_STREQ(v[0].field, "sapient_msg.bsi_flex_335_v2_0.DetectionReport.object_id");
}

TEST(SapientValidator, MissingOneofListsTheChoices) {
  auto msg = testing::detection_at(55.6, 12.6, 100);
  msg.mutable_detection_report()->clear_location();
  EXPECT_EQ(first(validate(msg)), "detection_report.location_oneof: missing: needs one of range_bearing or location");
  auto empty = testing::envelope();
  EXPECT_EQ(first(validate(empty)).substr(0, 24), "content: missing: needs ");
}

TEST(SapientValidator, EnvelopeRules) {
  auto msg = testing::alert();
  msg.clear_timestamp();
  EXPECT_EQ(first(validate(msg)), "timestamp: missing");
  msg = testing::alert();
  msg.set_node_id("01H4R63D7NVN8444Z5M77WEBY6");
  EXPECT_EQ(first(validate(msg)), "node_id: not a UUID: \"01H4R63D7NVN8444Z5M77WEBY6\"");
  msg = testing::alert();
  msg.mutable_timestamp()->set_nanos(-1);
  EXPECT_EQ(first(validate(msg)), "timestamp.nanos: outside 0..999999999: -1");
}

TEST(SapientValidator, ValueRules) {
  auto msg = testing::detection_at(55.6, 12.6, 100);
  msg.mutable_detection_report()->mutable_classification(0)->set_confidence(1.5F);
  EXPECT_EQ(first(validate(msg)), "detection_report.classification[0].confidence: outside 0..1: 1.5");

  msg = testing::detection_at(95.0, 12.6, 100);
  EXPECT_EQ(first(validate(msg)), "detection_report.location.y: latitude out of range: 95");

  msg = testing::detection_at(55.6, 12.6, 100);
  msg.mutable_detection_report()->mutable_location()->set_coordinate_system(
      static_cast<pb::LocationCoordinateSystem>(3));  // withdrawn feet variant
  EXPECT_EQ(first(validate(msg)), "detection_report.location.coordinate_system: value 3 is not a LocationCoordinateSystem");

  msg = testing::detection_at(55.6, 12.6, 100);
  msg.mutable_detection_report()->mutable_location()->set_datum(pb::LOCATION_DATUM_UNSPECIFIED);
  EXPECT_EQ(first(validate(msg)), "detection_report.location.datum: unspecified (LOCATION_DATUM_UNSPECIFIED)");

  msg = testing::registration();
  msg.mutable_registration()->set_icd_version("BSI Flex 335 v1.0");
  EXPECT_EQ(first(validate(msg)),
            "registration.icd_version: is \"BSI Flex 335 v1.0\", expected \"BSI Flex 335 v2.0\"");

  msg = testing::detection_at(55.6, 12.6, 100);
  msg.mutable_detection_report()->mutable_location()->set_x(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(first(validate(msg)), "detection_report.location.x: not a finite number");
}

TEST(SapientValidator, UnknownFieldOnTheWireIsRejected) {
  std::string bytes;
  ASSERT_TRUE(testing::detection_at(55.6, 12.6, 100).SerializeToString(&bytes));
  // Field 99 (varint) appended at the envelope level: not in v2.0.
  // Tag 99 << 3 | 0 = 792 as a varint is 0x98 0x06; value 1.
  bytes += std::string("\x98\x06\x01", 3);
  std::vector<Violation> why;
  const auto result = decode_message(bytes, &why);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(first(why), "(message): carries field number 99, which SapientMessage does not have in BSI Flex 335 v2.0");
}

TEST(SapientValidator, StopsAtTheBound) {
  auto msg = testing::envelope();
  msg.clear_timestamp();
  msg.set_node_id("x");
  msg.set_destination_id("y");
  EXPECT_EQ(validate(msg, 2).size(), 2U);
  EXPECT_EQ(validate(msg, 8).size(), 4U);  // timestamp, node_id, destination_id, content
}

}  // namespace
}  // namespace lookout::sapient
