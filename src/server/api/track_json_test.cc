#include "server/api/track_json.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>

#include "core/time.h"

namespace lookout::server {
namespace {

// The document the API built with nlohmann::json before TrackJson: the
// writer must give the same values (numbers compared as numbers). One
// difference is meant: a coordinate exactly half way between two 1e-6
// steps was rounded from a double (lat_e7 * 1e-7 * 1e6), which lands either
// side of the half; TrackJson rounds the integer, halves away from zero.
double round_e7_to_e6(int32_t e7) {
  const int64_t a = e7 < 0 ? -static_cast<int64_t>(e7) : e7;
  const int64_t q = (a + 5) / 10;
  return (e7 < 0 ? -static_cast<double>(q) : static_cast<double>(q)) / 1e6;
}

nlohmann::json reference(uint32_t mmsi, int64_t from_ms, int64_t to_ms, const std::vector<track::TrackPoint>& pts) {
  auto coords = nlohmann::json::array(), times = nlohmann::json::array(), sog = nlohmann::json::array(),
       cog = nlohmann::json::array(), heading = nlohmann::json::array();
  for (const auto& pt : pts) {
    coords.push_back({round_e7_to_e6(pt.lon_e7), round_e7_to_e6(pt.lat_e7)});
    times.push_back(format_iso8601(pt.time()));
    sog.push_back(pt.has_sog() ? nlohmann::json(pt.sog_kn()) : nlohmann::json(nullptr));
    cog.push_back(pt.has_cog() ? nlohmann::json(pt.cog_deg()) : nlohmann::json(nullptr));
    heading.push_back(pt.has_heading() ? nlohmann::json(pt.heading) : nlohmann::json(nullptr));
  }
  return {{"type", "Feature"},
          {"geometry", {{"type", "LineString"}, {"coordinates", std::move(coords)}}},
          {"properties",
           {{"mmsi", mmsi},
            {"from", format_iso8601(from_unix_ms(from_ms))},
            {"to", format_iso8601(from_unix_ms(to_ms))},
            {"times", std::move(times)},
            {"sog", std::move(sog)},
            {"cog", std::move(cog)},
            {"heading", std::move(heading)}}}};
}

// Equal as JSON values, numbers within 1e-9 (1.0 and 1 are the same number).
void expect_same(const nlohmann::json& a, const nlohmann::json& b, const std::string& where) {
  if (a.is_number() && b.is_number()) {
    EXPECT_NEAR(a.get<double>(), b.get<double>(), 1e-9) << where;
    return;
  }
  ASSERT_EQ(a.type(), b.type()) << where << ": " << a.dump() << " vs " << b.dump();
  if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << where;
    for (auto it = a.begin(); it != a.end(); ++it) {
      ASSERT_TRUE(b.contains(it.key())) << where << "." << it.key();
      expect_same(it.value(), b.at(it.key()), where + "." + it.key());
    }
  } else if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << where;
    for (std::size_t i = 0; i < a.size(); ++i) expect_same(a[i], b[i], where + "[" + std::to_string(i) + "]");
  } else {
    EXPECT_EQ(a, b) << where;
  }
}

TEST(TrackJson, AnEmptyTrackIsAFeatureWithEmptyArrays) {
  TrackJson out;
  const std::string text = out.finish(219000001, 1'700'000'000'000, 1'700'003'600'000);
  auto doc = nlohmann::json::parse(text);
  expect_same(doc, reference(219000001, 1'700'000'000'000, 1'700'003'600'000, {}), "doc");
  EXPECT_EQ(text, reference(219000001, 1'700'000'000'000, 1'700'003'600'000, {}).dump());
}

TEST(TrackJson, OnePointAsText) {
  track::TrackPoint p;
  p.time_ms = 1'733'000'000'123;
  p.lat_e7 = 556'761'235;  // 55.6761235: half way, away from zero
  p.lon_e7 = -1'234'567;   // -0.1234567
  p.sog_dkn = 123;
  p.cog_ddeg = 3599;
  p.heading = 511;  // not available
  TrackJson out;
  out.add(p);
  EXPECT_EQ(out.finish(219000001, 1'733'000'000'000, 1'733'003'600'000),
            R"({"geometry":{"coordinates":[[-0.123457,55.676124]],"type":"LineString"},)"
            R"("properties":{"cog":[359.9],"from":"2024-11-30T20:53:20Z","heading":[null],"mmsi":219000001,)"
            R"("sog":[12.3],"times":["2024-11-30T20:53:20.123Z"],"to":"2024-11-30T21:53:20Z"},"type":"Feature"})");
}

TEST(TrackJson, RandomPointsGiveTheValuesTheJsonLibraryGave) {
  std::mt19937_64 rng(20261207);
  std::uniform_int_distribution<int32_t> lat(-900'000'000, 900'000'000), lon(-1'800'000'000, 1'800'000'000);
  std::uniform_int_distribution<int> coin(0, 3), sog(0, 1023), cog(0, 3600), heading(0, 511), ms(0, 999);
  std::vector<track::TrackPoint> pts;
  int64_t t = 1'733'000'000'000;
  for (int i = 0; i < 5000; ++i) {
    track::TrackPoint p;
    t += 1000 * (1 + coin(rng)) + (coin(rng) == 0 ? ms(rng) : 0);  // some with milliseconds
    p.time_ms = t;
    p.lat_e7 = lat(rng);
    p.lon_e7 = lon(rng);
    if (i % 7 == 0) p.lat_e7 = (p.lat_e7 / 10) * 10 + 5;  // exactly half a unit of the 6th decimal
    if (i % 11 == 0) p.lon_e7 = -((std::abs(p.lon_e7) / 10) * 10 + 5);
    if (i % 13 == 0) p.lat_e7 = 0;
    p.sog_dkn = coin(rng) == 0 ? track::TrackPoint::kNoSpeed : static_cast<uint16_t>(sog(rng));
    p.cog_ddeg = coin(rng) == 0 ? track::TrackPoint::kNoCourse : static_cast<uint16_t>(cog(rng));
    p.heading = static_cast<uint16_t>(heading(rng));
    pts.push_back(p);
  }
  TrackJson out(pts.size());
  for (const auto& p : pts) out.add(p);
  EXPECT_EQ(out.size(), pts.size());
  const auto doc = nlohmann::json::parse(out.finish(265000000, pts.front().time_ms, pts.back().time_ms));
  expect_same(doc, reference(265000000, pts.front().time_ms, pts.back().time_ms, pts), "doc");
}

}  // namespace
}  // namespace lookout::server
