// Tests of emergency_squawk: once per aircraft per episode, whichever of
// its tracks (cooperative target, tied radar track) shows it; a new episode
// after a normal code or silence; the summary says which code, what it
// means and where.
#include "detect/air/emergency_squawk.h"

#include <gtest/gtest.h>

#include "detect/air/air_test_util.h"
#include "track/air/cooperative_picture.h"

namespace lookout::detect {
namespace {

using testing::AirRig;
using testing::kAirT0;
using testing::ScriptedTrack;

air::TrackState with_identity(air::TrackState s, std::string_view squawk, bool emergency = false) {
  s.identity.source = CooperativeSource::kAdsb;
  s.identity.id.assign("4CA2D6");
  s.identity.callsign.assign("SAS123");
  s.identity.squawk.assign(squawk);
  s.identity.emergency = emergency;
  s.cls = ObjectClass::kAircraft;
  return s;
}

TEST(EmergencySquawk, OncePerAircraftPerEpisodeWhicheverTrackShowsIt) {
  AirRig rig;
  EmergencySquawk det;
  ScriptedTrack coop(air::kCooperativeIdBase + 1, {55.60, 12.60});
  coop.ve = 120, coop.vn = 0, coop.alt_m = 900;
  ScriptedTrack radar(17, {55.60, 12.60});
  radar.ve = 120, radar.vn = 0, radar.alt_m = 900;
  for (int i = 0; i < 5; ++i) rig.track(det, with_identity(coop.at(kAirT0 + i * 1000), "1000"));
  EXPECT_TRUE(rig.findings.empty());
  for (int i = 5; i < 20; ++i) {
    rig.track(det, with_identity(coop.at(kAirT0 + i * 1000), "7700", true));
    rig.track(det, with_identity(radar.at(kAirT0 + i * 1000 + 400), "7700", true));
  }
  ASSERT_EQ(rig.findings.size(), 1u);
  const Finding& f = rig.findings[0];
  EXPECT_EQ(f.kind, "emergency_squawk");
  EXPECT_EQ(f.episode, "4CA2D6/7700/2025-09-22T19:30:05Z");
  EXPECT_EQ(f.track, "T" + std::to_string(air::kCooperativeIdBase + 1));
  EXPECT_EQ(f.score, 85);
  EXPECT_NE(f.summary.find("SAS123 (ICAO 4CA2D6) squawks 7700 (general emergency) at 900 m"), std::string::npos) << f.summary;
  // The airport of the rig is a few km away: named, and in the finding.
  EXPECT_NE(f.summary.find("km from Copenhagen Airport"), std::string::npos) << f.summary;
  ASSERT_TRUE(f.asset.has_value());
  EXPECT_EQ(f.evidence["squawk"], "7700");
  EXPECT_EQ(f.evidence["meaning"], "general emergency");
  EXPECT_EQ(f.evidence["icao"], "4CA2D6");
  EXPECT_EQ(f.evidence["tied_to_radar"], false);

  // Back to a normal code: over. A new emergency, a new episode.
  rig.track(det, with_identity(coop.at(kAirT0 + 21000), "1000"));
  rig.track(det, with_identity(radar.at(kAirT0 + 21400), "7500", true));
  ASSERT_EQ(rig.findings.size(), 2u);
  EXPECT_EQ(rig.findings[1].score, 95);
  EXPECT_NE(rig.findings[1].summary.find("7500 (unlawful interference)"), std::string::npos);
  EXPECT_EQ(rig.findings[1].track, "T17");
  EXPECT_EQ(rig.findings[1].evidence["tied_to_radar"], true);
  // Another code while in an emergency is news too.
  rig.track(det, with_identity(coop.at(kAirT0 + 22000), "7600", true));
  ASSERT_EQ(rig.findings.size(), 3u);
  EXPECT_EQ(rig.findings[2].score, 70);
}

TEST(EmergencySquawk, SilenceEndsTheEpisodeAndUnidentifiedTracksAreIgnored) {
  AirRig rig;
  EmergencySquawk det;
  ScriptedTrack coop(air::kCooperativeIdBase + 2, {55.0, 14.0});  // far from every zone
  coop.ve = 60, coop.vn = 0;
  rig.track(det, with_identity(coop.at(kAirT0), "7600", true));
  ASSERT_EQ(rig.findings.size(), 1u);
  EXPECT_FALSE(rig.findings[0].asset.has_value());
  EXPECT_EQ(rig.findings[0].summary.find(" km from "), std::string::npos);
  // A deleted radar track proves nothing; the cooperative target's deletion ends it.
  ScriptedTrack radar(5, {55.0, 14.0});
  radar.status = air::TrackStatus::kDeleted;
  rig.track(det, with_identity(radar.at(kAirT0 + 1000), "7600", true));
  rig.track(det, with_identity(coop.at(kAirT0 + 2000), "7600", true));
  EXPECT_EQ(rig.findings.size(), 1u);
  coop.status = air::TrackStatus::kDeleted;
  rig.track(det, with_identity(coop.at(kAirT0 + 62000), "7600", true));
  coop.status = air::TrackStatus::kConfirmed;
  rig.track(det, with_identity(coop.at(kAirT0 + 70000), "7600", true));
  EXPECT_EQ(rig.findings.size(), 2u);

  // The emergency flag alone (no emergency code) raises it too.
  ScriptedTrack other(air::kCooperativeIdBase + 3, {55.0, 14.1});
  auto s = with_identity(other.at(kAirT0), "2000", true);
  s.identity.id.assign("ABCDEF");
  rig.track(det, s);
  ASSERT_EQ(rig.findings.size(), 3u);
  EXPECT_NE(rig.findings[2].summary.find("declares an emergency (squawk 2000)"), std::string::npos);

  // No identity, or a normal code: nothing.
  ScriptedTrack plain(9, {55.0, 14.2});
  rig.track(det, plain.at(kAirT0));
  rig.track(det, with_identity(plain.at(kAirT0 + 1000), "7000"));
  EXPECT_EQ(rig.findings.size(), 3u);
}

}  // namespace
}  // namespace lookout::detect
