#include "decode/csv/dma_csv_decoder.h"

#include <gtest/gtest.h>

#include <string>

#include "decode/csv/decoder_test_support.h"

namespace lookout::csv {
namespace {

using testing::body;
using testing::decode_text;

constexpr std::string_view kHeader2018 =
    "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,"
    "Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing "
    "device,Draught,Destination,ETA,Data source type";

constexpr std::string_view kHeader2022 =
    ",# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,"
    "Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing "
    "device,Draught,Destination,ETA,Data source type,A,B,C,D";

std::string with_header(std::string_view header, std::string_view rows) {
  return std::string(header) + "\n" + std::string(rows);
}

// Rows checked by hand against aisdk_2018-06-01_first_second.csv.
TEST(DmaCsvDecoder, Golden2018FirstRowIsAClassAPositionReport) {
  DmaCsvDecoder dec;
  auto obs = decode_text(dec, testing::read_file(testing::golden_path(
                                  "dma_aisdk_2018-06-01_first_second.csv")));
  ASSERT_FALSE(obs.empty());
  const auto& o = obs[0];
  EXPECT_EQ(o.msg.type, 1);
  EXPECT_EQ(o.msg.mmsi, 215810000u);
  ASSERT_TRUE(o.time);
  EXPECT_EQ(to_unix_ms(*o.time), 1527811200000);  // 2018-06-01T00:00:00Z
  EXPECT_EQ(o.time_source, TimeSource::kRecord);
  const auto* m = body<ais::PositionReportA>(o);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->pos.lat, 33552617);  // 55.921028 deg
  EXPECT_EQ(m->pos.lon, 10392251);  // 17.320418 deg
  EXPECT_EQ(m->status, 4);          // Constrained by her draught
  EXPECT_EQ(m->turn, 0);
  EXPECT_EQ(m->speed, 125);
  EXPECT_EQ(m->course, 2555);
  EXPECT_EQ(m->heading, 256);
  // The row has no static data (" " fields are blank): one observation only.
  EXPECT_NE(obs[1].msg.mmsi, 215810000u);
}

TEST(DmaCsvDecoder, Golden2018DecodesEveryKindOfStation) {
  DmaCsvDecoder dec;
  auto obs = decode_text(dec, testing::read_file(testing::golden_path(
                                  "dma_aisdk_2018-06-01_first_second.csv")));
  EXPECT_EQ(dec.stats().lines(), 139u);
  EXPECT_EQ(dec.stats().total_errors(), 0u);
  EXPECT_EQ(dec.stats().messages(), obs.size());

  const AisObservation* astina = nullptr;
  const AisObservation* base = nullptr;
  const AisObservation* aton = nullptr;
  int suvi_part_a = 0;
  const ais::StaticDataReport* suvi_part_b = nullptr;
  for (const auto& o : obs) {
    if (o.msg.mmsi == 266220000) astina = &o;
    if (o.msg.mmsi == 2190066) base = &o;
    if (o.msg.mmsi == 992111840) aton = &o;
    if (o.msg.mmsi == 265518830) {
      const auto* s = body<ais::StaticDataReport>(o);
      ASSERT_NE(s, nullptr);
      if (s->partno == 0) {
        EXPECT_EQ(s->shipname.view(), "SUVI-SIRKKA");
        ++suvi_part_a;
      } else {
        suvi_part_b = s;
      }
    }
  }
  // Class A static-only row (91/181): a type 5 and no position report.
  ASSERT_NE(astina, nullptr);
  EXPECT_EQ(astina->msg.type, 5);
  const auto* s5 = body<ais::StaticVoyageData>(*astina);
  ASSERT_NE(s5, nullptr);
  EXPECT_EQ(s5->imo, 9320063u);
  EXPECT_EQ(s5->callsign.view(), "SHZA");
  EXPECT_EQ(s5->shipname.view(), "ASTINA");
  EXPECT_EQ(s5->shiptype, 81);  // Tanker, Category X
  EXPECT_EQ(s5->dim.to_bow, 65);
  EXPECT_EQ(s5->dim.to_stern, 65);
  EXPECT_EQ(s5->dim.to_port, 10);
  EXPECT_EQ(s5->dim.to_starboard, 10);
  EXPECT_EQ(s5->epfd, 1);
  EXPECT_EQ(s5->draught, 59);
  EXPECT_EQ(s5->destination.view(), "FREDERICIA");
  EXPECT_EQ(s5->month, 5);
  EXPECT_EQ(s5->day, 31);
  EXPECT_EQ(s5->hour, 4);
  EXPECT_EQ(s5->minute, 0);

  ASSERT_NE(base, nullptr);
  EXPECT_EQ(base->msg.type, 4);
  const auto* b4 = body<ais::BaseStationReport>(*base);
  ASSERT_NE(b4, nullptr);
  EXPECT_EQ(b4->pos.lat, 33918038);  // 56.530063
  EXPECT_EQ(b4->pos.lon, 4900166);   // 8.166943
  EXPECT_EQ(b4->epfd, 1);

  ASSERT_NE(aton, nullptr);
  EXPECT_EQ(aton->msg.type, 21);
  const auto* a21 = body<ais::AidToNavigation>(*aton);
  ASSERT_NE(a21, nullptr);
  EXPECT_EQ(a21->name.view(), "WIND FARM BALTIC1NW");
  EXPECT_EQ(a21->pos.lat, 32767748);  // 54.612913
  EXPECT_EQ(a21->pos.lon, 7577981);   // 12.629968
  EXPECT_EQ(a21->dim.to_bow + a21->dim.to_stern, 60);

  // SUVI-SIRKKA: a name-only row, then a row adding call sign, type and size.
  EXPECT_EQ(suvi_part_a, 2);
  ASSERT_NE(suvi_part_b, nullptr);
  EXPECT_EQ(suvi_part_b->callsign.view(), "SA9908");
  EXPECT_EQ(suvi_part_b->shiptype, 36);  // Sailing
  EXPECT_EQ(suvi_part_b->dim.to_bow, 6);
  EXPECT_EQ(suvi_part_b->dim.to_stern, 6);
  EXPECT_EQ(suvi_part_b->dim.to_port, 2);
  EXPECT_EQ(suvi_part_b->dim.to_starboard, 2);
  EXPECT_EQ(suvi_part_b->epfd, 0);  // "Undefined"
}

TEST(DmaCsvDecoder, Golden2022RowYieldsPositionAndStaticWithAntennaDistances) {
  DmaCsvDecoder dec;
  auto obs = decode_text(dec, testing::read_file(testing::golden_path(
                                  "dma_aisdk_2022-09-17_first_300_rows.csv")));
  EXPECT_EQ(dec.stats().lines(), 301u);
  EXPECT_EQ(dec.stats().total_errors(), 0u);
  // Row "2,...,219019966,56.003917,8.123267,Engaged in fishing,...".
  std::vector<const AisObservation*> vibeke;
  for (const auto& o : obs) {
    if (o.msg.mmsi == 219019966) vibeke.push_back(&o);
  }
  ASSERT_GE(vibeke.size(), 2u);
  EXPECT_EQ(to_unix_ms(*vibeke[0]->time), 1663419801000);  // 17/09/2022 13:03:21
  const auto* p = body<ais::PositionReportA>(*vibeke[0]);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->pos.lat, 33602350);
  EXPECT_EQ(p->pos.lon, 4873960);
  EXPECT_EQ(p->status, 7);
  EXPECT_EQ(p->speed, 0);
  EXPECT_EQ(p->course, 819);
  EXPECT_EQ(p->heading, 241);
  const auto* s = body<ais::StaticVoyageData>(*vibeke[1]);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->callsign.view(), "OWWA");
  EXPECT_EQ(s->shipname.view(), "VIBEKE BRAM");
  EXPECT_EQ(s->shiptype, 30);
  EXPECT_EQ(s->dim.to_bow, 10);
  EXPECT_EQ(s->dim.to_stern, 25);
  EXPECT_EQ(s->dim.to_port, 3);
  EXPECT_EQ(s->dim.to_starboard, 5);
  EXPECT_EQ(s->draught, 55);
  EXPECT_EQ(s->imo, 0u);  // "Unknown"
}

TEST(DmaCsvDecoder, Golden2022QuotedFieldsKeepTheirCommasAndQuotes) {
  DmaCsvDecoder dec;
  auto obs = decode_text(dec, testing::read_file(testing::golden_path(
                                  "dma_aisdk_2022-09-17_first_300_rows.csv")));
  bool hammershus = false;
  bool danpilot = false;
  for (const auto& o : obs) {
    if (const auto* s = body<ais::StaticVoyageData>(o)) {
      if (o.msg.mmsi == 219026000) {
        EXPECT_EQ(s->destination.view(), "ROENNE,DENMARK");
        EXPECT_EQ(s->imo, 9812107u);
        hammershus = true;
      }
      if (o.msg.mmsi == 219007225) {
        EXPECT_EQ(s->shipname.view(), "DANPILOT.\"SPICA\"");
        danpilot = true;
      }
    }
  }
  EXPECT_TRUE(hammershus);
  EXPECT_TRUE(danpilot);
}

TEST(DmaCsvDecoder, StaticDataIsEmittedOnlyWhenItChangesUnlessAskedForEveryRow) {
  std::string rows = with_header(
      kHeader2018,
      "01/06/2018 00:00:00,Class A,219000001,55.0,10.0,Moored,,0.0,0.0,,1234567,OXAB,"
      "TESTER,Cargo,,10,50,GPS,3.0,AARHUS,,AIS\n"
      "01/06/2018 00:00:01,Class A,219000001,55.0,10.0,Moored,,0.0,0.0,,1234567,OXAB,"
      "TESTER,Cargo,,10,50,GPS,3.0,AARHUS,,AIS\n"
      "01/06/2018 00:00:02,Class A,219000001,55.0,10.0,Moored,,0.0,0.0,,1234567,OXAB,"
      "TESTER,Cargo,,10,50,GPS,3.1,AARHUS,,AIS\n");
  DmaCsvDecoder on_change;
  auto a = decode_text(on_change, rows);
  ASSERT_EQ(a.size(), 5u);  // 3 positions + 2 static (first, and the draught change)
  EXPECT_EQ(a[1].msg.type, 5);
  EXPECT_EQ(a[2].msg.type, 1);
  EXPECT_EQ(a[4].msg.type, 5);
  const auto* changed = body<ais::StaticVoyageData>(a[4]);
  ASSERT_NE(changed, nullptr);
  EXPECT_EQ(changed->draught, 31);

  DmaCsvDecoder every_row(DmaCsvDecoder::Params{.static_on_change_only = false});
  EXPECT_EQ(decode_text(every_row, rows).size(), 6u);
}

TEST(DmaCsvDecoder, ColumnsAreFoundByNameNotPosition) {
  std::string rows =
      "MMSI,Longitude,Latitude,Type of mobile,SOG,# Timestamp\n"
      "219000002,10.5,55.5,Class B,7.7,01/06/2018 00:00:00\n";
  DmaCsvDecoder dec;
  auto obs = decode_text(dec, rows);
  ASSERT_EQ(obs.size(), 1u);
  EXPECT_EQ(obs[0].msg.type, 18);
  const auto* b = body<ais::PositionReportB>(obs[0]);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->pos.lat, 33300000);
  EXPECT_EQ(b->pos.lon, 6300000);
  EXPECT_EQ(b->speed, 77);
}

TEST(DmaCsvDecoder, SarAircraftSpeedIsInWholeKnots) {
  DmaCsvDecoder dec;
  auto obs = decode_text(
      dec, with_header(kHeader2018,
                       "01/06/2018 00:00:00,SAR Airborne,111219501,55.0,10.0,Unknown value,,"
                       "120.4,90.0,,Unknown,,,Undefined,,,,GPS,,,,AIS\n"));
  ASSERT_EQ(obs.size(), 1u);
  EXPECT_EQ(obs[0].msg.type, 9);
  const auto* m = body<ais::SarAircraftReport>(obs[0]);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->speed, 120);
  EXPECT_EQ(m->course, 900);
  EXPECT_EQ(m->alt, 4095);
}

TEST(DmaCsvDecoder, EachBadRowIsRejectedWithItsReasonAndTheStreamContinues) {
  const std::string good =
      "01/06/2018 00:00:00,Class A,219000003,55.0,10.0,Moored,,0.0,0.0,,Unknown,,,Undefined,"
      ",,,Undefined,,,,AIS";
  std::string rows = with_header(
      kHeader2022.substr(1),  // the 26-column layout without the index column
      good + ",,,,\n" +
          "01/06/2018 00:00:00,Class A,219000003,55.0\n" +              // column count
          "32/13/2018 00:00:00,Class A,219000003,55.0,10.0,Moored,,0.0,0.0,,Unknown,,,"
          "Undefined,,,,Undefined,,,,AIS,,,,\n" +                       // bad time
          "01/06/2018 00:00:00,Class A,,55.0,10.0,Moored,,0.0,0.0,,Unknown,,,Undefined,,,,"
          "Undefined,,,,AIS,,,,\n" +                                    // missing MMSI
          "01/06/2018 00:00:00,Class A,2190x0003,55.0,10.0,Moored,,0.0,0.0,,Unknown,,,"
          "Undefined,,,,Undefined,,,,AIS,,,,\n" +                       // bad MMSI
          "01/06/2018 00:00:00,Class A,219000003,55.O,10.0,Moored,,0.0,0.0,,Unknown,,,"
          "Undefined,,,,Undefined,,,,AIS,,,,\n" +                       // bad number
          "01/06/2018 00:00:00,Class Z,219000003,55.0,10.0,Moored,,0.0,0.0,,Unknown,,,"
          "Undefined,,,,Undefined,,,,AIS,,,,\n" +                       // unknown station
          "01/06/2018 00:00:00,Class A,219000003,\"55.0,10.0,Moored\n" +  // broken quote
          "\n" +                                                        // empty line
          good + ",,,,\n");
  DmaCsvDecoder dec;
  auto obs = decode_text(dec, rows);
  EXPECT_EQ(obs.size(), 2u);
  const auto& st = dec.stats();
  EXPECT_EQ(st.lines(), 11u);
  EXPECT_EQ(st.errors(ErrorCode::kBadCsvRow), 2u);
  EXPECT_EQ(st.errors(ErrorCode::kBadValue), 4u);
  EXPECT_EQ(st.errors(ErrorCode::kMissingField), 1u);
  EXPECT_EQ(st.errors(ErrorCode::kEmptyLine), 1u);
  EXPECT_EQ(st.total_errors(), 8u);
  ASSERT_GE(st.samples().size(), 4u);
  EXPECT_STREQ(st.samples()[1].error.field, "Timestamp");
  EXPECT_STREQ(st.samples()[2].error.field, "MMSI");
  EXPECT_STREQ(st.samples()[3].error.field, "MMSI");
}

TEST(DmaCsvDecoder, BadOptionalValuesAreWarningsNotRejects) {
  DmaCsvDecoder dec;
  auto obs = decode_text(
      dec, with_header(kHeader2018,
                       "01/06/2018 00:00:00,Class A,219000004,55.0,10.0,Drifting,fast,"
                       "abc,400.0,999,Unknown,,,Undefined,,,,Undefined,,,,AIS\n"));
  ASSERT_EQ(obs.size(), 1u);
  const auto* m = body<ais::PositionReportA>(obs[0]);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->status, 15);
  EXPECT_EQ(m->turn, ais::kTurnNotAvailable);
  EXPECT_EQ(m->speed, ais::kSpeedNotAvailable);
  EXPECT_EQ(m->course, ais::kCourseNotAvailable);
  EXPECT_EQ(m->heading, ais::kHeadingNotAvailable);
  EXPECT_EQ(dec.stats().total_errors(), 0u);
  EXPECT_EQ(dec.stats().warnings(ErrorCode::kBadValue), 5u);
}

TEST(DmaCsvDecoder, RowsBeforeAHeaderAreRejectedAndARepeatedHeaderIsAccepted) {
  const std::string row =
      "01/06/2018 00:00:00,Class A,219000005,55.0,10.0,Moored,,0.0,0.0,,Unknown,,,Undefined,,"
      ",,Undefined,,,,AIS";
  std::string text = row + "\n" + std::string(kHeader2018) + "\n" + row + "\n" +
                     std::string(kHeader2018) + "\n" + row + "\n";
  DmaCsvDecoder dec;
  auto obs = decode_text(dec, text);
  EXPECT_EQ(obs.size(), 2u);
  EXPECT_EQ(dec.stats().errors(ErrorCode::kBadCsvHeader), 1u);
  EXPECT_EQ(dec.stats().total_errors(), 1u);
}

TEST(DmaCsvDecoder, NotAvailablePositionGivesNoPositionReport) {
  DmaCsvDecoder dec;
  auto obs = decode_text(
      dec, with_header(kHeader2018,
                       "01/06/2018 00:00:00,Class A,219000006,91.000000,181.000000,Unknown "
                       "value,,,,,Unknown,,,Undefined,,,,Undefined,,,,AIS\n"
                       "01/06/2018 00:00:00,Class B,219000007,91.0,0.0,Unknown value,,,,,"
                       "Unknown,,,Undefined,,,,Undefined,,,,AIS\n"));
  EXPECT_TRUE(obs.empty());
  EXPECT_EQ(dec.stats().total_errors(), 0u);
}

// The full files from the shared data set, when it is mounted.
void decode_full_file(const char* rel, uint64_t lines, uint64_t messages) {
  const std::string path = testing::shared_data_path(rel);
  LOOKOUT_REQUIRE_SHARED_DATA(path);
  std::string text = testing::read_file(path);
  ASSERT_FALSE(text.empty()) << path << " is empty or unreadable";
  DmaCsvDecoder dec;
  auto obs = decode_text(dec, text);
  EXPECT_EQ(dec.stats().lines(), lines);
  EXPECT_EQ(dec.stats().total_errors(), 0u);
  EXPECT_EQ(dec.stats().messages(), messages);
  EXPECT_EQ(obs.size(), messages);
}

TEST(DmaCsvDecoder, FullFile2018DecodesWithoutRejects) {
  decode_full_file("ais_csv/dma/aisdk_2018-06-01_first_second.csv", 139, 141);
}

TEST(DmaCsvDecoder, FullFile2022TenThousandRowsDecodeWithoutRejects) {
  decode_full_file("ais_csv/dma/aisdk_2022-09-17_10k_rows.csv", 10002, 12668);
}

}  // namespace
}  // namespace lookout::csv
