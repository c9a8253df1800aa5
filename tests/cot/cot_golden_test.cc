// Every CoT event type Lookout emits, one a line, in
// tests/golden/cot/events.xml: the file the independent check reads
// (tests/cot/node/validate.mjs, with @tak-ps/node-cot: `make test-cot`), kept
// equal to what the code writes by this test. After a change meant to
// alter the events, regenerate it with
//   LOOKOUT_REGEN_GOLDENS=1 build/lookout_tests --gtest_filter='CotGolden.*'
// and read the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "decode/cot/parser.h"
#include "decode/cot/writer.h"
#include "server/cot/cot_events.h"
#include "tests/cot/cot_test_support.h"
#include "track/air/cooperative_picture.h"

namespace lookout::server::cot {
namespace {

using namespace lookout::cot_testing;

track::Vessel vessel(uint32_t mmsi, track::VesselClass cls, std::string_view name) {
  track::Vessel v;
  v.mmsi = mmsi;
  v.cls = cls;
  v.statics.name.assign(name);
  v.statics.imo = name.empty() ? 0 : 9000001;
  v.statics.shiptype = name.empty() ? 0 : 80;
  v.statics.destination.assign(name.empty() ? "" : "GDANSK");
  v.last.time_ms = kT0;
  v.last.lat_e7 = 556000000;
  v.last.lon_e7 = 126000000;
  v.last.sog_dkn = 112;
  v.last.cog_ddeg = 2713;
  v.last.nav_status = 0;
  v.positions = 1;
  return v;
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

std::string all_events() {
  std::string out;
  CotEvent e;
  auto line = [&] {
    lookout::cot::write_event(e, out);
    out += '\n';
  };
  vessel_event("dk1", vessel(219000001, track::VesselClass::kClassA, "NORTHERN STAR"), Affiliation::kUnknown, e);
  line();
  vessel_event("dk1", vessel(219000002, track::VesselClass::kClassB, ""), Affiliation::kSuspect, e);
  line();
  // What anyone may broadcast as a ship's name, escaped.
  vessel_event("dk1", vessel(219000003, track::VesselClass::kClassA, "\"/><x a='&'>"), Affiliation::kHostile, e);
  line();
  vessel_event("dk1", vessel(992191234, track::VesselClass::kAidToNavigation, "DROGDEN"), Affiliation::kUnknown, e);
  line();
  vessel_event("dk1", vessel(2190047, track::VesselClass::kBaseStation, ""), Affiliation::kUnknown, e);
  line();
  vessel_event("dk1", vessel(111219501, track::VesselClass::kSarAircraft, ""), Affiliation::kUnknown, e);
  line();
  air_event("dk1", 0, air_track(7, ObjectClass::kDrone), e);
  line();
  auto adsb = air_track(air::kCooperativeIdBase + 3, ObjectClass::kAircraft);
  adsb.identity.source = CooperativeSource::kAdsb;
  adsb.identity.id.assign("4AB179");
  adsb.identity.callsign.assign("SAS123");
  adsb.identity.squawk.assign("7700");
  adsb.identity.emergency = true;
  air_event("dk1", 0, adsb, e);
  line();
  auto rid = air_track(air::kCooperativeIdBase + 4, ObjectClass::kDrone);
  rid.identity.source = CooperativeSource::kRemoteId;
  rid.identity.serial.assign("1596F3B2D4");
  rid.identity.operator_id.assign("DNK-OP-123");
  air_event("dk1", 1, rid, e);
  line();
  auto unknown = air_track(9, ObjectClass::kUnknown);
  unknown.status = air::TrackStatus::kCoasting;
  unknown.sigma_pos_m = 0;
  air_event("dk1", 0, unknown, e);
  line();
  auto a = make_alert("a-20241225-0001", "anchor_drag", 219000003, {"DNK", {}});
  a.summary = "Tanker \"/><x a='&'> slowed from 11.0 to 6.1 kn over Estlink 2";
  alert_event("dk1", 0, a, e);
  line();
  auto drone = make_alert("a-20241225-0002", "drone_incursion", 0, {"DNK", {}});
  drone.mmsi.clear();
  drone.track = "T7";
  drone.summary = "Drone T7 inside the airport's zone";
  alert_event("dk1", 0, drone, e);
  line();
  delete_event("lookout.dk1.vessel.219000001", from_unix_ms(kT0), e);
  line();
  delete_event("lookout.dk1.alert.a-20241225-0001", from_unix_ms(kT0), e);
  line();
  return out;
}

TEST(CotGolden, EveryEventTypeWeEmitIsInTheGoldenFile) {
  const std::string path = std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/cot/events.xml";
  const std::string events = all_events();
  const char* regen = std::getenv("LOOKOUT_REGEN_GOLDENS");
  if (regen != nullptr && *regen != '\0') {
    std::ofstream(path, std::ios::binary) << events;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream golden;
  golden << in.rdbuf();
  EXPECT_EQ(golden.str(), events) << "regenerate with LOOKOUT_REGEN_GOLDENS=1 and read the diff";
  // Each line is one event our reader accepts.
  std::istringstream lines(events);
  std::string l;
  int n = 0;
  while (std::getline(lines, l)) {
    auto r = lookout::cot::parse_event(l);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message()) << "\n" << l;
    ++n;
  }
  EXPECT_EQ(n, 14);
}

}  // namespace
}  // namespace lookout::server::cot
