#include "app/node/clock.h"

#include <gtest/gtest.h>

namespace lookout::node {
namespace {

using namespace std::chrono_literals;

Timestamp wall() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

TEST(NodeClock, AtSpeedOneIsTheWallClock) {
  NodeClock clock;
  EXPECT_FALSE(clock.scaled());
  Timestamp before = wall();
  Timestamp now = clock.now();
  Timestamp after = wall();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
  EXPECT_FALSE(NodeClock(1.0).scaled());
}

TEST(NodeClock, ScaledClockStartsAtItsOriginAndRunsForward) {
  Timestamp origin = from_unix_ms(1'893'456'000'000);  // 2030-01-01
  NodeClock clock(1000.0, origin);
  EXPECT_TRUE(clock.scaled());
  EXPECT_EQ(clock.speed(), 1000.0);
  Timestamp a = clock.now();
  EXPECT_GE(a, origin);
  Timestamp b = clock.now();
  EXPECT_GE(b, a);
  // Real time passes at least as long as the sleep: the node clock at least
  // 1000 times that.
  auto real_before = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - real_before < 2ms) {
  }
  EXPECT_GE(clock.now() - b, 1990ms);
}

TEST(NodeClock, ScaledClockWithoutOriginStartsAtWallNow) {
  Timestamp before = wall();
  NodeClock clock(60.0);
  Timestamp now = clock.now();
  EXPECT_GE(now, before);
}

TEST(NodeClock, UntilScalesTheWaitByTheSpeed) {
  Timestamp origin = from_unix_ms(1'893'456'000'000);
  NodeClock clock(60.0, origin);
  EXPECT_EQ(clock.until(origin - 1s), std::chrono::steady_clock::duration::zero());
  auto wait = clock.until(origin + 60s);
  // A minute of node time is at most a second of real time (less what has passed).
  EXPECT_GT(wait, std::chrono::steady_clock::duration::zero());
  EXPECT_LE(wait, std::chrono::steady_clock::duration(1s));

  NodeClock wall_clock;
  auto wall_wait = wall_clock.until(wall_clock.now() + 10s);
  EXPECT_GT(wall_wait, std::chrono::steady_clock::duration(5s));
  EXPECT_LE(wall_wait, std::chrono::steady_clock::duration(10s));
}

}  // namespace
}  // namespace lookout::node
