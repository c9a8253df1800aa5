// Sensor coverage: range, blind zone, azimuth sector (across north) and
// elevation limits.
#include "track/air/coverage.h"

#include <gtest/gtest.h>

namespace lookout::air {
namespace {

const Eigen::Vector3d kSite(0, 0, 10);

TEST(Coverage, RangeAndBlindZone) {
  SensorConfig s;
  EXPECT_TRUE(in_coverage(s, kSite, {50000, 0, 100})) << "no limits: everywhere";
  s.max_range_m = 5000;
  s.min_range_m = 200;
  EXPECT_TRUE(in_coverage(s, kSite, {3000, 3000, 100}));
  EXPECT_FALSE(in_coverage(s, kSite, {4000, 4000, 100}));
  EXPECT_FALSE(in_coverage(s, kSite, {100, 100, 100}));
}

TEST(Coverage, SectorAcrossNorth) {
  SensorConfig s;
  s.sector_centre_deg = 350;
  s.sector_width_deg = 60;  // 320 .. 20
  EXPECT_TRUE(in_coverage(s, kSite, {0, 1000, 100}));       // north
  EXPECT_TRUE(in_coverage(s, kSite, {300, 1000, 100}));     // 17 degrees
  EXPECT_FALSE(in_coverage(s, kSite, {500, 1000, 100}));    // 27 degrees
  EXPECT_TRUE(in_coverage(s, kSite, {-700, 1000, 100}));    // 325 degrees
  EXPECT_FALSE(in_coverage(s, kSite, {0, -1000, 100}));     // south
}

TEST(Coverage, ElevationLimitsUnlessTheHeightIsUnknown) {
  SensorConfig s;
  s.min_elevation_deg = 0;
  s.max_elevation_deg = 30;
  EXPECT_TRUE(in_coverage(s, kSite, {1000, 0, 200}));
  EXPECT_FALSE(in_coverage(s, kSite, {1000, 0, 1000}));  // 42 degrees up
  EXPECT_TRUE(in_coverage(s, kSite, {1000, 0, 1000}, false));
  EXPECT_FALSE(in_coverage(s, kSite, {1000, 0, -50}));
}

}  // namespace
}  // namespace lookout::air
