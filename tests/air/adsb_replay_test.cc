// ADS-B through the whole air side: an SBS-1 file replayed as `lookout
// replay --tracks` does (InputMerge -> Pipeline -> AirEngine -> track JSON)
// names each aircraft; an emergency squawk raises one alert; a radar that
// sees an aircraft gives a track that carries the aircraft's identity and is
// never a drone.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/air_engine.h"
#include "app/input_merge.h"
#include "app/pipeline.h"
#include "decode/sbs/sbs_decoder.h"
#include "geo/asset_index.h"
#include "track/air/track_state_json.h"

namespace lookout {
namespace {

namespace fs = std::filesystem;

const std::string kFixture = std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/sbs/real_trajectories.sbs";

TEST(AdsbReplay, AnAdsbFileReplayNamesEachAircraft) {
  AssetIndex assets({});
  std::vector<alert::Alert> alerts;
  Pipeline pipeline({}, assets, nullptr, [&](const alert::Alert& a) { alerts.push_back(a); });
  std::vector<std::string> lines;
  pipeline.air()->set_track_listener([&](const air::TrackState& s) { lines.push_back(air::track_state_json_line(s)); });
  InputMerge merge;
  auto added = merge.add(kFixture);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, InputFormat::kSbs);
  pipeline.run(merge, [] {});

  EXPECT_EQ(merge.source(0).stats().messages(), 1761u);
  EXPECT_EQ(merge.source(0).stats().total_errors(), 0u);
  EXPECT_EQ(pipeline.air()->cooperative_reports(), 1761u);
  // An aircraft unheard for a minute (the sources have gaps) expires and
  // comes back as a new track: more tracks than aircraft, never fewer.
  EXPECT_GE(pipeline.air()->cooperative().stats().targets_started, 3u);
  std::map<std::string, std::set<std::string>> seen;  // ICAO -> callsigns in the track JSON
  for (const auto& l : lines) {
    auto j = nlohmann::json::parse(l);
    ASSERT_TRUE(j.contains("identity")) << l;
    EXPECT_EQ(j["class"], "aircraft") << l;
    seen[j["identity"]["id"].get<std::string>()].insert(j["identity"].value("callsign", ""));
  }
  for (const auto& [icao, callsign] : std::map<std::string, std::string>{
           {"AC671B", "DAL1812"}, {"4AB179", "CFL12"}, {"49D1D3", "OKVOK"}}) {
    ASSERT_TRUE(seen.count(icao)) << icao;
    EXPECT_TRUE(seen[icao].count(callsign)) << icao;
  }
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_TRUE(alerts.empty());  // no emergency in these flights
}

std::vector<CooperativeReport> decode(std::initializer_list<std::string_view> lines) {
  sbs::SbsDecoder dec;
  std::vector<CooperativeReport> out;
  for (auto l : lines) {
    auto r = dec.decode(l);
    EXPECT_TRUE(r.ok() && r->has_value()) << l;
    if (r.ok() && r->has_value()) out.push_back(**r);
  }
  return out;
}

TEST(AdsbReplay, AnEmergencySquawkRaisesOneExplainedAlert) {
  AssetIndex assets({});
  std::vector<alert::Alert> alerts;
  Pipeline pipeline({}, assets, nullptr, [&](const alert::Alert& a) { alerts.push_back(a); });
  // Hand-written in readsb's format (not captured): CFL12 over Bornholm squawks 7700.
  for (const auto& r : decode({
           "MSG,1,1,1,4AB179,1,2018/11/26,09:38:15.000,2018/11/26,09:38:15.000,CFL12,,,,,,,,,,,0",
           "MSG,3,1,1,4AB179,1,2018/11/26,09:38:16.000,2018/11/26,09:38:16.000,,3025,,,55.06119,14.76704,,,,,,0",
           "MSG,6,1,1,4AB179,1,2018/11/26,09:38:17.000,2018/11/26,09:38:17.000,,3025,,,,,,7700,0,-1,0,0",
           "MSG,3,1,1,4AB179,1,2018/11/26,09:38:18.000,2018/11/26,09:38:18.000,,3000,,,55.05957,14.77079,,,,,,0",
           "MSG,6,1,1,4AB179,1,2018/11/26,09:38:20.000,2018/11/26,09:38:20.000,,3000,,,,,,7700,0,-1,0,0",
       })) {
    pipeline.air()->observe_cooperative(r);
  }
  ASSERT_EQ(alerts.size(), 1u);
  const alert::Alert& a = alerts[0];
  EXPECT_EQ(a.kind, "emergency_squawk");
  EXPECT_NE(a.summary.find("CFL12 (ICAO 4AB179) squawks 7700 (general emergency)"), std::string::npos) << a.summary;
  EXPECT_NE(a.summary.find("55.0612 N 14.7670 E"), std::string::npos) << a.summary;
}

TEST(AdsbReplay, ARadarTrackOnAnAircraftCarriesItsIdentityAndIsNeverADrone) {
  // AC671B's positions from the fixture, and a radar that sees it: one
  // absolute plot a second, interpolated between the ADS-B positions, 40 m
  // off, labelled "drone" by the radar's classifier (the tie must override).
  sbs::SbsDecoder dec;
  std::ifstream in(kFixture);
  std::string line;
  std::vector<CooperativeReport> reports;
  while (std::getline(in, line)) {
    auto r = dec.decode(line);
    if (r.ok() && r->has_value() && (*r)->id.view() == "AC671B") reports.push_back(**r);
  }
  std::vector<const CooperativeReport*> pos;
  for (const auto& r : reports) {
    if (r.position) pos.push_back(&r);
  }
  ASSERT_GT(pos.size(), 20u);
  std::vector<SensorDetection> plots;
  for (std::size_t i = 0; i + 1 < 20; ++i) {
    const auto& a = *pos[i];
    const auto& b = *pos[i + 1];
    for (Timestamp t = a.time + std::chrono::milliseconds(500); t < b.time; t += std::chrono::seconds(1)) {
      double f = std::chrono::duration<double>(t - a.time).count() / std::chrono::duration<double>(b.time - a.time).count();
      SensorDetection d;
      d.time = t;
      d.sensor.assign("radar-1");
      d.position = LatLon{a.position->lat + f * (b.position->lat - a.position->lat) + 0.00036,
                          a.position->lon + f * (b.position->lon - a.position->lon)};
      d.alt_m = *a.alt_m;
      d.sigma_m = 50;
      d.cls = ObjectClass::kDrone;
      d.confidence = 0.9;
      plots.push_back(d);
    }
  }
  ASSERT_GT(plots.size(), 60u);
  const Timestamp end = plots.back().time;

  AssetIndex assets({});
  Pipeline pipeline({}, assets, nullptr, [](const alert::Alert&) {});
  AirEngine& air = *pipeline.air();
  std::vector<air::TrackState> states;
  air.set_track_listener([&](const air::TrackState& s) { states.push_back(s); });
  std::size_t p = 0;
  for (const auto& r : reports) {
    if (r.time > end) break;
    while (p < plots.size() && plots[p].time <= r.time) air.observe(plots[p++]);
    air.observe_cooperative(r);
  }
  while (p < plots.size()) air.observe(plots[p++]);
  air.flush();

  std::size_t identified_radar = 0, with_callsign = 0;
  for (const auto& s : states) {
    if (!air::is_cooperative_track_id(s.id) && s.identity.id.view() == "AC671B") {
      ++identified_radar;
      EXPECT_EQ(s.cls, ObjectClass::kAircraft);
      // The callsign once its MSG,1 came (the 11th point).
      if (!s.identity.callsign.empty()) {
        EXPECT_EQ(s.identity.callsign.view(), "DAL1812");
        ++with_callsign;
      }
    }
    if (s.identity.source != CooperativeSource::kNone) {
      EXPECT_NE(s.cls, ObjectClass::kDrone);
    }
  }
  EXPECT_GT(identified_radar, 10u);
  EXPECT_GT(with_callsign, 10u);
  // ADS-B positions come 4-34 s apart in this trace: the tie holds through
  // the dropouts, one tie for the whole flight.
  EXPECT_EQ(air.cooperative().stats().ties, 1u);
  EXPECT_EQ(air.cooperative().tie_count(), 1u);
}

}  // namespace
}  // namespace lookout
