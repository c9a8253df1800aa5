// The encoder against real sentences: known payloads re-encoded bit for bit,
// checksums, fragmenting and tag blocks. Round trips over random messages
// are in tests/property/ais_roundtrip_test.cc.
#include "decode/ais/encoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decode/ais/decoder.h"

namespace lookout::ais {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find("\r\n", pos);
    out.push_back(text.substr(pos, end - pos));
    pos = end == std::string::npos ? text.size() : end + 2;
  }
  return out;
}

// gpsd test/sample.aivdm, type 1 (Kurt Schwehr's example).
Message type1_example() {
  Message m;
  m.type = 1;
  m.mmsi = 371798000;
  PositionReportA a;
  a.status = 0;
  a.turn = -127;
  a.speed = 123;
  a.accuracy = true;
  a.pos = Position{-74037230, 29028980};
  a.course = 2240;
  a.heading = 215;
  a.second = 33;
  a.radio = 34017;
  m.body = a;
  return m;
}

TEST(AisEncoder, EncodesAKnownPositionReportBitForBit) {
  unsigned fill = 9;
  EXPECT_EQ(encode_payload(type1_example(), &fill), "15RTgt0PAso;90TKcjM8h6g208CQ");
  EXPECT_EQ(fill, 0U);
  EXPECT_EQ(encode_nmea(type1_example()), "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\r\n");
}

TEST(AisEncoder, ReencodesADecodedStaticReportIntoTwoSentences) {
  // gpsd test/sample.aivdm, type 5 "EVER DIADEM". The sender pads its texts
  // with spaces, which decoding trims and encoding pads with '@' instead, so
  // the bits differ there; everything decoded must come back.
  const auto msg = decode_payload(
      "55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp888888888880", 2);
  ASSERT_TRUE(msg.ok());
  const auto lines = lines_of(encode_nmea(*msg, 'A', 1));
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].substr(0, lines[0].find('*')),
            "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKP00EHE:0@T4@Dl0000000016L961O5Gf0NSQEp6ClRh0,0");
  EXPECT_EQ(lines[1].substr(0, lines[1].find('*')), "!AIVDM,2,2,1,A,00000000000,2");
  const auto back = decode_payload(lines[0].substr(15, 60) + lines[1].substr(15, 11), 2);
  ASSERT_TRUE(back.ok());
  const auto& v = std::get<StaticVoyageData>(back->body);
  EXPECT_EQ(v.shipname.view(), "EVER DIADEM");
  EXPECT_EQ(v.destination.view(), "NEW YORK");
  EXPECT_EQ(v.callsign.view(), "3FOF8");
  EXPECT_EQ(v.imo, 9134270U);
}

TEST(AisEncoder, ComputesNmeaChecksums) {
  EXPECT_EQ(nmea_checksum("AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0"), "4A");
  EXPECT_EQ(nmea_checksum(""), "00");
  EXPECT_EQ(nmea_checksum("s:2573345,c:1671533231"), "09");
}

TEST(AisEncoder, SplitsLongPayloadsIntoNumberedFragments) {
  NmeaOptions options;
  options.max_payload_chars = 10;
  options.channel = 'B';
  options.seq_id = 7;
  const std::string text = frame_nmea("15RTgt0PAso;90TKcjM8h6g208CQ", 0, options);
  const auto lines = lines_of(text);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0].substr(0, lines[0].find('*')), "!AIVDM,3,1,7,B,15RTgt0PAs,0");
  EXPECT_EQ(lines[1].substr(0, lines[1].find('*')), "!AIVDM,3,2,7,B,o;90TKcjM8,0");
  EXPECT_EQ(lines[2].substr(0, lines[2].find('*')), "!AIVDM,3,3,7,B,h6g208CQ,0");
  for (const auto& line : lines) {
    const std::size_t star = line.find('*');
    EXPECT_EQ(line.substr(star + 1), nmea_checksum(line.substr(1, star - 1))) << line;
  }
}

TEST(AisEncoder, PutsFillBitsOnTheLastFragmentOnly) {
  NmeaOptions options;
  options.max_payload_chars = 4;
  const auto lines = lines_of(frame_nmea("ABCDEFG", 4, options));
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_NE(lines[0].find(",ABCD,0*"), std::string::npos);
  EXPECT_NE(lines[1].find(",EFG,4*"), std::string::npos);
  EXPECT_NE(lines[0].find("!AIVDM,2,1,0,A,"), std::string::npos);  // automatic id 0
}

TEST(AisEncoder, LeavesSequenceIdEmptyForOneSentenceAndChannelWhenUnknown) {
  NmeaOptions options;
  options.channel = 0;
  options.own_vessel = true;
  EXPECT_EQ(frame_nmea("15RTgt0PAso;90TKcjM8h6g208CQ", 0, options).substr(0, 15),
            "!AIVDO,1,1,,,15");
}

TEST(AisEncoder, WritesTheTagBlockBeforeTheFirstSentence) {
  const std::string text = encode_nmea(type1_example(), 'A', -1, "s:2573345,c:1671533231");
  EXPECT_EQ(text.substr(0, 29), "\\s:2573345,c:1671533231*09\\!A");
}

TEST(AisEncoder, WritesSixBitTextWithPaddingAndCase) {
  Message m;
  m.type = 24;
  m.mmsi = 271041815;
  StaticDataReport a;
  a.partno = 0;
  a.shipname.assign("proguy");  // lower case becomes upper case
  m.body = a;
  unsigned fill = 0;
  const std::string payload = encode_payload(m, &fill);
  // gpsd's sample holds the 160-bit form "H42O55i18tMET00000000000000",2 of
  // this part A; ours carries the 8 spare bits of the 168-bit layout too.
  EXPECT_EQ(payload, "H42O55i18tMET000000000000000");
  EXPECT_EQ(fill, 0U);
  const auto back = decode_payload(payload, fill);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::get<StaticDataReport>(back->body).shipname.view(), "PROGUY");
}

TEST(AisEncoder, ReplacesCharactersOutsideTheSixBitAlphabet) {
  Message m;
  m.type = 14;
  SafetyMessage s;
  s.text.assign("A~B{\xC3\xA9");
  m.body = s;
  unsigned fill = 0;
  const auto back = decode_payload(encode_payload(m, &fill), fill);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::get<SafetyMessage>(back->body).text.view(), "A?B???");
}

TEST(AisEncoder, PadsOtherMessagesToTheShortestLengthOfTheirType) {
  Message m;
  m.type = 8;
  m.repeat = 1;
  m.mmsi = 366999712;
  unsigned fill = 0;
  const std::string payload = encode_payload(m, &fill);
  EXPECT_EQ(payload.size() * 6 - fill, 56U);
  const auto back = decode_payload(payload, fill);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->type, 8);
  EXPECT_EQ(back->repeat, 1);
  EXPECT_EQ(back->mmsi, 366999712U);
}

}  // namespace
}  // namespace lookout::ais
