#include "detect/air/drone_approach.h"

#include <gtest/gtest.h>

#include "detect/air/air_test_util.h"

namespace lookout::detect {
namespace {

using testing::AirRig;
using testing::kAirT0;
using testing::kAirport;
using testing::ScriptedTrack;

TEST(DroneApproach, WarnsBeforeTheDroneEntersTheZone) {
  AirRig rig;
  DroneApproach det;
  ScriptedTrack t{4, destination(kAirport, 180, 8000)};  // 3 km from the zone at 18 m/s: ~167 s
  int raised_at = -1;
  for (int s = 0; s <= 150 && raised_at < 0; ++s) {
    rig.track(det, t.at(kAirT0 + s * 1000));
    if (!rig.findings.empty()) raised_at = s;
  }
  ASSERT_EQ(rig.findings.size(), 1u);
  // 120 s horizon (5 s steps) and three confirming updates: raised ~50 s after the start.
  EXPECT_NEAR(raised_at, 50, 6);
  const Finding& f = rig.findings[0];
  EXPECT_EQ(f.kind, "drone_approach");
  EXPECT_EQ(f.episode, "T4/airport-ekch");
  EXPECT_LE(f.evidence["eta_s"].get<double>(), 120);
  EXPECT_NE(f.summary.find("heading for Copenhagen Airport"), std::string::npos);
  // Further updates, and entering, do not raise it again.
  for (int s = raised_at + 1; s <= 300; ++s) rig.track(det, t.at(kAirT0 + s * 1000));
  EXPECT_EQ(rig.findings.size(), 1u);
}

TEST(DroneApproach, NothingForTracksFlyingAwayHoveringOrNotDrones) {
  AirRig rig;
  DroneApproach det;
  ScriptedTrack away{1, destination(kAirport, 180, 6000)};
  away.vn = -18;
  ScriptedTrack hover{2, destination(kAirport, 180, 5500)};
  hover.vn = 0.5;
  ScriptedTrack bird{3, destination(kAirport, 180, 6000)};
  bird.cls = ObjectClass::kBird;
  ScriptedTrack far{4, destination(kAirport, 180, 9000)};  // 4 km at 18 m/s: 222 s, beyond the horizon
  for (int s = 0; s <= 40; ++s) {
    for (auto* t : {&away, &hover, &bird, &far}) rig.track(det, t->at(kAirT0 + s * 1000));
  }
  EXPECT_TRUE(rig.findings.empty());
}

TEST(DroneApproach, ASilentDroneScoresHigherThanOneThatBroadcastsRemoteId) {
  AirRig rig;
  DroneApproach det;
  ScriptedTrack silent{4, destination(kAirport, 180, 8000)};
  ScriptedTrack declared{5, destination(kAirport, 180, 8000)};
  for (int s = 0; s <= 80; ++s) {
    rig.track(det, silent.at(kAirT0 + s * 1000));
    air::TrackState d = declared.at(kAirT0 + s * 1000);
    d.identity.source = CooperativeSource::kRemoteId;
    d.identity.id.assign("e0:7d:ea:eb:2f:1c");  // heard, but no Basic ID yet
    rig.track(det, d);
  }
  ASSERT_EQ(rig.findings.size(), 2u);
  const Finding& a = rig.findings[0].track == "T4" ? rig.findings[0] : rig.findings[1];
  const Finding& b = rig.findings[0].track == "T4" ? rig.findings[1] : rig.findings[0];
  EXPECT_EQ(a.score - b.score, DroneApproachParams{}.remote_id_discount);
  EXPECT_NE(a.summary.find("; no Remote ID"), std::string::npos) << a.summary;
  EXPECT_NE(b.summary.find("; Remote ID transmitter e0:7d:ea:eb:2f:1c"), std::string::npos) << b.summary;
  EXPECT_EQ(b.summary.find("operator"), std::string::npos) << b.summary;
}

}  // namespace
}  // namespace lookout::detect
