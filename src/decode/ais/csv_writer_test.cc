#include "decode/ais/csv_writer.h"

#include <gtest/gtest.h>

#include <string>

namespace lookout::ais {
namespace {

std::string row(const AisObservation& obs) {
  std::string out;
  append_csv(out, obs);
  return out;
}

AisObservation observation(uint8_t type, uint32_t mmsi, Body body) {
  AisObservation obs;
  obs.msg.type = type;
  obs.msg.mmsi = mmsi;
  obs.msg.body = std::move(body);
  return obs;
}

TEST(AisCsvWriter, WritesTheHeader) {
  std::string out;
  append_csv_header(out);
  EXPECT_EQ(out,
            "time,mmsi,type,lat,lon,speed,course,heading,status,turn,shipname,callsign,imo,"
            "shiptype,to_bow,to_stern,to_port,to_starboard,draught,destination,station,channel");
}

TEST(AisCsvWriter, WritesAPositionReportRow) {
  PositionReportA a;
  a.status = 0;
  a.turn = -9;
  a.speed = 123;
  a.pos = Position{-74037230, 29028980};
  a.course = 2240;
  a.heading = 215;
  AisObservation obs = observation(1, 371798000, a);
  obs.time = from_unix_ms(1735122700000);
  obs.station.assign("r003669945");
  obs.channel = 'A';
  EXPECT_EQ(row(obs),
            "2024-12-25T10:31:40Z,371798000,1,48.3816333,-123.3953833,12.3,224,215,0,-3.62,"
            ",,,,,,,,,,r003669945,A");
}

TEST(AisCsvWriter, WritesAStaticReportRow) {
  StaticVoyageData v;
  v.imo = 9134270;
  v.callsign.assign("3FOF8");
  v.shipname.assign("EVER DIADEM");
  v.shiptype = 70;
  v.dim = {225, 70, 1, 31};
  v.draught = 122;
  v.destination.assign("NEW YORK");
  EXPECT_EQ(row(observation(5, 351759000, v)),
            ",351759000,5,,,,,,,,EVER DIADEM,3FOF8,9134270,70,225,70,1,31,12.2,NEW YORK,,");
}

TEST(AisCsvWriter, LeavesNotAvailableCellsEmpty) {
  EXPECT_EQ(row(observation(1, 1, PositionReportA{})), ",1,1,,,,,,15,,,,,,,,,,,,,");
  EXPECT_EQ(row(observation(8, 2, OtherMessage{})), ",2,8,,,,,,,,,,,,,,,,,,,");
}

TEST(AisCsvWriter, WritesTurnCodesAsGpsdNamesThem) {
  PositionReportA a;
  a.turn = 127;
  EXPECT_NE(row(observation(1, 1, a)).find(",fastright,"), std::string::npos);
  a.turn = -127;
  EXPECT_NE(row(observation(1, 1, a)).find(",fastleft,"), std::string::npos);
}

TEST(AisCsvWriter, QuotesFieldsAsRfc4180Says) {
  StaticVoyageData v;
  v.shipname.assign("SAY \"HI\"");
  v.destination.assign("BOSTON,USA");
  v.callsign.assign("PLAIN");
  const std::string r = row(observation(5, 1, v));
  EXPECT_NE(r.find(",\"SAY \"\"HI\"\"\",PLAIN,"), std::string::npos) << r;
  EXPECT_NE(r.find(",\"BOSTON,USA\","), std::string::npos) << r;

  AisObservation obs = observation(1, 1, PositionReportA{});
  obs.station.assign("line\nbreak");
  EXPECT_NE(row(obs).find(",\"line\nbreak\","), std::string::npos);
}

TEST(AisCsvWriter, PutsTheAidToNavigationNameInShipname) {
  AidToNavigation n;
  n.name.assign("CHINA ROSE MURPHY EXPRESS ALERT");
  n.pos = Position{-73619155, 28752371};
  EXPECT_EQ(row(observation(21, 123456789, n)),
            ",123456789,21,47.9206183,-122.6985917,,,,,,CHINA ROSE MURPHY EXPRESS ALERT,,,,"
            "0,0,0,0,,,,");
}

TEST(AisCsvWriter, WritesLongRangePositionsAtTheirPrecision) {
  LongRangeReport lr;
  lr.lon = -92521;
  lr.lat = 52239;
  lr.speed = 0;
  lr.course = 0;
  lr.status = 3;
  EXPECT_EQ(row(observation(27, 236091959, lr)), ",236091959,27,87.065,-154.2017,0,0,,3,,,,,,,,,,,,,");
}

}  // namespace
}  // namespace lookout::ais
