// The detector tables of the node configuration ([detectors.*] and
// [[partition]]), read through parse_config as `lookout serve` reads them.
#include "app/node/detector_config.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "app/node/config.h"
#include "detect/anchor_drag.h"
#include "detect/registry.h"
#include "server/api/detector_params_json.h"

namespace lookout::node {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const fs::path kExamples = fs::path(LOOKOUT_SOURCE_DIR) / "examples";

// Two inputs, two markings: two partitions.
const std::string kInputs = R"(
[[input]]
name = "dk"
kind = "udp"
address = "127.0.0.1:10111"
owner = "DNK"

[[input]]
name = "gb"
kind = "udp"
address = "127.0.0.1:10112"
owner = "GBR"
releasable_to = ["NATO"]
)";

Result<NodeConfig> parse(const std::string& text, std::string& error) {
  return parse_config(kInputs + text, "test.toml", kExamples, error);
}

std::string error_of(const std::string& text) {
  std::string error;
  auto r = parse(text, error);
  EXPECT_FALSE(r.ok()) << text;
  return error;
}

TEST(DetectorConfig, WithoutTablesEveryPartitionHasTheDocumentedDefaults) {
  std::string error;
  auto r = parse("", error);
  ASSERT_TRUE(r.ok()) << error;
  const auto& d = r->detectors_for(Marking{"DNK", {}});
  EXPECT_EQ(d.anchor_drag.band_min_kn, 1.0);
  EXPECT_EQ(d.anchor_drag.min_slow, 600s);
  EXPECT_EQ(d.loitering.min_duration, 1800s);
  EXPECT_EQ(d.rendezvous.min_duration, 30min);
  EXPECT_EQ(d.swarm.gate.min_probability, 0.6);
  EXPECT_EQ(server::detector_params_json(d), server::detector_params_json(detect::DetectorParams{}));
  EXPECT_TRUE(r->partitions.empty());
}

TEST(DetectorConfig, SetsEveryKindOfValue) {
  std::string error;
  auto r = parse(R"(
[detectors.anchor_drag]
band_min_kn = 1.5          # a float
min_way_m = 800            # an integer where a float is kept
min_slow = "15min"         # a duration
min_reports = 4
include_class_b = true
exempt_types = [30, [50, 59]]
max_vessels = 500

[detectors.position_jump]
burst.gap_ms = 600000      # a nested rule, dotted

[detectors.swarm.gate]     # the same rule as a table
min_probability = 0.7
min_age = "15s"

[detectors.ais_gap]
forget_after = "48h"
)",
                 error);
  ASSERT_TRUE(r.ok()) << error;
  const auto& d = r->detectors;
  EXPECT_EQ(d.anchor_drag.band_min_kn, 1.5);
  EXPECT_EQ(d.anchor_drag.min_way_m, 800.0);
  EXPECT_EQ(d.anchor_drag.min_slow, 900s);
  EXPECT_EQ(d.anchor_drag.min_reports, 4);
  EXPECT_TRUE(d.anchor_drag.include_class_b);
  EXPECT_EQ(d.anchor_drag.exempt_types, (detect::ShipTypeRanges{{30, 30}, {50, 59}}));
  EXPECT_EQ(d.anchor_drag.max_vessels, 500u);
  EXPECT_EQ(d.position_jump.burst.gap_ms, 600000);
  EXPECT_EQ(d.swarm.gate.min_probability, 0.7);
  EXPECT_EQ(d.swarm.gate.min_age, 15000ms);
  EXPECT_EQ(d.ais_gap.forget_after, 48h);
  // Untouched values keep their defaults, in the same detector and others.
  EXPECT_EQ(d.anchor_drag.band_max_kn, 8.0);
  EXPECT_EQ(d.drone_origin.gate.min_probability, 0.6);
  // Both partitions use the node-wide values.
  EXPECT_EQ(r->detectors_for(Marking{"GBR", {"NATO"}}).anchor_drag.min_slow, 900s);
}

TEST(DetectorConfig, APartitionOverridesTheNodeWideValuesForItsInputsOnly) {
  std::string error;
  auto r = parse(R"(
[detectors.loitering]
min_duration = "45min"
port_radius_m = 3000

[[partition]]
owner = "GBR"
releasable_to = ["NATO"]
[partition.detectors.loitering]
min_duration = "1h"
[partition.detectors.anchor_drag]
exempt_types = []
)",
                 error);
  ASSERT_TRUE(r.ok()) << error;
  const auto& gbr = r->detectors_for(Marking{"GBR", {"NATO"}});
  EXPECT_EQ(gbr.loitering.min_duration, 1h);
  EXPECT_EQ(gbr.loitering.port_radius_m, 3000);  // from [detectors], not overridden
  EXPECT_TRUE(gbr.anchor_drag.exempt_types.empty());
  const auto& dnk = r->detectors_for(Marking{"DNK", {}});
  EXPECT_EQ(dnk.loitering.min_duration, 45min);
  EXPECT_EQ(dnk.anchor_drag.exempt_types, detect::AnchorDragParams{}.exempt_types);
}

TEST(DetectorConfig, TheDetectorsAreBuiltWithTheirPartitionsValues) {
  std::string error;
  auto r = parse("[detectors.anchor_drag]\nband_max_kn = 6.5\n", error);
  ASSERT_TRUE(r.ok()) << error;
  auto detectors = detect::make_all_detectors(r->detectors_for(Marking{"DNK", {}}));
  const detect::AnchorDrag* drag = nullptr;
  for (const auto& d : detectors) {
    if (auto* a = dynamic_cast<const detect::AnchorDrag*>(d.get())) drag = a;
  }
  ASSERT_NE(drag, nullptr);
  EXPECT_EQ(drag->params().band_max_kn, 6.5);
}

// What /api/health shows can be pasted back into the configuration: each
// value, written as TOML, reads back as the same parameters.
TEST(DetectorConfig, EveryParameterReadsBackWhatHealthShows) {
  detect::DetectorParams changed;
  changed.anchor_drag.min_slow = 1200s;
  changed.rendezvous.min_duration = 45min;
  changed.swarm.gate.min_age = 2500ms;
  changed.loitering.exempt_types = {{31, 32}};
  changed.identity_conflict.burst.own_track_window_ms = 90000;
  nlohmann::json shown = server::detector_params_json(changed);
  std::string toml;
  std::size_t params = 0;
  for (const auto& info : detect::detector_params_table()) {
    toml += "[detectors." + std::string(info.detector) + "]\n";
    for (const auto& p : info.params) {
      nlohmann::json value = shown[std::string(info.detector)];
      std::string name(p.name);
      for (auto dot = name.find('.'); dot != std::string::npos; dot = name.find('.')) {
        value = value[name.substr(0, dot)];
        name = name.substr(dot + 1);
      }
      toml += std::string(p.name) + " = " + value[name].dump() + "\n";
      ++params;
    }
  }
  EXPECT_GT(params, 120u);
  std::string error;
  auto r = parse(toml, error);
  ASSERT_TRUE(r.ok()) << error << "\n" << toml;
  EXPECT_EQ(server::detector_params_json(r->detectors), shown);
  EXPECT_EQ(r->detectors.anchor_drag.min_slow, 1200s);
  EXPECT_EQ(r->detectors.swarm.gate.min_age, 2500ms);
}

TEST(DetectorConfig, RefusesWhatItCannotUseAndNamesTheKey) {
  EXPECT_NE(error_of("[detectors.anchor_dreg]\nmin_slow = \"10min\"\n")
                .find("test.toml:14: [detectors]: unknown detector 'anchor_dreg' (known: watchlist, anchor_drag, "),
            std::string::npos);
  EXPECT_NE(error_of("[detectors.anchor_drag]\nmin_slwo = \"10min\"\n")
                .find("test.toml:15: [detectors]: unknown key 'anchor_drag.min_slwo' (known: band_min_kn, "),
            std::string::npos);
  EXPECT_EQ(error_of("[detectors.anchor_drag]\nband_min_kn = \"1\"\n"),
            "test.toml:15: [detectors]: anchor_drag.band_min_kn: must be a number");
  EXPECT_EQ(error_of("[detectors.anchor_drag]\nband_min_kn = -1\n"),
            "test.toml:15: [detectors]: anchor_drag.band_min_kn: must be a finite number, 0 or above");
  EXPECT_EQ(error_of("[detectors.anchor_drag]\nmin_slow = 600\n"),
            "test.toml:15: [detectors]: anchor_drag.min_slow: must be a duration such as \"600s\", \"10min\" or \"2h\"");
  EXPECT_EQ(error_of("[detectors.anchor_drag]\nmin_slow = \"10 min\"\n"),
            "test.toml:15: [detectors]: anchor_drag.min_slow: '10 min' must be a duration such as \"600s\", "
            "\"10min\" or \"2h\"");
  EXPECT_EQ(error_of("[detectors.rendezvous]\nmin_duration = \"90s\"\n"),
            "test.toml:15: [detectors]: rendezvous.min_duration: '90s' is not a whole number of minutes");
  EXPECT_EQ(error_of("[detectors.anchor_drag]\nmin_reports = 2.5\n"),
            "test.toml:15: [detectors]: anchor_drag.min_reports: must be a whole number");
  EXPECT_EQ(error_of("[detectors.anchor_drag]\ninclude_class_b = 1\n"),
            "test.toml:15: [detectors]: anchor_drag.include_class_b: must be true or false");
  EXPECT_EQ(error_of("[detectors.loitering]\nexempt_types = [[37, 36]]\n"),
            "test.toml:15: [detectors]: loitering.exempt_types: a range [first, last] must not end before it starts");
  EXPECT_EQ(error_of("[detectors.loitering]\nexempt_types = [300]\n"),
            "test.toml:15: [detectors]: loitering.exempt_types: must be from 0 to 255");
  EXPECT_EQ(error_of("[detectors.swarm]\ngate.min_hits = 4294967296\n"),
            "test.toml:15: [detectors]: swarm.gate.min_hits: must be from 0 to 4294967295");
  EXPECT_EQ(error_of("[detectors]\nloitering = 3\n"),
            "test.toml:15: [detectors]: loitering: must be a table of the detector's parameters");
  // Values that each look fine but do not fit together.
  EXPECT_NE(error_of("[detectors.rendezvous]\nmax_distance_m = 1000\n")
                .find("rendezvous: break_distance_m: must be at least max_distance_m"),
            std::string::npos);
  EXPECT_NE(error_of("[detectors.loitering]\nenter_speed_kn = 4\n")
                .find("loitering: enter_speed_kn: must be at most exit_speed_kn"),
            std::string::npos);
}

TEST(DetectorConfig, RefusesAPartitionNoInputHasOrOneGivenTwice) {
  EXPECT_EQ(error_of("[[partition]]\nowner = \"GBR\"\n"),
            "test.toml:15: [[partition]] #1: owner: no [[input]] has this marking (owner GBR, releasable_to []); "
            "a partition is the inputs with one marking, listed in the same order");
  EXPECT_EQ(error_of("[[partition]]\nowner = \"DNK\"\n[[partition]]\nowner = \"DNK\"\n"),
            "test.toml:17: [[partition]] #2: owner: another [[partition]] has the same marking");
  EXPECT_EQ(error_of("[[partition]]\nowner = \"DNK\"\nthreshold = 3\n"),
            "test.toml:16: [[partition]] #1: unknown key 'threshold' (known: owner, releasable_to, detectors)");
  EXPECT_EQ(error_of("[[partition]]\nowner = \"DNK\"\n[partition.detectors.loitering]\nmin_duration = \"soon\"\n"),
            "test.toml:17: [[partition]] #1: detectors.loitering.min_duration: 'soon' must be a duration such as "
            "\"600s\", \"10min\" or \"2h\"");
}

TEST(DetectorParams, DurationsReadAndWriteInTheirUnits) {
  EXPECT_EQ(detect::parse_duration_ms("600s"), 600000);
  EXPECT_EQ(detect::parse_duration_ms("10min"), 600000);
  EXPECT_EQ(detect::parse_duration_ms("2h"), 7200000);
  EXPECT_EQ(detect::parse_duration_ms("250ms"), 250);
  EXPECT_EQ(detect::parse_duration_ms("0s"), 0);
  for (const char* bad : {"", "s", "10", "10 s", "-5s", "1.5h", "10m", "10sec", "99999999999999h"}) {
    EXPECT_FALSE(detect::parse_duration_ms(bad).has_value()) << bad;
  }
  EXPECT_EQ(detect::format_duration_ms(600000), "10min");
  EXPECT_EQ(detect::format_duration_ms(7200000), "2h");
  EXPECT_EQ(detect::format_duration_ms(90000), "90s");
  EXPECT_EQ(detect::format_duration_ms(1500), "1500ms");
  EXPECT_EQ(detect::format_duration_ms(0), "0s");
}

TEST(DetectorParams, EveryDetectorInTheRegistryHasItsParametersInTheTable) {
  for (const auto& d : detect::detector_table()) {
    EXPECT_NE(detect::find_detector_params(d.name), nullptr) << d.name;
  }
  for (const char* air : {"drone_incursion", "drone_approach", "swarm", "drone_origin"}) {
    EXPECT_NE(detect::find_detector_params(air), nullptr) << air;
  }
  EXPECT_EQ(detect::find_detector_params("nope"), nullptr);
  EXPECT_FALSE(detect::detector_params_problem(detect::DetectorParams{}).has_value());
}

}  // namespace
}  // namespace lookout::node
