// AirEngine beside the maritime Engine, driven directly (no CLI): the
// drone-from-a-ship scenario's AIS and detections merged by time; the
// drone_origin alerts must raise the launch vessel's risk in the shared
// alert book and leave the other vessels' alone, and the track listener must
// see every track update.
#include "app/air_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/ais_input.h"
#include "app/sensors_file.h"
#include "decode/detections/jsonl_decoder.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"

namespace lookout {
namespace {

namespace fs = std::filesystem;

TEST(AirEngine, DroneOriginRaisesTheLaunchVesselsRiskInTheSharedBook) {
  fs::path dir = fs::path(LOOKOUT_SOURCE_DIR) / "tests/scenarios/drone_from_ship";
  auto loaded = load_assets_file((fs::path(LOOKOUT_SOURCE_DIR) / "data/assets/baltic_north_sea.geojson").string());
  ASSERT_TRUE(loaded.ok());
  AssetIndex assets(std::move(loaded.value().assets));
  auto sensors = load_sensors_file((dir / "sensors.json").string());
  ASSERT_TRUE(sensors.ok());

  std::vector<alert::Alert> alerts;
  Engine engine({}, assets, nullptr, {}, [&](const alert::Alert& a) { alerts.push_back(a); });
  AirEngine air(engine, {}, sensors.value(), detect::make_air_detectors());
  uint64_t updates = 0;
  air.set_track_listener([&](const air::TrackState&) { ++updates; });

  std::vector<SensorDetection> dets;
  detections::DetectionsJsonlDecoder decoder;
  std::ifstream in(dir / "detections.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    auto d = decoder.decode(line);
    if (d.ok()) dets.push_back(d.value());
  }
  ASSERT_GT(dets.size(), 1000u);
  std::stable_sort(dets.begin(), dets.end(), [](const auto& a, const auto& b) { return a.time < b.time; });
  std::size_t next = 0;
  auto run = decode_ais_file((dir / "ais.nmea").string(), InputFormat::kUnknown, [&](const AisObservation& obs) {
    while (obs.time && next < dets.size() && dets[next].time <= *obs.time) air.observe(dets[next++]);
    engine.observe(obs);
  });
  ASSERT_TRUE(run.ok());
  while (next < dets.size()) air.observe(dets[next++]);
  air.flush();

  EXPECT_EQ(updates, air.track_updates());
  EXPECT_GT(updates, 1000u);
  EXPECT_TRUE(air.unknown_sensors().empty());
  EXPECT_GE(engine.alerts().vessel_risk(613414602), 75);
  EXPECT_EQ(engine.alerts().vessel_risk(219012345), 0);
  EXPECT_EQ(engine.alerts().vessel_risk(265012345), 0);
  EXPECT_EQ(engine.alerts().opened_by_kind().at("drone_origin"), 3u);
  EXPECT_EQ(engine.alerts().opened_by_kind().at("drone_incursion"), 3u);
}

}  // namespace
}  // namespace lookout
