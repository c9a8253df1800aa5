// Own units never raise sabotage alerts: an own patrol vessel loitering over
// a cable (what patrols do) is left alone by every maritime detector, while
// a stranger doing the same beside it is raised. The whole engine, every
// detector of the registry, as the node runs them.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "app/engine.h"
#include "core/geodesy.h"
#include "detect/episode_test_util.h"
#include "detect/registry.h"
#include "geo/asset_index.h"
#include "geo/asset_test_util.h"
#include "track/friendly_units.h"

namespace lookout {
namespace {

using detect::testing::kT0;
using detect::testing::position_report;
using detect::testing::static_report;

constexpr uint32_t kPatrol = 230'999'001;
constexpr uint32_t kStranger = 273'000'777;

// Sails east at 10 kn to the cable, then drifts north and south over it at
// 1.5 kn for 70 minutes, reporting every 10 s.
void loiter(Engine& engine, uint32_t mmsi, LatLon start, uint8_t shiptype, const char* name) {
  int64_t t = kT0;
  LatLon p = start;
  engine.observe(static_report(mmsi, t, shiptype, name));
  auto step = [&](double kn, double course) {
    t += 10'000;
    p = destination(p, course, kn * 1852.0 / 3600.0 * 10);
    engine.observe(position_report(mmsi, t, p, kn, course, 0, false));
  };
  while (p.lon < 24.069) step(10, 90);
  for (int leg = 0; leg < 7; ++leg) {
    for (int i = 0; i < 60; ++i) step(1.5, leg % 2 == 0 ? 0 : 180);
  }
}

std::vector<alert::Alert> run(bool patrol_is_own) {
  AssetIndex assets({testing::make_line("cable-a", AssetKind::kCable, 2000, {{{59.5, 24.07}, {60.1, 24.07}}})});
  std::vector<alert::Alert> alerts;
  Engine engine({}, assets, nullptr, detect::make_all_detectors(), [&](const alert::Alert& a) { alerts.push_back(a); });
  track::FriendlyUnits units({{kPatrol, "TURVA", track::UnitKind::kVessel, 12.0}});
  if (patrol_is_own) engine.set_own_units(&units);
  // Ship type 90 (other): a chartered guard vessel. A law enforcement type
  // (55) is exempt from some detectors already; the list must not rely on it.
  loiter(engine, kPatrol, {59.80, 23.95}, 90, "TURVA");
  loiter(engine, kStranger, {59.75, 23.95}, 70, "STRANGER");
  return alerts;
}

bool names(const alert::Alert& a, uint32_t mmsi) {
  for (uint32_t m : a.mmsi) {
    if (m == mmsi) return true;
  }
  return false;
}

TEST(OwnUnits, AnOwnPatrolLoiteringOverACableRaisesNothing) {
  // Without the unit list the patrol is raised like anyone: the scenario
  // does trip the detectors, so the silence below is the list's doing.
  const auto unlisted = run(false);
  bool patrol_raised = false;
  for (const auto& a : unlisted) patrol_raised = patrol_raised || names(a, kPatrol);
  ASSERT_TRUE(patrol_raised);

  const auto listed = run(true);
  bool stranger_loitering = false;
  for (const auto& a : listed) {
    EXPECT_FALSE(names(a, kPatrol)) << a.kind << ": " << a.summary;
    stranger_loitering = stranger_loitering || (a.kind == "loitering" && names(a, kStranger));
  }
  EXPECT_TRUE(stranger_loitering);
}

}  // namespace
}  // namespace lookout
