#include "decode/csv/digitraffic_decoder.h"

#include <gtest/gtest.h>

#include <string>

#include "decode/csv/decoder_test_support.h"

namespace lookout::csv {
namespace {

using testing::body;
using testing::decode_text;

std::string excerpt() {
  return testing::read_file(
      testing::golden_path("digitraffic_snapshot_2025-12-12T123124Z_50_vessels.json"));
}

// The first vessel of the excerpt, checked by hand:
// {"mmsi": 376128000, "name": "FFS ATLAS", "lon": 19.612433, "lat": 59.1802,
//  "sog": 6.5, "cog": 205.7, "heading": 205, "ship_type": 52,
//  "destination": "UNKNOWN", "eta": "811520", ...}
TEST(DigitrafficDecoder, GoldenFirstVesselGivesAPositionAndAStaticMessage) {
  DigitrafficDecoder dec;
  auto obs = decode_text(dec, excerpt());
  ASSERT_GE(obs.size(), 2u);
  const auto& p = obs[0];
  EXPECT_EQ(p.msg.type, 1);
  EXPECT_EQ(p.msg.mmsi, 376128000u);
  ASSERT_TRUE(p.time);
  EXPECT_EQ(to_unix_ms(*p.time), 1765542684532);  // 2025-12-12T12:31:24.532392+00:00
  EXPECT_EQ(p.time_source, TimeSource::kRecord);
  const auto* pr = body<ais::PositionReportA>(p);
  ASSERT_NE(pr, nullptr);
  EXPECT_EQ(pr->pos.lat, 35508120);
  EXPECT_EQ(pr->pos.lon, 11767460);
  EXPECT_EQ(pr->speed, 65);
  EXPECT_EQ(pr->course, 2057);
  EXPECT_EQ(pr->heading, 205);
  EXPECT_EQ(pr->status, 15);

  const auto& s = obs[1];
  EXPECT_EQ(s.msg.type, 5);
  EXPECT_EQ(s.msg.mmsi, 376128000u);
  const auto* sv = body<ais::StaticVoyageData>(s);
  ASSERT_NE(sv, nullptr);
  EXPECT_EQ(sv->shipname.view(), "FFS ATLAS");
  EXPECT_EQ(sv->shiptype, 52);
  EXPECT_EQ(sv->destination.view(), "UNKNOWN");
  EXPECT_EQ(sv->month, 12);
  EXPECT_EQ(sv->day, 12);
  EXPECT_EQ(sv->hour, 8);
  EXPECT_EQ(sv->minute, 0);
}

TEST(DigitrafficDecoder, GoldenExcerptDecodesEveryVesselWithSentinelsKept) {
  DigitrafficDecoder dec;
  auto obs = decode_text(dec, excerpt());
  EXPECT_EQ(dec.stats().total_errors(), 0u);
  EXPECT_EQ(obs.size(), 100u);
  EXPECT_EQ(dec.stats().messages(), 100u);
  bool fast = false;
  bool unknown_speed = false;
  for (const auto& o : obs) {
    const auto* p = body<ais::PositionReportA>(o);
    if (p == nullptr) continue;
    if (o.msg.mmsi == 428739243) {  // sog 135.0, heading 511
      EXPECT_EQ(p->speed, 1022);
      EXPECT_EQ(p->heading, ais::kHeadingNotAvailable);
      fast = true;
    }
    if (o.msg.mmsi == 273414310) {  // sog 102.3, cog 360.0
      EXPECT_EQ(p->speed, ais::kSpeedNotAvailable);
      EXPECT_EQ(p->course, ais::kCourseNotAvailable);
      unknown_speed = true;
    }
  }
  EXPECT_TRUE(fast);
  EXPECT_TRUE(unknown_speed);
  // "@@@@@9": text stops at the first '@', as the NMEA decoder reads it.
  bool padded = false;
  for (const auto& o : obs) {
    if (const auto* s = body<ais::StaticVoyageData>(o); s != nullptr && o.msg.mmsi == 654311424) {
      EXPECT_EQ(s->shipname.view(), "");
      EXPECT_EQ(s->shiptype, 231);
      padded = true;
    }
  }
  EXPECT_TRUE(padded);
}

TEST(DigitrafficDecoder, BadVesselsAreSkippedAndBadOptionalFieldsDropped) {
  const char* doc = R"({"timestamp": "2025-12-11T20:44:50Z", "vessels": [
    {"mmsi": 230000001, "lat": 60.0, "lon": 25.0, "sog": "fast", "heading": 400},
    {"mmsi": "230000002", "lat": 60.0, "lon": 25.0},
    {"lat": 60.0, "lon": 25.0},
    {"mmsi": 230000004, "lat": 95.0, "lon": 25.0},
    {"mmsi": 230000005, "lon": 25.0},
    17,
    {"mmsi": 230000007, "lat": 60.5, "lon": 25.5, "name": "KEPT  ", "ship_type": 300,
     "eta": 1e300}
  ]})";
  DigitrafficDecoder dec;
  auto obs = decode_text(dec, doc);
  ASSERT_EQ(obs.size(), 3u);  // 230000001 (position only), 230000007 (position + static)
  EXPECT_EQ(obs[0].msg.mmsi, 230000001u);
  const auto* p = body<ais::PositionReportA>(obs[0]);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->speed, ais::kSpeedNotAvailable);
  EXPECT_EQ(p->heading, ais::kHeadingNotAvailable);
  const auto* kept = body<ais::StaticVoyageData>(obs[2]);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->shipname.view(), "KEPT");
  EXPECT_EQ(kept->shiptype, 0);
  const auto& st = dec.stats();
  EXPECT_EQ(st.errors(ErrorCode::kBadValue), 3u);      // mmsi string, lat 95, the 17
  EXPECT_EQ(st.errors(ErrorCode::kMissingField), 2u);  // no mmsi, no lat
  EXPECT_EQ(st.warnings(ErrorCode::kBadValue), 4u);    // sog, heading, ship_type, eta
  EXPECT_EQ(st.lines(), 10u);
}

TEST(DigitrafficDecoder, BrokenJsonIsOneRejectAndTheDecoderCanBeReused) {
  DigitrafficDecoder dec;
  auto none = decode_text(dec, "{\"vessels\": [ {\"mmsi\": 1, \n");
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(dec.stats().errors(ErrorCode::kBadJson), 1u);
  auto again = decode_text(
      dec, R"({"timestamp": "2025-12-11T20:44:50Z", "vessels": [{"mmsi": 1, "lat": 1, "lon": 2}]})");
  EXPECT_EQ(again.size(), 1u);
}

TEST(DigitrafficDecoder, OtherJsonIsAMissingVesselsField) {
  DigitrafficDecoder dec;
  EXPECT_TRUE(decode_text(dec, R"({"type": "something else"})").empty());
  EXPECT_EQ(dec.stats().errors(ErrorCode::kMissingField), 1u);
}

TEST(DigitrafficDecoder, DocumentLargerThanTheLimitIsOneRejectAndIsDropped) {
  DigitrafficDecoder dec(DigitrafficDecoder::Params{.max_document_bytes = 1000});
  auto obs = decode_text(dec, excerpt());
  EXPECT_TRUE(obs.empty());
  EXPECT_EQ(dec.stats().errors(ErrorCode::kBadJson), 1u);
  EXPECT_EQ(dec.stats().total_errors(), 1u);
}

TEST(DigitrafficDecoder, LocationsGeoJsonFeaturesBecomeTimedReports) {
  const char* doc = R"({"type": "FeatureCollection", "dataUpdatedTime": "2025-12-11T20:44:50Z",
    "features": [{"mmsi": 230629000, "type": "Feature",
      "geometry": {"type": "Point", "coordinates": [21.4315, 60.3428]},
      "properties": {"mmsi": 230629000, "sog": 10.7, "cog": 346.5, "navStat": 0, "rot": -3,
                     "posAcc": true, "raim": false, "heading": 344, "timestamp": 59,
                     "timestampExternal": 1765485890123}}]})";
  DigitrafficDecoder dec;
  auto obs = decode_text(dec, doc);
  ASSERT_EQ(obs.size(), 1u);
  EXPECT_EQ(obs[0].msg.mmsi, 230629000u);
  ASSERT_TRUE(obs[0].time);
  EXPECT_EQ(to_unix_ms(*obs[0].time), 1765485890123);
  const auto* p = body<ais::PositionReportA>(obs[0]);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->pos.lat, 36205680);  // 60.3428
  EXPECT_EQ(p->pos.lon, 12858900);  // 21.4315
  EXPECT_EQ(p->speed, 107);
  EXPECT_EQ(p->course, 3465);
  EXPECT_EQ(p->heading, 344);
  EXPECT_EQ(p->status, 0);
  EXPECT_EQ(p->turn, -3);
  EXPECT_EQ(p->second, 59);
  EXPECT_TRUE(p->accuracy);
  EXPECT_FALSE(p->raim);
}

void decode_full_snapshot(const char* rel, uint64_t vessels, uint64_t messages) {
  const std::string path = testing::shared_data_path(rel);
  LOOKOUT_REQUIRE_SHARED_DATA(path);
  std::string text = testing::read_file(path);
  ASSERT_FALSE(text.empty()) << path << " is empty or unreadable";
  DigitrafficDecoder dec;
  auto obs = decode_text(dec, text);
  EXPECT_EQ(dec.stats().total_errors(), 0u);
  EXPECT_EQ(obs.size(), messages);
  uint64_t positions = 0;
  for (const auto& o : obs) positions += o.msg.type == 1 ? 1 : 0;
  EXPECT_EQ(positions, vessels);
}

TEST(DigitrafficDecoder, FullSnapshotsDecodeWithoutRejects) {
  decode_full_snapshot("ais_csv/digitraffic/snapshot_2025-12-11T204450Z.json", 9735, 19468);
  decode_full_snapshot("ais_csv/digitraffic/snapshot_2025-12-11T205553Z.json", 9735, 19468);
  decode_full_snapshot("ais_csv/digitraffic/snapshot_2025-12-12T123124Z.json", 7762, 15524);
}

}  // namespace
}  // namespace lookout::csv
