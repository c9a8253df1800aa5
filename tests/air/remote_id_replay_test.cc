// Remote ID through the whole air side: the real captures of
// ../shared/data/remote_id/pcap written out as the two Remote ID line formats
// (hex lines from the Wi-Fi Beacon capture, JSON Lines from the Wi-Fi NaN
// one) and replayed as `lookout replay --tracks` does (sniffed, InputMerge ->
// Pipeline -> AirEngine::observe_cooperative -> track JSON). The drone is a
// cooperative track of class drone carrying its serial and its operator's
// position.
#include <gtest/gtest.h>

#include <filesystem>
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/air_engine.h"
#include "app/input_merge.h"
#include "app/pipeline.h"
#include "decode/remote_id/capture_for_test.h"
#include "geo/asset_index.h"
#include "geo/asset_test_util.h"
#include "tests/shared_data.h"
#include "track/air/track_state_json.h"

namespace lookout {
namespace {

namespace fs = std::filesystem;
using remote_id::testing::Captured;

std::string hex(const std::vector<uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

std::string when(const Captured& c) { return format_iso8601(from_unix_ms(c.time_us / 1000)); }

class RemoteIdReplay : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lookout-rid-replay-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Replays `path`; the track JSON lines the air side wrote.
  std::vector<nlohmann::json> replay(const fs::path& path, InputMerge& merge, Pipeline& pipeline) {
    std::vector<nlohmann::json> lines;
    pipeline.air()->set_track_listener(
        [&](const air::TrackState& s) { lines.push_back(nlohmann::json::parse(air::track_state_json_line(s))); });
    auto added = merge.add(path.string());
    EXPECT_TRUE(added.ok());
    if (added.ok()) {
      EXPECT_EQ(*added, InputFormat::kRemoteId);
    }
    pipeline.run(merge, [] {});
    return lines;
  }

  fs::path dir_;
  AssetIndex assets_{{}};
};

TEST_F(RemoteIdReplay, HexLinesOfTheBeaconCaptureGiveADroneWithSerialAndOperator) {
  const fs::path pcap = lookout::testing::shared_data("remote_id/pcap/odid_wifi_bcn_sample.pcap");
  LOOKOUT_REQUIRE_SHARED_DATA(pcap);
  const fs::path file = dir_ / "beacon.hex";
  {
    std::ofstream out(file);
    out << "# odid_wifi_bcn_sample.pcap as Remote ID hex lines\n";
    for (const auto& c : remote_id::testing::read_capture(pcap.string())) {
      out << when(c) << ' ' << c.transmitter << ' ' << hex(c.payload) << " wifi-mon0\n";
    }
    out << "2021-05-21T21:52:30Z 84:cc:a8:60:43:24 f0190a\n";  // a pack of 10: refused, counted
  }
  Pipeline pipeline({}, assets_, nullptr, [](const alert::Alert&) {});
  InputMerge merge;
  auto lines = replay(file, merge, pipeline);
  EXPECT_EQ(merge.source(0).stats().messages(), 21u);
  EXPECT_EQ(merge.source(0).stats().errors(ErrorCode::kBadValue), 1u);
  EXPECT_EQ(pipeline.air()->cooperative_reports(), 21u);
  ASSERT_FALSE(lines.empty());
  for (const auto& j : lines) {
    ASSERT_TRUE(j.contains("identity")) << j;
    EXPECT_EQ(j["class"], "drone") << j;
    EXPECT_EQ(j["identity"]["id"], "MFG1A0123456789") << j;
    EXPECT_EQ(j["identity"]["serial"], "MFG1A0123456789") << j;
    EXPECT_EQ(j["identity"]["operator_id"], "GBR-OP-123ABCD") << j;
    EXPECT_NEAR(j["identity"]["operator"]["lat"].get<double>(), 45.5443876, 1e-7) << j;
    EXPECT_NEAR(j["identity"]["operator"]["lon"].get<double>(), -122.9726866, 1e-7) << j;
  }
}

TEST_F(RemoteIdReplay, JsonLinesOfTheNanCaptureMergePerTransmitter) {
  const fs::path pcap = lookout::testing::shared_data("remote_id/pcap/odid_wifi_sample.pcap");
  LOOKOUT_REQUIRE_SHARED_DATA(pcap);
  const fs::path file = dir_ / "nan.jsonl";
  {
    std::ofstream out(file);
    for (const auto& c : remote_id::testing::read_capture(pcap.string())) {
      out << R"({"time":")" << when(c) << R"(","transmitter":")" << c.transmitter
          << R"(","receiver":"wifi-mon0","rssi":-60,"payload":")" << hex(c.payload) << "\"}\n";
    }
  }
  Pipeline pipeline({}, assets_, nullptr, [](const alert::Alert&) {});
  InputMerge merge;
  auto lines = replay(file, merge, pipeline);
  EXPECT_EQ(merge.source(0).stats().messages(), 42u);
  EXPECT_EQ(merge.source(0).stats().total_errors(), 0u);
  ASSERT_FALSE(lines.empty());
  bool with_operator = false;
  for (const auto& j : lines) {
    EXPECT_EQ(j["class"], "drone") << j;
    // No Basic ID in this capture: the drone is known by its MAC address.
    EXPECT_EQ(j["identity"]["id"], "84:cc:a8:60:43:24") << j;
    with_operator = with_operator || j["identity"].contains("operator");
  }
  EXPECT_TRUE(with_operator);
}

TEST_F(RemoteIdReplay, ABroadcastingDroneInAZoneIsExplainedAndDiscounted) {
  // The Beacon capture's drone circles inside a 5 km airport zone put on
  // its position: whatever alert its track raises names the serial and the
  // operator's position, and a drone_incursion is scored with the Remote ID
  // discount (70 + 15 at an airport - 15).
  const fs::path pcap = lookout::testing::shared_data("remote_id/pcap/odid_wifi_bcn_sample.pcap");
  LOOKOUT_REQUIRE_SHARED_DATA(pcap);
  const fs::path file = dir_ / "beacon.hex";
  {
    std::ofstream out(file);
    for (const auto& c : remote_id::testing::read_capture(pcap.string())) {
      out << when(c) << ' ' << c.transmitter << ' ' << hex(c.payload) << '\n';
    }
  }
  std::vector<Asset> zone;
  zone.push_back(lookout::testing::make_point("airport-test", AssetKind::kAirport, 5000, {45.5457, -122.968}));
  AssetIndex assets(std::move(zone));
  std::vector<alert::Alert> alerts;
  Pipeline pipeline({}, assets, nullptr, [&](const alert::Alert& a) { alerts.push_back(a); });
  InputMerge merge;
  ASSERT_TRUE(merge.add(file.string()).ok());
  pipeline.run(merge, [] {});
  for (const auto& a : alerts) {
    EXPECT_NE(a.summary.find("Remote ID serial MFG1A0123456789, operator at 45.54439 N, 122.97269 W"),
              std::string::npos)
        << a.kind << ": " << a.summary;
    if (a.kind == "drone_incursion") {
      EXPECT_EQ(a.score, 70);
    }
  }
  ASSERT_FALSE(alerts.empty());
  EXPECT_TRUE(std::any_of(alerts.begin(), alerts.end(), [](const alert::Alert& a) { return a.kind == "drone_incursion"; }));
}

}  // namespace
}  // namespace lookout
