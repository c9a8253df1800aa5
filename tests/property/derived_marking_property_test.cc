// Property: over random markings, no nation ever receives an alert that
// names (by id or name, in its asset, summary or evidence) an asset not
// released to it, and a nation that saw an alert whose later state it may
// not see is left with a retraction (issue #16, item 1;
// docs/decisions/0010-derived-markings.md).
//
// Each trial draws a data marking and five or six cables of random owners
// and random releasable_to lists (nations, JEF, NATO, sometimes unmarked)
// across the lane of the Eagle S reconstruction, then runs the real engine
// and detectors over the reconstruction plus a vessel that goes dark beside
// one cable and reappears across others. Every alert state the book gives
// its sink is judged for every nation as the live hub and the API would
// release it: by releasable_to_nation on the state's marking.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/ais_input.h"
#include "app/engine.h"
#include "decode/ais/encoder.h"
#include "detect/registry.h"
#include "geo/asset_index.h"

namespace lookout {
namespace {

constexpr uint32_t kDark = 219555000;

const std::vector<std::string>& nation_pool() {
  static const std::vector<std::string> pool = {"DNK", "USA", "GBR", "NOR", "FIN", "SWE", "DEU", "POL", "EST", "AUS"};
  return pool;
}

Marking random_marking(std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  const auto& pool = nation_pool();
  Marking m;
  m.owner = pool[rng() % pool.size()];
  for (const auto& n : pool) {
    if (n != m.owner && u(rng) < 0.2) m.releasable_to.push_back(n);
  }
  for (const char* g : {"JEF", "NATO"}) {
    if (u(rng) < 0.3) m.releasable_to.emplace_back(g);
  }
  return m;
}

// Every nation a marking here can name, and then some.
std::vector<std::string> every_nation() {
  std::set<std::string> all(nation_pool().begin(), nation_pool().end());
  for (const char* g : {"JEF", "NATO"}) {
    for (auto n : group_members(g)) all.emplace(n);
  }
  return {all.begin(), all.end()};
}

std::vector<AisObservation> decode_lines(const std::vector<std::string>& lines) {
  std::vector<AisObservation> out;
  auto decoder = make_ais_decoder(InputFormat::kNmea);
  for (const auto& l : lines) {
    std::string_view v = l;
    while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
    decoder->feed(v, [&](const AisObservation& o) { out.push_back(o); });
  }
  decoder->finish([&](const AisObservation& o) { out.push_back(o); });
  return out;
}

// The Eagle S reconstruction, decoded once.
const std::vector<AisObservation>& eagle_s() {
  static const std::vector<AisObservation> obs = [] {
    std::vector<AisObservation> out;
    auto run = decode_ais_file(std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/eagle_s_estlink2/track.nmea",
                               InputFormat::kUnknown, [&](const AisObservation& o) { out.push_back(o); });
    EXPECT_TRUE(run.ok());
    return out;
  }();
  return obs;
}

// A vessel westbound at 8 kn along 60.05 N from `from_lon`: ten minutes of
// reports, twenty of silence, then one report `jump_deg` further west.
std::vector<AisObservation> dark_vessel(Timestamp start, double from_lon, double jump_deg) {
  const double deg_per_s = 8 * 1852.0 / 3600.0 / 55800.0;
  std::vector<std::string> lines;
  auto report = [&](int64_t s, double lon) {
    ais::Message m;
    m.type = 1;
    m.mmsi = kDark;
    ais::PositionReportA p;
    p.status = 0;
    p.speed = 80;
    p.course = 2700;
    p.heading = 270;
    p.second = static_cast<uint8_t>(s % 60);
    p.pos = ais::Position{static_cast<int32_t>(lon * 600000), static_cast<int32_t>(60.05 * 600000)};
    m.body = p;
    const std::string tag = "c:" + std::to_string(to_unix_ms(start) / 1000 + s);
    lines.push_back(ais::encode_nmea(m, 'A', -1, tag));
  };
  for (int64_t s = 0; s <= 600; s += 10) report(s, from_lon - s * deg_per_s);
  report(1800, from_lon - 600 * deg_per_s - jump_deg);
  return decode_lines(lines);
}

struct Trial {
  Marking data;
  std::vector<Asset> cables;
};

Trial random_trial(std::mt19937& rng) {
  static const char* kNames[] = {"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"};
  std::uniform_real_distribution<double> lon(24.6, 25.8);
  std::uniform_real_distribution<double> u(0, 1);
  Trial t;
  t.data = u(rng) < 0.1 ? Marking{} : random_marking(rng);
  const int n = 5 + static_cast<int>(rng() % 2);
  for (int k = 0; k < n; ++k) {
    Asset a;
    a.id = std::string("cable-") + kNames[k];
    a.name = std::string("Cable ") + kNames[k];
    a.kind = AssetKind::kCable;
    a.buffer_m = 1500;
    a.geometry = GeometryType::kLineString;
    const double x = lon(rng);
    a.lines = {{{59.80, x}, {60.20, x + 0.01}}};
    if (u(rng) >= 0.1) a.marking = random_marking(rng);
    t.cables.push_back(std::move(a));
  }
  return t;
}

struct Seen {
  std::size_t alerts = 0, withdrawals = 0, delivered = 0;
};

// Runs one trial and checks every state for every nation.
void check_trial(const Trial& trial, const std::vector<AisObservation>& obs, Seen& seen, const std::string& label) {
  std::vector<Asset> cables = trial.cables;
  AssetIndex index(std::move(cables));
  std::vector<std::pair<alert::Alert, bool>> states;  // and whether it is a withdrawal
  EngineParams params;
  params.alerts.default_marking = trial.data;
  params.alerts.withdrawals = [&](const alert::Alert& a) { states.emplace_back(a, true); };
  Engine engine(params, index, nullptr, detect::make_all_detectors(),
                [&](const alert::Alert& a) { states.emplace_back(a, false); });
  for (const auto& o : obs) engine.observe(o);

  static const std::vector<std::string> nations = every_nation();
  std::map<std::string, std::map<std::string, std::string>> last_state;  // nation -> id -> state received
  std::map<std::string, const alert::Alert*> final_state;                 // id -> last non-withdrawal state
  for (const auto& [a, withdrawal] : states) {
    ++(withdrawal ? seen.withdrawals : seen.alerts);
    if (!withdrawal) final_state[a.id] = &a;
    const std::string text = alert::to_json_line(a);
    for (const auto& n : nations) {
      if (!releasable_to_nation(a.marking, n)) continue;
      ++seen.delivered;
      last_state[n][a.id] = alert::to_string(a.state);
      // The data itself must be released to whoever gets the alert.
      if (!trial.data.owner.empty()) {
        EXPECT_TRUE(releasable_to_nation(trial.data, n)) << label << " " << text << " to " << n;
      }
      for (uint32_t i = 0; i < index.assets().size(); ++i) {
        const Asset& asset = index.asset(i);
        if (asset.marking.owner.empty() || releasable_to_nation(asset.marking, n)) continue;
        EXPECT_EQ(text.find('"' + asset.id + '"'), std::string::npos)
            << label << ": " << n << " receives " << asset.id << " in " << text;
        EXPECT_EQ(text.find(asset.name), std::string::npos)
            << label << ": " << n << " receives " << asset.name << " in " << text;
      }
    }
  }
  // A nation that saw an episode and may not see its last state was told
  // it is withdrawn.
  for (const auto& [n, ids] : last_state) {
    for (const auto& [id, state] : ids) {
      const alert::Alert& f = *final_state.at(id);
      if (releasable_to_nation(f.marking, n)) continue;
      EXPECT_EQ(state, "retracted") << label << ": " << n << " was left with " << id << " " << state;
    }
  }
}

TEST(DerivedMarkingProperty, NoNationReceivesAnAlertNamingAnAssetNotReleasedToIt) {
  std::mt19937 rng(20261207);
  const auto& eagle = eagle_s();
  ASSERT_GT(eagle.size(), 1000u);
  const Timestamp start = *eagle.front().time + std::chrono::minutes(30);
  std::uniform_real_distribution<double> from(24.8, 25.8), jump(0.05, 0.4);
  Seen seen;
  constexpr int kTrials = 40;
  for (int trial_idx = 0; trial_idx < kTrials; ++trial_idx) {
    Trial trial = random_trial(rng);
    std::vector<AisObservation> obs = eagle;
    auto dark = dark_vessel(start, from(rng), jump(rng));
    obs.insert(obs.end(), dark.begin(), dark.end());
    std::stable_sort(obs.begin(), obs.end(), [](const AisObservation& a, const AisObservation& b) { return *a.time < *b.time; });
    check_trial(trial, obs, seen, "trial " + std::to_string(trial_idx));
    if (::testing::Test::HasFailure()) break;
  }
  // The trials did exercise the rules: alerts were raised and delivered,
  // and some episodes narrowed.
  EXPECT_GT(seen.alerts, static_cast<std::size_t>(kTrials));
  EXPECT_GT(seen.delivered, seen.alerts);
  EXPECT_GT(seen.withdrawals, 0u);
}

}  // namespace
}  // namespace lookout
