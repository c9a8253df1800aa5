#include "decode/csv/csv_row.h"

#include <gtest/gtest.h>

#include "decode/csv/dma_vocabulary.h"
#include "decode/csv/field_parse.h"
#include "decode/csv/raw_units.h"
#include "decode/csv/static_change_filter.h"

namespace lookout::csv {
namespace {

TEST(CsvRow, SplitsPlainFieldsAndKeepsEmptyOnes) {
  RowSplitter row;
  auto n = row.split("a,,b , c,", ',');
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(*n, 5u);
  EXPECT_EQ(row[0], "a");
  EXPECT_EQ(row[1], "");
  EXPECT_EQ(row[2], "b");
  EXPECT_EQ(row[3], "c");
  EXPECT_EQ(row[4], "");
}

TEST(CsvRow, QuotedFieldMayHoldTheSeparator) {
  RowSplitter row;
  auto n = row.split(R"(x,"ROENNE,DENMARK",y)", ',');
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(*n, 3u);
  EXPECT_EQ(row[1], "ROENNE,DENMARK");
  EXPECT_EQ(row[2], "y");
}

TEST(CsvRow, DoubledQuotesBecomeOneAndEarlierFieldsStayValid) {
  RowSplitter row;
  auto n = row.split(R"("A""B",XPD5859,"DANPILOT.""SPICA""","",end)", ',');
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(*n, 5u);
  EXPECT_EQ(row[0], "A\"B");
  EXPECT_EQ(row[1], "XPD5859");
  EXPECT_EQ(row[2], "DANPILOT.\"SPICA\"");
  EXPECT_EQ(row[3], "");
  EXPECT_EQ(row[4], "end");
}

TEST(CsvRow, TrailingCarriageReturnIsIgnored) {
  RowSplitter row;
  auto n = row.split("1;2\r", ';');
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(*n, 2u);
  EXPECT_EQ(row[1], "2");
}

TEST(CsvRow, UnterminatedQuoteIsABadRow) {
  RowSplitter row;
  auto n = row.split(R"(a,"open,b)", ',');
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::kBadCsvRow);
  EXPECT_EQ(n.error().offset, 2u);
}

TEST(CsvRow, TextAfterAClosingQuoteIsABadRow) {
  RowSplitter row;
  auto n = row.split(R"(a,"b"c,d)", ',');
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::kBadCsvRow);
}

TEST(CsvRow, TooManyFieldsIsABadRow) {
  RowSplitter row;
  std::string line(RowSplitter::kMaxFields, ',');  // kMaxFields + 1 fields
  auto n = row.split(line, ',');
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::kBadCsvRow);
  EXPECT_TRUE(row.split(std::string(RowSplitter::kMaxFields - 1, ','), ',').ok());
}

TEST(CsvRow, FindColumnIgnoresHashCaseAndByteOrderMark) {
  RowSplitter row;
  ASSERT_TRUE(row.split("\xEF\xBB\xBF# Timestamp,type of MOBILE,MMSI", ',').ok());
  EXPECT_EQ(find_column(row, "Timestamp"), 0);
  EXPECT_EQ(find_column(row, "Type of mobile"), 1);
  EXPECT_EQ(find_column(row, "MMSI"), 2);
  EXPECT_EQ(find_column(row, "Latitude"), -1);
}

TEST(FieldParse, NumbersMustFillTheWholeField) {
  EXPECT_EQ(parse_double("55.921028"), 55.921028);
  EXPECT_EQ(parse_double("-1.1"), -1.1);
  EXPECT_EQ(parse_double("+2.5"), 2.5);
  EXPECT_FALSE(parse_double("12.5x"));
  EXPECT_FALSE(parse_double(""));
  EXPECT_FALSE(parse_double("nan"));
  EXPECT_FALSE(parse_double("inf"));
  EXPECT_EQ(parse_int("219019966"), 219019966);
  EXPECT_EQ(parse_int("174.0"), 174);
  EXPECT_EQ(parse_int("-5"), -5);
  EXPECT_FALSE(parse_int("174.5"));
  EXPECT_FALSE(parse_int("174."));
  EXPECT_FALSE(parse_int("Unknown"));
  EXPECT_FALSE(parse_int("99999999999999999999"));
}

TEST(FieldParse, ReadTellsAbsentFromBad) {
  EXPECT_EQ(read_double("").state, Field<double>::State::kAbsent);
  EXPECT_TRUE(read_double("3.5").present());
  EXPECT_TRUE(read_double("abc").bad());
  EXPECT_TRUE(read_int("1.5").bad());
}

TEST(RawUnits, PositionsRoundToTenThousandthsOfAMinute) {
  EXPECT_EQ(lat_raw(55.921028), 33552617);
  EXPECT_EQ(lon_raw(17.320418), 10392251);
  EXPECT_EQ(lon_raw(-17.320418), -10392251);
  EXPECT_EQ(lat_raw(91.0), ais::kLatNotAvailable);
  EXPECT_EQ(lon_raw(181.0), ais::kLonNotAvailable);
  EXPECT_FALSE(lat_raw(90.5));
  EXPECT_FALSE(lon_raw(-181.0));
  EXPECT_EQ(lat_raw27(60.3937), 36236);
}

TEST(RawUnits, SpeedCourseHeadingKeepTheirSentinels) {
  EXPECT_EQ(speed_raw(12.5), 125);
  EXPECT_EQ(speed_raw(102.3), ais::kSpeedNotAvailable);
  EXPECT_EQ(speed_raw(135.0), 1022);
  EXPECT_FALSE(speed_raw(-1.0));
  EXPECT_EQ(course_raw(255.5), 2555);
  EXPECT_EQ(course_raw(360.0), ais::kCourseNotAvailable);
  EXPECT_FALSE(course_raw(361.0));
  EXPECT_EQ(heading_raw(241.0), 241);
  EXPECT_EQ(heading_raw(511), ais::kHeadingNotAvailable);
  EXPECT_FALSE(heading_raw(400));
}

TEST(RawUnits, RateOfTurnGoesBackToTheAisEncoding) {
  EXPECT_EQ(turn_raw(0.0), 0);
  EXPECT_EQ(turn_raw(1.1), 5);     // (5 / 4.733)^2 = 1.116
  EXPECT_EQ(turn_raw(-2.2), -7);   // (7 / 4.733)^2 = 2.187
  EXPECT_EQ(turn_raw(251.1), 75);  // (75 / 4.733)^2 = 251.1
  EXPECT_EQ(turn_raw(720.0), 127);
  EXPECT_EQ(turn_raw(-5000.0), -127);
}

TEST(RawUnits, DimensionsFromLengthAndWidthSplitAmidships) {
  auto d = dims_from_length_width(35, 7);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->to_bow, 18);
  EXPECT_EQ(d->to_stern, 17);
  EXPECT_EQ(d->to_port, 4);
  EXPECT_EQ(d->to_starboard, 3);
  auto big = dims_from_length_width(1022, 126);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->to_bow + big->to_stern, 1022);
  EXPECT_EQ(big->to_port + big->to_starboard, 126);
  auto abcd = dims_from_abcd(10, 600, 30, 70);
  ASSERT_TRUE(abcd);
  EXPECT_EQ(abcd->to_stern, 511);
  EXPECT_EQ(abcd->to_starboard, 63);
  EXPECT_FALSE(dims_from_abcd(-1, 0, 0, 0));
}

TEST(RawUnits, PackedEtaUnpacksMonthDayHourMinute) {
  Eta eta = eta_from_packed(811520);
  EXPECT_EQ(eta.month, 12);
  EXPECT_EQ(eta.day, 12);
  EXPECT_EQ(eta.hour, 8);
  EXPECT_EQ(eta.minute, 0);
  Eta none = eta_from_packed(1596);
  EXPECT_EQ(none.month, 0);
  EXPECT_EQ(none.day, 0);
  EXPECT_EQ(none.hour, 24);
  EXPECT_EQ(none.minute, 60);
}

TEST(DmaVocabulary, StatusWordsMapToCodes) {
  EXPECT_EQ(nav_status_from_text("Under way using engine"), 0);
  EXPECT_EQ(nav_status_from_text("Constrained by her draught"), 4);
  EXPECT_EQ(nav_status_from_text("Reserved for future amendment [HSC]"), 9);
  EXPECT_EQ(nav_status_from_text("unknown VALUE"), 15);
  EXPECT_EQ(nav_status_from_text("Undefined"), 15);
  EXPECT_FALSE(nav_status_from_text("Drifting"));
}

TEST(DmaVocabulary, CargoTypeRefinesTheShipType) {
  EXPECT_EQ(ship_type_from_text("Tanker", "Category X"), 81);
  EXPECT_EQ(ship_type_from_text("Cargo", "Category OS"), 74);
  EXPECT_EQ(ship_type_from_text("Passenger", "No additional information"), 69);
  EXPECT_EQ(ship_type_from_text("Cargo", ""), 70);
  EXPECT_EQ(ship_type_from_text("Fishing", "Category X"), 30);  // no cargo digit
  EXPECT_EQ(ship_type_from_text("Undefined", ""), 0);
  EXPECT_EQ(ship_type_from_text("Towing long/wide", ""), 32);
  EXPECT_FALSE(ship_type_from_text("Submarine", ""));
}

TEST(DmaVocabulary, MobileTypesAndFixingDevices) {
  EXPECT_EQ(mobile_type_from_text("Class B"), MobileType::kClassB);
  EXPECT_EQ(mobile_type_from_text("AtoN"), MobileType::kAtoN);
  EXPECT_FALSE(mobile_type_from_text("Class C"));
  EXPECT_EQ(epfd_from_text("Surveyed"), 7);
  EXPECT_EQ(epfd_from_text("Internal"), 15);
}

TEST(StaticChangeFilter, ReportsOnlyChangesAndStaysBounded) {
  StaticChangeFilter filter(2);
  uint64_t a = fingerprint({"9436161", "48"});
  uint64_t b = fingerprint({"9436161", "49"});
  EXPECT_NE(fingerprint({"ab", "c"}), fingerprint({"a", "bc"}));
  EXPECT_TRUE(filter.changed(1, a));
  EXPECT_FALSE(filter.changed(1, a));
  EXPECT_TRUE(filter.changed(1, b));
  EXPECT_TRUE(filter.changed(2, a));
  EXPECT_EQ(filter.size(), 2u);
  EXPECT_TRUE(filter.changed(3, a));  // full: forgets, then remembers 3
  EXPECT_LE(filter.size(), 2u);
}

}  // namespace
}  // namespace lookout::csv
