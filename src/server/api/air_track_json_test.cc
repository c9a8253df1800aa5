#include "server/api/air_track_json.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "core/time.h"

namespace lookout::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const Timestamp kT0 = from_unix_ms(1758569400000);  // 2025-09-22T19:30:00Z

air::TrackState drone_state(const air::TrackHistory* h, Timestamp t) {
  air::TrackState s;
  s.time = t;
  s.id = 7;
  s.status = air::TrackStatus::kCoasting;
  s.position = LatLon{55.62, 12.70};
  s.alt_m = 120;
  s.speed_mps = 14.2;
  s.course_deg = 271;
  s.cls = ObjectClass::kDrone;
  s.class_prob[static_cast<std::size_t>(ObjectClass::kDrone)] = 0.9;
  s.first_seen = kT0;
  s.last_detected = t - seconds(3);
  s.hits = 40;
  s.sensor_mask = 0b10;  // the second sensor only
  s.history = h;
  return s;
}

TEST(AirTrackJson, CarriesTheTrailTimesSensorsAndMarking) {
  air::TrackHistory h;
  for (int i = 0; i < 5; ++i) h.add({kT0 + seconds(i), LatLon{55.61 + i * 1e-3, 12.70}, 100.0 + i}, milliseconds(0));
  std::vector<air::SensorConfig> sensors(2);
  sensors[0].id.assign("radar-1");
  sensors[1].id.assign("rf-1");
  auto j = air_track_json(drone_state(&h, kT0 + seconds(10)), Marking{"DNK", {"JEF"}}, sensors);
  EXPECT_EQ(j["track"], "T7");
  EXPECT_EQ(j["class"], "drone");
  EXPECT_EQ(j["status"], "coasting");
  EXPECT_DOUBLE_EQ(j["class_probabilities"]["drone"].get<double>(), 0.9);
  EXPECT_EQ(j["first_seen"], "2025-09-22T19:30:00Z");
  EXPECT_EQ(j["last_detected"], "2025-09-22T19:30:07Z");
  EXPECT_EQ(j["sensors"], nlohmann::json::array({"rf-1"}));
  EXPECT_EQ(j["marking"]["owner"], "DNK");
  EXPECT_FALSE(j.contains("identity"));
  // Five history points, then the current position (later than the last).
  ASSERT_EQ(j["trail"].size(), 6u);
  EXPECT_DOUBLE_EQ(j["trail"][0][1].get<double>(), 55.61);
  EXPECT_DOUBLE_EQ(j["trail"][0][2].get<double>(), 100.0);
  EXPECT_EQ(j["trail"][0][3], "2025-09-22T19:30:00Z");
  EXPECT_DOUBLE_EQ(j["trail"][5][1].get<double>(), 55.62);
  EXPECT_EQ(j["trail"][5][3], "2025-09-22T19:30:10Z");
}

TEST(AirTrackJson, TheTrailIsBoundedAndEndsWithTheNewestPoints) {
  // Hundreds of points: the trail keeps the newest, contiguous and in
  // order, never the first points the history also holds.
  air::TrackHistory h;
  const int n = 300;
  for (int i = 0; i < n; ++i) h.add({kT0 + seconds(i), LatLon{55.0, 12.0 + i * 1e-4}, 50}, milliseconds(0));
  auto s = drone_state(&h, kT0 + seconds(n - 1));  // no newer than the last point
  auto trail = air_trail_json(s);
  ASSERT_EQ(trail.size(), kAirTrailPoints);
  for (std::size_t i = 0; i < trail.size(); ++i) {
    const int expect = n - static_cast<int>(kAirTrailPoints) + static_cast<int>(i);
    EXPECT_EQ(trail[i][3], format_iso8601(kT0 + seconds(expect))) << i;
  }
}

TEST(AirTrackJson, ATrackWithoutHistoryHasItsPositionAsTrail) {
  auto trail = air_trail_json(drone_state(nullptr, kT0));
  ASSERT_EQ(trail.size(), 1u);
  EXPECT_DOUBLE_EQ(trail[0][0].get<double>(), 12.70);
}

TEST(AirTrackJson, ARemoteIdDroneCarriesItsSerialAndOperatorPosition) {
  auto s = drone_state(nullptr, kT0);
  s.identity.source = CooperativeSource::kRemoteId;
  s.identity.id.assign("rid-0A1B2C");
  s.identity.serial.assign("1596F3A1B2C3D4E5");
  s.identity.operator_id.assign("DNKop123456789");
  s.identity.operator_position = LatLon{55.6101, 12.6502};
  s.identity.last_report = kT0;
  auto j = air_track_json(s, Marking{"DNK", {}}, {});
  ASSERT_TRUE(j.contains("identity")) << j.dump();
  EXPECT_EQ(j["identity"]["serial"], "1596F3A1B2C3D4E5");
  EXPECT_EQ(j["identity"]["operator_id"], "DNKop123456789");
  EXPECT_DOUBLE_EQ(j["identity"]["operator"]["lat"].get<double>(), 55.6101);
  EXPECT_DOUBLE_EQ(j["identity"]["operator"]["lon"].get<double>(), 12.6502);
  EXPECT_EQ(j["sensors"], nlohmann::json::array());
}

}  // namespace
}  // namespace lookout::server
