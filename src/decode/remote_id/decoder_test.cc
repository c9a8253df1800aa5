#include "decode/remote_id/decoder.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace lookout::remote_id {
namespace {

using Bytes = std::array<uint8_t, kMessageSize>;

void put16(Bytes& m, std::size_t at, uint16_t v) {
  m[at] = v & 0xFF;
  m[at + 1] = v >> 8;
}
void put32(Bytes& m, std::size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) m[at + i] = (v >> (8 * i)) & 0xFF;
}

const Location& location_of(const Message& m) { return std::get<Location>(m.body); }

TEST(RemoteIdDecoder, LocationFieldsAndTheirEncodings) {
  Bytes m{};
  m[0] = 0x12;  // Location, protocol version 2
  m[1] = 0x20 | 0x04 | 0x02 | 0x01;  // airborne, height above ground, west half, x0.75
  m[2] = 45;                          // 45 + 180 = 225 degrees
  m[3] = 10;                          // 10 * 0.75 + 63.75 = 71.25 m/s
  m[4] = static_cast<uint8_t>(-7);    // -3.5 m/s
  put32(m, 5, static_cast<uint32_t>(555000000));    // 55.5 N
  put32(m, 9, static_cast<uint32_t>(-1234567890));  // -123.456789 E
  put16(m, 13, 2100);  // 1050 - 1000 = 50 m
  put16(m, 15, 2201);  // 100.5 m
  put16(m, 17, 2000);  // 0 m
  m[19] = 0x4B;        // vertical 4, horizontal 11
  m[20] = 0x32;        // baro 3, speed 2
  put16(m, 21, 12345); // 1234.5 s after the hour
  m[23] = 0x03;        // 0.3 s
  auto r = decode_message(m);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->type, MessageType::kLocation);
  EXPECT_EQ(r->version, 2);
  const Location& l = location_of(*r);
  EXPECT_EQ(l.status, 2);
  EXPECT_TRUE(l.height_above_ground);
  EXPECT_DOUBLE_EQ(*l.direction_deg, 225);
  EXPECT_DOUBLE_EQ(*l.speed_mps, 71.25);
  EXPECT_DOUBLE_EQ(*l.vertical_speed_mps, -3.5);
  EXPECT_NEAR(l.position->lat, 55.5, 1e-9);
  EXPECT_NEAR(l.position->lon, -123.456789, 1e-9);
  EXPECT_DOUBLE_EQ(*l.pressure_alt_m, 50);
  EXPECT_DOUBLE_EQ(*l.geodetic_alt_m, 100.5);
  EXPECT_DOUBLE_EQ(*l.height_m, 0);
  EXPECT_EQ(l.vertical_accuracy, 4);
  EXPECT_EQ(l.horizontal_accuracy, 11);
  EXPECT_EQ(l.baro_accuracy, 3);
  EXPECT_EQ(l.speed_accuracy, 2);
  EXPECT_DOUBLE_EQ(*l.seconds_after_hour, 1234.5);
  EXPECT_NEAR(*l.timestamp_accuracy_s, 0.3, 1e-12);
}

TEST(RemoteIdDecoder, InvalidValuesAreLeftOut) {
  Bytes m{};
  m[0] = 0x10;
  m[1] = 0x03;   // west half, x0.75
  m[2] = 181;    // 361: unknown direction
  m[3] = 255;    // 255 m/s: unknown speed
  m[4] = 126;    // 63 m/s: unknown vertical speed
  // lat/lon 0/0, altitudes raw 0 (-1000 m): unknown
  put16(m, 21, 0xFFFF);  // unknown time
  auto r = decode_message(m);
  ASSERT_TRUE(r.ok());
  const Location& l = location_of(*r);
  EXPECT_FALSE(l.direction_deg);
  EXPECT_FALSE(l.speed_mps);
  EXPECT_FALSE(l.vertical_speed_mps);
  EXPECT_FALSE(l.position);
  EXPECT_FALSE(l.pressure_alt_m);
  EXPECT_FALSE(l.geodetic_alt_m);
  EXPECT_FALSE(l.height_m);
  EXPECT_FALSE(l.seconds_after_hour);
  EXPECT_FALSE(l.timestamp_accuracy_s);

  // A latitude off the globe is left out too, not wrapped.
  put32(m, 5, 950000000);
  put32(m, 9, 10);
  EXPECT_FALSE(location_of(*decode_message(m)).position);
  // Slow speeds use 0.25 m/s steps; 255 there is a plain 63.75 m/s.
  m[1] = 0x00;
  m[3] = 255;
  EXPECT_DOUBLE_EQ(*location_of(*decode_message(m)).speed_mps, 63.75);
}

TEST(RemoteIdDecoder, BasicIdTextAndBinaryIds) {
  Bytes m{};
  m[0] = 0x02;
  m[1] = 0x12;  // serial number, helicopter or multirotor
  const char serial[] = "1581F4QWB22CC00302LV";
  std::copy(serial, serial + 20, m.begin() + 2);
  auto r = decode_message(m);
  ASSERT_TRUE(r.ok());
  const auto& b = std::get<BasicId>(r->body);
  EXPECT_EQ(b.id_type, IdType::kSerialNumber);
  EXPECT_EQ(b.ua_type, 2);
  EXPECT_EQ(b.uas_id.view(), "1581F4QWB22CC00302LV");

  // A garbled serial is refused with its byte: it would be a ghost identity.
  m[7] = 0x01;
  r = decode_message(m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadValue);
  EXPECT_STREQ(r.error().field, "basic_id.uas_id");
  EXPECT_EQ(r.error().offset, 7u);

  // A UTM UUID is binary: shown as hex.
  Bytes u{};
  u[1] = 0x32;
  for (int i = 0; i < 16; ++i) u[2 + i] = static_cast<uint8_t>(0xA0 + i);
  r = decode_message(u);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::get<BasicId>(r->body).uas_id.view(), "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
}

TEST(RemoteIdDecoder, SystemOperatorIdSelfIdAuthentication) {
  Bytes s{};
  s[0] = 0x42;
  s[1] = 0x04 | 0x01;  // EU classification, live GNSS operator location
  put32(s, 2, static_cast<uint32_t>(600000000));
  put32(s, 6, static_cast<uint32_t>(100000000));
  put16(s, 10, 3);
  s[12] = 25;              // 250 m
  put16(s, 13, 2400);      // ceiling 200 m
  put16(s, 15, 0);         // floor unknown
  s[17] = 0x23;            // specific, class 2
  put16(s, 18, 2030);      // 15 m
  put32(s, 20, 86400);     // 2019-01-02T00:00Z
  auto r = decode_message(s);
  ASSERT_TRUE(r.ok());
  const auto& sys = std::get<System>(r->body);
  EXPECT_EQ(sys.operator_location_type, 1);
  EXPECT_EQ(sys.classification_type, 1);
  EXPECT_NEAR(sys.operator_position->lat, 60, 1e-9);
  EXPECT_NEAR(sys.operator_position->lon, 10, 1e-9);
  EXPECT_EQ(sys.area_count, 3);
  EXPECT_DOUBLE_EQ(sys.area_radius_m, 250);
  EXPECT_DOUBLE_EQ(*sys.area_ceiling_m, 200);
  EXPECT_FALSE(sys.area_floor_m);
  EXPECT_EQ(sys.category_eu, 2);
  EXPECT_EQ(sys.class_eu, 3);
  EXPECT_DOUBLE_EQ(*sys.operator_alt_m, 15);
  EXPECT_EQ(to_unix_ms(*sys.time), (1546300800LL + 86400) * 1000);

  Bytes o{};
  o[0] = 0x52;
  const char op[] = "FIN87astrdge12kxyz8";
  std::copy(op, op + 19, o.begin() + 2);
  r = decode_message(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::get<OperatorId>(r->body).id.view(), "FIN87astrdge12kxyz8");

  Bytes t{};
  t[0] = 0x32;
  t[2] = 'h';
  t[3] = 0x07;  // free text: shown with '?', not refused
  t[4] = 'i';
  r = decode_message(t);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::get<SelfId>(r->body).description.view(), "h?i");

  Bytes a{};
  a[0] = 0x22;
  a[1] = 0x30;  // type 3, page 0
  a[2] = 2;
  a[3] = 40;
  put32(a, 4, 1);
  r = decode_message(a);
  ASSERT_TRUE(r.ok());
  const auto& auth = std::get<Authentication>(r->body);
  EXPECT_EQ(auth.auth_type, 3);
  EXPECT_EQ(*auth.last_page, 2);
  EXPECT_EQ(*auth.length, 40);
  EXPECT_EQ(to_unix_ms(*auth.time), 1546300801000LL);
}

TEST(RemoteIdDecoder, MessagePackAndItsErrors) {
  std::vector<uint8_t> p = {0xF2, 25, 3};
  Bytes id{};
  id[0] = 0x02;
  id[1] = 0x12;
  id[2] = 'A';
  Bytes bad{};
  bad[0] = 0x72;  // reserved type: skipped, its neighbours kept
  Bytes op{};
  op[0] = 0x52;
  op[2] = 'X';
  for (const Bytes* m : {&id, &bad, &op}) p.insert(p.end(), m->begin(), m->end());
  auto r = decode_payload(p);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_TRUE(r->pack);
  EXPECT_EQ(r->count, 2);
  EXPECT_EQ(r->skipped, 1);
  EXPECT_EQ(r->messages[0].type, MessageType::kBasicId);
  EXPECT_EQ(r->messages[1].type, MessageType::kOperatorId);

  // Padding up to the full pack is allowed (BLE long range sends 228 bytes).
  auto padded = p;
  padded.resize(3 + 9 * 25);
  EXPECT_TRUE(decode_payload(padded).ok());
  padded.push_back(0);
  EXPECT_EQ(decode_payload(padded).error().code, ErrorCode::kPayloadTooLong);

  auto wrong_size = p;
  wrong_size[1] = 24;
  EXPECT_STREQ(decode_payload(wrong_size).error().field, "pack.message_size");
  auto too_many = p;
  too_many[2] = 10;
  EXPECT_STREQ(decode_payload(too_many).error().field, "pack.count");
  auto short_pack = p;
  short_pack.resize(3 + 2 * 25 + 24);
  EXPECT_EQ(decode_payload(short_pack).error().code, ErrorCode::kPayloadTooShort);

  // A pack inside a pack is refused, a reserved type alone too.
  EXPECT_STREQ(decode_message(std::span<const uint8_t>(p.data(), 25)).error().field, "pack.nested");
  auto alone = decode_payload(bad);
  ASSERT_FALSE(alone.ok());
  EXPECT_EQ(alone.error().code, ErrorCode::kUnknownMessageType);
  EXPECT_EQ(decode_payload(std::span<const uint8_t>()).error().code, ErrorCode::kEmptyPayload);
  EXPECT_EQ(decode_payload(std::span<const uint8_t>(id.data(), 24)).error().code,
            ErrorCode::kPayloadTooShort);
}

TEST(RemoteIdDecoder, ParseHex) {
  std::array<uint8_t, 4> out{};
  auto n = parse_hex("0aFf", out, "payload");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2u);
  EXPECT_EQ(out[0], 0x0A);
  EXPECT_EQ(out[1], 0xFF);
  EXPECT_EQ(parse_hex("0aF", out, "payload").error().code, ErrorCode::kBadValue);
  EXPECT_EQ(parse_hex("0g", out, "payload").error().offset, 1u);
  EXPECT_EQ(parse_hex("0011223344", out, "payload").error().code, ErrorCode::kPayloadTooLong);
}

TEST(RemoteIdDecoder, ResolveTimeNearestHour) {
  const Timestamp rx = *make_timestamp(2026, 3, 1, 10, 0, 2);
  EXPECT_EQ(resolve_time(rx, 3598.5), *make_timestamp(2026, 3, 1, 9, 59, 58, 500));
  EXPECT_EQ(resolve_time(rx, 1.0), *make_timestamp(2026, 3, 1, 10, 0, 1));
  const Timestamp late = *make_timestamp(2026, 3, 1, 10, 59, 59);
  EXPECT_EQ(resolve_time(late, 0.5), *make_timestamp(2026, 3, 1, 11, 0, 0, 500));
}

}  // namespace
}  // namespace lookout::remote_id
