// [[unit]]: own units of the node configuration (track/friendly_units.h).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "app/node/config.h"

namespace lookout::node {
namespace {

Result<NodeConfig> parse(const std::string& text, std::string& error) {
  return parse_config(text, "test.toml", std::filesystem::path(LOOKOUT_SOURCE_DIR) / "examples", error);
}

std::string error_of(const std::string& text) {
  std::string error;
  EXPECT_FALSE(parse(text, error).ok()) << text;
  return error;
}

TEST(NodeConfigUnits, ReadsOwnUnitsWithTheirTopSpeeds) {
  std::string error;
  auto r = parse(R"(
[[unit]]
mmsi = 230999001
name = "TURVA"
top_speed_knots = 25

[[unit]]
mmsi = 230999002
name = "Coast guard Dornier"
kind = "aircraft"
top_speed_knots = 180.5
)",
                 error);
  ASSERT_TRUE(r.ok()) << error;
  ASSERT_EQ(r->units.size(), 2u);
  EXPECT_EQ(r->units[0].mmsi, 230999001u);
  EXPECT_EQ(r->units[0].name, "TURVA");
  EXPECT_EQ(r->units[0].kind, track::UnitKind::kVessel);
  EXPECT_NEAR(r->units[0].top_speed_mps, 25 * 1852.0 / 3600, 1e-9);
  EXPECT_EQ(r->units[1].kind, track::UnitKind::kAircraft);
}

TEST(NodeConfigUnits, RefusesWhatAnInterceptCouldNotPlanWith) {
  EXPECT_EQ(error_of("[[unit]]\nmmsi = 230999001\nname = \"A\"\n"),
            "test.toml:1: [[unit]] #1: top_speed_knots: required, a speed in knots above 0");
  EXPECT_EQ(error_of("[[unit]]\nmmsi = 23099900\nname = \"A\"\ntop_speed_knots = 20\n"),
            "test.toml:2: [[unit]] #1: mmsi: must be a 9-digit MMSI");
  EXPECT_EQ(error_of("[[unit]]\nmmsi = 230999001\nname = \"A\"\nkind = \"tank\"\ntop_speed_knots = 20\n"),
            "test.toml:4: [[unit]] #1: kind: 'tank' is not one of vessel, aircraft, helicopter, shore_team, drone, other");
  EXPECT_EQ(error_of("[[unit]]\nmmsi = 230999001\nname = \"A\"\ntop_speed_knots = 20\n"
                     "[[unit]]\nmmsi = 230999001\nname = \"B\"\ntop_speed_knots = 20\n"),
            "test.toml:6: [[unit]] #2: mmsi: 230999001 is listed by another unit");
  EXPECT_NE(error_of("[[unit]]\nmmsi = 230999001\nname = \"A\"\nspeed = 20\n").find("unknown key 'speed'"),
            std::string::npos);
}

}  // namespace
}  // namespace lookout::node
