#include "server/api/auth.h"

#include <gtest/gtest.h>

#include <set>

namespace lookout::server {
namespace {

TEST(Auth, Sha256MatchesTheStandardVector) {
  // FIPS 180-2 example: SHA-256("abc").
  EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto back = sha256_from_hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, sha256("abc"));
  EXPECT_FALSE(sha256_from_hex("ba78").has_value());
  EXPECT_FALSE(sha256_from_hex(std::string(64, 'g')).has_value());
}

TEST(Auth, NewTokensAreLongUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = new_token();
    EXPECT_EQ(t.size(), 43u);
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
}

TEST(Auth, TokenBookKnowsOnlyTheHashedTokens) {
  TokenBook book;
  book.add({"dnk-watch", "DNK", Role::kOperator}, sha256("secret-1"));
  book.add({"gbr-view", "GBR", Role::kViewer}, sha256("secret-2"));
  auto a = book.authenticate("secret-1");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->name, "dnk-watch");
  EXPECT_EQ(a->nation, "DNK");
  EXPECT_TRUE(a->may_ack());
  auto b = book.authenticate("secret-2");
  ASSERT_TRUE(b.has_value());
  EXPECT_FALSE(b->may_ack());
  EXPECT_FALSE(book.authenticate("secret-3").has_value());
  EXPECT_FALSE(book.authenticate("").has_value());
  EXPECT_FALSE(book.authenticate(std::string(10000, 'x')).has_value());
  EXPECT_EQ(role_from_string("admin"), Role::kAdmin);
  EXPECT_FALSE(role_from_string("root").has_value());
}

}  // namespace
}  // namespace lookout::server
