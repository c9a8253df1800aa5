#include "track/friendly_units.h"

#include <gtest/gtest.h>

#include "track/vessel.h"

namespace lookout::track {
namespace {

Timestamp at_s(int64_t s) { return from_unix_ms(1'700'000'000'000 + s * 1000); }

UnitReport posted(std::string id, LatLon p, int64_t t, Marking m) {
  UnitReport r;
  r.id = std::move(id);
  r.name = "Shore team 1";
  r.kind = UnitKind::kShoreTeam;
  r.position = p;
  r.time = at_s(t);
  r.top_speed_mps = 5;
  r.marking = std::move(m);
  r.source = "api";
  return r;
}

TEST(FriendlyUnits, KeepsTheNewestReportAndWhatItLeftOut) {
  FriendlyUnits units;
  const Marking fin{"FIN", {"JEF"}};
  EXPECT_TRUE(units.report(posted("team-1", {60.1, 24.9}, 10, fin)));
  UnitReport later = posted("team-1", {60.2, 24.8}, 20, fin);
  later.name.clear();
  later.top_speed_mps = 0;
  EXPECT_TRUE(units.report(later));
  // An older report arriving late changes nothing.
  EXPECT_FALSE(units.report(posted("team-1", {61, 25}, 15, fin)));
  ASSERT_EQ(units.all().size(), 1u);
  const FriendlyUnit* u = units.find("team-1", fin);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->last.position, (LatLon{60.2, 24.8}));
  EXPECT_EQ(u->last.name, "Shore team 1");
  EXPECT_EQ(u->last.top_speed_mps, 5);
  EXPECT_EQ(u->reports, 2u);
}

TEST(FriendlyUnits, TheSameIdUnderAnotherMarkingIsAnotherEntry) {
  FriendlyUnits units;
  EXPECT_TRUE(units.report(posted("team-1", {60.1, 24.9}, 10, {"FIN", {}})));
  EXPECT_TRUE(units.report(posted("team-1", {60.1, 24.9}, 10, {"SWE", {}})));
  EXPECT_EQ(units.all().size(), 2u);
  EXPECT_EQ(units.find("team-1", {"NOR", {}}), nullptr);
}

TEST(FriendlyUnits, AnOwnVesselIsTakenFromItsAisPosition) {
  FriendlyUnits units({{230'999'001, "TURVA", UnitKind::kVessel, 12.0}});
  EXPECT_TRUE(units.is_own_mmsi(230'999'001));
  EXPECT_FALSE(units.is_own_mmsi(230'000'001));
  Vessel v;
  v.mmsi = 230'999'001;
  v.positions = 1;
  v.last.time_ms = to_unix_ms(at_s(100));
  v.last.lat_e7 = 600'000'000;
  v.last.lon_e7 = 250'000'000;
  v.last.sog_dkn = 100;
  v.last.cog_ddeg = 900;
  const Marking fin{"FIN", {"JEF"}};
  EXPECT_TRUE(units.report_ais(v, fin));
  const FriendlyUnit* u = units.find("mmsi:230999001", fin);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->last.name, "TURVA");
  EXPECT_EQ(u->last.kind, UnitKind::kVessel);
  EXPECT_EQ(u->last.source, "ais");
  EXPECT_NEAR(u->last.speed_mps, 10 * 1852.0 / 3600, 1e-9);
  EXPECT_DOUBLE_EQ(u->last.course_deg, 90);
  EXPECT_EQ(u->last.top_speed_mps, 12.0);
  // Another vessel is not a unit.
  v.mmsi = 230'000'001;
  EXPECT_FALSE(units.report_ais(v, fin));
  EXPECT_EQ(units.all().size(), 1u);
}

TEST(FriendlyUnits, RefusesNewUnitsBeyondItsBound) {
  FriendlyUnits units;
  const Marking fin{"FIN", {}};
  for (std::size_t i = 0; i < FriendlyUnits::kMaxUnits; ++i) {
    ASSERT_TRUE(units.report(posted("u" + std::to_string(i), {60, 25}, 1, fin)));
  }
  EXPECT_FALSE(units.report(posted("one-more", {60, 25}, 1, fin)));
  // A known unit still moves.
  EXPECT_TRUE(units.report(posted("u0", {60.1, 25}, 2, fin)));
}

TEST(FriendlyUnits, KindsReadBackFromTheirNames) {
  for (UnitKind k : {UnitKind::kVessel, UnitKind::kAircraft, UnitKind::kHelicopter, UnitKind::kShoreTeam,
                     UnitKind::kDrone, UnitKind::kOther}) {
    EXPECT_EQ(unit_kind_from_string(to_string(k)), k);
  }
  EXPECT_FALSE(unit_kind_from_string("submarine"));
}

}  // namespace
}  // namespace lookout::track
