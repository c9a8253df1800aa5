#include "track/mmsi_map.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <unordered_map>

namespace lookout::track {
namespace {

TEST(MmsiMap, FindsInsertsAndErases) {
  MmsiMap<int> m;
  EXPECT_EQ(m.find(230000001), nullptr);
  EXPECT_FALSE(m.erase(230000001));
  bool inserted = false;
  m.get_or_insert(230000001, inserted) = 7;
  EXPECT_TRUE(inserted);
  m.get_or_insert(230000001, inserted) += 1;
  EXPECT_FALSE(inserted);
  ASSERT_NE(m.find(230000001), nullptr);
  EXPECT_EQ(*m.find(230000001), 8);
  EXPECT_EQ(m[0], 0);  // value-initialised
  EXPECT_EQ(m.size(), 2u);
  EXPECT_TRUE(m.erase(230000001));
  EXPECT_EQ(m.find(230000001), nullptr);
  EXPECT_EQ(m.size(), 1u);
}

// Random inserts, erases and bulk erases against std::unordered_map, with
// keys drawn from a small range so that probe runs collide, wrap around the
// end of the table and are shifted back by erases.
TEST(MmsiMap, AgreesWithUnorderedMapUnderRandomOperations) {
  std::mt19937 rng(12345);
  MmsiMap<uint64_t> m;
  std::unordered_map<uint32_t, uint64_t> ref;
  for (int step = 0; step < 200000; ++step) {
    const uint32_t key = 200000000 + static_cast<uint32_t>(rng() % 3000);
    switch (rng() % 8) {
      case 0:
      case 1:
      case 2:
        m[key] = step;
        ref[key] = step;
        break;
      case 3:
      case 4:
        EXPECT_EQ(m.erase(key), ref.erase(key) == 1);
        break;
      case 5:
        if (step % 1000 == 5) {
          const uint32_t parity = static_cast<uint32_t>(rng() % 2);
          auto pred = [&](uint32_t k, uint64_t) { return k % 2 == parity; };
          const std::size_t removed = m.erase_if(pred);
          const std::size_t expected = std::erase_if(ref, [&](const auto& kv) { return pred(kv.first, kv.second); });
          EXPECT_EQ(removed, expected);
        }
        break;
      default: {
        const uint64_t* found = m.find(key);
        auto it = ref.find(key);
        ASSERT_EQ(found != nullptr, it != ref.end()) << step;
        if (found != nullptr) {
          EXPECT_EQ(*found, it->second);
        }
      }
    }
    ASSERT_EQ(m.size(), ref.size()) << step;
  }
  std::size_t seen = 0;
  m.for_each([&](uint32_t k, uint64_t v) {
    ++seen;
    auto it = ref.find(k);
    ASSERT_NE(it, ref.end());
    EXPECT_EQ(it->second, v);
  });
  EXPECT_EQ(seen, ref.size());
}

TEST(MmsiMap, EraseIfCanEmptyTheMapAndItIsReusable) {
  MmsiMap<int> m;
  for (uint32_t k = 0; k < 1000; ++k) m[k * 64] = 1;  // keys sharing low bits
  EXPECT_EQ(m.erase_if([](uint32_t, int) { return true; }), 1000u);
  EXPECT_TRUE(m.empty());
  m[5] = 2;
  EXPECT_EQ(*m.find(5), 2);
  m.clear();
  EXPECT_EQ(m.find(5), nullptr);
  m[6] = 3;
  EXPECT_EQ(*m.find(6), 3);
}

}  // namespace
}  // namespace lookout::track
