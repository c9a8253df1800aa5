// decode_payload at the edges: every reason to reject, the length
// tolerances of real senders, and the extreme values of each field.
#include <string>

#include <gtest/gtest.h>

#include "decode/ais/decoder.h"
#include "decode/ais/payload_builder_for_test.h"

namespace lookout::ais {
namespace {

using testing::PayloadBuilder;

constexpr std::string_view kType1 = "15RTgt0PAso;90TKcjM8h6g208CQ";  // 168 bits
constexpr std::string_view kType5 =
    "53aDpaT000010;CKKB0h4Q8TpLDr222222222216<P:656rd07Tai0CKk5hDQ1C`8888880";  // 424 bits, fill 2

Error error_of(std::string_view payload, unsigned fill_bits) {
  auto result = decode_payload(payload, fill_bits);
  EXPECT_FALSE(result.ok()) << "payload " << payload << " decoded";
  return result.ok() ? Error{} : result.error();
}

ErrorCode warning_of(std::string_view payload, unsigned fill_bits) {
  ErrorCode warning = ErrorCode::kOk;
  auto result = decode_payload(payload, fill_bits, &warning);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message());
  return warning;
}

// A class A position report with the given kinematics and the rest zero.
PositionReportA decode_type1(int turn, unsigned speed, int lon, int lat, unsigned course,
                             unsigned heading) {
  PayloadBuilder built;
  built.header(1, 0, 123456789).put(0, 4).put_signed(turn, 8).put(speed, 10).put(0, 1);
  built.put_signed(lon, 28).put_signed(lat, 27).put(course, 12).put(heading, 9).put(0, 31);
  EXPECT_EQ(built.size(), 168u);
  auto result = decode_payload(built.payload(), built.fill_bits());
  EXPECT_TRUE(result.ok());
  return result.ok() ? std::get<PositionReportA>(result->body) : PositionReportA{};
}

TEST(AisDecoder, RejectsEachBadInputWithItsOwnCode) {
  EXPECT_EQ(error_of("", 0).code, ErrorCode::kEmptyPayload);
  EXPECT_EQ(error_of(kType1, 6).code, ErrorCode::kBadFillBits);
  const Error armor = error_of("15RTgt0PAso;90TKcjM8h6g2!8CQ", 0);
  EXPECT_EQ(armor.code, ErrorCode::kBadArmor);
  EXPECT_EQ(armor.offset, 24u);
  EXPECT_EQ(error_of(std::string(300, '8'), 0).code, ErrorCode::kPayloadOverflow);
}

TEST(AisDecoder, RejectsType0And28To63AsUnknown) {
  for (unsigned type : {0u, 28u, 29u, 30u, 31u, 40u, 63u}) {
    PayloadBuilder built;
    built.header(type, 0, 123456789).put(0, 130);
    const Error error = error_of(built.payload(), built.fill_bits());
    EXPECT_EQ(error.code, ErrorCode::kUnknownMessageType) << "type " << type;
    EXPECT_STREQ(error.field, "type");
  }
}

TEST(AisDecoder, NamesTheHeaderFieldACutPayloadLacks) {
  const Error mmsi = error_of(kType1.substr(0, 6), 0);  // 36 bits
  EXPECT_EQ(mmsi.code, ErrorCode::kPayloadTooShort);
  EXPECT_STREQ(mmsi.field, "mmsi");
  EXPECT_EQ(mmsi.offset, 1u);  // the MMSI starts in character 1
  EXPECT_STREQ(error_of("1", 1).field, "type");
}

TEST(AisDecoder, RejectsShortType1WithTheFieldThatWasCut) {
  const Error error = error_of(kType1.substr(0, 20), 0);  // 120 bits, cuts course
  EXPECT_EQ(error.code, ErrorCode::kPayloadTooShort);
  EXPECT_STREQ(error.field, "course");
  EXPECT_EQ(error.offset, 116u / 6);
  EXPECT_STREQ(error_of(kType1.substr(0, 25), 2).field, "raim");  // 148 bits
}

TEST(AisDecoder, AcceptsType1WithACutCommunicationState) {
  // gpsd test/sample.aivdm "type=1 length=163": five fill bits on 28 characters.
  auto result = decode_payload("13aIkM@P00PJ@qPNL=e@0?wJ28JO", 5);
  ASSERT_TRUE(result.ok());
  const auto& m = std::get<PositionReportA>(result->body);
  EXPECT_EQ(m.pos.lat, 31919541);
  EXPECT_TRUE(m.raim);
  EXPECT_EQ(m.radio, 1076u);  // the 14 bits that arrived, as gpsd reports them
  auto whole = decode_payload("13aIkM@P00PJ@qPNL=e@0?wJ28JO", 0);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(std::get<PositionReportA>(whole->body).radio, 34463u);
}

TEST(AisDecoder, WarnsButDecodesALongType1) {
  EXPECT_EQ(warning_of(kType1, 0), ErrorCode::kOk);
  // gpsd ais-nmea.log carries a type 1 of 204 bits.
  EXPECT_EQ(warning_of(std::string(kType1) + "000000", 0), ErrorCode::kPayloadTooLong);
  auto result = decode_payload(std::string(kType1) + "000000", 0, nullptr);  // null: no warning
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(std::get<PositionReportA>(result->body).radio, 34017u);
}

TEST(AisDecoder, RejectsShortType5) {
  const Error error = error_of(kType5.substr(0, 50), 0);  // 300 bits
  EXPECT_EQ(error.code, ErrorCode::kPayloadTooShort);
  EXPECT_STREQ(error.field, "draught");
  EXPECT_STREQ(error_of(kType5.substr(0, 70), 1).field, "destination");  // 419 bits
}

TEST(AisDecoder, AcceptsType5Of420BitsFromOlderTransponders) {
  // 70 characters, no fill bits: the last four bits of the 424 are missing.
  ErrorCode warning = ErrorCode::kOk;
  auto result = decode_payload(kType5.substr(0, 70), 0, &warning);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(warning, ErrorCode::kOk);
  const auto& m = std::get<StaticVoyageData>(result->body);
  EXPECT_EQ(m.shipname.view(), "LAHRINGEN");
  EXPECT_EQ(m.destination.view(), "R'DAM/LWARDEN");  // trailing padding still trimmed
  EXPECT_FALSE(m.dte);
}

TEST(AisDecoder, WarnsButDecodesType5Of426Bits) {
  // 426-bit type 5s occur in real logs (17 in the shared corpus).
  EXPECT_EQ(warning_of(std::string(kType5) + "0", 4), ErrorCode::kPayloadTooLong);
}

TEST(AisDecoder, TakesTheMothershipMmsiForAnAuxiliaryCraft) {
  PayloadBuilder built;
  built.header(24, 0, 981234567).put(1, 2).put(37, 8).text("ABC", 3).put(3, 4).put(42, 20);
  built.text("DA1234", 7).put(211234560, 30).put(0, 6);
  auto result = decode_payload(built.payload(), built.fill_bits());
  ASSERT_TRUE(result.ok());
  const auto& m = std::get<StaticDataReport>(result->body);
  EXPECT_EQ(m.mothership_mmsi, 211234560u);
  EXPECT_EQ(m.dim.to_bow, 0);
  EXPECT_EQ(m.dim.to_starboard, 0);
  // The old reading runs into the new fields: model 3 (0011) and the top two
  // bits of the serial (00) make the six-bit value 12, 'L'.
  EXPECT_EQ(m.vendorid.view(), "ABCL");
  EXPECT_EQ(m.model, 3);
  EXPECT_EQ(m.serial, 42u);
  EXPECT_EQ(m.callsign.view(), "DA1234");
}

TEST(AisDecoder, RejectsType24PartNumbersTwoAndThree) {
  // gpsd ais-18-27.log has 69 such messages and prints none of them.
  const Error error = error_of("H3KLehdt00000000?6ekkjm000000", 0);
  EXPECT_EQ(error.code, ErrorCode::kBadValue);
  EXPECT_STREQ(error.field, "partno");
  PayloadBuilder built;
  built.header(24, 0, 211234560).put(2, 2).put(0, 128);
  EXPECT_EQ(error_of(built.payload(), built.fill_bits()).code, ErrorCode::kBadValue);
}

TEST(AisDecoder, AppliesTheLengthRulesOfEachType24Part) {
  EXPECT_EQ(warning_of("H42O55i18tMET00000000000000", 2), ErrorCode::kOk);  // A, 160 bits
  EXPECT_STREQ(error_of("H42O55i18tMET0000000000000", 0).field, "shipname");  // A, 156
  EXPECT_EQ(warning_of("H42O55lti4hhhilD3nink000?050", 0), ErrorCode::kOk);  // B, 168
  EXPECT_EQ(warning_of("H42O55lti4hhhilD3nink000?05", 0), ErrorCode::kOk);   // B, 162
  const Error error = error_of("H42O55lti4hhhilD3nink000?0", 0);                // B, 156
  EXPECT_EQ(error.code, ErrorCode::kPayloadTooShort);
  EXPECT_STREQ(error.field, "to_starboard");
  EXPECT_EQ(warning_of("H42O55lti4hhhilD3nink000?05000", 0), ErrorCode::kPayloadTooLong);
}

TEST(AisDecoder, AppliesTheLengthRulesOfType21And27) {
  // Type 21 without extension (272 bits) and with the largest one (360).
  PayloadBuilder aton;
  aton.header(21, 0, 992111111).put(1, 5).text("BUOY", 20).put(0, 109);
  EXPECT_EQ(aton.size(), 272u);
  EXPECT_EQ(warning_of(aton.payload(), aton.fill_bits()), ErrorCode::kOk);
  aton.text("ABCDEFGHIJKLMN", 14).put(0, 4);
  EXPECT_EQ(warning_of(aton.payload(), aton.fill_bits()), ErrorCode::kOk);
  // gpsd test/sample.aivdm: a type 21 of 368 bits ("IBC G BUOY@?????????").
  EXPECT_EQ(warning_of("E03l90w4Q1h3h1:WdPOwwwwwwwwlQdn`:e55020@@@gP000000000000000000", 4),
            ErrorCode::kPayloadTooLong);
  EXPECT_STREQ(error_of(aton.payload().substr(0, 44), 0).field, "regional");  // 264 bits
  EXPECT_STREQ(error_of(aton.payload().substr(0, 45), 0).field, "assigned");  // 270 bits
  EXPECT_EQ(warning_of(aton.payload().substr(0, 46), 5), ErrorCode::kOk);     // 271 bits
  // Type 27: 96 bits; 168 from some senders.
  EXPECT_EQ(warning_of("KCQ9r=hrFUnH7P00", 0), ErrorCode::kOk);
  EXPECT_EQ(warning_of("KC5E2b@U19PFdLbMuc5=ROv62<7m", 0), ErrorCode::kPayloadTooLong);
  EXPECT_EQ(warning_of("KCQ9r=hrFUnH7P00", 1), ErrorCode::kOk);  // 95 bits: no spare
  EXPECT_STREQ(error_of("KCQ9r=hrFUnH7P00", 2).field, "gnss");   // 94 bits
  EXPECT_STREQ(error_of("KCQ9r=hrFUnH7P0", 0).field, "course");  // 90 bits
}

TEST(AisDecoder, AcceptsAnEmptySafetyText) {
  PayloadBuilder built;
  built.header(14, 0, 123456789).put(0, 2);
  auto result = decode_payload(built.payload(), built.fill_bits());
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(std::get<SafetyMessage>(result->body).text.empty());
}

TEST(AisDecoder, KeepsExtremePositions) {
  const auto north_east = decode_type1(0, 0, 180 * 600000, 90 * 600000, 0, 0);
  EXPECT_EQ(north_east.pos.lon, 108000000);
  EXPECT_EQ(north_east.pos.lat, 54000000);
  EXPECT_TRUE(north_east.pos.valid());
  const auto south_west = decode_type1(0, 0, -180 * 600000, -90 * 600000, 0, 0);
  EXPECT_EQ(south_west.pos.lon, -108000000);
  EXPECT_EQ(south_west.pos.lat, -54000000);
  EXPECT_TRUE(south_west.pos.valid());
  const auto unknown = decode_type1(0, 0, kLonNotAvailable, kLatNotAvailable, 0, 0);
  EXPECT_EQ(unknown.pos.lon, kLonNotAvailable);
  EXPECT_EQ(unknown.pos.lat, kLatNotAvailable);
  EXPECT_FALSE(unknown.pos.valid());
  // The most negative values the fields can hold decode without overflow.
  const auto extreme = decode_type1(0, 0, -(1 << 27), -(1 << 26), 0, 0);
  EXPECT_EQ(extreme.pos.lon, -(1 << 27));
  EXPECT_EQ(extreme.pos.lat, -(1 << 26));
}

TEST(AisDecoder, KeepsTurnSpeedCourseAndHeadingSentinels) {
  EXPECT_EQ(decode_type1(-127, 0, 0, 0, 0, 0).turn, -127);
  EXPECT_EQ(decode_type1(-1, 0, 0, 0, 0, 0).turn, -1);
  EXPECT_EQ(decode_type1(127, 0, 0, 0, 0, 0).turn, 127);
  EXPECT_EQ(decode_type1(-128, 0, 0, 0, 0, 0).turn, kTurnNotAvailable);
  EXPECT_EQ(decode_type1(0, 1022, 0, 0, 0, 0).speed, 1022);  // 102.2 kn or more
  EXPECT_EQ(decode_type1(0, 1023, 0, 0, 0, 0).speed, kSpeedNotAvailable);
  EXPECT_EQ(decode_type1(0, 0, 0, 0, 3599, 0).course, 3599);
  EXPECT_EQ(decode_type1(0, 0, 0, 0, 3600, 0).course, kCourseNotAvailable);
  EXPECT_EQ(decode_type1(0, 0, 0, 0, 4095, 0).course, 4095);
  EXPECT_EQ(decode_type1(0, 0, 0, 0, 0, 359).heading, 359);
  EXPECT_EQ(decode_type1(0, 0, 0, 0, 0, 511).heading, kHeadingNotAvailable);
}

TEST(AisDecoder, KeepsLongRangeExtremes) {
  PayloadBuilder built;
  built.header(27, 3, 999999999).put(1, 1).put(1, 1).put(15, 4);
  built.put_signed(-180 * 600, 18).put_signed(-90 * 600, 17).put(63, 6).put(511, 9).put(1, 1);
  built.put(0, 1);
  auto result = decode_payload(built.payload(), built.fill_bits());
  ASSERT_TRUE(result.ok());
  const auto& m = std::get<LongRangeReport>(result->body);
  EXPECT_EQ(result->mmsi, 999999999u);
  EXPECT_EQ(m.lon, -108000);
  EXPECT_EQ(m.lat, -54000);
  EXPECT_EQ(m.speed, 63);
  EXPECT_EQ(m.course, 511);
  EXPECT_TRUE(m.gnss);
  EXPECT_EQ(m.status, 15);
}

}  // namespace
}  // namespace lookout::ais
