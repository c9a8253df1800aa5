// What each object looks like in CoT, and that every event type we emit
// reads back through our parser with the fields it was given.
#include "server/cot/cot_events.h"

#include <gtest/gtest.h>

#include <string>

#include "decode/cot/parser.h"
#include "decode/cot/writer.h"
#include "tests/cot/cot_test_support.h"
#include "track/air/cooperative_picture.h"
#include "track/picture.h"

namespace lookout::server::cot {
namespace {

using namespace lookout::cot_testing;

lookout::cot::CotEvent round_trip(const CotEvent& e) {
  std::string xml;
  lookout::cot::write_event(e, xml);
  auto r = lookout::cot::parse_event(xml);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message()) << "\n" << xml;
  return r.ok() ? r.value() : CotEvent{};
}

air::TrackState air_track(uint32_t id, ObjectClass cls) {
  air::TrackState s;
  s.id = id;
  s.status = air::TrackStatus::kConfirmed;
  s.time = from_unix_ms(kT0);
  s.position = {55.62, 12.65};
  s.alt_m = 120;
  s.speed_mps = 14;
  s.course_deg = 45;
  s.sigma_pos_m = 22;
  s.sigma_alt_m = 9;
  s.cls = cls;
  s.class_prob[static_cast<std::size_t>(cls)] = 0.9;
  return s;
}

TEST(CotEvents, AVesselIsAMerchantSurfaceTrackRelayedByRadio) {
  track::Picture pic;
  pic.apply(static_data(219000001, kT0, "NORTHERN STAR@@@"), from_unix_ms(kT0));
  pic.apply(position(219000001, kT0 + 1000, 55.6, 12.6, 10.0, 271.3), from_unix_ms(kT0));
  CotEvent e;
  vessel_event("dk1", *pic.find(219000001), Affiliation::kUnknown, e);
  auto r = round_trip(e);
  EXPECT_EQ(r.uid, "lookout.dk1.vessel.219000001");
  EXPECT_EQ(r.type, "a-u-S-X-M");
  EXPECT_EQ(r.how, "m-r");
  EXPECT_EQ(r.time, from_unix_ms(kT0 + 1000));
  EXPECT_EQ(r.stale - r.time, std::chrono::milliseconds(60'000));  // 3 x 10 s is under the floor
  EXPECT_NEAR(r.point.lat, 55.6, 1e-6);
  EXPECT_EQ(r.point.ce, lookout::cot::kUnknown);
  EXPECT_EQ(r.point.hae, lookout::cot::kUnknown);
  EXPECT_EQ(r.callsign, "NORTHERN STAR");
  EXPECT_NEAR(*r.course_deg, 271.3, 0.05);
  EXPECT_NEAR(*r.speed_mps, 10.0 * 1852 / 3600, 0.005);
  EXPECT_EQ(*r.remarks, "MMSI 219000001, IMO 9000001, Tanker - all ships of this type");
  vessel_event("dk1", *pic.find(219000001), Affiliation::kSuspect, e);
  EXPECT_EQ(round_trip(e).type, "a-s-S-X-M");
  vessel_event("dk1", *pic.find(219000001), Affiliation::kHostile, e);
  EXPECT_EQ(round_trip(e).type, "a-h-S-X-M");
}

TEST(CotEvents, AVesselWithoutANameIsCalledByItsMmsiAndAnAnchoredOneStaysLonger) {
  track::Picture pic;
  pic.apply(position(219000002, kT0, 55.6, 12.6, 0.1, 0, /*status=*/1), from_unix_ms(kT0));
  CotEvent e;
  vessel_event("dk1", *pic.find(219000002), Affiliation::kUnknown, e);
  auto r = round_trip(e);
  EXPECT_EQ(r.callsign, "219000002");
  EXPECT_EQ(r.stale - r.time, std::chrono::milliseconds(540'000));  // 3 x 3 min
}

TEST(CotEvents, ReportingIntervalsFollowTheStandard) {
  track::Vessel v;
  v.cls = track::VesselClass::kClassA;
  v.last.sog_dkn = 200;  // 20 kn
  EXPECT_EQ(reporting_interval(v), std::chrono::milliseconds(6000));
  v.last.sog_dkn = 300;
  EXPECT_EQ(reporting_interval(v), std::chrono::milliseconds(2000));
  v.cls = track::VesselClass::kClassB;
  EXPECT_EQ(reporting_interval(v), std::chrono::milliseconds(30000));
  v.cls = track::VesselClass::kAidToNavigation;
  EXPECT_EQ(reporting_interval(v), std::chrono::milliseconds(180000));
  EXPECT_EQ(vessel_type(v, Affiliation::kUnknown), "a-n-S-N");
  v.cls = track::VesselClass::kBaseStation;
  EXPECT_EQ(vessel_type(v, Affiliation::kUnknown), "a-n-G");
}

TEST(CotEvents, ADroneIsAFusedTrackWithItsErrors) {
  CotEvent e;
  ASSERT_TRUE(air_event("dk1", 0, air_track(7, ObjectClass::kDrone), e));
  auto r = round_trip(e);
  EXPECT_EQ(r.uid, "lookout.dk1.air.7");
  EXPECT_EQ(r.type, "a-u-A-M-F-Q");
  EXPECT_EQ(r.how, "m-f");
  EXPECT_NEAR(r.point.hae, 120, 0.05);
  EXPECT_NEAR(r.point.ce, 22, 0.05);
  EXPECT_NEAR(r.point.le, 9, 0.05);
  EXPECT_NEAR(*r.speed_mps, 14, 0.005);
  EXPECT_NEAR(*r.course_deg, 45, 0.05);
  EXPECT_EQ(r.callsign, "T7");
  EXPECT_EQ(r.stale - r.time, kAirStale);
  EXPECT_EQ(*r.remarks, "drone (90%), track T7");
  // A second partition's tracker numbers its own tracks: the uid says which.
  ASSERT_TRUE(air_event("dk1", 2, air_track(7, ObjectClass::kDrone), e));
  EXPECT_EQ(e.uid, "lookout.dk1.air.2.7");
}

TEST(CotEvents, AnAircraftFromAdsbAndADroneFromRemoteId) {
  auto s = air_track(air::kCooperativeIdBase + 3, ObjectClass::kAircraft);
  s.identity.source = CooperativeSource::kAdsb;
  s.identity.id.assign("4AB179");
  s.identity.callsign.assign("SAS123  ");
  s.identity.squawk.assign("7700");
  s.identity.emergency = true;
  s.sigma_pos_m = 0;  // none known
  CotEvent e;
  ASSERT_TRUE(air_event("dk1", 0, s, e));
  auto r = round_trip(e);
  EXPECT_EQ(r.type, "a-n-A-C-F");
  EXPECT_EQ(r.how, "m-r");
  EXPECT_EQ(r.callsign, "SAS123");
  EXPECT_EQ(r.point.ce, lookout::cot::kUnknown);
  EXPECT_NE(r.remarks->find("ICAO 4AB179, squawk 7700, EMERGENCY"), std::string::npos);
  auto d = air_track(air::kCooperativeIdBase + 4, ObjectClass::kDrone);
  d.identity.source = CooperativeSource::kRemoteId;
  d.identity.serial.assign("1596F3B2D4<\"&'>");
  ASSERT_TRUE(air_event("dk1", 0, d, e));
  r = round_trip(e);
  EXPECT_EQ(r.type, "a-u-A-M-F-Q");
  EXPECT_EQ(r.callsign, "1596F3B2D4<\"&'>");
}

TEST(CotEvents, BirdsAndTentativeTracksAreNotSent) {
  CotEvent e;
  EXPECT_FALSE(air_event("dk1", 0, air_track(1, ObjectClass::kBird), e));
  auto t = air_track(2, ObjectClass::kDrone);
  t.status = air::TrackStatus::kTentative;
  EXPECT_FALSE(air_event("dk1", 0, t, e));
  EXPECT_TRUE(air_event("dk1", 0, air_track(3, ObjectClass::kUnknown), e));
  EXPECT_EQ(e.type, "a-u-A");
}

TEST(CotEvents, AnAlertIsAGeofenceBreachLinkedToWhatItIsAbout) {
  auto a = make_alert("a-20241225-0001", "anchor_drag", 219000001, {"DNK", {}});
  a.mmsi.push_back(219000002);
  a.track = "T12";
  a.summary = "Tanker <NORTHERN & STAR> dragged anchor";
  CotEvent e;
  alert_event("dk1", 1, a, e);
  auto r = round_trip(e);
  EXPECT_EQ(r.uid, "lookout.dk1.alert.a-20241225-0001");
  EXPECT_EQ(r.type, "b-a-g");
  EXPECT_EQ(r.how, "m-f");
  EXPECT_EQ(r.callsign, "CRITICAL anchor_drag");
  EXPECT_EQ(*r.remarks, "Tanker <NORTHERN & STAR> dragged anchor (score 80, critical, alert a-20241225-0001)");
  ASSERT_EQ(r.links.size(), 3u);
  EXPECT_EQ(r.links[0].uid, "lookout.dk1.vessel.219000001");
  EXPECT_EQ(r.links[1].uid, "lookout.dk1.vessel.219000002");
  EXPECT_EQ(r.links[2].uid, "lookout.dk1.air.1.12");
  EXPECT_EQ(r.stale - r.time, kAlertStale);
  ASSERT_TRUE(r.emergency);
  EXPECT_EQ(r.emergency->type, "Geo-fence Breached");
  EXPECT_EQ(r.emergency->text, "CRITICAL anchor_drag");
}

TEST(CotEvents, ADeleteNamesItsTarget) {
  CotEvent e;
  delete_event("lookout.dk1.vessel.219000001", from_unix_ms(kT0), e);
  auto r = round_trip(e);
  EXPECT_EQ(r.type, "t-x-d-d");
  EXPECT_EQ(r.uid, "lookout.dk1.vessel.219000001");
  ASSERT_EQ(r.links.size(), 1u);
  EXPECT_EQ(r.links[0].uid, "lookout.dk1.vessel.219000001");
  EXPECT_EQ(r.links[0].relation, "none");
  EXPECT_TRUE(r.force_delete);
}

}  // namespace
}  // namespace lookout::server::cot
