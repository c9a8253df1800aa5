#include "app/node/live_pace.h"

#include <gtest/gtest.h>

namespace lookout {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

// Time from the first slice to the start of the last.
microseconds spread(std::size_t vessels, const LivePace& p) {
  std::size_t slices = (vessels + p.slice - 1) / p.slice;
  return slices > 1 ? p.gap * static_cast<microseconds::rep>(slices - 1) : microseconds(0);
}

TEST(LivePace, ABusyBatchIsSpreadOverTheWindowInSmallSlices) {
  // 4,000 vessels: 87 slices of 46 at most 4 ms apart, all within 350 ms.
  auto p = live_pace(4000);
  EXPECT_EQ(p.slice, 46u);
  EXPECT_GE(p.gap, milliseconds(4));
  EXPECT_LE(spread(4000, p), milliseconds(350));
  EXPECT_GE(spread(4000, p), milliseconds(300));
}

TEST(LivePace, AQuietBatchGoesInOneSliceAndAFewInShortSteps) {
  EXPECT_EQ(live_pace(10).slice, 16u);
  EXPECT_EQ(live_pace(10).gap, microseconds(0));
  EXPECT_EQ(live_pace(0).gap, microseconds(0));
  auto p = live_pace(40);  // 3 slices of 16: no need to wait 117 ms between them
  EXPECT_EQ(p.slice, 16u);
  EXPECT_EQ(p.gap, milliseconds(16));
}

TEST(LivePace, AHugeBatchUsesTheLargestSlicesAndOverrunsTheWindow) {
  // 100,000 vessels: 391 slices of 256; the batch takes longer than the
  // window (the changes made meanwhile wait for the next one).
  auto p = live_pace(100000);
  EXPECT_EQ(p.slice, 256u);
  EXPECT_LT(p.gap, milliseconds(1));
  EXPECT_LE(spread(100000, p), milliseconds(350));
}

}  // namespace
}  // namespace lookout
