// What Lookout makes of the Dstl BSI Flex 335 v2.0 sample Registrations and
// StatusReports in this folder (SOURCES.md): every Registration.* and
// StatusReport.* file is mapped to the SensorConfig fields it gives
// (app/sapient_sensor.h), and the table below holds the values expected.
// A new sample file without a row fails the test.
//
// The samples are synthetic (SOURCES.md): a camera whose modes are STEERABLE
// (so staring), whose geometric error lists a "Rotation speed" (a rotation of
// a steerable camera, not a revisit: only SCANNING modes take one), with
// Equipment > Weapon > Bomb as its classes; a status that puts lat/lon numbers
// in a UTM location and a one-point polygon as field of view and coverage
// (fewer than three points: no coverage).
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "app/sapient_sensor.h"
#include "decode/sapient/decoder.h"

namespace lookout {
namespace {

namespace fs = std::filesystem;

const fs::path kValid = fs::path(LOOKOUT_SOURCE_DIR) / "tests/golden/sapient/valid";

sapient::SapientMessage load(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  sapient::SapientMessage msg;
  auto status = google::protobuf::util::JsonStringToMessage(text.str(), &msg);
  EXPECT_TRUE(status.ok()) << path << ": " << status.ToString();
  // As a node would send it: the wire form, through our validator.
  std::string bytes;
  msg.SerializeToString(&bytes);
  auto decoded = sapient::decode_message(bytes);
  EXPECT_TRUE(decoded.ok()) << path;
  return decoded.ok() ? *decoded : msg;
}

std::vector<std::string> files_starting(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kValid)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(prefix)) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct ExpectedRegistration {
  std::size_t dependents;
  std::vector<std::string> classes;
};

const std::map<std::string, ExpectedRegistration> kRegistrations = {
    {"Registration.Big.Message.json", {3, {"Equipment", "Weapon", "Bomb"}}},
    {"Registration.FollowObject.json", {3, {"Equipment", "Weapon", "Bomb"}}},
    {"Registration.FullMesssage.Bearing.json", {3, {"Equipment", "Weapon", "Bomb"}}},
    {"Registration.FullMesssage.json", {3, {"Equipment", "Weapon", "Bomb"}}},
    {"Registration.Small.Messsage.json", {0, {}}},
};

TEST(SapientSensorsGolden, EveryRegistrationSampleMapsToItsSensorConfig) {
  const auto files = files_starting("Registration.");
  ASSERT_EQ(files.size(), kRegistrations.size());
  for (const auto& name : files) {
    SCOPED_TRACE(name);
    auto it = kRegistrations.find(name);
    ASSERT_NE(it, kRegistrations.end()) << "a sample without a row";
    std::string why;
    auto info = describe_registration(load(kValid / name), &why);
    ASSERT_TRUE(info.ok()) << why;
    const air::SensorConfig& c = info->config;
    const air::SensorConfig defaults;
    // The sensor is named as its detections name it: the node UUID's hex digits.
    EXPECT_EQ(c.id.view(), "a8654cdf432847de81fac495589e30c9");
    EXPECT_EQ(c.origin, air::SensorOrigin::kSapient);
    EXPECT_EQ(info->node_type, "camera");
    EXPECT_EQ(info->mode, "Default");
    EXPECT_EQ(c.pattern, air::ScanPattern::kStaring);  // SCAN_TYPE_STEERABLE, or none
    EXPECT_EQ(c.revisit_s, 0.0);
    EXPECT_EQ(c.sigma_range_m, defaults.sigma_range_m);  // "Rotation speed" is no position error
    EXPECT_EQ(c.sigma_bearing_deg, defaults.sigma_bearing_deg);
    EXPECT_EQ(c.pd, defaults.pd);  // only a FAR is given
    EXPECT_EQ(c.max_range_m, 0.0);  // a registration has no geometry; statuses bring it
    EXPECT_EQ(c.sector_width_deg, 360.0);
    EXPECT_EQ(info->dependents.size(), it->second.dependents);
    EXPECT_EQ(info->classes, it->second.classes);
    if (it->second.dependents > 0) {
      EXPECT_EQ(info->dependents[0], "6f582b416c88481cbb0f6021a1739f57");
    }
  }
}

TEST(SapientSensorsGolden, EveryStatusReportSampleMapsToASiteOrAGoodbye) {
  const auto files = files_starting("StatusReport.");
  ASSERT_EQ(files, (std::vector<std::string>{"StatusReport.FullMessage.json", "StatusReport.Goodbye.json"}));

  std::string why;
  auto full = read_status(load(kValid / "StatusReport.FullMessage.json").status_report(), std::nullopt, &why);
  ASSERT_TRUE(full.ok()) << why;
  EXPECT_FALSE(full->goodbye);
  EXPECT_EQ(full->mode, "TestMode");
  ASSERT_TRUE(full->position.has_value());
  // Easting 51.17 m, northing -1.82 m in zone 30U: on the equator, ~499.95 km
  // west of the zone's central meridian (3 W). A sphere of WGS84's equatorial
  // radius scaled by 0.9996 puts that at asin(tanh(499948.8 / 6375586)) =
  // 4.488 degrees west of it; the ellipsoid differs by far less than 0.01.
  EXPECT_NEAR(full->position->lon, -7.488, 0.01);
  EXPECT_NEAR(full->position->lat, 0.0, 0.001);
  EXPECT_LT(full->position->lat, 0.0);  // a negative northing in the north: just south of it
  ASSERT_TRUE(full->alt_m.has_value());
  EXPECT_EQ(*full->alt_m, 788.0);
  ASSERT_TRUE(full->position_sigma_m.has_value());
  EXPECT_EQ(*full->position_sigma_m, 5.0);
  EXPECT_FALSE(full->has_coverage);  // one-point polygons hold no area

  air::SensorConfig c;
  apply_coverage(*full, c);
  EXPECT_EQ(c.max_range_m, 0.0);
  EXPECT_EQ(c.sector_width_deg, 360.0);

  auto bye = read_status(load(kValid / "StatusReport.Goodbye.json").status_report(), std::nullopt, &why);
  ASSERT_TRUE(bye.ok()) << why;
  EXPECT_TRUE(bye->goodbye);
  EXPECT_FALSE(bye->position.has_value());
  EXPECT_FALSE(bye->has_coverage);
}

}  // namespace
}  // namespace lookout
