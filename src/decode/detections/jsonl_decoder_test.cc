// Tests of the JSON Lines detections decoder: field by field, the errors it
// names, and the golden file tests/golden/detections/mixed.jsonl.
#include "decode/detections/jsonl_decoder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace lookout::detections {
namespace {

TEST(DetectionsJsonlDecoder, DecodesTheArchitectureExample) {
  DetectionsJsonlDecoder dec;
  auto r = dec.decode(
      R"({"time":"2025-09-22T20:31:02.5Z","sensor":"rf-1","lat":55.6391,"lon":12.7102,"sigma_m":150,"class":"drone","confidence":0.85})");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(format_iso8601(r->time), "2025-09-22T20:31:02.500Z");
  EXPECT_EQ(r->sensor.view(), "rf-1");
  ASSERT_TRUE(r->position.has_value());
  EXPECT_DOUBLE_EQ(r->position->lat, 55.6391);
  EXPECT_DOUBLE_EQ(r->position->lon, 12.7102);
  EXPECT_DOUBLE_EQ(*r->sigma_m, 150);
  EXPECT_EQ(r->cls, ObjectClass::kDrone);
  EXPECT_DOUBLE_EQ(*r->confidence, 0.85);
  EXPECT_FALSE(r->range_m.has_value());
  EXPECT_FALSE(r->alt_m.has_value());
  EXPECT_EQ(dec.stats().messages(), 1u);
}

TEST(DetectionsJsonlDecoder, DecodesPolarDetections) {
  DetectionsJsonlDecoder dec;
  auto r = dec.decode(
      R"({"time":"2025-09-22T20:31:03Z","sensor":"radar-1","range_m":2150.5,"bearing_deg":360,"elevation_deg":-2})");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_FALSE(r->position.has_value());
  EXPECT_DOUBLE_EQ(*r->range_m, 2150.5);
  EXPECT_DOUBLE_EQ(*r->bearing_deg, 0);  // 360 is north
  EXPECT_DOUBLE_EQ(*r->elevation_deg, -2);
}

TEST(DetectionsJsonlDecoder, NamesTheMissingHalfOfAPair) {
  DetectionsJsonlDecoder dec;
  auto r = dec.decode(R"({"time":"2025-09-22T20:31:03Z","sensor":"s","range_m":10})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMissingField);
  EXPECT_STREQ(r.error().field, "bearing_deg");
  r = dec.decode(R"({"time":"2025-09-22T20:31:03Z","sensor":"s","lon":10})");
  ASSERT_FALSE(r.ok());
  EXPECT_STREQ(r.error().field, "lat");
}

TEST(DetectionsJsonlDecoder, RejectsOutOfRangeValuesWithTheirOffset) {
  DetectionsJsonlDecoder dec;
  std::string line = R"({"time":"2025-09-22T20:31:03Z","sensor":"s","lat":91,"lon":10})";
  auto r = dec.decode(line);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadValue);
  EXPECT_STREQ(r.error().field, "lat");
  EXPECT_EQ(r.error().offset, line.find("\"lat\""));
  EXPECT_EQ(dec.stats().errors(ErrorCode::kBadValue), 1u);
}

TEST(DetectionsJsonlDecoder, RejectsAnUnknownClassName) {
  DetectionsJsonlDecoder dec;
  auto r = dec.decode(R"({"time":"2025-09-22T20:31:03Z","sensor":"s","lat":1,"lon":2,"class":"ufo"})");
  ASSERT_FALSE(r.ok());
  EXPECT_STREQ(r.error().field, "class");
}

TEST(DetectionsJsonlDecoder, SkipsBlankAndCommentLinesWithoutCountingThemAsErrors) {
  DetectionsJsonlDecoder dec;
  EXPECT_EQ(dec.decode("").error().code, ErrorCode::kEmptyLine);
  EXPECT_EQ(dec.decode("  # a comment").error().code, ErrorCode::kEmptyLine);
  EXPECT_EQ(dec.stats().total_errors(), 0u);
  EXPECT_EQ(dec.stats().lines(), 2u);
}

TEST(DetectionsJsonlDecoder, RejectsOverlongLines) {
  DetectionsJsonlDecoder dec;
  std::string line = R"({"time":"2025-09-22T20:31:03Z","sensor":"s","lat":1,"lon":2,"pad":")";
  line += std::string(kMaxLineBytes, 'x');
  line += "\"}";
  EXPECT_EQ(dec.decode(line).error().code, ErrorCode::kLineTooLong);
}

TEST(DetectionsJsonlDecoder, WriterOutputReadsBackToTheSameDetection) {
  SensorDetection d;
  d.time = from_unix_ms(1758573062123);
  d.sensor.assign("radar \"north\"");
  d.object_id.assign("t-9");
  d.range_m = 1234.5678;
  d.bearing_deg = 0.1 + 0.2;  // not exactly 0.3: the shortest form must keep every bit
  d.elevation_deg = 2.5;
  d.vel_e = -1.0 / 3.0;
  d.cls = ObjectClass::kBird;
  d.confidence = 0.4;
  std::string line;
  append_detection_json_line(line, d);
  ASSERT_EQ(line.back(), '\n');
  line.pop_back();
  DetectionsJsonlDecoder dec;
  auto r = dec.decode(line);
  ASSERT_TRUE(r.ok()) << r.error().message() << " in " << line;
  EXPECT_EQ(r->time, d.time);
  EXPECT_EQ(r->sensor, d.sensor);
  EXPECT_EQ(r->object_id, d.object_id);
  EXPECT_EQ(*r->range_m, *d.range_m);
  EXPECT_EQ(*r->bearing_deg, *d.bearing_deg);
  EXPECT_EQ(*r->vel_e, *d.vel_e);
  EXPECT_EQ(r->cls, ObjectClass::kBird);
  EXPECT_EQ(*r->confidence, 0.4);
}

// Golden: every line of mixed.jsonl decoded and written back (or its error)
// must match mixed.expected.txt. Regenerate by setting LOOKOUT_REGEN_GOLDENS=1.
TEST(DetectionsJsonlDecoder, MatchesTheGoldenFile) {
  const std::string base = std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/detections/mixed";
  std::ifstream in(base + ".jsonl");
  ASSERT_TRUE(in) << base;
  DetectionsJsonlDecoder dec;
  std::string got;
  std::string line;
  while (std::getline(in, line)) {
    auto r = dec.decode(line);
    if (r.ok()) {
      append_detection_json_line(got, *r);
    } else if (r.error().code != ErrorCode::kEmptyLine) {
      got += "error: " + r.error().message() + "\n";
    }
  }
  if (std::getenv("LOOKOUT_REGEN_GOLDENS") != nullptr) {
    std::ofstream(base + ".expected.txt") << got;
  }
  std::ifstream expected_in(base + ".expected.txt");
  std::stringstream expected;
  expected << expected_in.rdbuf();
  EXPECT_EQ(got, expected.str());
  EXPECT_EQ(dec.stats().messages(), 6u);
  EXPECT_EQ(dec.stats().total_errors(), 20u);
}

}  // namespace
}  // namespace lookout::detections
