// Scenario tests: each folder under tests/scenarios/ with a scenario.json is
// replayed through the real `lookout replay` CLI and its alerts checked
// against the scenario's expectations. Scenarios are data, so analysts can
// write them; see tests/scenarios/README.md for the format.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Every folder under tests/scenarios/: each is a scenario, so a folder
// without its scenario.json fails (ScenarioSuite below) instead of being
// passed over.
std::vector<std::string> scenario_names() {
  std::vector<std::string> names;
  fs::path root = fs::path(LOOKOUT_SOURCE_DIR) / "tests/scenarios";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    if (e.is_directory()) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// What is wrong with a scenario.json that would make its test prove nothing:
// an unknown key (a misspelt "expect" would be ignored), no inputs, or no
// expectation at all (no expect, no forbid, no only_expected). Empty when
// the spec is usable.
std::string spec_problem(const json& spec) {
  static const std::vector<std::string> kKeys = {"description", "synthetic", "inputs", "infra",  "watchlist",
                                                 "sensors",     "expect",    "forbid", "only_expected"};
  if (!spec.is_object()) return "is not a JSON object";
  for (const auto& [key, value] : spec.items()) {
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) return "unknown key '" + key + "'";
  }
  if (!spec.contains("inputs") || !spec["inputs"].is_array() || spec["inputs"].empty()) {
    return "no inputs";
  }
  bool expects = spec.contains("expect") && !spec["expect"].empty();
  bool forbids = spec.contains("forbid") && !spec["forbid"].empty();
  if (!expects && !forbids && !spec.value("only_expected", false)) {
    return "states no expectation (give expect, forbid or only_expected)";
  }
  return "";
}

// The suite proves nothing when it finds nothing: a moved folder or a
// renamed file must fail here, not pass with zero scenarios.
TEST(ScenarioSuite, FindsScenariosAndEachHasItsExpectations) {
  auto names = scenario_names();
  ASSERT_GE(names.size(), 20u) << "scenarios missing from tests/scenarios";
  for (const auto& name : names) {
    fs::path spec_path = fs::path(LOOKOUT_SOURCE_DIR) / "tests/scenarios" / name / "scenario.json";
    ASSERT_TRUE(fs::exists(spec_path)) << name << ": the folder has no scenario.json";
    json spec = json::parse(std::ifstream(spec_path), nullptr, false);
    ASSERT_FALSE(spec.is_discarded()) << name << "/scenario.json is not valid JSON";
    EXPECT_EQ(spec_problem(spec), "") << name << "/scenario.json";
  }
}

TEST(ScenarioSuite, RefusesASpecThatCannotFail) {
  EXPECT_EQ(spec_problem(json::parse(R"({"inputs": ["a.nmea"], "forbid": [{"kind": "loitering"}]})")), "");
  EXPECT_EQ(spec_problem(json::parse(R"({"inputs": ["a.nmea"], "expect": [], "only_expected": true})")), "");
  EXPECT_EQ(spec_problem(json::parse(R"({"inputs": ["a.nmea"]})")),
            "states no expectation (give expect, forbid or only_expected)");
  EXPECT_EQ(spec_problem(json::parse(R"({"inputs": ["a.nmea"], "expcet": [{"kind": "ais_gap"}]})")),
            "unknown key 'expcet'");
  EXPECT_EQ(spec_problem(json::parse(R"({"inputs": [], "forbid": [{"kind": "ais_gap"}]})")), "no inputs");
}

// Final state of each alert episode (the last line with its id).
std::map<std::string, json> episodes_from(const fs::path& alerts) {
  std::map<std::string, json> out;
  std::ifstream in(alerts);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json a = json::parse(line);
    out[a.at("id").get<std::string>()] = a;
  }
  return out;
}

bool matches(const json& pattern, const json& alert) {
  if (pattern.contains("kind") && pattern["kind"] != alert["kind"]) return false;
  if (pattern.contains("asset") && pattern["asset"] != alert["asset"]) return false;
  if (pattern.contains("min_score") && alert["score"].get<double>() < pattern["min_score"].get<double>()) {
    return false;
  }
  if (pattern.contains("mmsi")) {
    for (const auto& m : pattern["mmsi"]) {
      const auto& have = alert["mmsi"];
      if (std::find(have.begin(), have.end(), m) == have.end()) return false;
    }
  }
  return true;
}

class Scenario : public ::testing::TestWithParam<std::string> {};

TEST_P(Scenario, RaisesExactlyWhatItExpects) {
  fs::path dir = fs::path(LOOKOUT_SOURCE_DIR) / "tests/scenarios" / GetParam();
  ASSERT_TRUE(fs::exists(dir / "scenario.json")) << GetParam() << ": no scenario.json";
  json spec = json::parse(std::ifstream(dir / "scenario.json"));
  ASSERT_EQ(spec_problem(spec), "") << GetParam() << "/scenario.json";
  fs::path alerts = fs::temp_directory_path() /
                    ("lookout_scenario_" + GetParam() + "_" + std::to_string(::getpid()) + ".jsonl");

  std::string cmd = std::string("'") + LOOKOUT_BINARY + "' replay --no-progress --alerts '" +
                    alerts.string() + "'";
  for (const auto& f : spec.value("infra", json::array())) cmd += " --infra '" + (dir / f.get<std::string>()).string() + "'";
  for (const auto& f : spec.value("sensors", json::array())) {
    cmd += " --sensors '" + (dir / f.get<std::string>()).string() + "'";
  }
  for (const auto& f : spec.value("watchlist", json::array())) {
    cmd += " --watchlist '" + (dir / f.get<std::string>()).string() + "'";
  }
  for (const auto& f : spec.at("inputs")) cmd += " '" + (dir / f.get<std::string>()).string() + "'";
  cmd += " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

  auto episodes = episodes_from(alerts);
  fs::remove(alerts);
  std::vector<json> raised;
  for (auto& [id, a] : episodes) {
    if (a.value("state", "open") != "retracted") raised.push_back(a);
  }
  std::ostringstream all;
  for (const auto& a : raised) all << "\n  " << a["kind"] << " " << a["mmsi"] << " " << a["asset"] << " score " << a["score"] << ": " << a["summary"];

  for (const auto& want : spec.value("expect", json::array())) {
    auto found = std::count_if(raised.begin(), raised.end(), [&](const json& a) { return matches(want, a); });
    EXPECT_GE(found, want.value("min_count", 1)) << "expected alerts matching " << want.dump() << "; raised:" << all.str();
    if (want.contains("max_count")) {
      EXPECT_LE(found, want["max_count"].get<int>()) << "too many alerts matching " << want.dump() << "; raised:" << all.str();
    }
  }
  for (const auto& bad : spec.value("forbid", json::array())) {
    for (const auto& a : raised) {
      EXPECT_FALSE(matches(bad, a)) << "forbidden alert " << a.dump();
    }
  }
  if (spec.value("only_expected", false)) {
    for (const auto& a : raised) {
      bool expected = false;
      for (const auto& want : spec.value("expect", json::array())) expected = expected || matches(want, a);
      EXPECT_TRUE(expected) << "unexpected alert " << a.dump();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Scenario, ::testing::ValuesIn(scenario_names()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string n = param_info.param;
                           std::replace_if(n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return n;
                         });

}  // namespace
