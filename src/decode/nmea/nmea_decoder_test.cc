#include "decode/nmea/nmea_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lookout::nmea {
namespace {

// Feeds lines and keeps copies of what came out.
struct Harness {
  NmeaDecoder decoder;
  std::vector<AisObservation> out;

  explicit Harness(const NmeaDecoder::Params& p = {}) : decoder(p) {}
  void feed(std::string_view line) {
    decoder.feed(line, [this](const AisObservation& obs) { out.push_back(obs); });
  }
  void finish() {
    decoder.finish([this](const AisObservation& obs) { out.push_back(obs); });
  }
  const DecodeStats& stats() const { return decoder.stats(); }
};

int64_t ms_of(const AisObservation& obs) { return obs.time ? to_unix_ms(*obs.time) : -1; }

TEST(NmeaDecoder, DecodesASingleSentence) {
  // gpsd sample.aivdm; gpsd decodes MMSI 371798000, type 1.
  Harness run;
  run.feed("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A");
  ASSERT_EQ(run.out.size(), 1u);
  EXPECT_EQ(run.out[0].msg.type, 1);
  EXPECT_EQ(run.out[0].msg.mmsi, 371798000u);
  EXPECT_EQ(run.out[0].channel, 'A');
  EXPECT_FALSE(run.out[0].own_vessel);
  EXPECT_FALSE(run.out[0].time.has_value());
  EXPECT_EQ(run.out[0].time_source, TimeSource::kNone);
  EXPECT_EQ(run.stats().lines(), 1u);
  EXPECT_EQ(run.stats().messages(), 1u);
  EXPECT_EQ(run.stats().total_errors(), 0u);
}

TEST(NmeaDecoder, JoinsATwoSentenceMessageAcrossAnInterleavedOne) {
  // libais tagblock.nmea: line 2 sits between the two halves of a type 5.
  // libais (tagblock.json): MMSI 219005012 "ROSINANTE", station rORBCOMM008,
  // time 2014-12-10T00:00:01Z; MMSI 224651000 for the single.
  Harness run;
  run.feed("\\g:1-2-1604,s:rORBCOMM008,c:1418169601,T:2014-12-10 00.00.01*37\\!AIVDM,2,1,6,A,"
           "53@o0E000001Q0CG37U8u<Tp4q@D00000000000018330400000000000000,0*63");
  run.feed("\\s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55\\!AIVDM,1,1,,B,"
           "13F?Vv700<DJuLEtvep`iToV0<00,0*78");
  run.feed("\\g:2-2-1604,s:rORBCOMM008,c:1418169601,T:2014-12-10 00.00.01*34\\!AIVDM,2,2,6,A,"
           "00000000008,2*2A");
  ASSERT_EQ(run.out.size(), 2u);
  EXPECT_EQ(run.out[0].msg.mmsi, 224651000u);
  EXPECT_EQ(run.out[0].station.view(), "rORBCOMM104");
  EXPECT_EQ(ms_of(run.out[0]), int64_t{1418172113000});
  const AisObservation& ship = run.out[1];
  EXPECT_EQ(ship.msg.type, 5);
  EXPECT_EQ(ship.msg.mmsi, 219005012u);
  const auto* voyage = std::get_if<ais::StaticVoyageData>(&ship.msg.body);
  ASSERT_NE(voyage, nullptr);
  EXPECT_EQ(voyage->shipname.view(), "ROSINANTE");
  EXPECT_EQ(ship.station.view(), "rORBCOMM008");
  EXPECT_EQ(ms_of(ship), int64_t{1418169601000});
  EXPECT_EQ(ship.time_source, TimeSource::kTagBlock);
  EXPECT_EQ(ship.channel, 'A');
  EXPECT_EQ(run.stats().lines(), 3u);
  EXPECT_EQ(run.stats().messages(), 2u);
  EXPECT_EQ(run.stats().total_errors(), 0u);
}

TEST(NmeaDecoder, KeepsMessagesThatShareAGroupIdApart) {
  // kystverket_tag_block.nm4 writes g:...-9999 on every fragment; the
  // sequence id and channel still tell the messages apart (lines 13, 16, 14,
  // 17, reordered here to interleave them).
  Harness run;
  run.feed("\\g:1-2-9999,c:1565218798*53\\!BSVDM,2,1,3,A,53nPnh800000ha@J2218UH60U@4hT6000000000"
           "t2PD33t?P008000000000,0*72");
  run.feed("\\g:1-2-9999,c:1565218798*53\\!BSVDM,2,1,0,B,53n<qJ01md94hP@v221<DUH44N222222222222"
           "164HE641Rk0?1RDj1PDSDp,0*45");
  run.feed("\\g:2-2-9999,c:1565218798*53\\!BSVDM,2,2,3,A,00000000000,2*3E");
  run.feed("\\g:2-2-9999,c:1565218798*53\\!BSVDM,2,2,0,B,88888888880,2*3E");
  ASSERT_EQ(run.out.size(), 2u);
  EXPECT_EQ(run.out[0].channel, 'A');
  EXPECT_EQ(run.out[1].channel, 'B');
  EXPECT_NE(run.out[0].msg.mmsi, run.out[1].msg.mmsi);
  // The tag-block checksum covers the c: field only: accepted, remarked.
  EXPECT_EQ(run.stats().warnings(ErrorCode::kTagBlockChecksum), 4u);
  EXPECT_EQ(run.stats().total_errors(), 0u);
}

TEST(NmeaDecoder, ReportsVdoAsOwnVessel) {
  Harness run;
  run.feed("!AIVDO,1,1,,,B3aC3LP00063ae7RNp803wcUwP06,0*28");  // real.nmea (signalk nais300)
  ASSERT_EQ(run.out.size(), 1u);
  EXPECT_TRUE(run.out[0].own_vessel);
  EXPECT_EQ(run.out[0].msg.type, 18);
  EXPECT_EQ(run.out[0].channel, 0);
}

TEST(NmeaDecoder, TakesTheTimeOfAGatehouseWrapperForTheNextSentenceOnly) {
  // pyais timestamped.ais (its 2009 variant of this line has a wrong checksum).
  Harness run;
  run.feed("$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17");
  run.feed("!AIVDM,1,1,,A,16`l:v8P0W8Vw>fDVB0t8OvJ0H;9,0*0A");
  run.feed("!AIVDM,1,1,,A,169a:nP01g`hm4pB7:E0;@0L088i,0*5E");
  ASSERT_EQ(run.out.size(), 2u);
  EXPECT_EQ(ms_of(run.out[0]), int64_t{1210291200010});  // 2008-05-09T00:00:00.010Z
  EXPECT_EQ(run.out[0].time_source, TimeSource::kPrefix);
  EXPECT_FALSE(run.out[1].time.has_value());
  EXPECT_EQ(run.stats().lines(), 3u);
  EXPECT_EQ(run.stats().total_errors(), 0u);
}

TEST(NmeaDecoder, TakesTheTimeOfALeadingTimeStamp) {
  // goais_aistest.nmea
  Harness run;
  run.feed("1550303566167726840 !AIVDM,1,1,,B,10bb7q@P0lPGHlVMhbl0Qgw>2>`<,0*7F");
  ASSERT_EQ(run.out.size(), 1u);
  EXPECT_EQ(ms_of(run.out[0]), int64_t{1550303566167});
  EXPECT_EQ(run.out[0].time_source, TimeSource::kPrefix);
}

TEST(NmeaDecoder, TakesTheTimeOfTheTrailerWhenThereIsNothingBetter) {
  // libais typeexamples.nmea (USCG metadata): the first 10-digit field is the
  // receive time (see trailer_unix_ms()).
  Harness run;
  run.feed("!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30,d-080,S2118,t050056.00,"
           "T56.4837741,r003669946,1325394060,1325394001");
  ASSERT_EQ(run.out.size(), 1u);
  EXPECT_EQ(ms_of(run.out[0]), int64_t{1325394060000});
  EXPECT_EQ(run.out[0].time_source, TimeSource::kTrailer);
  EXPECT_EQ(run.stats().warnings(ErrorCode::kTrailingData), 1u);
}

TEST(NmeaDecoder, PrefersTagBlockOverPrefixOverTrailer) {
  Harness run;
  // Prefix beats trailer (exactEarth: $PGHP then a sentence with a ms trailer).
  run.feed("$PGHP,1,2012,1,31,5,7,2,151,316,2,316000002,1AIS_S,51*77,1327992119157");
  run.feed("!AIVDM,1,1,,B,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*33,1327992119173");
  // Tag block beats prefix.
  run.feed("1550303566 \\c:1418169601*5C\\!AIVDM,1,1,,B,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*33");
  ASSERT_EQ(run.out.size(), 2u);
  EXPECT_EQ(run.out[0].time_source, TimeSource::kPrefix);
  EXPECT_EQ(ms_of(run.out[0]), int64_t{1327986422151});
  EXPECT_EQ(run.out[1].time_source, TimeSource::kTagBlock);
  EXPECT_EQ(ms_of(run.out[1]), int64_t{1418169601000});
}

TEST(NmeaDecoder, UsesATagBlockAloneOnItsLineForTheNextSentence) {
  Harness run;
  run.feed("\\s:rEV02,c:1334337317*58\\");
  run.feed("!AIVDM,1,1,,B,19NWuLhuRb5QHfCpPcwj`26B0<02,0*5F");
  run.feed("!AIVDM,1,1,,B,19NWuLhuRb5QHfCpPcwj`26B0<02,0*5F");
  ASSERT_EQ(run.out.size(), 2u);
  EXPECT_EQ(run.out[0].station.view(), "rEV02");
  EXPECT_EQ(ms_of(run.out[0]), int64_t{1334337317000});
  EXPECT_EQ(run.out[0].time_source, TimeSource::kTagBlock);
  EXPECT_TRUE(run.out[1].station.empty());
  EXPECT_EQ(run.stats().total_errors(), 0u);
}

TEST(NmeaDecoder, CountsATagBlockThatSaysNothingAsNotAis) {
  // dmaab_ais-sample.txt
  Harness run;
  run.feed("\\si:AISD*3F\\");
  EXPECT_EQ(run.stats().errors(ErrorCode::kNotAis), 1u);
}

TEST(NmeaDecoder, AcceptsTagBlockChecksumProblemsWithAWarning) {
  Harness run;
  // risky_nmea-timestamped.txt: *00 where 5B is due.
  run.feed("\\c:1420030798*00\\!ABVDM,1,1,4,B,17P;HV?P008F98Il;EC1mOwL0@KP,0*22");
  // An unreadable c: loses the tag block, not the message.
  run.feed("\\c:12415440354*A\\!AIVDM,1,1,,A,15MrVH0000KH<:V:NtBLoqFP2H9:,0*2F");
  ASSERT_EQ(run.out.size(), 2u);
  EXPECT_EQ(ms_of(run.out[0]), int64_t{1420030798000});
  EXPECT_FALSE(run.out[1].time.has_value());
  EXPECT_EQ(run.stats().warnings(ErrorCode::kTagBlockChecksum), 1u);
  EXPECT_EQ(run.stats().warnings(ErrorCode::kBadTagBlock), 1u);
  EXPECT_EQ(run.stats().total_errors(), 0u);
}

TEST(NmeaDecoder, KeepsTheSentenceAfterAnUnknownPrefixWithAWarning) {
  Harness run;
  run.feed("   55 !AIVDM,1,1,,B,25Cjtd0Oj;Jp7ilG7=UkKBoB0<06,0*60");  // risky_samples.txt
  ASSERT_EQ(run.out.size(), 1u);
  EXPECT_EQ(run.stats().warnings(ErrorCode::kBadTimestampPrefix), 1u);
}

TEST(NmeaDecoder, CountsEveryRejectByReasonWithOffsetsInTheLine) {
  Harness run;
  run.feed("");
  run.feed("# a comment");
  run.feed("$GPGGA,195719,5310.8115,N,00525.7025,E,1,00,1.10,-2,M,,M,,*57");
  run.feed("!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*23");          // bad checksum
  run.feed("\\c:1420030798*5B\\!ABVDM,1,1,3,B,17P?et0P00bn");             // cut off
  run.feed("!AIVDM,1,1,,B,,0*25");                                       // empty payload
  run.feed("!AIVDM,2,2,,B,00000000008,2*1F");                            // orphan, no seq id
  run.feed(std::string(2000, 'x'));
  EXPECT_EQ(run.out.size(), 0u);
  const DecodeStats& s = run.stats();
  EXPECT_EQ(s.lines(), 8u);
  EXPECT_EQ(s.errors(ErrorCode::kEmptyLine), 1u);
  EXPECT_EQ(s.errors(ErrorCode::kNotAis), 2u);
  EXPECT_EQ(s.errors(ErrorCode::kBadChecksum), 1u);
  EXPECT_EQ(s.errors(ErrorCode::kMissingChecksum), 1u);
  EXPECT_EQ(s.errors(ErrorCode::kEmptyPayload), 1u);
  EXPECT_EQ(s.errors(ErrorCode::kOrphanFragment), 1u);
  EXPECT_EQ(s.errors(ErrorCode::kLineTooLong), 1u);
  EXPECT_EQ(s.total_errors(), 8u);
  // The samples keep the offending line and a byte offset in it.
  ASSERT_GE(s.samples().size(), 5u);
  EXPECT_EQ(s.samples()[3].error.offset, 45u);          // the checksum digits
  EXPECT_EQ(s.samples()[4].error.offset, 17u + 27u);    // end of the cut-off sentence
  EXPECT_EQ(s.samples()[4].input, "\\c:1420030798*5B\\!ABVDM,1,1,3,B,17P?et0P00bn");
  EXPECT_EQ(s.samples()[6].error.offset, 9u);  // the fragment number
}

// Builds "!AIVDM,<fields>*hh" with a correct checksum.
std::string sentence(const std::string& fields) {
  unsigned sum = 0;
  for (char c : "AIVDM," + fields) sum ^= static_cast<unsigned char>(c);
  char hex[3];
  std::snprintf(hex, sizeof hex, "%02X", sum);
  return "!AIVDM," + fields + "*" + hex;
}

TEST(NmeaDecoder, CountsDuplicateAndOverlongFragments) {
  Harness run;
  const std::string first = sentence("2,1,3,A," + std::string(100, '0') + ",0");
  run.feed(first);
  run.feed(first);  // the same fragment again
  run.feed("\\s:x*00\\" + sentence("2,2,3,A," + std::string(100, '0') + ",0"));
  const DecodeStats& s = run.stats();
  EXPECT_EQ(s.errors(ErrorCode::kDuplicateFragment), 1u);
  EXPECT_EQ(s.errors(ErrorCode::kPayloadOverflow), 1u);  // 200 characters > 168
  ASSERT_EQ(s.samples().size(), 2u);
  EXPECT_EQ(s.samples()[1].error.offset, 8u + 15u);  // after the tag block and "!AIVDM,2,2,3,A,"
  EXPECT_TRUE(run.out.empty());
}

TEST(NmeaDecoder, CountsWhatIsStillInReassemblyAtTheEnd) {
  Harness run;
  run.feed("!BSVDM,2,1,3,A,58IIrt025jfSUKW;;:0l4E9<f18E<tiE@F22220P3iVUO6oS0>4kmE28,0*70");
  EXPECT_EQ(run.stats().total_errors(), 0u);
  run.finish();
  EXPECT_EQ(run.stats().errors(ErrorCode::kFragmentTimeout), 1u);
  EXPECT_TRUE(run.out.empty());
}

TEST(NmeaDecoder, DropsAMessageWhoseLastFragmentComesTooLate) {
  NmeaDecoder::Params p;
  p.fragment_timeout_lines = 3;
  Harness run(p);
  run.feed("!BSVDM,2,1,3,A,58IIrt025jfSUKW;;:0l4E9<f18E<tiE@F22220P3iVUO6oS0>4kmE28,0*70");
  for (int i = 0; i < 3; ++i) run.feed("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A");
  run.feed("!BSVDM,2,2,3,A,0DSQH1RAC188880,2*50");
  EXPECT_EQ(run.stats().errors(ErrorCode::kFragmentTimeout), 1u);
  EXPECT_EQ(run.stats().messages(), 3u);
  run.finish();
  EXPECT_EQ(run.stats().errors(ErrorCode::kOrphanFragment), 1u);  // the late fragment 2
}

TEST(NmeaDecoder, DecodeReturnsTheMessageALineCompleted) {
  NmeaDecoder decoder;
  EXPECT_EQ(decoder.decode(
                "!BSVDM,2,1,3,A,58IIrt025jfSUKW;;:0l4E9<f18E<tiE@F22220P3iVUO6oS0>4kmE28,0*70"),
            nullptr);
  const AisObservation* obs = decoder.decode("!BSVDM,2,2,3,A,0DSQH1RAC188880,2*50");
  ASSERT_NE(obs, nullptr);
  EXPECT_EQ(obs->msg.type, 5);
  EXPECT_EQ(decoder.decode("garbage"), nullptr);
  EXPECT_STREQ(decoder.format_name(), "nmea");
}

}  // namespace
}  // namespace lookout::nmea
