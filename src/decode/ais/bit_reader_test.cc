#include "decode/ais/bit_reader.h"

#include <random>
#include <string>

#include <gtest/gtest.h>

#include "decode/ais/payload_builder_for_test.h"

namespace lookout::ais {
namespace {

using testing::PayloadBuilder;

// The armour alphabet in value order.
std::string alphabet() {
  std::string chars;
  for (char c = '0'; c <= 'W'; ++c) chars.push_back(c);
  for (char c = '`'; c <= 'w'; ++c) chars.push_back(c);
  return chars;
}

TEST(AisBitReader, DeArmoursEveryCharacterOfTheAlphabet) {
  const std::string chars = alphabet();
  ASSERT_EQ(chars.size(), 64u);
  BitReader reader;
  ASSERT_EQ(reader.load(chars, 0).code, ErrorCode::kOk);
  ASSERT_EQ(reader.size(), 384u);
  for (unsigned value = 0; value < 64; ++value) {
    EXPECT_EQ(reader.u(6 * value, 6), value) << "character " << chars[value];
  }
}

TEST(AisBitReader, RejectsCharactersOutsideTheAlphabetAtTheirIndex) {
  for (const char bad : {'X', '_', 'x', '/', ' ', ',', '*', '\0', '\x80', '\xff'}) {
    std::string payload = "15RTgt0PAso;90TKcjM8h6g208CQ";
    payload[17] = bad;
    BitReader reader;
    const Error error = reader.load(payload, 0);
    EXPECT_EQ(error.code, ErrorCode::kBadArmor) << "character code " << int{bad};
    EXPECT_EQ(error.offset, 17u);
    EXPECT_EQ(reader.size(), 0u);
    EXPECT_EQ(reader.u(0, 64), 0u);
  }
}

TEST(AisBitReader, ReportsTheFirstOfSeveralBadCharacters) {
  BitReader reader;
  EXPECT_EQ(reader.load("15RTgt0PAs o;90TKcjM8h6g2xx", 0).offset, 10u);
}

TEST(AisBitReader, RejectsFillBitsAboveFive) {
  BitReader reader;
  EXPECT_EQ(reader.load("15RTgt", 5).code, ErrorCode::kOk);
  const Error error = reader.load("15RTgt", 6);
  EXPECT_EQ(error.code, ErrorCode::kBadFillBits);
  EXPECT_STREQ(error.field, "fill_bits");
}

TEST(AisBitReader, RejectsAnEmptyPayload) {
  BitReader reader;
  EXPECT_EQ(reader.load("", 0).code, ErrorCode::kEmptyPayload);
}

TEST(AisBitReader, AcceptsFiveSlotsAndRejectsOneBitMore) {
  BitReader reader;
  const std::string full(BitReader::kMaxChars, 'w');  // 214 characters
  EXPECT_EQ(reader.load(full, 4).code, ErrorCode::kOk);
  EXPECT_EQ(reader.size(), BitReader::kMaxBits);
  EXPECT_EQ(reader.u(BitReader::kMaxBits - 8, 8), 0xFFu);
  EXPECT_EQ(reader.load(full, 3).code, ErrorCode::kPayloadOverflow);
  EXPECT_EQ(reader.load(full + "0", 5).code, ErrorCode::kPayloadOverflow);
  EXPECT_EQ(reader.load(std::string(10000, '0'), 0).code, ErrorCode::kPayloadOverflow);
}

TEST(AisBitReader, ReadsFieldsAtEveryOffsetAndWidthLikeABitByBitReader) {
  std::mt19937 rng(20240531);
  std::uniform_int_distribution<int> six_bits(0, 63);
  const std::string chars = alphabet();
  std::string payload;
  for (int idx = 0; idx < 60; ++idx) payload.push_back(chars[six_bits(rng)]);
  BitReader reader;
  ASSERT_EQ(reader.load(payload, 0).code, ErrorCode::kOk);
  std::string bits;
  for (char c : payload) {
    const unsigned value = static_cast<unsigned>(chars.find(c));
    for (int bit = 5; bit >= 0; --bit) bits.push_back(((value >> bit) & 1) != 0 ? '1' : '0');
  }
  for (std::size_t start = 0; start < bits.size(); ++start) {
    for (unsigned width = 1; width <= 64 && start + width <= bits.size(); ++width) {
      const uint64_t expected = std::stoull(bits.substr(start, width), nullptr, 2);
      ASSERT_EQ(reader.u(start, width), expected) << "start " << start << " width " << width;
    }
  }
}

// load() de-armours sixteen characters per step with SSE2 and the last one
// to fifteen apart (load_portable() ten at a time); every length, every fill
// and every byte value at every position of a step must read as a
// one-character-at-a-time reference does, through both.
void expect_loads_like_a_reference(Error (BitReader::*load)(std::string_view, unsigned) noexcept) {
  std::mt19937 rng(20261126);
  std::uniform_int_distribution<int> six_bits(0, 63);
  const std::string chars = alphabet();
  BitReader reader;
  for (std::size_t length = 1; length <= BitReader::kMaxChars; ++length) {
    std::string payload;
    for (std::size_t idx = 0; idx < length; ++idx) payload.push_back(chars[six_bits(rng)]);
    const unsigned fill = static_cast<unsigned>(length % 6);
    const std::size_t size = 6 * length - fill;
    if (size > BitReader::kMaxBits) continue;
    ASSERT_EQ((reader.*load)(payload, fill).code, ErrorCode::kOk) << "length " << length;
    ASSERT_EQ(reader.size(), size);
    for (std::size_t idx = 0; idx < length; ++idx) {
      const uint64_t expected = chars.find(payload[idx]);
      const unsigned width = 6 * idx + 6 <= size ? 6 : static_cast<unsigned>(size - 6 * idx);
      ASSERT_EQ(reader.u(6 * idx, width), expected >> (6 - width))
          << "length " << length << " character " << idx;
    }
    EXPECT_EQ(reader.u(size, 64), 0u) << "length " << length;
  }
  // Every byte value in every lane of a full step and of a tail.
  for (const std::size_t length : {std::size_t{3}, std::size_t{10}, std::size_t{16},
                                   std::size_t{23}, std::size_t{37}}) {
    for (std::size_t pos = 0; pos < length; ++pos) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string payload(length, '0');
        payload[pos] = static_cast<char>(byte);
        const std::size_t value = chars.find(static_cast<char>(byte));
        const Error error = (reader.*load)(payload, 0);
        if (value == std::string::npos) {
          ASSERT_EQ(error.code, ErrorCode::kBadArmor) << "byte " << byte << " at " << pos;
          ASSERT_EQ(error.offset, pos);
          continue;
        }
        ASSERT_EQ(error.code, ErrorCode::kOk) << "byte " << byte << " at " << pos;
        for (std::size_t idx = 0; idx < length; ++idx) {
          ASSERT_EQ(reader.u(6 * idx, 6), idx == pos ? value : 0u)
              << "byte " << byte << " at " << pos << ", character " << idx;
        }
      }
    }
  }
}

TEST(AisBitReader, LoadsEveryLengthAndByteLikeACharacterByCharacterReference) {
  expect_loads_like_a_reference(&BitReader::load);
}

TEST(AisBitReader, LoadsPortablyLikeACharacterByCharacterReference) {
  expect_loads_like_a_reference(&BitReader::load_portable);
}

TEST(AisBitReader, SignExtendsSignedFields) {
  const auto built = PayloadBuilder().put(0b1111, 4).put(0b0111, 4).put(0b1000, 4);
  BitReader reader;
  ASSERT_EQ(reader.load(built.payload(), built.fill_bits()).code, ErrorCode::kOk);
  EXPECT_EQ(reader.s(0, 4), -1);
  EXPECT_EQ(reader.s(4, 4), 7);
  EXPECT_EQ(reader.s(8, 4), -8);
  EXPECT_EQ(reader.u(8, 4), 8u);
}

TEST(AisBitReader, ReadsFillBitsAndTheNext64BitsAsZero) {
  BitReader reader;
  ASSERT_EQ(reader.load("ww", 5).code, ErrorCode::kOk);  // 111111 1|11111 (fill)
  EXPECT_EQ(reader.size(), 7u);
  EXPECT_EQ(reader.u(0, 12), 0b111111100000u);
  EXPECT_EQ(reader.u(7, 60), 0u);
  EXPECT_EQ(reader.u(40, 31), 0u);  // ends 64 bits past size()
}

TEST(AisBitReader, ForgetsThePreviousPayloadOnReload) {
  BitReader reader;
  ASSERT_EQ(reader.load(std::string(100, 'w'), 0).code, ErrorCode::kOk);
  ASSERT_EQ(reader.load("w", 0).code, ErrorCode::kOk);
  EXPECT_EQ(reader.u(0, 12), 0b111111000000u);
  EXPECT_EQ(reader.u(6, 64), 0u);
  EXPECT_EQ(reader.u(64, 6), 0u);
}

TEST(AisBitReader, ReadsOnlyTheBitsThatArrivedOfACutTrailingField) {
  BitReader reader;
  ASSERT_EQ(reader.load("ww", 2).code, ErrorCode::kOk);  // ten ones
  EXPECT_EQ(reader.u_partial(4, 20), 0b111111u);         // six bits arrived
  EXPECT_EQ(reader.u_partial(0, 3), 0b111u);
  EXPECT_EQ(reader.u_partial(10, 20), 0u);
  EXPECT_EQ(reader.u_partial(99, 20), 0u);
}

TEST(AisSixBitText, MapsEveryValueToTheAisCharacterSet) {
  const std::string expected =
      "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";
  for (unsigned value = 0; value < 64; ++value) {
    EXPECT_EQ(six_bit_char(value), expected[value]) << "value " << value;
  }
}

TEST(AisSixBitText, StopsAtTheFirstAtSignAndTrimsTrailingSpaces) {
  struct Case {
    const char* sent;
    const char* shown;
  };
  // '@' is the NUL of six-bit text: nothing after it counts, even letters
  // (gpsd's own test log has the call sign "@@J130B", shown as empty).
  for (const Case& c : {Case{"DILIGENTIA    @@@@@@", "DILIGENTIA"},
                        Case{"@@J130B", ""},
                        Case{"IBC G BUOY@?????????", "IBC G BUOY"},
                        Case{"FT PIERCE INL 5     ", "FT PIERCE INL 5"},
                        Case{"  LEADING KEPT", "  LEADING KEPT"},
                        Case{"R'DAM/LWARDEN", "R'DAM/LWARDEN"},
                        Case{"                    ", ""}}) {
    const std::string_view sent = c.sent;
    const auto built = PayloadBuilder().text(sent, static_cast<unsigned>(sent.size()));
    BitReader reader;
    ASSERT_EQ(reader.load(built.payload(), built.fill_bits()).code, ErrorCode::kOk);
    FixedString<20> out;
    read_six_bit_text(reader, 0, sent.size(), out);
    EXPECT_EQ(out.view(), c.shown) << "sent \"" << c.sent << '"';
  }
}

TEST(AisSixBitText, AppendReportsWhetherAnAtSignEndedTheText) {
  const auto built = PayloadBuilder().text("AB", 2).text("C@D", 3);
  BitReader reader;
  ASSERT_EQ(reader.load(built.payload(), built.fill_bits()).code, ErrorCode::kOk);
  FixedString<10> out;
  EXPECT_FALSE(append_six_bit_text(reader, 0, 2, out));
  EXPECT_TRUE(append_six_bit_text(reader, 12, 3, out));
  EXPECT_EQ(out.view(), "ABC");
}

}  // namespace
}  // namespace lookout::ais
