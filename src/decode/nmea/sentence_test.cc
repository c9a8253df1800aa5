#include "decode/nmea/sentence.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "decode/nmea/line_parser.h"

namespace lookout::nmea {
namespace {

// Real lines; the source file under ../shared/data/ais_nmea is named on each.

// Builds a sentence with a correct checksum around `body` ("AIVDM,...").
std::string with_checksum(const std::string& body) {
  unsigned sum = 0;
  for (char c : body) sum ^= static_cast<unsigned char>(c);
  char hex[4];
  std::snprintf(hex, sizeof hex, "%02X", sum);
  return "!" + body + "*" + hex;
}


TEST(NmeaSentence, ParsesEveryFieldOfASingleSentence) {
  // gpsd_ais-nmea.log
  auto s = parse_sentence("!AIVDM,1,1,,B,15N0sn001>JwKINHsEk`pWA205qt,0*1D");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->talker[0], 'A');
  EXPECT_EQ(s->talker[1], 'I');
  EXPECT_FALSE(s->own_vessel);
  EXPECT_EQ(s->fragment_count, 1);
  EXPECT_EQ(s->fragment_number, 1);
  EXPECT_EQ(s->sequence_id, -1);
  EXPECT_EQ(s->channel, 'B');
  EXPECT_EQ(s->payload, "15N0sn001>JwKINHsEk`pWA205qt");
  EXPECT_EQ(s->fill_bits, 0);
  EXPECT_TRUE(s->trailer.empty());
  EXPECT_FALSE(s->extra_field);
}

TEST(NmeaSentence, ParsesAFragmentWithSequenceIdAndFillBits) {
  // dmalib_retry_example.txt
  auto s = parse_sentence("!BSVDM,2,2,3,A,0DSQH1RAC188880,2*50");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->talker[0], 'B');
  EXPECT_EQ(s->talker[1], 'S');
  EXPECT_EQ(s->fragment_count, 2);
  EXPECT_EQ(s->fragment_number, 2);
  EXPECT_EQ(s->sequence_id, 3);
  EXPECT_EQ(s->channel, 'A');
  EXPECT_EQ(s->payload, "0DSQH1RAC188880");
  EXPECT_EQ(s->fill_bits, 2);
}

TEST(NmeaSentence, ReadsVdoAsOwnVessel) {
  // real.nmea line 105492 (signalk nais300): own-vessel report, empty channel.
  auto vdo = parse_sentence("!AIVDO,1,1,,,B3aC3LP00063ae7RNp803wcUwP06,0*28");
  ASSERT_TRUE(vdo.ok()) << vdo.error().message();
  EXPECT_TRUE(vdo->own_vessel);
  EXPECT_EQ(vdo->channel, 0);
}

TEST(NmeaSentence, AcceptsAnyTwoLetterTalker) {
  // Real lines from real.nmea, one per talker seen there.
  const char* lines[] = {
      "!ABVDM,1,1,6,B,1G7lQJ001PbomTie:ms2sR@40000,0*34",
      "!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62",
      "!BYVDM,2,1,4,A,53UhmH02?A2M=H5?R20lTp@u8v2222222222221@HpeAI4B@0RlkmE25,0*5B",
      "!SAVDM,2,2,2,B,iP`88888880,2*5E",
      // dmalib_small_cb_example.txt: "--" is NMEA's "no talker".
      "!--VDM,1,1,,A,802R5Ph0Bkgh@@a8Q@tpRAHD2Wwwwwwwwk7Owwwwwwwwwwwwwwwwwwwwwwt,2*79",
  };
  for (const char* line : lines) {
    auto s = parse_sentence(line);
    ASSERT_TRUE(s.ok()) << line << ": " << s.error().message();
    EXPECT_EQ(s->talker[0], line[1]);
    EXPECT_EQ(s->talker[1], line[2]);
  }
}

TEST(NmeaSentence, AcceptsLowerCaseChecksumHex) {
  // gpsd sample.aivdm, checksum 3B written in lower case.
  auto s = parse_sentence(
      "!AIVDM,2,1,6,B,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht50000000000,0*3b");
  ASSERT_TRUE(s.ok()) << s.error().message();
}

TEST(NmeaSentence, ReadsChannelZeroAsUnknown) {
  // real.nmea line 80 (a Danish base station writes channel 0).
  auto s = parse_sentence(
      "!ABVDM,1,1,9,0,555wq401pu91K@i0000Hu9ADpF1=@58000000016A0:<;4M`0>C0A@"
      "00000000000000000,2*56");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->channel, 0);
  EXPECT_EQ(s->sequence_id, 9);
}

TEST(NmeaSentence, AcceptsTheGoFreeExtraFieldAndTakesFillBitsBeforeIt) {
  // signalk_gofree-merrimac.log: the checksum 1C covers ",0,0".
  auto s = parse_sentence("!AIVDM,1,1,1,,13aI8e?P00PGpU:NR6s00?vT2000,0,0*1C");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_TRUE(s->extra_field);
  EXPECT_EQ(s->payload, "13aI8e?P00PGpU:NR6s00?vT2000");
  EXPECT_EQ(s->fill_bits, 0);
  EXPECT_EQ(s->sequence_id, 1);
  EXPECT_EQ(s->channel, 0);
}

TEST(NmeaSentence, KeepsReceiverMetadataAfterTheChecksumAsTrailer) {
  // aisdb_test_data_201201.nmea (USCG metadata)
  auto s = parse_sentence(
      "!AIVDM,1,1,,A,403Ovl@000Htt<tSF0l4Q@100`Pq,0*28,d-109,S2105,t050056.00,T56.13718694,"
      "r003669946,1325394060,1325394001");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->trailer,
            ",d-109,S2105,t050056.00,T56.13718694,r003669946,1325394060,1325394001");
  // The first time field: 4 s after the slot time t050056 (05:00:56Z).
  EXPECT_EQ(trailer_unix_ms(s->trailer), int64_t{1325394060} * 1000);
}

TEST(NmeaSentence, FindsTheUnixTimeInEachTrailerShape) {
  EXPECT_EQ(trailer_unix_ms(",1327664821"), int64_t{1327664821000});  // USCG / AISHub
  EXPECT_EQ(trailer_unix_ms(",b003669794,1272412827"), int64_t{1272412827000});
  EXPECT_EQ(trailer_unix_ms(",1328133720012"), int64_t{1328133720012});  // exactEarth, ms
  // dmalib_small_cb_example.txt: a damaged field, then an empty one.
  EXPECT_EQ(trailer_unix_ms(",1daasd4218,,1357134222"), int64_t{1357134222000});
  EXPECT_EQ(trailer_unix_ms(",d-109"), std::nullopt);
  EXPECT_EQ(trailer_unix_ms(",s25113"), std::nullopt);
  // knapply/maritime: receive time, then the logger's batch time.
  EXPECT_EQ(trailer_unix_ms(",1541030311,1541030400"), int64_t{1541030311000});
  EXPECT_EQ(trailer_unix_ms(""), std::nullopt);
}

TEST(NmeaSentence, AcceptsATrailingCarriageReturn) {
  auto s = parse_sentence("!AIVDM,1,1,,B,15N0sn001>JwKINHsEk`pWA205qt,0*1D\r");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_TRUE(s->trailer.empty());
}

TEST(NmeaSentence, AcceptsAnEmptyPayloadForTheDecoderToJudge) {
  // pyais nmea_data_sample.txt
  auto s = parse_sentence("!AIVDM,1,1,,B,,0*25");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_TRUE(s->payload.empty());
}

TEST(NmeaSentence, RejectsOtherSentencesAsNotAis) {
  EXPECT_EQ(parse_sentence("$GPGGA,195719,5310.8115,N,00525.7025,E,1,00,1.10,-2,M,,M,,*57")
                .error()
                .code,
            ErrorCode::kNotAis);
  EXPECT_EQ(parse_sentence("$BSALR,,006,V,V,general failure*62").error().code, ErrorCode::kNotAis);
  EXPECT_EQ(parse_sentence("!AI").error().code, ErrorCode::kNotAis);
  EXPECT_EQ(parse_sentence("").error().code, ErrorCode::kNotAis);
}

TEST(NmeaSentence, RejectsATruncatedSentenceAsMissingChecksum) {
  // real.nmea: lines cut off by the logger.
  auto s = parse_sentence("!ABVDM,1,1,3,B,17P?et0P00bn");
  EXPECT_EQ(s.error().code, ErrorCode::kMissingChecksum);
  EXPECT_EQ(s.error().offset, 27u);
  EXPECT_EQ(parse_sentence("!BSVDM,1,1,,A").error().code, ErrorCode::kMissingChecksum);
  // One hex digit only, and a checksum without its star.
  EXPECT_EQ(parse_sentence("!AIVDM,1,1,,B,15N0sn001>JwKINHsEk`pWA205qt,0*1").error().code,
            ErrorCode::kMissingChecksum);
  EXPECT_EQ(parse_sentence("!AIVDM,1,1,,B,15N4cJ005Jrek0H@9nDW5608EP,013").error().code,
            ErrorCode::kMissingChecksum);
  EXPECT_EQ(parse_sentence("!AIVDM,1,1,,B,15N0sn001>JwKINHsEk`pWA205qt,0*G1").error().code,
            ErrorCode::kMissingChecksum);
}

TEST(NmeaSentence, RejectsAWrongChecksumAndSaysWhere) {
  // real.nmea line 109809 (maritime_20181101.log): the checksum is 24, not 23.
  auto s = parse_sentence("!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*23");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kBadChecksum);
  EXPECT_EQ(s.error().offset, 45u);
  // Two sentences run together by a logger (real.nmea).
  EXPECT_EQ(
      parse_sentence("!ABVDM,1,1,6,A,17P=e23000bngMBVDM,1,1,7,A,14W:<b0u@LboM1ue6QlMp0b:85KD,0*58")
          .error()
          .code,
      ErrorCode::kBadChecksum);
}

TEST(NmeaSentence, NamesTheBadFieldAndItsOffset) {
  struct Case {
    const char* body;
    const char* field;
    uint32_t offset;
  };
  const Case cases[] = {
      {"AIVDM,0,1,,A,15N0sn001>JwKINHsEk`pWA205qt,0", "fragment_count", 7},
      {"AIVDM,10,1,,A,15N0sn001>JwKINHsEk`pWA205qt,0", "fragment_count", 7},
      {"AIVDM,2,3,,A,15N0sn001>JwKINHsEk`pWA205qt,0", "fragment_number", 9},
      {"AIVDM,2,0,,A,15N0sn001>JwKINHsEk`pWA205qt,0", "fragment_number", 9},
      {"AIVDM,1,1,004,A,15N0sn001>JwKINHsEk`pWA205qt,0", "sequence_id", 11},
      {"AIVDM,1,1,x,A,15N0sn001>JwKINHsEk`pWA205qt,0", "sequence_id", 11},
      {"AIVDM,1,1,,SL161R,15N0sn001>JwKINHsEk`pWA205qt,0", "channel", 12},
      {"AIVDM,1,1,,a,15N0sn001>JwKINHsEk`pWA205qt,0", "channel", 12},
      {"AIVDM,1,1,,A,15N0sn001>JwKINHsEk`pWA205qt,x", "fill_bits", 43},
      {"AIVDM,1,1,,A,15N0sn001>JwKINHsEk`pWA205qt,10", "fill_bits", 43},
      // real.nmea line 92136 (whose checksum is also wrong): the header is lost.
      {"AIVDM,o=cf0Knevo00`4W,0", "fragment_count", 7},
      {"AIVDM,1,1,,A", "payload", 13},
      {"AIVDM,1,1,,A,15N0sn001>JwKINHsEk`pWA205qt,0,0,0", "fields", 47},
  };
  for (const Case& c : cases) {
    auto s = parse_sentence(with_checksum(c.body));
    ASSERT_FALSE(s.ok()) << c.body;
    EXPECT_EQ(s.error().code, ErrorCode::kBadSentenceField) << c.body;
    ASSERT_NE(s.error().field, nullptr) << c.body;
    EXPECT_STREQ(s.error().field, c.field) << c.body;
    EXPECT_EQ(s.error().offset, c.offset) << c.body;
  }
}

TEST(NmeaSentence, RejectsFillBitsAboveFive) {
  auto s = parse_sentence(with_checksum("AIVDM,1,1,,A,15N0sn001>JwKINHsEk`pWA205qt,6"));
  EXPECT_EQ(s.error().code, ErrorCode::kBadFillBits);
}

TEST(NmeaSentence, ReadsAnEmptyFillBitsFieldAsZero) {
  auto s = parse_sentence(with_checksum("AIVDM,1,1,,A,15N0sn001>JwKINHsEk`pWA205qt,"));
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->fill_bits, 0);
}

TEST(NmeaSentence, FindsTheStarAndCommasAtEveryAlignment) {
  // The scanner reads eight bytes at a time; shift the sentence through all
  // eight positions of a word and vary the payload length across the tail.
  const std::string payload = "15N0sn001>JwKINHsEk`pWA205qt";
  for (std::size_t cut = 0; cut <= payload.size(); ++cut) {
    const std::string line =
        with_checksum("AIVDM,1,1,,A," + payload.substr(0, cut) + ",0");
    for (std::size_t shift = 0; shift < 8; ++shift) {
      std::string buffer(shift, 'x');
      buffer += line;
      auto s = parse_sentence(std::string_view(buffer).substr(shift));
      ASSERT_TRUE(s.ok()) << line << " shift " << shift << ": " << s.error().message();
      EXPECT_EQ(s->payload, payload.substr(0, cut));
    }
  }
}

void expect_same_fields(const Result<Sentence>& fast, const Result<Sentence>& general,
                        const std::string& line) {
  ASSERT_EQ(fast.ok(), general.ok()) << line;
  if (!fast.ok()) {
    EXPECT_EQ(fast.error().code, general.error().code) << line;
    EXPECT_EQ(fast.error().offset, general.error().offset) << line;
    return;
  }
  EXPECT_EQ(fast->talker[0], general->talker[0]) << line;
  EXPECT_EQ(fast->talker[1], general->talker[1]) << line;
  EXPECT_EQ(fast->own_vessel, general->own_vessel) << line;
  EXPECT_EQ(fast->extra_field, general->extra_field) << line;
  EXPECT_EQ(fast->fragment_count, general->fragment_count) << line;
  EXPECT_EQ(fast->fragment_number, general->fragment_number) << line;
  EXPECT_EQ(fast->sequence_id, general->sequence_id) << line;
  EXPECT_EQ(fast->channel, general->channel) << line;
  EXPECT_EQ(fast->payload, general->payload) << line;
  EXPECT_EQ(fast->fill_bits, general->fill_bits) << line;
  EXPECT_EQ(fast->trailer, general->trailer) << line;
}

// Every sentence of the golden logs, as found and as mutated one byte at a
// time (checksum recomputed, so the fields are what gets tested): the fast
// path for the common shape must read exactly what the general path reads.
TEST(NmeaSentence, ReadsTheCommonShapeAsTheGeneralPathDoes) {
  std::vector<std::string> sentences;
  for (const char* f : {"amsa_mixed.nmea", "gofree_extra_field.nmea", "exact_earth_augmented.nmea",
                        "dma_small_cb.nmea", "kystverket_tag_block.nm4", "uscg_metadata.nmea"}) {
    std::ifstream in(std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/nmea/" + f);
    ASSERT_TRUE(in) << f;
    for (std::string line; std::getline(in, line);) {
      auto parts = split_line(line, 1024);
      if (parts.ok() && parts->kind == LineKind::kSentence) {
        sentences.emplace_back(parts->sentence);
      }
    }
  }
  ASSERT_GT(sentences.size(), 2000u);
  std::mt19937 rng(11);
  const std::string bytes = ",,,,0123456789ABZ!*$\\r";
  std::size_t accepted = 0;
  for (const std::string& sentence : sentences) {
    expect_same_fields(parse_sentence(sentence), detail::parse_sentence_by_commas(sentence),
                       sentence);
    for (int k = 0; k < 4; ++k) {
      std::string m = sentence;
      const std::size_t star = m.find('*');
      if (star == std::string::npos || star < 8) break;
      std::uniform_int_distribution<std::size_t> where(7, star - 1);
      m[where(rng)] = bytes[std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(rng)];
      const std::size_t new_star = m.find('*');
      if (new_star == std::string::npos || new_star + 3 > m.size()) continue;
      unsigned sum = 0;
      for (std::size_t i = 1; i < new_star; ++i) sum ^= static_cast<unsigned char>(m[i]);
      char hex[3];
      std::snprintf(hex, sizeof hex, "%02X", sum);
      m.replace(new_star + 1, 2, hex);
      auto fast = parse_sentence(m);
      accepted += fast.ok();
      expect_same_fields(fast, detail::parse_sentence_by_commas(m), m);
    }
  }
  EXPECT_GT(accepted, 1000u);  // the mutations hit payloads often enough to stay valid
}

// The decoder's hot path uses parse_sentence_into(); it must answer exactly
// as parse_sentence() does: the fast shape, the general one, and errors.
TEST(NmeaSentence, ParseSentenceIntoAgreesWithParseSentence) {
  const std::string texts[] = {
      "!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24",
      with_checksum("AIVDM,2,1,3,B,55P5TL01VIaAL@7WKO@mBplU@<PDhh000000001S;AJ::4A80?4i@E53,0") + ",1327664821",
      with_checksum("AIVDM,1,1,,1,13u?etPv2;0n:dDPwUM1U1Cb069D,0,0"),
      with_checksum("AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,"),
      with_checksum("AIVDM,1,1,,AB,13u?etPv2;0n:dDPwUM1U1Cb069D,0"),
      with_checksum("AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,7"),
      "!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*25",
      "!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0",
      "$GPGGA,1,2*00",
  };
  for (const std::string& text : texts) {
    auto whole = parse_sentence(text);
    Sentence s;
    const Error e = parse_sentence_into(text, s);
    ASSERT_EQ(whole.ok(), e.code == ErrorCode::kOk) << text;
    if (!whole.ok()) {
      EXPECT_EQ(whole.error().code, e.code) << text;
      EXPECT_EQ(whole.error().offset, e.offset) << text;
      continue;
    }
    EXPECT_EQ(whole->own_vessel, s.own_vessel) << text;
    EXPECT_EQ(whole->extra_field, s.extra_field) << text;
    EXPECT_EQ(whole->fragment_count, s.fragment_count) << text;
    EXPECT_EQ(whole->fragment_number, s.fragment_number) << text;
    EXPECT_EQ(whole->sequence_id, s.sequence_id) << text;
    EXPECT_EQ(whole->channel, s.channel) << text;
    EXPECT_EQ(whole->fill_bits, s.fill_bits) << text;
    EXPECT_EQ(whole->payload, s.payload) << text;
    EXPECT_EQ(whole->trailer, s.trailer) << text;
  }
}

}  // namespace
}  // namespace lookout::nmea
