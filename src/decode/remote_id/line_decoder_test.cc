#include "decode/remote_id/line_decoder.h"

#include <gtest/gtest.h>

#include <string>

#include "decode/remote_id/merger.h"

namespace lookout::remote_id {
namespace {

// One Wi-Fi Beacon Message Pack of the shared capture odid_wifi_bcn_sample.pcap
// (Basic ID, Location, Self-ID, System, Operator ID).
constexpr const char* kPack =
    "f01905"
    "00004d464731413031323334353637383900000000000050f6"
    "10005c527ebcba251ba88cb4b60000aa099808394100000a00"
    "300052656372656174696f6e616c0000000000000000000000"
    "4004a485251b6edbb3b6010032000000001500000000000000"
    "50004742522d4f502d31323341424344000000000000000000";

std::string pack() {
  // The capture's bytes as they follow the vendor IE's counter; the
  // constant above is split by message for reading only.
  return kPack;
}

TEST(RemoteIdLines, HexLineWithReceiver) {
  RemoteIdLineDecoder d;
  auto h = d.decode("2021-05-21T21:52:11.162Z 84:cc:a8:60:43:24 " + pack() + " mast-1\r");
  ASSERT_TRUE(h.ok()) << h.error().message();
  EXPECT_EQ(to_unix_ms(h->time), 1621633931162);
  EXPECT_EQ(h->transmitter.view(), "84:cc:a8:60:43:24");
  EXPECT_EQ(h->receiver.view(), "mast-1");
  EXPECT_FALSE(h->rssi_dbm);
  ASSERT_EQ(h->payload.count, 5);
  EXPECT_EQ(std::get<BasicId>(h->payload.messages[0].body).uas_id.view(), "MFG1A0123456789");
  EXPECT_EQ(d.stats().messages(), 1u);
}

TEST(RemoteIdLines, JsonLine) {
  RemoteIdLineDecoder d;
  auto h = d.decode(R"({"time":"2021-05-21T21:52:11.162Z","transmitter":"84:cc:a8:60:43:24",)"
                    R"("receiver":"mast-1","rssi":-71.5,"extra":[1],"payload":")" + pack() + R"("})");
  ASSERT_TRUE(h.ok()) << h.error().message();
  EXPECT_EQ(h->receiver.view(), "mast-1");
  EXPECT_DOUBLE_EQ(*h->rssi_dbm, -71.5);
  EXPECT_EQ(h->payload.count, 5);
  const auto& l = std::get<Location>(h->payload.messages[1].body);
  EXPECT_NEAR(l.position->lat, 45.5457468, 1e-9);
}

TEST(RemoteIdLines, ErrorsNameTheirFieldAndAreCounted) {
  RemoteIdLineDecoder d;
  EXPECT_EQ(d.decode("").error().code, ErrorCode::kEmptyLine);
  EXPECT_EQ(d.decode("  # a comment").error().code, ErrorCode::kEmptyLine);
  EXPECT_STREQ(d.decode("yesterday aa " + pack()).error().field, "time");
  EXPECT_STREQ(d.decode("2021-05-21T21:52:11Z aa").error().field, "payload");
  auto bad_hex = d.decode("2021-05-21T21:52:11Z aa f0190x");
  EXPECT_STREQ(bad_hex.error().field, "payload");
  EXPECT_EQ(bad_hex.error().offset, 29u);  // the 'x'
  auto bad_pack = d.decode("2021-05-21T21:52:11Z aa f0190a");
  EXPECT_STREQ(bad_pack.error().field, "pack.count");
  EXPECT_EQ(bad_pack.error().offset, 28u);  // the count's two digits
  EXPECT_EQ(d.decode("2021-05-21T21:52:11Z aa " + pack() + " rx extra").error().code,
            ErrorCode::kTrailingData);
  EXPECT_STREQ(d.decode(R"({"time":"2021-05-21T21:52:11Z","payload":")" + pack() + R"("})").error().field,
               "transmitter");
  EXPECT_STREQ(d.decode(R"({"time":"2021-05-21T21:52:11Z","transmitter":"a","rssi":"x","payload":"00"})")
                   .error().field,
               "rssi");
  EXPECT_EQ(d.decode("{\"time\":").error().code, ErrorCode::kBadJson);
  EXPECT_EQ(d.decode(std::string(kMaxLineBytes + 1, 'a')).error().code, ErrorCode::kLineTooLong);
  EXPECT_EQ(d.stats().messages(), 0u);
  EXPECT_EQ(d.stats().errors(ErrorCode::kEmptyLine), 0u);
  EXPECT_EQ(d.stats().errors(ErrorCode::kBadValue), 4u);
  EXPECT_EQ(d.stats().errors(ErrorCode::kMissingField), 2u);

  // A reserved message type inside a pack is a warning; the rest decodes.
  auto mixed = d.decode("2021-05-21T21:52:11Z aa f01902" + std::string(50, '7') +
                        "50004742522d4f502d31323341424344000000000000000000");
  ASSERT_TRUE(mixed.ok()) << mixed.error().message();
  EXPECT_EQ(mixed->payload.count, 1);
  EXPECT_EQ(d.stats().warnings(ErrorCode::kUnknownMessageType), 1u);
}

TEST(RemoteIdLines, LinesMergedPerTransmitter) {
  // Identity and position on separate lines, two transmitters interleaved:
  // each position report carries its own drone's serial and operator.
  const std::string a = "aa:aa:aa:aa:aa:aa";
  const std::string b = "bb:bb:bb:bb:bb:bb";
  const std::string id_a = "0212" + std::string("534552494131") + std::string(28, '0') + "000000";
  const std::string id_b = "0212" + std::string("534552494232") + std::string(28, '0') + "000000";
  // Location: airborne, 10 m/s east, at 55.0 N 12.0 E, geodetic 100 m.
  const std::string loc = "1220" "5a" "28" "00" "8055c820" "000e2707" "0000" "5c08" "0000" "0000" "ffff" "00" "00";
  RemoteIdLineDecoder d;
  TransmitterMerger m;
  std::vector<CooperativeReport> out;
  for (const std::string& line :
       {"2026-03-01T10:00:00Z " + a + " " + id_a, "2026-03-01T10:00:00.5Z " + b + " " + id_b,
        "2026-03-01T10:00:01Z " + b + " " + loc, "2026-03-01T10:00:01.5Z " + a + " " + loc}) {
    auto h = d.decode(line);
    ASSERT_TRUE(h.ok()) << line << ": " << h.error().message();
    auto r = m.add(h->time, h->transmitter, h->receiver, h->payload);
    ASSERT_TRUE(r);
    out.push_back(*r);
  }
  EXPECT_EQ(out[0].id.view(), "SERIA1");
  EXPECT_FALSE(out[0].position);
  EXPECT_EQ(out[2].id.view(), "SERIB2");
  EXPECT_EQ(out[3].id.view(), "SERIA1");
  ASSERT_TRUE(out[3].position);
  EXPECT_NEAR(out[3].position->lat, 55.0, 1e-7);
  EXPECT_NEAR(out[3].position->lon, 12.0, 1e-7);
  EXPECT_DOUBLE_EQ(*out[3].alt_m, 70);
  EXPECT_DOUBLE_EQ(*out[3].ground_speed_mps, 10);
  EXPECT_DOUBLE_EQ(*out[3].course_deg, 90);
  EXPECT_EQ(out[3].on_ground, false);
  EXPECT_EQ(out[3].ua_type, 2);
  EXPECT_EQ(to_unix_ms(out[3].time), to_unix_ms(*make_timestamp(2026, 3, 1, 10, 0, 1, 500)));
}

TEST(RemoteIdLines, MergerForgetsTheTransmitterHeardLongestAgo) {
  TransmitterMerger m(2);
  Payload p;
  p.count = 1;
  p.messages[0].body = BasicId{IdType::kSerialNumber, 2, FixedString<40>("S")};
  const Timestamp t0 = from_unix_ms(0);
  ASSERT_TRUE(m.add(t0, "x", "", p));
  ASSERT_TRUE(m.add(t0 + std::chrono::seconds(1), "y", "", p));
  ASSERT_TRUE(m.add(t0 + std::chrono::seconds(2), "x", "", p));
  ASSERT_TRUE(m.add(t0 + std::chrono::seconds(3), "z", "", p));
  EXPECT_EQ(m.transmitters(), 2u);
  // y was forgotten: heard again with a position-only payload it has no serial.
  Payload loc;
  loc.count = 1;
  loc.messages[0].type = MessageType::kLocation;
  loc.messages[0].body = Location{};
  EXPECT_EQ(m.add(t0 + std::chrono::seconds(4), "y", "", loc)->id.view(), "y");
  EXPECT_EQ(m.add(t0 + std::chrono::seconds(5), "z", "", loc)->id.view(), "S");
  EXPECT_FALSE(m.add(t0, "q", "", Payload{}));
}

TEST(RemoteIdLines, AReportIdStaysWhenTheSerialArrivesLate) {
  // Location first, Basic ID later: the cooperative picture keys targets by
  // id, so the id stays the MAC address; the serial rides along.
  TransmitterMerger m;
  Payload loc;
  loc.count = 1;
  loc.messages[0].type = MessageType::kLocation;
  loc.messages[0].body = Location{};
  Payload id;
  id.count = 1;
  id.messages[0].body = BasicId{IdType::kSerialNumber, 2, FixedString<40>("1581F4QWB22CC00302LV")};
  const Timestamp t0 = from_unix_ms(1700000000000);
  EXPECT_EQ(m.add(t0, "60:60:1f:00:00:01", "", loc)->id.view(), "60:60:1f:00:00:01");
  auto r = m.add(t0 + std::chrono::seconds(1), "60:60:1f:00:00:01", "", id);
  EXPECT_EQ(r->id.view(), "60:60:1f:00:00:01");
  EXPECT_EQ(r->serial.view(), "1581F4QWB22CC00302LV");
  // A serial number outranks a session id heard afterwards.
  id.messages[0].body = BasicId{IdType::kSpecificSession, 2, FixedString<40>("0102")};
  EXPECT_EQ(m.add(t0 + std::chrono::seconds(2), "60:60:1f:00:00:01", "", id)->serial.view(), "1581F4QWB22CC00302LV");
}

TEST(RemoteIdLines, AStampFarFromTheTimeHeardIsNotTheEventTime) {
  TransmitterMerger m;
  Payload loc;
  loc.count = 1;
  loc.messages[0].type = MessageType::kLocation;
  Location l;
  l.seconds_after_hour = 1201.5;  // 10:20:01.5
  loc.messages[0].body = l;
  const Timestamp heard = *make_timestamp(2026, 3, 1, 10, 20, 3);
  EXPECT_EQ(m.add(heard, "a", "", loc)->time, *make_timestamp(2026, 3, 1, 10, 20, 1, 500));
  // The shared test transmitter stamps 0 every time: 20 min off, not used.
  l.seconds_after_hour = 0;
  loc.messages[0].body = l;
  EXPECT_EQ(m.add(heard, "a", "", loc)->time, heard);
}

}  // namespace
}  // namespace lookout::remote_id
