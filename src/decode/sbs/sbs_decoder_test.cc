// Tests of the SBS-1 decoder on lines as readsb and dump1090-fa write them:
// each transmission type, the units, the time, and every reject reason.
#include "decode/sbs/sbs_decoder.h"

#include <gtest/gtest.h>

namespace lookout::sbs {
namespace {

CooperativeReport must_decode(SbsDecoder& dec, std::string_view line) {
  auto r = dec.decode(line);
  EXPECT_TRUE(r.ok()) << r.error().message() << " in " << line;
  if (!r.ok() || !r->has_value()) {
    ADD_FAILURE() << "no report from " << line;
    return {};
  }
  return **r;
}

Error must_reject(SbsDecoder& dec, std::string_view line) {
  auto r = dec.decode(line);
  EXPECT_FALSE(r.ok()) << "accepted " << line;
  return r.ok() ? Error{} : r.error();
}

TEST(SbsDecoder, AirbornePositionInSiUnits) {
  SbsDecoder dec;
  auto r = must_decode(dec, "MSG,3,1,1,4CA2D6,1,2024/12/25,10:31:40.123,2024/12/25,10:31:40.150,,37000,,,51.45735,-1.02826,,,0,0,0,0\r");
  EXPECT_EQ(r.source, CooperativeSource::kAdsb);
  EXPECT_EQ(r.id.view(), "4CA2D6");
  EXPECT_EQ(format_iso8601(r.time), "2024-12-25T10:31:40.123Z");
  ASSERT_TRUE(r.position);
  EXPECT_DOUBLE_EQ(r.position->lat, 51.45735);
  EXPECT_DOUBLE_EQ(r.position->lon, -1.02826);
  ASSERT_TRUE(r.alt_m && r.baro_alt_m);
  EXPECT_DOUBLE_EQ(*r.baro_alt_m, 37000 * 0.3048);
  EXPECT_DOUBLE_EQ(*r.alt_m, 37000 * 0.3048);
  EXPECT_FALSE(r.ground_speed_mps);
  EXPECT_EQ(r.on_ground, std::optional<bool>(false));
  EXPECT_FALSE(r.emergency);
  EXPECT_EQ(dec.stats().messages(), 1u);
}

TEST(SbsDecoder, VelocityIdentificationAndSquawk) {
  SbsDecoder dec;
  auto v = must_decode(dec, "MSG,4,1,1,ac671b,1,2025/02/04,21:13:42.619,2025/02/04,21:13:42.700,,,479,328,,,-1344,,,,,0");
  EXPECT_EQ(v.id.view(), "AC671B");  // upper-cased
  EXPECT_NEAR(*v.ground_speed_mps, 479 * 1852.0 / 3600.0, 1e-9);
  EXPECT_DOUBLE_EQ(*v.course_deg, 328);
  EXPECT_NEAR(*v.vertical_rate_mps, -1344 * 0.3048 / 60, 1e-9);
  EXPECT_FALSE(v.position);

  auto id = must_decode(dec, "MSG,1,1,1,AC671B,1,2025/02/04,21:13:43.000,2025/02/04,21:13:43.000,DAL1812 ,,,,,,,,,,,0");
  EXPECT_EQ(id.callsign.view(), "DAL1812");

  auto sq = must_decode(dec, "MSG,6,1,1,AC671B,1,2025/02/04,21:13:44.000,2025/02/04,21:13:44.000,,32000,,,,,,4637,0,0,0,0");
  EXPECT_EQ(sq.squawk.view(), "4637");
  EXPECT_FALSE(sq.emergency);
}

TEST(SbsDecoder, EmergencyFromTheFlagOrTheSquawk) {
  SbsDecoder dec;
  auto a = must_decode(dec, "MSG,6,1,1,4AB179,1,2018/11/26,09:40:00.000,2018/11/26,09:40:00.000,,3000,,,,,,7700,0,-1,0,0");
  EXPECT_TRUE(a.emergency);
  // A writer that leaves the flag empty still reports the squawk.
  auto b = must_decode(dec, "MSG,6,1,1,4AB179,1,2018/11/26,09:40:01.000,2018/11/26,09:40:01.000,,3000,,,,,,7600,,,,");
  EXPECT_TRUE(b.emergency);
  auto c = must_decode(dec, "MSG,6,1,1,4AB179,1,2018/11/26,09:40:02.000,2018/11/26,09:40:02.000,,3000,,,,,,1000,0,0,0,0");
  EXPECT_FALSE(c.emergency);
  EXPECT_TRUE(is_emergency_squawk("7500"));
  EXPECT_FALSE(is_emergency_squawk("7777"));
}

TEST(SbsDecoder, GeometricAltitudeAndSurfaceAndNonIcao) {
  SbsDecoder dec;
  auto g = must_decode(dec, "MSG,3,1,1,~A1B2C3,1,2024/01/01,00:00:00.000,2024/01/01,00:00:00.000,,1500H,,,55.1,12.2,640H,,,,,0");
  EXPECT_EQ(g.id.view(), "~A1B2C3");
  EXPECT_DOUBLE_EQ(*g.alt_m, 1500 * 0.3048);
  EXPECT_FALSE(g.baro_alt_m);  // 'H': geometric, not pressure altitude
  EXPECT_NEAR(*g.vertical_rate_mps, 640 * 0.3048 / 60, 1e-9);
  auto s = must_decode(dec, "MSG,2,1,1,4CA2D6,1,2024/01/01,00:00:01.000,2024/01/01,00:00:01.000,,,12,90,55.1,12.2,,,,,,");
  EXPECT_EQ(s.on_ground, std::optional<bool>(true));
}

TEST(SbsDecoder, LocalTimeWritersAreShiftedToUtc) {
  SbsParams p;
  p.utc_offset = std::chrono::minutes(60);  // dump1090-fa on a CET receiver
  p.receiver.assign("bornholm-1");
  SbsDecoder dec(p);
  auto r = must_decode(dec, "MSG,8,1,1,4CA2D6,1,2024/12/25,11:00:00.000,2024/12/25,11:00:00.000,,,,,,,,,,,,0");
  EXPECT_EQ(format_iso8601(r.time), "2024-12-25T10:00:00Z");
  EXPECT_EQ(r.receiver.view(), "bornholm-1");
}

TEST(SbsDecoder, LoggedTimeWhenGeneratedIsEmptyAndShortRows) {
  SbsDecoder dec;
  auto r = must_decode(dec, "MSG,5,1,1,4CA2D6,1,,,2024/12/25,10:00:00,,2000");
  EXPECT_EQ(format_iso8601(r.time), "2024-12-25T10:00:00Z");
  EXPECT_DOUBLE_EQ(*r.alt_m, 2000 * 0.3048);
}

TEST(SbsDecoder, HeartbeatsAndOtherRecordsAreSkippedNotRejected) {
  SbsDecoder dec;
  for (std::string_view line : {"", "\r", "  ", "SEL,,496,2286,4CA4E5,27215,2010/02/19,18:06:07.710,2010/02/19,18:06:07.710,RYR1427",
                                "ID,,496,7162,405637,27928,2010/02/19,18:06:07.115,2010/02/19,18:06:07.115,EZY691A",
                                "AIR,,496,5906,400705,27931,2010/02/19,18:06:07.128,2010/02/19,18:06:07.128",
                                "STA,,5,179,400AE7,10103,2008/11/28,14:58:51.153,2008/11/28,14:58:51.153,RM",
                                "CLK,,496,-1,,-1,2010/02/19,18:18:19.036,2010/02/19,18:18:19.036"}) {
    auto r = dec.decode(line);
    ASSERT_TRUE(r.ok()) << line;
    EXPECT_FALSE(r->has_value()) << line;
  }
  EXPECT_EQ(dec.other_records(), 5u);
  EXPECT_EQ(dec.stats().total_errors(), 0u);
  EXPECT_EQ(dec.stats().messages(), 0u);
}

TEST(SbsDecoder, RejectsNameTheFieldAndAreCounted) {
  SbsDecoder dec;
  struct Case {
    std::string_view line;
    ErrorCode code;
    std::string_view field;
  } cases[] = {
      {"hello world", ErrorCode::kBadValue, "message_type"},
      {"MSG,3,1,1,4CA2D6", ErrorCode::kBadCsvRow, "fields"},
      {"MSG,9,1,1,4CA2D6,1,2024/12/25,10:31:40.123,2024/12/25,10:31:40.150,,37000,,,51.4,-1.0,,,0,0,0,0", ErrorCode::kBadValue, "transmission_type"},
      {"MSG,3,1,1,4CA2D,1,2024/12/25,10:31:40.123,2024/12/25,10:31:40.150,,37000,,,51.4,-1.0,,,0,0,0,0", ErrorCode::kBadValue, "hex_ident"},
      {"MSG,3,1,1,4CA2DG,1,2024/12/25,10:31:40.123,2024/12/25,10:31:40.150,,37000,,,51.4,-1.0,,,0,0,0,0", ErrorCode::kBadValue, "hex_ident"},
      {"MSG,3,1,1,4CA2D6,1,2024/13/25,10:31:40.123,2024/12/25,10:31:40.150,,37000,,,51.4,-1.0,,,0,0,0,0", ErrorCode::kBadValue, "date_generated"},
      {"MSG,3,1,1,4CA2D6,1,2024-12,10:31:40.123,2024/12/25,10:31:40.150,,37000,,,51.4,-1.0,,,0,0,0,0", ErrorCode::kBadValue, "date_generated"},
      {"MSG,3,1,1,4CA2D6,1,2024/12/25,25:31:40.123,2024/12/25,10:31:40.150,,37000,,,51.4,-1.0,,,0,0,0,0", ErrorCode::kBadValue, "time_generated"},
      {"MSG,3,1,1,4CA2D6,1,,,,,,37000,,,51.4,-1.0,,,0,0,0,0", ErrorCode::kMissingField, "time"},
      {"MSG,3,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,,370000,,,51.4,-1.0,,,0,0,0,0", ErrorCode::kBadValue, "altitude"},
      {"MSG,3,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,,37k,,,51.4,-1.0,,,0,0,0,0", ErrorCode::kBadValue, "altitude"},
      {"MSG,4,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,,,-5,90,,,,,,,,0", ErrorCode::kBadValue, "ground_speed"},
      {"MSG,4,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,,,450,400,,,,,,,,0", ErrorCode::kBadValue, "track"},
      {"MSG,3,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,,37000,,,91.0,-1.0,,,0,0,0,0", ErrorCode::kBadValue, "lat"},
      {"MSG,3,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,,37000,,,51.0,nan,,,0,0,0,0", ErrorCode::kBadValue, "lon"},
      {"MSG,3,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,,37000,,,51.0,,,,0,0,0,0", ErrorCode::kMissingField, "lon"},
      {"MSG,4,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,,,450,90,,,99999,,,,,0", ErrorCode::kBadValue, "vertical_rate"},
      {"MSG,6,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,,,,,,,,7800,0,0,0,0", ErrorCode::kBadValue, "squawk"},
      {"MSG,6,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,,,,,,,,770,0,0,0,0", ErrorCode::kBadValue, "squawk"},
      {"MSG,6,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,,,,,,,,7700,0,yes,0,0", ErrorCode::kBadValue, "emergency"},
      {"MSG,1,1,1,4CA2D6,1,2024/12/25,10:31:40.123,,,TOOLONGCALL,,,,,,,,,,,0", ErrorCode::kBadValue, "callsign"},
  };
  for (const auto& c : cases) {
    Error e = must_reject(dec, c.line);
    EXPECT_EQ(e.code, c.code) << c.line << ": " << e.message();
    ASSERT_NE(e.field, nullptr) << c.line;
    EXPECT_EQ(std::string_view(e.field), c.field) << c.line;
  }
  EXPECT_EQ(dec.stats().total_errors(), std::size(cases));
  EXPECT_EQ(dec.stats().messages(), 0u);
  EXPECT_EQ(dec.stats().samples().size(), DecodeStats::kMaxSamples);
  EXPECT_EQ(dec.stats().errors(ErrorCode::kMissingField), 2u);
}

TEST(SbsDecoder, TrailingFieldsAreAWarningAndLongLinesARejection) {
  SbsDecoder dec;
  auto r = must_decode(dec, "MSG,8,1,1,4CA2D6,1,2024/12/25,10:31:40.123,2024/12/25,10:31:40.150,,,,,,,,,,,,0,extra,more");
  EXPECT_EQ(r.id.view(), "4CA2D6");
  EXPECT_EQ(dec.stats().warnings(ErrorCode::kTrailingData), 1u);
  std::string long_line = "MSG,8,1,1,4CA2D6,1," + std::string(2000, 'x');
  EXPECT_EQ(must_reject(dec, long_line).code, ErrorCode::kLineTooLong);
}

}  // namespace
}  // namespace lookout::sbs
