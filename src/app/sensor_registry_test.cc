#include "app/sensor_registry.h"

#include <gtest/gtest.h>

#include <vector>

#include "app/sapient_sensor_test_messages.h"
#include "core/geodesy.h"
#include "decode/sapient/decoder.h"

namespace lookout {
namespace {

namespace st = sapient::testing;

constexpr int64_t kT0 = 1'700'000'000;  // seconds
const LatLon kSiteA{55.612, 12.7};

class SensorRegistryTest : public ::testing::Test {
 protected:
  SensorRegistry make(std::vector<air::SensorConfig> file = {}) {
    return SensorRegistry(std::move(file), [this](const air::SensorConfig& c) { given.push_back(c); });
  }

  // A range/bearing detection of the radar at kT0 + `ms`, as the SAPIENT
  // decoder gives it.
  static SensorDetection polar(int64_t ms, double range_m, double bearing_deg) {
    auto msg = st::detection_polar(range_m, bearing_deg, 0, st::kRadarId);
    msg.mutable_timestamp()->set_seconds(kT0 + ms / 1000);
    msg.mutable_timestamp()->set_nanos(static_cast<int32_t>(ms % 1000) * 1'000'000);
    auto d = sapient::to_detection(msg);
    EXPECT_TRUE(d.ok());
    return *d;
  }

  std::vector<air::SensorConfig> given;  // what the tracker was told, in order
};

TEST_F(SensorRegistryTest, ARegisteredNodeWithAStatusIsASensorWithoutAnyFile) {
  auto reg = make();
  std::string why;
  ASSERT_TRUE(reg.on_message(st::radar_registration(), &why)) << why;
  EXPECT_TRUE(given.empty());  // nowhere to put it yet
  ASSERT_TRUE(reg.on_message(st::radar_status(kSiteA.lat, kSiteA.lon, 20, kT0 + 1), &why)) << why;
  ASSERT_EQ(given.size(), 1u);
  const air::SensorConfig& c = given.back();
  EXPECT_EQ(c.id.view(), "3f2b9c1e5a474d2e9c618b0f4e7a2d15");
  EXPECT_EQ(c.origin, air::SensorOrigin::kSapient);
  EXPECT_DOUBLE_EQ(c.position.lat, kSiteA.lat);
  EXPECT_DOUBLE_EQ(c.position.lon, kSiteA.lon);
  EXPECT_DOUBLE_EQ(c.alt_m, 20);
  EXPECT_EQ(c.pattern, air::ScanPattern::kRotating);
  EXPECT_DOUBLE_EQ(c.revisit_s, 1);
  EXPECT_DOUBLE_EQ(c.sigma_bearing_deg, 0.3);
  EXPECT_DOUBLE_EQ(c.max_range_m, 20000);
  EXPECT_NEAR(c.clutter_per_km2, 3 / (M_PI * 400), 1e-9);

  // A static sensor's range/bearing detection goes on relative: the tracker
  // places it from this site with the polar error model.
  SensorDetection d = polar(2000, 5000, 90);
  d.position = LatLon{1, 1};  // what a fusion node may have worked out: dropped
  EXPECT_FALSE(reg.place(d).has_value());
  EXPECT_FALSE(d.position.has_value());
  EXPECT_DOUBLE_EQ(*d.range_m, 5000);

  // A status that repeats the site (a GPS a few metres off) changes nothing.
  ASSERT_TRUE(reg.on_message(st::radar_status(kSiteA.lat + 0.00003, kSiteA.lon, 20, kT0 + 6)));
  EXPECT_EQ(given.size(), 1u);
  EXPECT_FALSE(reg.sensors().at("3f2b9c1e5a474d2e9c618b0f4e7a2d15").moving);
}

TEST_F(SensorRegistryTest, DetectionsBeforeRegistrationOrStatusAreRejectedAndCounted) {
  auto reg = make();
  SensorDetection d = polar(0, 5000, 90);
  EXPECT_EQ(reg.place(d), SensorReject::kNotRegistered);
  EXPECT_EQ(reg.unknown().at("3f2b9c1e5a474d2e9c618b0f4e7a2d15"), 1u);
  // One that carries its own position needs no site.
  SensorDetection fix = d;
  fix.range_m.reset();
  fix.bearing_deg.reset();
  fix.elevation_deg.reset();
  fix.position = LatLon{55.65, 12.75};
  EXPECT_FALSE(reg.place(fix).has_value());

  ASSERT_TRUE(reg.on_message(st::radar_registration()));
  EXPECT_EQ(reg.place(d), SensorReject::kNoSite);
  const auto& s = reg.sensors().at("3f2b9c1e5a474d2e9c618b0f4e7a2d15");
  EXPECT_EQ(s.rejected[static_cast<std::size_t>(SensorReject::kNoSite)], 1u);
  EXPECT_EQ(reg.rejected(), 2u);
  EXPECT_STREQ(to_string(SensorReject::kNoSite), "no_site");
}

TEST_F(SensorRegistryTest, AMovingSensorPlacesEachDetectionFromTheSiteOfItsOwnTime) {
  auto reg = make();
  ASSERT_TRUE(reg.on_message(st::radar_registration()));
  ASSERT_TRUE(reg.on_message(st::radar_status(kSiteA.lat, kSiteA.lon, 20, kT0)));
  ASSERT_EQ(given.size(), 1u);
  // Sent on relative while the sensor stood still; the tracker may still hold it.
  SensorDetection early = polar(1000, 4000, 0);
  EXPECT_FALSE(reg.place(early).has_value());
  EXPECT_FALSE(early.position.has_value());

  // The vessel carrying it has gone 1 km east by t0 + 2 s.
  const LatLon site_b = destination(kSiteA, 90, 1000);
  ASSERT_TRUE(reg.on_message(st::radar_status(site_b.lat, site_b.lon, 20, kT0 + 2)));
  const auto& s = reg.sensors().at("3f2b9c1e5a474d2e9c618b0f4e7a2d15");
  EXPECT_TRUE(s.moving);
  // The tracker keeps site A until `early` cannot be waiting in it any more.
  EXPECT_TRUE(s.pending);
  EXPECT_EQ(given.size(), 1u);

  // A late detection of t0 + 1.5 s is placed from A, one of t0 + 2.5 s from B,
  // each as an absolute fix.
  SensorDetection late = polar(1500, 4000, 0);
  EXPECT_FALSE(reg.place(late).has_value());
  ASSERT_TRUE(late.position.has_value());
  EXPECT_NEAR(distance_m(*late.position, destination(kSiteA, 0, 4000)), 0, 0.01);
  EXPECT_NEAR(*late.sigma_m, 4000 * 0.3 * M_PI / 180, 1e-6);  // cross-range beats the 8 m range sigma
  SensorDetection now = polar(2500, 4000, 0);
  EXPECT_FALSE(reg.place(now).has_value());
  ASSERT_TRUE(now.position.has_value());
  EXPECT_NEAR(distance_m(*now.position, destination(site_b, 0, 4000)), 0, 0.01);
  ASSERT_TRUE(now.alt_m.has_value());
  EXPECT_NEAR(*now.alt_m, 20, 1e-9);

  // Event time passes the last relative detection by reorder lag + 1 s: B goes to the tracker.
  reg.advance(from_unix_ms(kT0 * 1000 + 1000 + 3000));
  EXPECT_EQ(given.size(), 1u);
  reg.advance(from_unix_ms(kT0 * 1000 + 1000 + 3001));
  ASSERT_EQ(given.size(), 2u);
  EXPECT_NEAR(distance_m(given.back().position, site_b), 0, 0.01);
  EXPECT_FALSE(reg.sensors().at("3f2b9c1e5a474d2e9c618b0f4e7a2d15").pending);

  // From now on every move goes straight to the tracker (no relative one is out).
  const LatLon site_c = destination(site_b, 90, 30);
  ASSERT_TRUE(reg.on_message(st::radar_status(site_c.lat, site_c.lon, 20, kT0 + 5)));
  ASSERT_EQ(given.size(), 3u);
  EXPECT_NEAR(distance_m(given.back().position, site_c), 0, 0.01);

  // A detection older than the first site the sensor ever had has no site.
  SensorDetection before = polar(-500, 4000, 0);
  EXPECT_EQ(reg.place(before), SensorReject::kNoSite);
}

TEST_F(SensorRegistryTest, AMovingSensorForgetsItsOldestSitesAndSaysSo) {
  auto reg = make();
  ASSERT_TRUE(reg.on_message(st::radar_registration()));
  LatLon p = kSiteA;
  for (int i = 0; i <= static_cast<int>(SensorRegistry::kSiteHistory); ++i) {
    ASSERT_TRUE(reg.on_message(st::radar_status(p.lat, p.lon, 20, kT0 + i)));
    p = destination(p, 90, 50);
  }
  SensorDetection old = polar(100, 4000, 0);  // at t0 + 0.1 s: that site is gone
  EXPECT_EQ(reg.place(old), SensorReject::kSiteTooOld);
  SensorDetection recent = polar(16'500, 4000, 0);
  EXPECT_FALSE(reg.place(recent).has_value());
}

TEST_F(SensorRegistryTest, AnOperatorsFileBeatsWhatTheNodeSaysOfItself) {
  air::SensorConfig surveyed;
  surveyed.id = FixedString<32>("3f2b9c1e5a474d2e9c618b0f4e7a2d15");
  surveyed.position = LatLon{55.6121, 12.7003};
  surveyed.alt_m = 23.5;
  surveyed.sigma_bearing_deg = 0.2;
  surveyed.origin = air::SensorOrigin::kFile;
  auto reg = make({surveyed});
  ASSERT_EQ(given.size(), 1u);  // given to the tracker at once
  // It needs no registration...
  SensorDetection d = polar(0, 5000, 90);
  EXPECT_FALSE(reg.place(d).has_value());
  // ... and what the node registers or reports changes none of it.
  ASSERT_TRUE(reg.on_message(st::radar_registration()));
  ASSERT_TRUE(reg.on_message(st::radar_status(55.7, 12.9, 5, kT0 + 1)));
  ASSERT_TRUE(reg.on_message(st::radar_status(55.8, 12.9, 5, kT0 + 2)));
  EXPECT_EQ(given.size(), 1u);
  const auto& s = reg.sensors().at("3f2b9c1e5a474d2e9c618b0f4e7a2d15");
  EXPECT_EQ(s.config.origin, air::SensorOrigin::kFile);
  EXPECT_DOUBLE_EQ(s.config.position.lat, 55.6121);
  EXPECT_DOUBLE_EQ(s.config.sigma_bearing_deg, 0.2);
  EXPECT_EQ(s.statuses, 2u);
  SensorDetection later = polar(3000, 5000, 90);
  EXPECT_FALSE(reg.place(later).has_value());
  EXPECT_FALSE(later.position.has_value());  // the tracker places it from the surveyed site
}

TEST_F(SensorRegistryTest, AfterGoodbyeANodesDetectionsAreRejectedUntilItComesBack) {
  auto reg = make();
  ASSERT_TRUE(reg.on_message(st::radar_registration()));
  ASSERT_TRUE(reg.on_message(st::radar_status(kSiteA.lat, kSiteA.lon, 20, kT0)));
  auto bye = st::goodbye(st::kRadarId);
  bye.mutable_timestamp()->set_seconds(kT0 + 10);
  ASSERT_TRUE(reg.on_message(bye));
  SensorDetection d = polar(11'000, 5000, 90);
  EXPECT_EQ(reg.place(d), SensorReject::kGoodbye);
  SensorDetection fix = d;
  fix.bearing_deg.reset();
  fix.range_m.reset();
  fix.position = LatLon{55.65, 12.75};
  EXPECT_EQ(reg.place(fix), SensorReject::kGoodbye);  // nothing after a Goodbye
  // A status without a registration first is out of protocol.
  std::string why;
  EXPECT_FALSE(reg.on_message(st::radar_status(kSiteA.lat, kSiteA.lon, 20, kT0 + 12), &why));
  EXPECT_NE(why.find("has not registered"), std::string::npos) << why;
  EXPECT_EQ(reg.errors(), 1u);
  // Back: registered again, but its old site is forgotten until it reports one.
  ASSERT_TRUE(reg.on_message(st::radar_registration(st::kRadarId, kT0 + 20)));
  SensorDetection again = polar(21'000, 5000, 90);
  EXPECT_EQ(reg.place(again), SensorReject::kNoSite);
  ASSERT_TRUE(reg.on_message(st::radar_status(kSiteA.lat, kSiteA.lon, 20, kT0 + 22)));
  SensorDetection placed = polar(23'000, 5000, 90);
  EXPECT_FALSE(reg.place(placed).has_value());
  const auto& s = reg.sensors().at("3f2b9c1e5a474d2e9c618b0f4e7a2d15");
  EXPECT_EQ(s.rejected[static_cast<std::size_t>(SensorReject::kGoodbye)], 2u);
  EXPECT_EQ(s.rejected[static_cast<std::size_t>(SensorReject::kNoSite)], 1u);
}

TEST_F(SensorRegistryTest, BadRegistrationsAndStatusesAreCountedErrorsWithAReason) {
  auto reg = make();
  auto no_mode = st::radar_registration();
  no_mode.mutable_registration()->clear_mode_definition();
  std::string why;
  EXPECT_FALSE(reg.on_message(no_mode, &why));
  EXPECT_NE(why.find("mode_definition"), std::string::npos) << why;
  EXPECT_TRUE(reg.sensors().empty());

  ASSERT_TRUE(reg.on_message(st::radar_registration()));
  auto bad = st::radar_status(kSiteA.lat, kSiteA.lon, 20, kT0);
  bad.mutable_status_report()->mutable_node_location()->set_coordinate_system(
      sapient::pb::LOCATION_COORDINATE_SYSTEM_UTM_M);
  EXPECT_FALSE(reg.on_message(bad, &why));
  EXPECT_NE(why.find("utm_zone"), std::string::npos) << why;
  EXPECT_EQ(reg.errors(), 2u);
  EXPECT_FALSE(reg.sensors().at("3f2b9c1e5a474d2e9c618b0f4e7a2d15").has_site);
  EXPECT_TRUE(given.empty());
}

TEST_F(SensorRegistryTest, AModeNamedInAStatusTakesEffect) {
  auto reg = make();
  ASSERT_TRUE(reg.on_message(st::radar_registration()));
  ASSERT_TRUE(reg.on_message(st::radar_status(kSiteA.lat, kSiteA.lon, 20, kT0)));
  ASSERT_EQ(given.back().pattern, air::ScanPattern::kRotating);
  ASSERT_TRUE(reg.on_message(st::radar_status(kSiteA.lat, kSiteA.lon, 20, kT0 + 5, st::kRadarId, 45, 30, "Stare")));
  EXPECT_EQ(given.back().pattern, air::ScanPattern::kStaring);
  EXPECT_DOUBLE_EQ(given.back().sector_centre_deg, 45);
  EXPECT_DOUBLE_EQ(given.back().sector_width_deg, 30);
  EXPECT_EQ(reg.sensors().at("3f2b9c1e5a474d2e9c618b0f4e7a2d15").info->mode, "Stare");
}

TEST_F(SensorRegistryTest, DependentNodesAndTheBoundOnSensors) {
  auto reg = make();
  auto msg = st::radar_registration();
  msg.mutable_registration()->add_dependent_nodes("6f582b41-6c88-481c-bb0f-6021a1739f57");
  ASSERT_TRUE(reg.on_message(msg));
  EXPECT_TRUE(reg.sensors().at("6f582b416c88481cbb0f6021a1739f57").registered);
  char id[37];
  int n = 0;
  std::string why;
  for (; n < 100; ++n) {
    std::snprintf(id, sizeof id, "3f2b9c1e-5a47-4d2e-9c61-%012d", n);
    if (!reg.on_message(st::radar_registration(id), &why)) break;
  }
  EXPECT_EQ(reg.sensors().size(), SensorRegistry::kMaxSensors);
  EXPECT_NE(why.find("more than 64 sensors"), std::string::npos) << why;
}

}  // namespace
}  // namespace lookout
