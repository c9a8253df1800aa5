#include "decode/csv/kystverket_csv_decoder.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "decode/csv/decoder_test_support.h"

namespace lookout::csv {
namespace {

using testing::body;
using testing::decode_text;

constexpr std::string_view kHeader =
    ";mmsi;imo_nr;length;date_time_utc;lon;lat;sog;cog;true_heading;nav_status;message_nr\n";

// First row of the file, checked by hand:
// 0;257706000;9436161;48;2022-09-01 20:27:05;5.3068;60.3937;3.0;104.9;112;0;1
TEST(KystverketCsvDecoder, GoldenFirstRowIsATypeOneReportFollowedByItsStaticData) {
  KystverketCsvDecoder dec;
  auto obs = decode_text(dec, testing::read_file(testing::golden_path(
                                  "kystverket_vestland_2022-09-01_60_rows_per_vessel.csv")));
  ASSERT_GE(obs.size(), 2u);
  EXPECT_EQ(obs[0].msg.type, 1);
  EXPECT_EQ(obs[0].msg.mmsi, 257706000u);
  ASSERT_TRUE(obs[0].time);
  EXPECT_EQ(to_unix_ms(*obs[0].time), 1662064025000);  // 2022-09-01T20:27:05Z
  EXPECT_EQ(obs[0].time_source, TimeSource::kRecord);
  const auto* p = body<ais::PositionReportA>(obs[0]);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->pos.lat, 36236220);
  EXPECT_EQ(p->pos.lon, 3184080);
  EXPECT_EQ(p->speed, 30);
  EXPECT_EQ(p->course, 1049);
  EXPECT_EQ(p->heading, 112);
  EXPECT_EQ(p->status, 0);

  EXPECT_EQ(obs[1].msg.type, 5);
  const auto* s = body<ais::StaticVoyageData>(obs[1]);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->imo, 9436161u);
  EXPECT_EQ(s->dim.to_bow, 24);
  EXPECT_EQ(s->dim.to_stern, 24);
}

TEST(KystverketCsvDecoder, GoldenExcerptGivesOneStaticMessagePerVessel) {
  KystverketCsvDecoder dec;
  auto obs = decode_text(dec, testing::read_file(testing::golden_path(
                                  "kystverket_vestland_2022-09-01_60_rows_per_vessel.csv")));
  EXPECT_EQ(dec.stats().lines(), 301u);
  EXPECT_EQ(dec.stats().total_errors(), 0u);
  EXPECT_EQ(obs.size(), 305u);
  std::map<uint32_t, int> statics;
  std::map<int, int> types;
  for (const auto& o : obs) {
    ++types[o.msg.type];
    if (o.msg.type == 5) ++statics[o.msg.mmsi];
  }
  EXPECT_EQ(statics.size(), 5u);
  for (const auto& [mmsi, n] : statics) EXPECT_EQ(n, 1) << mmsi;
  EXPECT_GT(types[3], 0);  // message_nr 3 is kept as type 3
  EXPECT_EQ(types[1] + types[3], 300);
}

TEST(KystverketCsvDecoder, MessageNumberChoosesTheReportType) {
  std::string text = std::string(kHeader) +
                     "0;257000001;;;2022-09-01 00:00:00;5.0;60.0;10.0;90.0;511;;18\n"
                     "1;257000002;;;2022-09-01 00:00:00;5.0;60.0;10.4;90.0;;3;27\n"
                     "2;111257001;;;2022-09-01 00:00:00;5.0;60.0;140.0;90.0;;;9\n";
  KystverketCsvDecoder dec;
  auto obs = decode_text(dec, text);
  ASSERT_EQ(obs.size(), 3u);
  const auto* b = body<ais::PositionReportB>(obs[0]);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(obs[0].msg.type, 18);
  EXPECT_EQ(b->heading, ais::kHeadingNotAvailable);
  const auto* lr = body<ais::LongRangeReport>(obs[1]);
  ASSERT_NE(lr, nullptr);
  EXPECT_EQ(lr->lat, 36000);  // 1/10 minute
  EXPECT_EQ(lr->lon, 3000);
  EXPECT_EQ(lr->speed, 10);
  EXPECT_EQ(lr->course, 90);
  EXPECT_EQ(lr->status, 3);
  const auto* sar = body<ais::SarAircraftReport>(obs[2]);
  ASSERT_NE(sar, nullptr);
  EXPECT_EQ(sar->speed, 140);
}

TEST(KystverketCsvDecoder, StaticDataIsEmittedAgainWhenItChanges) {
  std::string text = std::string(kHeader) +
                     "0;257000003;9000001;50;2022-09-01 00:00:00;5.0;60.0;;;;;1\n"
                     "1;257000003;9000001;50;2022-09-01 00:00:10;5.0;60.0;;;;;1\n"
                     "2;257000003;9000001;51;2022-09-01 00:00:20;5.0;60.0;;;;;1\n"
                     "3;257000004;;30;2022-09-01 00:00:20;5.0;60.0;;;;;18\n";
  KystverketCsvDecoder dec;
  auto obs = decode_text(dec, text);
  ASSERT_EQ(obs.size(), 7u);
  EXPECT_EQ(obs[1].msg.type, 5);
  EXPECT_EQ(obs[2].msg.type, 1);
  EXPECT_EQ(obs[4].msg.type, 5);
  const auto* changed = body<ais::StaticVoyageData>(obs[4]);
  ASSERT_NE(changed, nullptr);
  EXPECT_EQ(changed->dim.to_bow, 26);
  // Class B: type 24 part B carries the length.
  EXPECT_EQ(obs[6].msg.type, 24);
  const auto* b = body<ais::StaticDataReport>(obs[6]);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->partno, 1);
  EXPECT_EQ(b->dim.to_bow + b->dim.to_stern, 30);
}

TEST(KystverketCsvDecoder, AbsurdLengthIsClampedToTheFieldWidths) {
  std::string text = std::string(kHeader) +
                     "0;257000006;9000002;70000;2022-09-01 00:00:00;5.0;60.0;;;;;1\n"
                     "1;257000007;9000003;1e9;2022-09-01 00:00:00;5.0;60.0;;;;;1\n";
  KystverketCsvDecoder dec;
  auto obs = decode_text(dec, text);
  ASSERT_EQ(obs.size(), 4u);
  const auto* s = body<ais::StaticVoyageData>(obs[1]);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->dim.to_bow, 511);
  EXPECT_EQ(s->dim.to_stern, 511);
  const auto* t = body<ais::StaticVoyageData>(obs[3]);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->imo, 9000003u);
  EXPECT_EQ(t->dim.to_bow, 0);  // 1e9 m: a warning, length not available
  EXPECT_EQ(dec.stats().warnings(ErrorCode::kBadValue), 1u);
}

TEST(KystverketCsvDecoder, EachBadRowIsRejectedWithItsReasonAndTheStreamContinues) {
  std::string text = std::string("garbage before the header\n") + std::string(kHeader) +
                     "0;257000005;;;2022-09-01 00:00:00;5.0;60.0;;;;;1\n"
                     "1;257000005;;;2022-09-01 00:00:00;5.0\n"                // columns
                     "2;257000005;;;2022-09-31 00:00:00;5.0;60.0;;;;;1\n"     // bad time
                     "3;;;;2022-09-01 00:00:00;5.0;60.0;;;;;1\n"              // no MMSI
                     "4;257000005;;;2022-09-01 00:00:00;5,0;60.0;;;;;1\n"     // decimal comma
                     "5;257000005;;;2022-09-01 00:00:00;5.0;6O.0;;;;;1\n"     // bad number
                     "6;257000005;;;2022-09-01 00:00:00;5.0;60.0;;;;;5\n"     // not a position
                     "7;257000005;;;2022-09-01 00:00:00;5.0;60.0;x;;;;1\n";   // warning only
  KystverketCsvDecoder dec;
  auto obs = decode_text(dec, text);
  EXPECT_EQ(obs.size(), 2u);
  const auto& st = dec.stats();
  EXPECT_EQ(st.lines(), 10u);
  EXPECT_EQ(st.errors(ErrorCode::kBadCsvHeader), 1u);
  EXPECT_EQ(st.errors(ErrorCode::kBadCsvRow), 1u);
  EXPECT_EQ(st.errors(ErrorCode::kBadValue), 4u);
  EXPECT_EQ(st.errors(ErrorCode::kMissingField), 1u);
  EXPECT_EQ(st.warnings(ErrorCode::kBadValue), 1u);
  EXPECT_EQ(st.total_errors(), 7u);
}

TEST(KystverketCsvDecoder, FullFileDecodesWithoutRejects) {
  const std::string path =
      testing::shared_data_path("ais_csv/kystverket/no_vestland_2022-09-01_10k_rows.csv");
  LOOKOUT_REQUIRE_SHARED_DATA(path);
  std::string text = testing::read_file(path);
  ASSERT_FALSE(text.empty()) << path << " is empty or unreadable";
  KystverketCsvDecoder dec;
  auto obs = decode_text(dec, text);
  EXPECT_EQ(dec.stats().lines(), 10002u);
  EXPECT_EQ(dec.stats().total_errors(), 0u);
  // 10,001 position reports and one static message for each of the 5 vessels.
  EXPECT_EQ(obs.size(), 10006u);
}

}  // namespace
}  // namespace lookout::csv
