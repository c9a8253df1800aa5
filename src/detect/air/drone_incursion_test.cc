#include "detect/air/drone_incursion.h"

#include <gtest/gtest.h>

#include "detect/air/air_test_util.h"

namespace lookout::detect {
namespace {

using testing::AirRig;
using testing::kAirT0;
using testing::kAirport;
using testing::ScriptedTrack;

// A drone 7 km south of the airport flying north at 18 m/s enters the 5 km
// zone after about 110 s.
ScriptedTrack northbound(uint32_t id, ObjectClass cls = ObjectClass::kDrone) {
  ScriptedTrack t{id, destination(kAirport, 180, 7000)};
  t.cls = cls;
  return t;
}

// The identity a Remote ID match gives a track (the serial and operator of
// the shared capture odid_wifi_bcn_sample.pcap).
air::AirIdentity remote_id(LatLon operator_at) {
  air::AirIdentity id;
  id.source = CooperativeSource::kRemoteId;
  id.id.assign("MFG1A0123456789");
  id.serial.assign("MFG1A0123456789");
  id.operator_id.assign("GBR-OP-123ABCD");
  id.operator_position = operator_at;
  return id;
}

TEST(DroneIncursion, RaisesOnceWhenADroneEntersTheZone) {
  AirRig rig;
  DroneIncursion det;
  ScriptedTrack t = northbound(12);
  for (int s = 0; s <= 300; ++s) rig.track(det, t.at(kAirT0 + s * 1000));
  ASSERT_EQ(rig.findings.size(), 1u);
  const Finding& f = rig.findings[0];
  EXPECT_EQ(f.kind, "drone_incursion");
  EXPECT_EQ(f.episode, "T12/airport-ekch");
  EXPECT_EQ(f.track, "T12");
  EXPECT_TRUE(f.mmsi.empty());
  ASSERT_TRUE(f.asset.has_value());
  EXPECT_EQ(rig.assets.asset(*f.asset).id, "airport-ekch");
  EXPECT_NEAR(to_unix_ms(f.time) - kAirT0, 111000, 2000);  // entered at 2 km / 18 m/s
  EXPECT_EQ(f.summary, "Drone track T12 entered Copenhagen Airport airspace at 120 m, 18 m/s; no Remote ID");
  EXPECT_EQ(f.evidence["remote_id"]["broadcast"], false);
  EXPECT_GE(f.score, 70);
  EXPECT_TRUE(f.evidence.contains("class_probabilities"));
  EXPECT_GT(f.evidence["track_segment"].size(), 2u);
}

TEST(DroneIncursion, BirdsAircraftAndUnconfirmedTracksRaiseNothing) {
  AirRig rig;
  DroneIncursion det;
  ScriptedTrack bird = northbound(1, ObjectClass::kBird);
  ScriptedTrack plane = northbound(2, ObjectClass::kAircraft);
  ScriptedTrack unknown = northbound(3, ObjectClass::kUnknown);
  ScriptedTrack tentative = northbound(4);
  tentative.status = air::TrackStatus::kTentative;
  ScriptedTrack weak = northbound(5);
  weak.p_class = 0.55;  // drone by a whisker: below min_drone_probability
  for (int s = 0; s <= 300; ++s) {
    for (auto* t : {&bird, &plane, &unknown, &tentative, &weak}) rig.track(det, t->at(kAirT0 + s * 1000));
  }
  EXPECT_TRUE(rig.findings.empty());
}

TEST(DroneIncursion, LeavingAndComingBackIsOneEpisode) {
  AirRig rig;
  DroneIncursion det;
  ScriptedTrack in{7, destination(kAirport, 0, 4700)};  // just inside, flying north: leaves
  ScriptedTrack* t = &in;
  for (int s = 0; s <= 60; ++s) rig.track(det, t->at(kAirT0 + s * 1000));
  EXPECT_EQ(rig.findings.size(), 1u);
  EXPECT_EQ(det.open_episodes(), 0u);  // 1 km outside now
  ScriptedTrack back{7, destination(kAirport, 0, 6000)};
  back.vn = -18;
  back.first_ms = kAirT0 + 61000;
  for (int s = 61; s <= 200; ++s) rig.track(det, back.at(kAirT0 + s * 1000));
  EXPECT_EQ(rig.findings.size(), 1u);
}

TEST(DroneIncursion, ADeletedTrackForgetsItsEpisodes) {
  AirRig rig;
  DroneIncursion det;
  ScriptedTrack t{3, kAirport};
  for (int s = 6; s <= 11; ++s) rig.track(det, t.at(kAirT0 + s * 1000));
  EXPECT_EQ(rig.findings.size(), 1u);
  air::TrackState gone = t.at(kAirT0 + 12000);
  gone.status = air::TrackStatus::kDeleted;
  rig.track(det, gone);
  EXPECT_EQ(det.open_episodes(), 0u);
}

TEST(DroneIncursion, AShortDroneFlickerOfABirdRaisesNothing) {
  // A gull over the airport whose fused class reads "drone" for three updates
  // (a few ambiguous reports) before settling on bird: the gate needs five in a row.
  AirRig rig;
  DroneIncursion det;
  ScriptedTrack gull{8, kAirport};
  gull.vn = 9;
  for (int s = 0; s <= 60; ++s) {
    gull.cls = (s >= 12 && s < 15) ? ObjectClass::kDrone : ObjectClass::kBird;
    gull.p_class = (s >= 12 && s < 15) ? 0.62 : 0.9;
    rig.track(det, gull.at(kAirT0 + s * 1000));
  }
  EXPECT_TRUE(rig.findings.empty());
}

TEST(DroneGate, QualifiesAfterConsecutiveUpdatesAndKeepsItWithHysteresis) {
  DroneGate gate;
  ScriptedTrack t{5, kAirport};
  int first = -1;
  for (int s = 0; s <= 12; ++s) {
    if (gate.update(t.at(kAirT0 + s * 1000)) && first < 0) first = s;
  }
  EXPECT_EQ(first, 10);  // min_age 10 s (and 5 drone updates, 5 hits long before)
  air::TrackState unsure = t.at(kAirT0 + 13000);
  unsure.cls = ObjectClass::kUnknown;  // below the entry probability, above the exit one: still a drone
  unsure.class_prob[static_cast<std::size_t>(ObjectClass::kDrone)] = 0.45;
  EXPECT_TRUE(gate.update(unsure));
  t.cls = ObjectClass::kBird;
  EXPECT_FALSE(gate.update(t.at(kAirT0 + 14000)));
  air::TrackState gone = t.at(kAirT0 + 15000);
  gone.status = air::TrackStatus::kDeleted;
  EXPECT_FALSE(gate.update(gone));
  EXPECT_EQ(gate.size(), 0u);
}

TEST(DroneIncursion, ASilentDroneScoresHigherThanOneThatBroadcastsRemoteId) {
  AirRig rig;
  DroneIncursion det;
  ScriptedTrack silent = northbound(12);
  ScriptedTrack declared = northbound(13);
  const LatLon op = destination(kAirport, 180, 7500);
  for (int s = 0; s <= 300; ++s) {
    rig.track(det, silent.at(kAirT0 + s * 1000));
    air::TrackState d = declared.at(kAirT0 + s * 1000);
    d.identity = remote_id(op);
    rig.track(det, d);
  }
  ASSERT_EQ(rig.findings.size(), 2u);
  const Finding& a = rig.findings[0].track == "T12" ? rig.findings[0] : rig.findings[1];
  const Finding& b = rig.findings[0].track == "T12" ? rig.findings[1] : rig.findings[0];
  EXPECT_EQ(a.score - b.score, DroneIncursionParams{}.remote_id_discount);
  EXPECT_GT(a.score, b.score);
  EXPECT_NE(a.summary.find("; no Remote ID"), std::string::npos) << a.summary;
  EXPECT_NE(b.summary.find("; Remote ID serial MFG1A0123456789, operator at 55.5"), std::string::npos) << b.summary;
  EXPECT_NE(b.summary.find(" N, 12.6"), std::string::npos) << b.summary;
  EXPECT_EQ(b.evidence["remote_id"]["broadcast"], true);
  EXPECT_EQ(b.evidence["remote_id"]["operator_id"], "GBR-OP-123ABCD");
  EXPECT_NEAR(b.evidence["remote_id"]["operator_position"]["lat"].get<double>(), op.lat, 1e-6);
}

}  // namespace
}  // namespace lookout::detect
