#include "server/api/detector_params_json.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace lookout::server {
namespace {

using namespace std::chrono_literals;

TEST(DetectorParamsJson, WritesValuesAsTheConfigurationDoes) {
  detect::DetectorParams p;
  p.anchor_drag.min_slow = 900s;
  nlohmann::json j = detector_params_json(p);
  EXPECT_EQ(j["anchor_drag"]["band_min_kn"], 1.0);
  EXPECT_EQ(j["anchor_drag"]["min_slow"], "15min");
  EXPECT_EQ(j["anchor_drag"]["min_reports"], 3);
  EXPECT_EQ(j["anchor_drag"]["include_class_b"], false);
  EXPECT_EQ(j["anchor_drag"]["exempt_types"], nlohmann::json::parse("[[30, 34], [36, 37], [50, 59]]"));
  EXPECT_EQ(j["ais_gap"]["forget_after"], "24h");
  EXPECT_EQ(j["swarm"]["gate"]["min_age"], "10s");
  EXPECT_EQ(j["position_jump"]["burst"]["gap_ms"], 1800000);
  EXPECT_EQ(j.size(), detect::detector_params_table().size());
}

// The row docs/detectors.md gives a parameter: | `name` | `default` | doc |
std::string doc_row(const detect::ParamInfo& p, const nlohmann::json& value) {
  std::string shown = value.is_string() ? value.get<std::string>() : value.dump();
  return "| `" + std::string(p.name) + "` | `" + shown + "` | " + std::string(p.doc) + " |";
}

// docs/detectors.md lists every parameter with its default as /api/health
// shows it; LOOKOUT_REGEN_DOCS=1 rewrites the tables after a change.
TEST(DetectorParamsJson, TheDocsListEveryParameterWithItsDefault) {
  const std::string path = std::string(LOOKOUT_SOURCE_DIR) + "/docs/detectors.md";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  nlohmann::json defaults = detector_params_json(detect::DetectorParams{});
  std::string tables;
  for (const auto& info : detect::detector_params_table()) {
    tables += "\n### " + std::string(info.detector) + "\n\n| key | default | meaning |\n|---|---|---|\n";
    for (const auto& p : info.params) {
      nlohmann::json value = defaults[std::string(info.detector)];
      std::string name(p.name);
      for (auto dot = name.find('.'); dot != std::string::npos; dot = name.find('.')) {
        value = value[name.substr(0, dot)];
        name = name.substr(dot + 1);
      }
      tables += doc_row(p, value[name]) + "\n";
    }
  }
  const std::string begin = "<!-- parameters: generated -->\n", end = "<!-- end of generated parameters -->";
  auto from = doc.find(begin), to = doc.find(end);
  ASSERT_NE(from, std::string::npos) << path;
  ASSERT_NE(to, std::string::npos) << path;
  std::string now = doc.substr(from + begin.size(), to - from - begin.size());
  if (std::getenv("LOOKOUT_REGEN_DOCS") != nullptr && now != tables + "\n") {
    std::ofstream(path) << doc.substr(0, from + begin.size()) << tables << "\n" << doc.substr(to);
    GTEST_SKIP() << "rewrote " << path;
  }
  EXPECT_EQ(now, tables + "\n") << "docs/detectors.md is out of date: run with LOOKOUT_REGEN_DOCS=1";
}

}  // namespace
}  // namespace lookout::server
