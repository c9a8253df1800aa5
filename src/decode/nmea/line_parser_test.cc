#include "decode/nmea/line_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace lookout::nmea {
namespace {

constexpr std::size_t kMax = 1024;

int64_t ms_of(const std::optional<Timestamp>& t) { return t ? to_unix_ms(*t) : -1; }

TEST(NmeaLineParser, PassesABareSentenceThrough) {
  const std::string_view line = "!AIVDM,1,1,,B,15N0sn001>JwKINHsEk`pWA205qt,0*1D\r";
  auto p = split_line(line, kMax);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_EQ(p->kind, LineKind::kSentence);
  EXPECT_FALSE(p->has_tag_block);
  EXPECT_EQ(p->sentence, line.substr(0, line.size() - 1));
  EXPECT_EQ(p->sentence_offset, 0u);
  EXPECT_FALSE(p->time.has_value());
  EXPECT_FALSE(p->bad_prefix);
}

TEST(NmeaLineParser, SplitsTheTagBlockFromTheSentence) {
  // risky_exact-earth-with-tag-block.txt
  auto p = split_line(
      "\\s:rEV02,c:1334337317*58\\!AIVDM,1,1,,B,19NWuLhuRb5QHfCpPcwj`26B0<02,0*5F", kMax);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_EQ(p->kind, LineKind::kSentence);
  EXPECT_TRUE(p->has_tag_block);
  EXPECT_EQ(p->tag_block, "s:rEV02,c:1334337317*58");
  EXPECT_EQ(p->sentence, "!AIVDM,1,1,,B,19NWuLhuRb5QHfCpPcwj`26B0<02,0*5F");
  EXPECT_EQ(p->sentence_offset, 25u);
}

TEST(NmeaLineParser, ReadsANanosecondEpochPrefix) {
  // goais_aistest.nmea
  auto p = split_line("1550303566167726840 !AIVDM,1,1,,B,10bb7q@P0lPGHlVMhbl0Qgw>2>`<,0*7F", kMax);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_EQ(ms_of(p->time), int64_t{1550303566167});
  EXPECT_EQ(p->sentence_offset, 20u);
  EXPECT_FALSE(p->bad_prefix);
}

TEST(NmeaLineParser, ReadsEpochPrefixesInEveryUnit) {
  EXPECT_EQ(ms_of(parse_prefix_time("1550303566")), int64_t{1550303566000});
  EXPECT_EQ(ms_of(parse_prefix_time("1550303566.25")), int64_t{1550303566250});
  EXPECT_EQ(ms_of(parse_prefix_time("1550303566167")), int64_t{1550303566167});
  EXPECT_EQ(ms_of(parse_prefix_time("1550303566167726")), int64_t{1550303566167});
  EXPECT_EQ(ms_of(parse_prefix_time("1550303566167726840")), int64_t{1550303566167});
  // Lengths that fit no unit, and listing line numbers, are not times.
  EXPECT_FALSE(parse_prefix_time("15503035661").has_value());
  EXPECT_FALSE(parse_prefix_time("9").has_value());
  EXPECT_FALSE(parse_prefix_time("").has_value());
  EXPECT_FALSE(parse_prefix_time("1550303566167.5").has_value());
}

TEST(NmeaLineParser, ReadsIsoPrefixesWithEachSeparator) {
  const int64_t noon = 1635768000000;  // 2021-11-01T12:00:00Z
  const struct {
    const char* line;
    int64_t ms;
  } cases[] = {
      {"2021-11-01T12:00:00Z !AIVDM,1,1,,B,15N0sn001>JwKINHsEk`pWA205qt,0*1D", noon},
      {"2021-11-01 12:00:00.123,!AIVDM,1,1,,B,15N0sn001>JwKINHsEk`pWA205qt,0*1D", noon + 123},
      {"2021-11-01T12:00:00Z\t!AIVDM,1,1,,B,15N0sn001>JwKINHsEk`pWA205qt,0*1D", noon},
      {"2021-11-01T12:00:00Z;!AIVDM,1,1,,B,15N0sn001>JwKINHsEk`pWA205qt,0*1D", noon},
      {"2021-11-01T13:00:00+01:00 !AIVDM,1,1,,B,15N0sn001>JwKINHsEk`pWA205qt,0*1D", noon},
  };
  for (const auto& c : cases) {
    auto p = split_line(c.line, kMax);
    ASSERT_TRUE(p.ok()) << c.line;
    EXPECT_EQ(ms_of(p->time), c.ms) << c.line;
    EXPECT_FALSE(p->bad_prefix) << c.line;
    EXPECT_EQ(p->sentence.substr(0, 7), "!AIVDM,") << c.line;
  }
}

TEST(NmeaLineParser, ReadsAPrefixBeforeATagBlock) {
  auto p = split_line(
      "1334337317 \\s:rEV02,c:1334337317*58\\!AIVDM,1,1,,B,19NWuLhuRb5QHfCpPcwj`26B0<02,0*5F",
      kMax);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_EQ(ms_of(p->time), int64_t{1334337317000});
  EXPECT_EQ(p->tag_block, "s:rEV02,c:1334337317*58");
}

TEST(NmeaLineParser, KeepsTheSentenceAfterAnUnknownPrefix) {
  // risky_samples.txt: a listing line number in front of each sentence.
  auto p = split_line("   55 !AIVDM,1,1,,B,25Cjtd0Oj;Jp7ilG7=UkKBoB0<06,0*60", kMax);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_TRUE(p->bad_prefix);
  EXPECT_FALSE(p->time.has_value());
  EXPECT_EQ(p->sentence, "!AIVDM,1,1,,B,25Cjtd0Oj;Jp7ilG7=UkKBoB0<06,0*60");
}

TEST(NmeaLineParser, ReadsTheGatehouseWrapperTime) {
  // dmaab_ais-sample.txt: 2013-11-12 12:00:00.042
  auto p = split_line("$PGHP,1,2013,11,12,12,0,0,42,219,,2190047,1,39*2C", kMax);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_EQ(p->kind, LineKind::kGatehouse);
  EXPECT_EQ(ms_of(p->time), int64_t{1384257600042});
  // risky_exact-earth-augmented.txt: receiver metadata after the checksum.
  auto ee = split_line("$PGHP,1,2012,1,31,5,7,2,151,316,2,316000002,1AIS_S,51*77,1327992119157",
                       kMax);
  ASSERT_TRUE(ee.ok()) << ee.error().message();
  EXPECT_EQ(ms_of(ee->time), int64_t{1327986422151});
}

TEST(NmeaLineParser, RejectsADamagedGatehouseWrapper) {
  EXPECT_EQ(split_line("$PGHP,1,2013,11,12,12,0,0,42,219,,2190047,1,39*2D", kMax).error().code,
            ErrorCode::kBadChecksum);
  EXPECT_EQ(split_line("$PGHP,1,2013,11,12,12,0,0,42,219,,2190047,1,39", kMax).error().code,
            ErrorCode::kMissingChecksum);
  // Month 13 (checksum recomputed: 2E).
  auto bad = split_line("$PGHP,1,2013,13,12,12,0,0,42,219,,2190047,1,39*2E", kMax);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kBadTimestampPrefix);
}

TEST(NmeaLineParser, ReturnsATagBlockAloneAsTagOnly) {
  // dmaab_ais-sample.txt
  auto p = split_line("\\si:AISD*3F\\", kMax);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->kind, LineKind::kTagOnly);
  EXPECT_EQ(p->tag_block, "si:AISD*3F");
}

TEST(NmeaLineParser, RejectsAnUnclosedTagBlock) {
  auto p = split_line("\\s:rEV02,c:1334337317*58!AIVDM,1,1,,B,19NW,0*5F", kMax);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kBadTagBlock);
  EXPECT_EQ(split_line("\\s:rEV02*00\\garbage", kMax).error().code, ErrorCode::kBadTagBlock);
}

TEST(NmeaLineParser, CallsOtherNmeaCommentsAndTextNotAis) {
  const char* lines[] = {
      "$GPGGA,195719,5310.8115,N,00525.7025,E,1,00,1.10,-2,M,,M,,*57",  // signalk gofree
      "$BSALR,,006,V,V,general failure*62",                             // risky_ais.txt
      "# Sample file with comments and random text",                    // pyais messages.ais
      "Virtual AIS Receiver Stream Broadcast v1.1.0 <DEMO>",            // bcl_unknown.log
      ",1541030400",                                                    // maritime_20181101.log
      "\x01\x02\xff\xfe binary",
  };
  for (const char* line : lines) {
    auto p = split_line(line, kMax);
    ASSERT_FALSE(p.ok()) << line;
    EXPECT_EQ(p.error().code, ErrorCode::kNotAis) << line;
  }
}

TEST(NmeaLineParser, AcceptsDollarVdmAsASentence) {
  auto p = split_line("$AIVDM,1,1,,B,15N0sn001>JwKINHsEk`pWA205qt,0*1D", kMax);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->kind, LineKind::kSentence);
}

TEST(NmeaLineParser, RejectsBlankLinesAsEmpty) {
  EXPECT_EQ(split_line("", kMax).error().code, ErrorCode::kEmptyLine);
  EXPECT_EQ(split_line("\r", kMax).error().code, ErrorCode::kEmptyLine);
  EXPECT_EQ(split_line(" \t ", kMax).error().code, ErrorCode::kEmptyLine);
}

TEST(NmeaLineParser, RejectsLinesLongerThanTheBound) {
  const std::string line = "!AIVDM,1,1,,B," + std::string(200, '0') + ",0*00";
  EXPECT_EQ(split_line(line, 100).error().code, ErrorCode::kLineTooLong);
  EXPECT_TRUE(split_line(line, line.size()).ok());
}

// The decoder's hot path uses split_line_into(); it must answer exactly as
// split_line() does, for good lines and for each kind of bad one.
TEST(NmeaLineParser, SplitLineIntoAgreesWithSplitLine) {
  const char* lines[] = {
      "!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24",
      "\\s:rEV02,c:1334337317*58\\!AIVDM,1,1,,B,13aEOK?P00PD2wVMdLDRhgvL289?,0*26",
      "1550303566167726840 !AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24",
      "\\si:AISD*3F\\",
      "$PGHP,1,2013,11,12,12,0,0,42,219,,2190047,1,3F*2C",
      "junk !AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24",
      "\\s:x,c:1",
      "$GPGGA,1",
      "   ",
      "# comment",
  };
  for (const char* text : lines) {
    const std::string_view line(text);
    auto whole = split_line(line, 1024);
    LineParts parts;
    const Error e = split_line_into(line, 1024, parts);
    ASSERT_EQ(whole.ok(), e.code == ErrorCode::kOk) << line;
    if (!whole.ok()) {
      EXPECT_EQ(whole.error().code, e.code) << line;
      EXPECT_EQ(whole.error().offset, e.offset) << line;
      continue;
    }
    EXPECT_EQ(whole->kind, parts.kind) << line;
    EXPECT_EQ(whole->has_tag_block, parts.has_tag_block) << line;
    EXPECT_EQ(whole->tag_block, parts.tag_block) << line;
    EXPECT_EQ(whole->sentence, parts.sentence) << line;
    EXPECT_EQ(whole->sentence_offset, parts.sentence_offset) << line;
    EXPECT_EQ(whole->time, parts.time) << line;
    EXPECT_EQ(whole->bad_prefix, parts.bad_prefix) << line;
  }
}

}  // namespace
}  // namespace lookout::nmea
