// The JSON writer on hand-built messages: exact text for one message, the
// "not available" rule, the turn codes, texts that need escaping and the
// reception fields. The comparison with gpsd is in json_writer_test.cc.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "decode/ais/json_writer.h"

namespace lookout::ais {
namespace {

using nlohmann::json;

std::string to_json(const AisObservation& obs) {
  std::string out;
  append_json(out, obs);
  return out;
}

AisObservation observation(uint8_t type, uint32_t mmsi, Body body) {
  AisObservation obs;
  obs.msg.type = type;
  obs.msg.mmsi = mmsi;
  obs.msg.body = std::move(body);
  return obs;
}

PositionReportA moored_vessel() {
  PositionReportA a;
  a.status = 5;
  a.turn = 0;
  a.speed = 0;
  a.accuracy = true;
  a.pos = Position{-45796020, 22146000};  // -76.3267, 36.91
  a.course = 2520;
  a.heading = 352;
  a.second = 35;
  return a;
}

TEST(AisJsonWriter, WritesPositionReportExactly) {
  const std::string text = to_json(observation(3, 563808000, moored_vessel()));
  EXPECT_EQ(text,
            R"({"class":"AIS","type":3,"repeat":0,"mmsi":563808000,"scaled":true,)"
            R"("status":5,"status_text":"Moored","turn":0,"speed":0,"accuracy":true,)"
            R"("lon":-76.3267,"lat":36.91,"course":252,"heading":352,"second":35,)"
            R"("maneuver":0,"raim":false,"radio":0})");
}

TEST(AisJsonWriter, LeavesOutNotAvailableValues) {
  PositionReportA a;  // every field at its "not available" default
  const json j = json::parse(to_json(observation(1, 1, a)));
  for (const char* key : {"turn", "speed", "lon", "lat", "course", "heading", "second"}) {
    EXPECT_FALSE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["status"], 15);  // "not defined" is a status, not an absence

  StaticVoyageData v;  // imo 0, empty texts, ETA and draught not available
  const json s = json::parse(to_json(observation(5, 1, v)));
  for (const char* key : {"imo", "callsign", "shipname", "shiptype", "shiptype_text", "eta",
                          "draught", "destination"}) {
    EXPECT_FALSE(s.contains(key)) << key;
  }
  EXPECT_TRUE(s.contains("to_bow"));

  SarAircraftReport sar;
  const json k = json::parse(to_json(observation(9, 111232511, sar)));
  EXPECT_FALSE(k.contains("alt"));
  EXPECT_FALSE(k.contains("speed"));

  LongRangeReport lr;
  const json l = json::parse(to_json(observation(27, 1, lr)));
  for (const char* key : {"lon", "lat", "speed", "course"}) EXPECT_FALSE(l.contains(key)) << key;

  BaseStationReport base;
  EXPECT_FALSE(json::parse(to_json(observation(4, 1, base))).contains("timestamp"));
}

TEST(AisJsonWriter, LeavesOutPositionsOutsideTheGlobe) {
  PositionReportA a = moored_vessel();
  a.pos = Position{-180 * 600000 - 1, 90 * 600000 + 1};
  const json j = json::parse(to_json(observation(1, 1, a)));
  EXPECT_FALSE(j.contains("lon"));
  EXPECT_FALSE(j.contains("lat"));
  a.pos = Position{180 * 600000, -90 * 600000};
  const json edge = json::parse(to_json(observation(1, 1, a)));
  EXPECT_EQ(edge["lon"], 180);
  EXPECT_EQ(edge["lat"], -90);
}

TEST(AisJsonWriter, WritesTurnInDegreesPerMinuteWithGpsdRounding) {
  PositionReportA a = moored_vessel();
  const auto turn_of = [&](int8_t rot) {
    a.turn = rot;
    return json::parse(to_json(observation(1, 1, a)))["turn"];
  };
  EXPECT_EQ(turn_of(-9), -3.62);   // gpsd "-3.62"
  EXPECT_EQ(turn_of(-11), -5.4);   // gpsd "-5.40"
  EXPECT_EQ(turn_of(126), 708.71);  // (126 / 4.733)^2 = 708.7092...
  EXPECT_EQ(turn_of(127), "fastright");
  EXPECT_EQ(turn_of(-127), "fastleft");
}

TEST(AisJsonWriter, EscapesQuoteAndBackslashOfSixBitText) {
  SafetyMessage s;
  s.text.assign(R"(SAY "HI" \ BYE)");
  const std::string text = to_json(observation(14, 1, s));
  EXPECT_NE(text.find(R"("text":"SAY \"HI\" \\ BYE")"), std::string::npos) << text;
  EXPECT_EQ(json::parse(text)["text"], R"(SAY "HI" \ BYE)");
}

TEST(AisJsonWriter, WritesReceptionFieldsAfterGpsdFields) {
  AisObservation obs = observation(1, 1, moored_vessel());
  obs.time = from_unix_ms(1735122700123);
  obs.time_source = TimeSource::kTagBlock;
  obs.station.assign("r003669945");
  obs.channel = 'B';
  const std::string text = to_json(obs);
  EXPECT_NE(text.find(R"("radio":0,"time":"2024-12-25T10:31:40.123Z","time_source":"tag_block",)"
                      R"("station":"r003669945","channel":"B"})"),
            std::string::npos)
      << text;
  obs.time = from_unix_ms(1735122700000);
  EXPECT_EQ(json::parse(to_json(obs))["time"], "2024-12-25T10:31:40Z");
}

TEST(AisJsonWriter, WritesEveryTimeAsFormatIso8601Does) {
  // The writer remembers the last second it formatted; sequences within one
  // second, across seconds, days and years, and backwards, must all agree.
  AisObservation obs = observation(1, 1, moored_vessel());
  const int64_t starts[] = {1735122700000, 1735689599998, 0, 946684799999, 4102444799500};
  for (const int64_t start : starts) {
    for (const int64_t step : {int64_t{1}, int64_t{7}, int64_t{333}, int64_t{86400000}, int64_t{-501}}) {
      for (int k = 0; k < 8; ++k) {
        const Timestamp t = from_unix_ms(start + step * k);
        obs.time = t;
        EXPECT_EQ(json::parse(to_json(obs))["time"], format_iso8601(t)) << to_unix_ms(t);
      }
    }
  }
}

TEST(AisJsonWriter, LeavesOutReceptionFieldsTheObservationLacks) {
  const json j = json::parse(to_json(observation(1, 1, moored_vessel())));
  for (const char* key : {"time", "time_source", "station", "channel", "own_vessel", "device"}) {
    EXPECT_FALSE(j.contains(key)) << key;
  }
}

TEST(AisJsonWriter, WritesMothershipForAuxiliaryCraftOnly) {
  StaticDataReport b;
  b.partno = 1;
  b.shiptype = 37;
  b.callsign.assign("PF8234");
  b.dim = {13, 4, 4, 1};
  b.mothership_mmsi = 244129744;
  const json ship = json::parse(to_json(observation(24, 244129744, b)));
  EXPECT_EQ(ship["part"], "B");
  EXPECT_EQ(ship["to_bow"], 13);
  EXPECT_FALSE(ship.contains("mothership_mmsi"));
  const json aux = json::parse(to_json(observation(24, 982440001, b)));
  EXPECT_EQ(aux["mothership_mmsi"], 244129744);
  EXPECT_FALSE(aux.contains("to_bow"));
}

TEST(AisJsonWriter, WritesBinaryDataAsBitCountAndHex) {
  AddressedBinary b;
  b.seqno = 3;
  b.dest_mmsi = 313240222;
  b.dac = 669;
  b.fid = 11;
  b.data.bitcount = 12;
  b.data.bytes[0] = 0xEB;
  b.data.bytes[1] = 0x20;
  EXPECT_EQ(to_json(observation(6, 150834090, b)),
            R"({"class":"AIS","type":6,"repeat":0,"mmsi":150834090,"scaled":true,"seqno":3,)"
            R"("dest_mmsi":313240222,"retransmit":false,"dac":669,"fid":11,"data":"12:eb20"})");
  BroadcastBinary empty;
  EXPECT_EQ(json::parse(to_json(observation(8, 1, empty)))["data"], "0:");
}

TEST(AisJsonWriter, WritesRegionCornersAsNumbers) {
  ChannelManagement c;
  c.ne_lon = -44100;  // -73.5 degrees in 1/10 minute
  c.ne_lat = 27330;
  c.sw_lon = -48100;  // -80.1666666...
  c.sw_lat = 25400;
  const json j = json::parse(to_json(observation(22, 3160048, c)));
  EXPECT_EQ(j["ne_lon"], -73.5);
  EXPECT_EQ(j["sw_lon"], -80.166667);
  EXPECT_FALSE(j.contains("dest1"));
  c.addressed = true;
  c.dest1 = 28144881;
  const json a = json::parse(to_json(observation(22, 3160048, c)));
  EXPECT_EQ(a["dest1"], 28144881);
  EXPECT_FALSE(a.contains("ne_lon"));
}

TEST(AisJsonWriter, LeavesOutSlotBinaryFieldsItsFlagsExclude) {
  SlotBinary b;
  b.structured = true;
  b.app_id = 134;
  const json single = json::parse(to_json(observation(25, 1, b)));
  EXPECT_FALSE(single.contains("dest_mmsi"));
  EXPECT_EQ(single["app_id"], 134);
  EXPECT_FALSE(single.contains("radio"));
  b.radio = 4096;
  EXPECT_EQ(json::parse(to_json(observation(26, 1, b)))["radio"], 4096);
}

TEST(AisJsonWriter, WritesEveryReservationOfDataLinkManagement) {
  DataLinkManagement d;
  d.count = 1;
  d.reservations[0] = {2182, 5, 7, 225};
  const json j = json::parse(to_json(observation(20, 3669705, d)));
  EXPECT_EQ(j["offset1"], 2182);
  EXPECT_EQ(j["increment1"], 225);
  EXPECT_EQ(j["offset4"], 0);  // as gpsd: unused reservations are 0
}

TEST(AisJsonWriter, WritesOnlyTheHeaderForOtherMessages) {
  const std::string text = to_json(observation(8, 366999712, OtherMessage{}));
  EXPECT_EQ(text, R"({"class":"AIS","type":8,"repeat":0,"mmsi":366999712,"scaled":true})");
}

TEST(AisJsonWriter, AppendsWithoutNewline) {
  std::string out = "x";
  append_json(out, observation(1, 1, moored_vessel()));
  EXPECT_EQ(out[0], 'x');
  EXPECT_EQ(out.back(), '}');
}

}  // namespace
}  // namespace lookout::ais
