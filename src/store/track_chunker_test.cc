#include "store/track_chunker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace lookout::store {
namespace {

track::TrackPoint at(int64_t time_ms, double lat, double lon) {
  track::TrackPoint p;
  p.time_ms = time_ms;
  p.lat_e7 = static_cast<int32_t>(lat * 1e7);
  p.lon_e7 = static_cast<int32_t>(lon * 1e7);
  return p;
}

std::vector<ChunkRow> take(TrackChunker& c) {
  std::vector<ChunkRow> out;
  c.take_dirty(out);
  std::sort(out.begin(), out.end(), [](const ChunkRow& a, const ChunkRow& b) { return a.id < b.id; });
  return out;
}

TEST(TrackChunker, HandsOutEachChangedChunkOnceAndOnlyThoseThatChanged) {
  TrackChunker c(/*max_points=*/3, /*max_seconds=*/3600, /*next_id=*/100);
  c.add(1, at(0, 55.0, 12.0), nullptr);
  c.add(2, at(0, 56.0, 13.0), nullptr);
  c.add(1, at(1000, 55.1, 12.1), nullptr);
  auto first = take(c);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, 100);
  EXPECT_EQ(first[0].mmsi, 1u);
  EXPECT_EQ(first[0].points, 2u);
  EXPECT_DOUBLE_EQ(first[0].max_lat, 55.1);
  EXPECT_EQ(first[1].mmsi, 2u);
  EXPECT_TRUE(take(c).empty()) << "nothing changed since";

  // Vessel 2 only: vessel 1's chunk is not handed out again.
  c.add(2, at(2000, 56.2, 13.0), nullptr);
  auto second = take(c);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].mmsi, 2u);
  EXPECT_EQ(second[0].to_ms, 2000);

  // Vessel 1 fills its chunk (3 points) and starts another: the full chunk
  // and the new one, whose box also covers the previous report.
  c.add(1, at(3000, 55.2, 12.2), nullptr);
  c.add(1, at(4000, 55.3, 12.3), nullptr);
  auto third = take(c);
  ASSERT_EQ(third.size(), 2u);
  EXPECT_EQ(third[0].id, 100);
  EXPECT_EQ(third[0].points, 3u);
  EXPECT_EQ(third[1].mmsi, 1u);
  EXPECT_EQ(third[1].points, 1u);
  EXPECT_DOUBLE_EQ(third[1].min_lat, 55.2);
  EXPECT_EQ(third[1].from_ms, 3000);
}

TEST(TrackChunker, EvictsIdleVesselsAtMostOncePerStepOfTheCutoff) {
  TrackChunker c(100, 3600, 1);
  c.add(1, at(0, 55.0, 12.0), nullptr);
  c.add(2, at(0, 56.0, 13.0), nullptr);
  (void)take(c);
  c.add(1, at(60'000, 55.01, 12.0), nullptr);  // vessel 1 reports again, still dirty
  c.evict_idle(30'000);                        // vessel 2 idle before the cutoff; 1 not
  EXPECT_EQ(c.open_chunks(), 1u);
  EXPECT_FALSE(c.knows(2));
  EXPECT_TRUE(c.knows(1));

  // Vessel 1 goes idle too, but the cutoff has moved less than a step: no
  // walk yet. Its unsent change is handed out all the same.
  c.evict_idle(30'000 + TrackChunker::kEvictStepMs - 1);
  EXPECT_TRUE(c.knows(1));
  c.evict_idle(30'000 + TrackChunker::kEvictStepMs);
  EXPECT_FALSE(c.knows(1));
  auto rows = take(c);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].mmsi, 1u);
  EXPECT_EQ(rows[0].points, 2u);

  // An evicted vessel that reports again starts a new chunk, handed out once.
  c.add(2, at(2'000'000, 56.5, 13.5), nullptr);
  c.add(2, at(2'001'000, 56.6, 13.5), nullptr);
  auto again = take(c);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].mmsi, 2u);
  EXPECT_EQ(again[0].points, 2u);
  EXPECT_TRUE(take(c).empty());
}

}  // namespace
}  // namespace lookout::store
