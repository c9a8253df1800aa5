#include "core/json_out.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace lookout {
namespace {

std::string escaped(std::string_view s) {
  std::string out;
  append_json_escaped(out, s);
  return out;
}

std::string decimal(int64_t value, int decimals) {
  std::string out;
  append_decimal(out, value, decimals);
  return out;
}

std::string quotient(int64_t num, int64_t den, int decimals) {
  std::string out;
  append_quotient(out, num, den, decimals);
  return out;
}

TEST(JsonOut, BuildsNestedObjectsWithCommasInTheRightPlaces) {
  std::string out;
  JsonOut j(out);
  j.begin_object();
  j.key("a").integer(1);
  j.key("b").begin_array().integer(1).boolean(true).null().begin_object().end_object().end_array();
  j.key("c").begin_object().key("d").string("x").end_object();
  j.key("e").boolean(false);
  j.end_object();
  EXPECT_EQ(out, R"({"a":1,"b":[1,true,null,{}],"c":{"d":"x"},"e":false})");
  EXPECT_TRUE(nlohmann::json::accept(out));
}

TEST(JsonOut, PutsCommasRightAtEveryDepth) {
  std::string out;
  JsonOut j(out);
  j.begin_array();
  for (int depth = 0; depth < 100; ++depth) j.begin_array().integer(depth);
  for (int depth = 0; depth < 100; ++depth) j.end_array().integer(depth);
  j.end_array();
  const auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed[0][0], 0);
  EXPECT_EQ(parsed[1], 99);
  EXPECT_EQ(parsed.size(), 2U);  // [[0,[1,...,[99],0],...,98],99]
}

TEST(JsonOut, AppendsToWhatTheStringAlreadyHolds) {
  std::string out = "prefix ";
  JsonOut j(out);
  j.begin_object().key("k").unsigned_integer(std::numeric_limits<uint64_t>::max()).end_object();
  EXPECT_EQ(out, R"(prefix {"k":18446744073709551615})");
}

TEST(JsonOut, WritesIntegerExtremes) {
  std::string out;
  JsonOut j(out);
  j.begin_array()
      .integer(std::numeric_limits<int64_t>::min())
      .integer(std::numeric_limits<int64_t>::max())
      .integer(0)
      .end_array();
  EXPECT_EQ(out, "[-9223372036854775808,9223372036854775807,0]");
}

TEST(JsonOut, EscapesQuoteBackslashAndShortControls) {
  EXPECT_EQ(escaped("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(escaped("\b\f\n\r\t"), "\\b\\f\\n\\r\\t");
}

TEST(JsonOut, EscapesOtherControlCharactersAsUnicode) {
  EXPECT_EQ(escaped(std::string_view("\x00\x01\x1f", 3)), "\\u0000\\u0001\\u001f");
  EXPECT_EQ(escaped("\x7f"), "\x7f");  // DEL needs no escape in JSON
}

TEST(JsonOut, PassesValidUtf8Through) {
  const std::string text = "Ærø Ålesund Göteborg 北京 \xF0\x9F\x9A\xA2";  // ship emoji
  EXPECT_EQ(escaped(text), text);
}

TEST(JsonOut, ReplacesEachInvalidUtf8ByteWithReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(escaped("a\xFF" "b"), "a" + fffd + "b");              // never valid
  EXPECT_EQ(escaped("\xC3"), fffd);                               // cut sequence at the end
  EXPECT_EQ(escaped("\xC3(x"), fffd + "(x");                      // bad continuation
  EXPECT_EQ(escaped("\xC0\xAF"), fffd + fffd);                    // overlong '/'
  EXPECT_EQ(escaped("\xED\xA0\x80"), fffd + fffd + fffd);         // UTF-16 surrogate
  EXPECT_EQ(escaped("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // above U+10FFFF
  EXPECT_EQ(escaped("\xE2\x82"), fffd + fffd);                    // truncated 3-byte form
}

TEST(JsonOut, ProducesValidJsonFromEveryByteValue) {
  std::string bytes;
  for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
  std::string out;
  JsonOut j(out);
  j.begin_object().key("s").string(bytes).end_object();
  const auto parsed = nlohmann::json::parse(out);  // throws on invalid UTF-8 or escapes
  const std::string back = parsed["s"].get<std::string>();
  EXPECT_EQ(back.substr(0, 128), bytes.substr(0, 128));
}

TEST(JsonOut, EscapesTheSameInTheWordAtATimeFastPath) {
  // JsonOut::string checks eight bytes at a time; a byte needing care at
  // any position of any word must be escaped as the byte-wise path does.
  for (const char special : {'\x01', '\x1f', '"', '\\', '\x80', '\xff', '\x7f', ' ', '~'}) {
    for (std::size_t at = 0; at < 20; ++at) {
      std::string text(20, 'a');
      text[at] = special;
      std::string out;
      {
        JsonOut j(out);
        j.string(text);
      }
      EXPECT_EQ(out, "\"" + escaped(text) + "\"") << int{special} << " at " << at;
    }
  }
}

TEST(JsonOut, ReachesTheStringWhenTheOutermostContainerCloses) {
  std::string out;
  JsonOut j(out);
  j.begin_object().key("a").integer(1);
  j.end_object();
  EXPECT_EQ(out, R"({"a":1})");
}

TEST(JsonOut, HandlesTextLongerThanItsBuffer) {
  const std::string text(5000, 'x');
  std::string out;
  {
    JsonOut j(out);
    j.begin_array();
    for (int i = 0; i < 3; ++i) j.string(text);
    j.end_array();
  }
  EXPECT_EQ(out.size(), 3 * 5002 + 2 + 2U);
  EXPECT_TRUE(nlohmann::json::accept(out));
}

TEST(JsonOut, PrintsDecimalsWithTrailingZerosTrimmed) {
  EXPECT_EQ(decimal(123, 1), "12.3");
  EXPECT_EQ(decimal(2240, 1), "224");
  EXPECT_EQ(decimal(-5, 3), "-0.005");
  EXPECT_EQ(decimal(0, 2), "0");
  EXPECT_EQ(decimal(1020, 3), "1.02");
  EXPECT_EQ(decimal(-1000, 3), "-1");
  EXPECT_EQ(decimal(7, 0), "7");
  EXPECT_EQ(decimal(std::numeric_limits<int64_t>::min(), 18), "-9.223372036854775808");
}

TEST(JsonOut, PrintsQuotientsExactlyAtTheGivenPrecision) {
  EXPECT_EQ(quotient(29028980, 600000, 7), "48.3816333");    // gpsd: 48.3816333
  EXPECT_EQ(quotient(-74037230, 600000, 7), "-123.3953833");  // gpsd: -123.3953833
  EXPECT_EQ(quotient(22146000, 600000, 7), "36.91");          // 36.9100000
  EXPECT_EQ(quotient(108600000, 600000, 7), "181");
  EXPECT_EQ(quotient(-92520, 600, 4), "-154.2");
}

TEST(JsonOut, RoundsHalvesAwayFromZero) {
  EXPECT_EQ(quotient(5, 1000, 2), "0.01");
  EXPECT_EQ(quotient(-5, 1000, 2), "-0.01");
  EXPECT_EQ(quotient(4, 1000, 2), "0");
  EXPECT_EQ(quotient(15, 10, 0), "2");
  EXPECT_EQ(quotient(-15, 10, 0), "-2");
}

TEST(JsonOut, NeverPrintsNegativeZero) {
  EXPECT_EQ(quotient(-1, 600000, 4), "0");
  EXPECT_EQ(quotient(-4, 1000, 2), "0");
  EXPECT_EQ(decimal(0, 5), "0");
}

template <int64_t Den, int Decimals>
void expect_compile_time_quotient_agrees(int64_t numerator) {
  char a[kMaxNumberChars];
  char b[kMaxNumberChars];
  const std::string fixed(a, write_quotient<Den, Decimals>(a, numerator));
  const std::string runtime(b, write_quotient(b, numerator, Den, Decimals));
  EXPECT_EQ(fixed, runtime) << numerator << " / " << Den << " at " << Decimals;
}

template <int Decimals>
void expect_compile_time_decimal_agrees(int64_t value) {
  char a[kMaxNumberChars];
  char b[kMaxNumberChars];
  EXPECT_EQ(std::string(a, write_decimal<Decimals>(a, value)),
            std::string(b, write_decimal(b, value, Decimals)))
      << value << " at " << Decimals;
}

TEST(JsonOut, CompileTimeFormattersAgreeWithRunTimeOnes) {
  std::vector<int64_t> values = {0,         1,          -1,         5,         -5,
                                 599999,    600000,     -600000,    108600000, -108600000,
                                 54600000,  1023,       3599,       -16129000000,
                                 std::numeric_limits<int64_t>::max(),
                                 std::numeric_limits<int64_t>::min()};
  for (int64_t v = -200000000; v <= 200000000; v += 7777777) values.push_back(v);
  for (const int64_t v : values) {
    expect_compile_time_quotient_agrees<600000, 7>(v);
    expect_compile_time_quotient_agrees<600, 4>(v);
    expect_compile_time_quotient_agrees<600, 6>(v);
    expect_compile_time_quotient_agrees<22401289, 2>(v);
    expect_compile_time_decimal_agrees<1>(v);
    expect_compile_time_decimal_agrees<7>(v);
    expect_compile_time_decimal_agrees<18>(v);
  }
}

TEST(JsonOut, QuotientMatchesPrintfOnGridOfLatitudes) {
  // %.7f of raw / 600000.0 is what gpsd prints; no tie can occur for this
  // divisor at 7 decimals, so exact integer rounding must agree everywhere.
  for (int64_t raw = -54000000; raw <= 54000000; raw += 999983) {
    for (int64_t off = 0; off < 7; ++off) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.7f", static_cast<double>(raw + off) / 600000.0);
      EXPECT_DOUBLE_EQ(std::stod(quotient(raw + off, 600000, 7)), std::stod(buf)) << raw + off;
    }
  }
}

}  // namespace
}  // namespace lookout

TEST(JsonOut, ValidUtf8ReplacesOnlyTheBytesThatStartNoSequence) {
  std::string out;
  lookout::append_valid_utf8(out, std::string_view("a\xFF\xC3\xA5\xE2\x82" "b\n", 8));
  EXPECT_EQ(out, "a\xEF\xBF\xBD\xC3\xA5\xEF\xBF\xBD\xEF\xBF\xBD" "b\n");
}
