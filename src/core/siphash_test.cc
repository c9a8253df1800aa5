#include "core/siphash.h"

#include <gtest/gtest.h>

#include <string>

namespace lookout {
namespace {

// The reference vectors of the SipHash paper (appendix A) and its
// implementation: key 00 01 .. 0f, messages 00 01 .. (n-1).
std::string counting(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s.push_back(static_cast<char>(i));
  return s;
}

TEST(SipHash, MatchesTheReferenceVectors) {
  const SipKey key{0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL};
  EXPECT_EQ(siphash24(key, counting(0)), 0x726fdb47dd0e0e31ULL);
  EXPECT_EQ(siphash24(key, counting(15)), 0xa129ca6149be45e5ULL);
}

TEST(SipHash, DependsOnTheKey) {
  EXPECT_NE(siphash24({1, 2}, "a-1"), siphash24({1, 3}, "a-1"));
  EXPECT_NE(siphash24({1, 2}, "a-1"), siphash24({1, 2}, "a-2"));
}

}  // namespace
}  // namespace lookout
