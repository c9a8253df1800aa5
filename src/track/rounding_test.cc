#include "track/rounding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace lookout::track {
namespace {

TEST(Rounding, MatchesLlroundOnHalvesAndNeighbours) {
  const double cases[] = {0.0,  -0.0, 0.5,  -0.5, 1.5,  -1.5, 2.5, -2.5, 0.49999999999999994,
                          -0.49999999999999994, 4503599627370495.5, -4503599627370495.5,
                          4503599627370497.0, 1e15 + 0.5, 123456789.4999999, 599999999.5,
                          std::nextafter(0.5, 0.0), std::nextafter(0.5, 1.0), 1e18, -1e18};
  for (double x : cases) EXPECT_EQ(round_half_away(x), std::llround(x)) << x;
}

TEST(Rounding, MatchesLlroundOnRandomCoordinates) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> deg(-180, 180);
  for (int i = 0; i < 1000000; ++i) {
    const double x = deg(rng) * 1e7;
    ASSERT_EQ(round_half_away(x), std::llround(x)) << x;
    const double y = std::round(x) + 0.5;  // exact halves
    ASSERT_EQ(round_half_away(y), std::llround(y)) << y;
  }
}

// Every AIS position value converts as the double expression it replaces:
// the ends of both ranges, "not available" (91 and 181 degrees) and a dense
// sweep (every 7th unit of latitude's whole range: 15 million values).
TEST(Rounding, AisPositionUnitsConvertAsTheDoubleExpression) {
  auto reference = [](int32_t units) { return std::llround(units / 600000.0 * 1e7); };
  const int32_t ends[] = {0, 1, -1, 2, -2, 3, -3, 90 * 600000, -90 * 600000, 180 * 600000, -180 * 600000,
                          91 * 600000, 181 * 600000};
  for (int32_t u : ends) EXPECT_EQ(ais_to_e7(u), reference(u)) << u;
  for (int32_t u = -181 * 600000; u <= 181 * 600000; u += 7) ASSERT_EQ(ais_to_e7(u), reference(u)) << u;
}

}  // namespace
}  // namespace lookout::track
