// decode_payload on one real payload per message type, every field checked
// against the values gpsd's regression data gives for it (test/sample.aivdm
// and test/daemon/*.log, ntpsec/gpsd, BSD-2-Clause; see
// tests/golden/ais/SOURCES.md).
#include "decode/ais/decoder.h"

#include <gtest/gtest.h>

namespace lookout::ais {
namespace {

// The body of a payload that must decode as `Body`; the header goes to
// `header` when given.
template <typename Body>
Body decode_as(std::string_view payload, unsigned fill_bits, Message* header = nullptr) {
  auto result = decode_payload(payload, fill_bits);
  if (!result.ok()) {
    ADD_FAILURE() << payload << ": " << result.error().message();
    return Body{};
  }
  if (header != nullptr) *header = *result;
  if (!std::holds_alternative<Body>(result->body)) {
    ADD_FAILURE() << payload << ": decoded as another body";
    return Body{};
  }
  return std::get<Body>(result->body);
}

TEST(AisDecoder, DecodesClassAPositionReport) {
  Message header;
  const auto& m = decode_as<PositionReportA>("15RTgt0PAso;90TKcjM8h6g208CQ", 0, &header);
  EXPECT_EQ(header.type, 1);
  EXPECT_EQ(header.repeat, 0);
  EXPECT_EQ(header.mmsi, 371798000u);
  EXPECT_EQ(m.status, 0);
  EXPECT_EQ(m.turn, -127);
  EXPECT_EQ(m.speed, 123);
  EXPECT_TRUE(m.accuracy);
  EXPECT_EQ(m.pos.lon, -74037230);
  EXPECT_EQ(m.pos.lat, 29028980);
  EXPECT_EQ(m.course, 2240);
  EXPECT_EQ(m.heading, 215);
  EXPECT_EQ(m.second, 33);
  EXPECT_EQ(m.maneuver, 0);
  EXPECT_FALSE(m.raim);
  EXPECT_EQ(m.radio, 34017u);
}

TEST(AisDecoder, DecodesTypes2And3AsClassAPositionReports) {
  Message header;
  const auto& two = decode_as<PositionReportA>("25Cjtd0Oj;Jp7ilG7=UkKBoB0<06", 0, &header);
  EXPECT_EQ(header.type, 2);
  EXPECT_EQ(header.mmsi, 356302000u);
  EXPECT_EQ(two.turn, 127);
  EXPECT_EQ(two.speed, 139);
  EXPECT_EQ(two.pos.lon, -42975686);
  EXPECT_EQ(two.pos.lat, 24235415);
  EXPECT_EQ(two.course, 877);
  EXPECT_EQ(two.heading, 91);
  EXPECT_EQ(two.radio, 49158u);
  const auto& three = decode_as<PositionReportA>("38Id705000rRVJhE7cl9n;160000", 0, &header);
  EXPECT_EQ(header.type, 3);
  EXPECT_EQ(header.mmsi, 563808000u);
  EXPECT_EQ(three.status, 5);
  EXPECT_EQ(three.turn, 0);
  EXPECT_EQ(three.pos.lon, -45796520);
  EXPECT_EQ(three.pos.lat, 22146000);
  EXPECT_EQ(three.course, 2520);
  EXPECT_EQ(three.heading, 352);
  EXPECT_EQ(three.second, 35);
}

TEST(AisDecoder, DecodesBaseStationReport) {
  Message header;
  const auto& m = decode_as<BaseStationReport>("403OviQuMGCqWrRO9>E6fE700@GO", 0, &header);
  EXPECT_EQ(header.type, 4);
  EXPECT_EQ(header.mmsi, 3669702u);
  EXPECT_EQ(m.year, 2007);
  EXPECT_EQ(m.month, 5);
  EXPECT_EQ(m.day, 14);
  EXPECT_EQ(m.hour, 19);
  EXPECT_EQ(m.minute, 57);
  EXPECT_EQ(m.second, 39);
  EXPECT_TRUE(m.accuracy);
  EXPECT_EQ(m.pos.lon, -45811417);
  EXPECT_EQ(m.pos.lat, 22130260);
  EXPECT_EQ(m.epfd, 7);
  EXPECT_FALSE(m.raim);
  EXPECT_EQ(m.radio, 67039u);
}

TEST(AisDecoder, DecodesUtcDateResponseLikeABaseStationReport) {
  Message header;
  const auto& m = decode_as<BaseStationReport>(";4R33:1uUK2F`q?mOt@@GoQ00000", 0, &header);
  EXPECT_EQ(header.type, 11);
  EXPECT_EQ(header.mmsi, 304137000u);
  EXPECT_EQ(m.year, 2009);
  EXPECT_EQ(m.month, 5);
  EXPECT_EQ(m.day, 22);
  EXPECT_EQ(m.hour, 2);
  EXPECT_EQ(m.minute, 22);
  EXPECT_EQ(m.second, 40);
  EXPECT_EQ(m.pos.lon, -56644610);
  EXPECT_EQ(m.pos.lat, 17045470);
  EXPECT_EQ(m.epfd, 1);
}

TEST(AisDecoder, DecodesTwoSentenceStaticAndVoyageData) {
  // gpsd test/daemon/ais_unpack_sixbit.log, both fragments joined.
  Message header;
  const auto& m = decode_as<StaticVoyageData>(
      "53aDpaT000010;CKKB0h4Q8TpLDr222222222216<P:656rd07Tai0CKk5hDQ1C`8888880", 2, &header);
  EXPECT_EQ(header.type, 5);
  EXPECT_EQ(header.mmsi, 244660390u);
  EXPECT_EQ(m.ais_version, 1);
  EXPECT_EQ(m.imo, 0u);
  EXPECT_EQ(m.callsign.view(), "PB4664");
  EXPECT_EQ(m.shipname.view(), "LAHRINGEN");
  EXPECT_EQ(m.shiptype, 70);
  EXPECT_EQ(m.dim.to_bow, 100);
  EXPECT_EQ(m.dim.to_stern, 10);
  EXPECT_EQ(m.dim.to_port, 6);
  EXPECT_EQ(m.dim.to_starboard, 5);
  EXPECT_EQ(m.epfd, 1);
  EXPECT_EQ(m.month, 11);
  EXPECT_EQ(m.day, 21);
  EXPECT_EQ(m.hour, 12);
  EXPECT_EQ(m.minute, 0);
  EXPECT_EQ(m.draught, 30);
  EXPECT_EQ(m.destination.view(), "R'DAM/LWARDEN");
  EXPECT_FALSE(m.dte);
}

TEST(AisDecoder, ShowsTextOnlyUpToTheFirstAtSign) {
  // gpsd test/daemon/ais_unpack_sixbit.log: the shipname is sent as
  // "DILIGENTIA    @@@@@@" and the destination as ".                  @".
  const auto& m = decode_as<StaticVoyageData>(
      "53aC2TT000010GK;?F0@ThTLDq@T62220000001?78825w?os0K`8888888888888888800", 2);
  EXPECT_EQ(m.callsign.view(), "PE6235");
  EXPECT_EQ(m.shipname.view(), "DILIGENTIA");
  EXPECT_EQ(m.destination.view(), ".");
}

TEST(AisDecoder, DecodesSarAircraftReport) {
  Message header;
  const auto& m = decode_as<SarAircraftReport>("91b77=h3h00nHt0Q3r@@07000<0b", 0, &header);
  EXPECT_EQ(header.type, 9);
  EXPECT_EQ(header.mmsi, 111265591u);
  EXPECT_EQ(m.alt, 15);
  EXPECT_EQ(m.speed, 0);
  EXPECT_FALSE(m.accuracy);
  EXPECT_EQ(m.pos.lon, 7128960);
  EXPECT_EQ(m.pos.lat, 34667073);
  EXPECT_EQ(m.course, 0);
  EXPECT_EQ(m.second, 28);
  EXPECT_EQ(m.regional, 0);
  EXPECT_FALSE(m.dte);
  EXPECT_FALSE(m.raim);
  EXPECT_EQ(m.radio, 49194u);
}

TEST(AisDecoder, DecodesAddressedSafetyMessage) {
  Message header;
  const auto& m = decode_as<SafetyMessage>(
      "<02:oP0kKcv0@<51C5PB5@?BDPD?P:?2?EB7PDB16693P381>>5<PikP", 0, &header);
  EXPECT_EQ(header.type, 12);
  EXPECT_EQ(header.mmsi, 2275200u);
  EXPECT_EQ(m.seqno, 0);
  EXPECT_EQ(m.dest_mmsi, 215724000u);
  EXPECT_FALSE(m.retransmit);
  EXPECT_EQ(m.text.view(), "PLEASE REPORT TO JOBOURG TRAFFIC CHANNEL 13");
}

TEST(AisDecoder, DecodesBroadcastSafetyMessage) {
  Message header;
  const auto& m = decode_as<SafetyMessage>(">5?Per18=HB1U:1@E=B0m<L", 2, &header);
  EXPECT_EQ(header.type, 14);
  EXPECT_EQ(header.mmsi, 351809000u);
  EXPECT_EQ(m.text.view(), "RCVD YR TEST MSG");
}

TEST(AisDecoder, DecodesClassBPositionReport) {
  Message header;
  const auto& m = decode_as<PositionReportB>("B52K>;h00Fc>jpUlNV@ikwpUoP06", 0, &header);
  EXPECT_EQ(header.type, 18);
  EXPECT_EQ(header.mmsi, 338087471u);
  EXPECT_EQ(m.reserved, 0);
  EXPECT_EQ(m.speed, 1);
  EXPECT_FALSE(m.accuracy);
  EXPECT_EQ(m.pos.lon, -44443279);
  EXPECT_EQ(m.pos.lat, 24410724);
  EXPECT_EQ(m.course, 796);
  EXPECT_EQ(m.heading, 511);
  EXPECT_EQ(m.second, 49);
  EXPECT_EQ(m.regional, 0);
  EXPECT_TRUE(m.cs);
  EXPECT_FALSE(m.display);
  EXPECT_TRUE(m.dsc);
  EXPECT_TRUE(m.band);
  EXPECT_TRUE(m.msg22);
  EXPECT_FALSE(m.assigned);
  EXPECT_TRUE(m.raim);
  EXPECT_EQ(m.radio, 917510u);
}

TEST(AisDecoder, DecodesExtendedClassBReport) {
  Message header;
  const auto& m = decode_as<ExtendedReportB>(
      "C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220", 0, &header);
  EXPECT_EQ(header.type, 19);
  EXPECT_EQ(header.mmsi, 367059850u);
  EXPECT_EQ(m.reserved, 248);
  EXPECT_EQ(m.speed, 87);
  EXPECT_EQ(m.pos.lon, -53286235);
  EXPECT_EQ(m.pos.lat, 17726217);
  EXPECT_EQ(m.course, 3359);
  EXPECT_EQ(m.heading, 511);
  EXPECT_EQ(m.second, 46);
  EXPECT_EQ(m.regional, 4);
  EXPECT_EQ(m.shipname.view(), "CAPT.J.RIMES");
  EXPECT_EQ(m.shiptype, 70);
  EXPECT_EQ(m.dim.to_bow, 5);
  EXPECT_EQ(m.dim.to_stern, 21);
  EXPECT_EQ(m.dim.to_port, 4);
  EXPECT_EQ(m.dim.to_starboard, 4);
  EXPECT_EQ(m.epfd, 1);
  EXPECT_FALSE(m.raim);
  EXPECT_FALSE(m.dte);
  EXPECT_FALSE(m.assigned);
}

TEST(AisDecoder, AppendsTheNameExtensionOfAnAidToNavigation) {
  // gpsd ais_unpack_sixbit.log: "HILLSBRGH CUT C CH L" + extension "B 17@".
  Message header;
  const auto& m = decode_as<AidToNavigation>(
      "ENk`sG6T4V69Q93T@1bb@1h1T@6=3BiM7uUb`00003vP00`<Mh0", 2, &header);
  EXPECT_EQ(header.type, 21);
  EXPECT_EQ(header.repeat, 1);
  EXPECT_EQ(header.mmsi, 993672028u);
  EXPECT_EQ(m.aid_type, 13);
  EXPECT_EQ(m.name.view(), "HILLSBRGH CUT C CH LB 17");
  EXPECT_FALSE(m.accuracy);
  EXPECT_EQ(m.pos.lon, -49468323);
  EXPECT_EQ(m.pos.lat, 16698197);
  EXPECT_EQ(m.dim.to_bow, 0);
  EXPECT_EQ(m.epfd, 7);
  EXPECT_EQ(m.second, 61);
  EXPECT_FALSE(m.off_position);
  EXPECT_EQ(m.regional, 0);
  EXPECT_FALSE(m.raim);
  EXPECT_FALSE(m.virtual_aid);
  EXPECT_FALSE(m.assigned);
}

TEST(AisDecoder, IgnoresTheNameExtensionAfterAnEndedName) {
  // gpsd ais-nmea-type6-fid55.log: name "AHAAHA ROCKS NORTH@@", then ">S+>N".
  const auto& m = decode_as<AidToNavigation>(
      "E>m1c3DPT0PT0h97QUah77a:400F@VKHmP@jP00003`01?TrwSW", 0);
  EXPECT_EQ(m.name.view(), "AHAAHA ROCKS NORTH");
}

TEST(AisDecoder, DecodesStaticDataPartAAndPartB) {
  // gpsd ais-nmea-type6-fid55.log, MMSI 271041815 (PROGUY).
  Message header;
  const auto& a = decode_as<StaticDataReport>("H42O55i18tMET00000000000000", 2, &header);
  EXPECT_EQ(header.type, 24);
  EXPECT_EQ(header.mmsi, 271041815u);
  EXPECT_EQ(a.partno, 0);
  EXPECT_EQ(a.shipname.view(), "PROGUY");
  const auto& b = decode_as<StaticDataReport>("H42O55lti4hhhilD3nink000?050", 0, &header);
  EXPECT_EQ(header.mmsi, 271041815u);
  EXPECT_EQ(b.partno, 1);
  EXPECT_EQ(b.shiptype, 60);
  EXPECT_EQ(b.vendorid.view(), "1D00014");  // the M.1371-3 reading of bits 48..89
  EXPECT_EQ(b.model, 12);                   // the M.1371-4 reading
  EXPECT_EQ(b.serial, 199796u);
  EXPECT_EQ(b.callsign.view(), "TC6163");
  EXPECT_EQ(b.dim.to_bow, 0);
  EXPECT_EQ(b.dim.to_stern, 15);
  EXPECT_EQ(b.dim.to_port, 0);
  EXPECT_EQ(b.dim.to_starboard, 5);
  EXPECT_EQ(b.mothership_mmsi, 0u);
}

TEST(AisDecoder, DecodesLongRangeReport) {
  Message header;
  const auto& m = decode_as<LongRangeReport>("KCQ9r=hrFUnH7P00", 0, &header);
  EXPECT_EQ(header.type, 27);
  EXPECT_EQ(header.repeat, 1);
  EXPECT_EQ(header.mmsi, 236091959u);
  EXPECT_EQ(m.status, 3);
  EXPECT_FALSE(m.accuracy);
  EXPECT_FALSE(m.raim);
  EXPECT_EQ(m.lon, -92521);
  EXPECT_EQ(m.lat, 52239);
  EXPECT_EQ(m.speed, 0);
  EXPECT_EQ(m.course, 0);
  EXPECT_FALSE(m.gnss);
}

}  // namespace
}  // namespace lookout::ais
