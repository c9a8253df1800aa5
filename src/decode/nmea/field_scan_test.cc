#include "decode/nmea/field_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace lookout::nmea::detail {
namespace {

// The obvious byte loop the vector scanners must agree with.
FieldScan reference_scan(std::string_view text) {
  FieldScan out;
  uint8_t sum = 0;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '*') {
      out.star = i;
      break;
    }
    sum = static_cast<uint8_t>(sum ^ static_cast<uint8_t>(text[i]));
    if (text[i] == ',') {
      if (out.commas < FieldScan::kMaxCommas) out.comma[out.commas] = i;
      ++out.commas;
    }
  }
  out.xor_sum = sum;
  return out;
}

void expect_same(const FieldScan& got, const FieldScan& want, const std::string& text) {
  ASSERT_EQ(got.star, want.star) << text;
  ASSERT_EQ(got.xor_sum, want.xor_sum) << text;
  ASSERT_EQ(got.commas, want.commas) << text;
  for (int k = 0; k < std::min(want.commas, FieldScan::kMaxCommas); ++k) {
    ASSERT_EQ(got.comma[k], want.comma[k]) << text << " comma " << k;
  }
}

TEST(NmeaFieldScan, AgreesWithAByteLoopOnRandomText) {
  // Random texts of every length up to 100 over an alphabet rich in ',' and
  // '*', at every offset in a buffer, so that blocks, tails and the
  // overlapping last block all meet stars and commas in every lane.
  std::mt19937 rng(7);
  const std::string alphabet = ",,,*ABCxyz0189\\!\x80\xff";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int round = 0; round < 40; ++round) {
    for (std::size_t len = 0; len <= 100; ++len) {
      std::string buffer(len + 16, '#');
      const std::size_t offset = static_cast<std::size_t>(round % 16);
      for (std::size_t i = 0; i < len; ++i) buffer[offset + i] = alphabet[pick(rng)];
      // Half the texts have no star at all.
      if (round % 2 == 0) {
        for (std::size_t i = 0; i < len; ++i) {
          if (buffer[offset + i] == '*') buffer[offset + i] = 'S';
        }
      }
      const std::string_view text(buffer.data() + offset, len);
      const FieldScan want = reference_scan(text);
      FieldScan got;
      scan_fields(text, got);
      expect_same(got, want, std::string(text));
      const StarScan fast = scan_star(text);
      ASSERT_EQ(fast.star, want.star) << text;
      ASSERT_EQ(fast.xor_sum, want.xor_sum) << text;
      ASSERT_EQ(fast.commas, static_cast<uint32_t>(want.commas)) << text;
      const StarScan portable = scan_star_swar(text);
      ASSERT_EQ(portable.star, want.star) << text;
      ASSERT_EQ(portable.xor_sum, want.xor_sum) << text;
      ASSERT_EQ(portable.commas, static_cast<uint32_t>(want.commas)) << text;
    }
  }
}

TEST(NmeaFieldScan, CountsCommasOfTextsLongerThanItsByteCounters) {
  // 5000 commas: more than a one-byte counter per lane could hold.
  std::string text(5000, ',');
  text += "*00";
  const StarScan scan = scan_star(text);
  EXPECT_EQ(scan.commas, 5000u);
  EXPECT_EQ(scan.star, 5000u);
}

TEST(NmeaFieldScan, CountsCommasBeyondTheOnesItStores) {
  const std::string text(40, ',');
  FieldScan scan;
  scan_fields(text, scan);
  EXPECT_EQ(scan.commas, 40);
  EXPECT_EQ(scan.comma[FieldScan::kMaxCommas - 1], uint32_t{FieldScan::kMaxCommas - 1});
  EXPECT_EQ(scan.star, FieldScan::kNoStar);
}

}  // namespace
}  // namespace lookout::nmea::detail
