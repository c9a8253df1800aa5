// TrackHistory keeps the first points and a ring of the last, never more.
#include "track/air/track_history.h"

#include <gtest/gtest.h>

namespace lookout::air {
namespace {

TEST(TrackHistory, KeepsTheFirstPointsAndARingOfTheLast) {
  TrackHistory h;
  for (int i = 0; i < 1000; ++i) {
    h.add({from_unix_ms(i * 1000), LatLon{55, 12 + i * 1e-4}, static_cast<double>(i)},
          std::chrono::milliseconds(1000));
  }
  EXPECT_EQ(h.total(), 1000u);
  ASSERT_EQ(h.first_count(), TrackHistory::kFirst);
  EXPECT_EQ(h.first(0).alt_m, 0);
  EXPECT_EQ(h.first(TrackHistory::kFirst - 1).alt_m, TrackHistory::kFirst - 1);
  ASSERT_EQ(h.recent_count(), TrackHistory::kRecent);
  EXPECT_EQ(h.recent(0).alt_m, 1000 - static_cast<double>(TrackHistory::kRecent));
  EXPECT_EQ(h.recent(TrackHistory::kRecent - 1).alt_m, 999);
  static_assert(sizeof(TrackHistory) < 2048, "fixed size, inside each track");
}

TEST(TrackHistory, ThinsPointsCloserThanTheInterval) {
  TrackHistory h;
  for (int i = 0; i < 10; ++i) {
    h.add({from_unix_ms(i * 250), LatLon{55, 12}, 0}, std::chrono::milliseconds(1000));
  }
  EXPECT_EQ(h.total(), 3u);  // at 0, 1000 and 2000 ms
}

}  // namespace
}  // namespace lookout::air
