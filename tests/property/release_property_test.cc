// Property: whatever the markings, no nation receives an id, a name, a
// position, a count or a score derived from data not released to it.
//
// Each round builds a node with random partitions (random owners, random
// releasability over nations and groups), feeds each a random slice of real
// scenario tracks, and asks every endpoint as random callers. Each answer is
// walked and checked against the ground truth read from the node itself
// (its partitions and the store, which hold every alert with its marking):
// every vessel and alert named is one the caller may see, every marking in
// it is releasable, a vessel's risk comes only from alerts the caller sees,
// and the counts and metrics count only those.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/engine.h"
#include "app/node/node.h"
#include "server/api/api.h"
#include "server/api/auth.h"
#include "server/api/live_hub.h"
#include "store/store.h"
#include "tests/node/leak_support.h"
#include "track/picture.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<std::string> kNations = {"DNK", "GBR", "USA", "SWE", "FIN", "DEU", "NOR", "POL"};
const std::vector<std::string> kCodes = {"JEF", "NATO", "DNK", "GBR", "USA", "SWE", "FIN", "DEU", "NOR", "POL"};
const std::vector<std::string> kScenarios = {
    "eagle_s_estlink2", "yi_peng_3",       "jump_spoofed",       "loitering_over_pipeline",
    "gap_near_cable",   "rendezvous_open_sea", "identity_name_change", "watchlist_tanker"};

// What the node holds, as the caller's nation may see it.
struct Truth {
  std::map<uint32_t, std::string> vessel_names;  // visible vessels (positions > 0)
  std::set<uint32_t> all_vessels;                // every partition's
  // Vessels named by an alert the nation may see: the alert's data is
  // released to it, though its partition's picture may have forgotten the
  // vessel since (a later recording moved that picture's clock on by days).
  std::set<uint32_t> alert_vessels;
  struct AlertFact {
    Marking marking;
    std::vector<uint32_t> mmsi;
    int score = 0;
    bool retracted = false;
  };
  std::map<std::string, AlertFact> alerts;  // every alert in the store
};

class ReleaseProperty : public ::testing::Test {
 protected:
  void TearDown() override {
    node_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  Marking random_marking(std::mt19937& rng) {
    Marking m;
    m.owner = kNations[rng() % kNations.size()];
    for (const auto& c : kCodes) {
      if (rng() % 4 == 0) m.releasable_to.push_back(c);
    }
    return m;
  }

  void build(std::mt19937& rng, int round) {
    dir_ = fs::temp_directory_path() / ("lookout-release-prop-" + std::to_string(::getpid()) + "-" + std::to_string(round));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    NodeConfig c;
    c.name = "release-property";
    c.nation = kNations[rng() % kNations.size()];
    c.store = (dir_ / "history.db").string();
    // The bundled assets keep their own markings (JEF, NATO, by owner).
    c.assets.push_back({std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson", random_marking(rng)});
    const int partitions = 2 + static_cast<int>(rng() % 3);
    for (int p = 0; p < partitions; ++p) {
      InputConfig in;
      in.name = "feed-" + std::to_string(p);
      in.kind = InputKind::kUdp;
      in.address = "127.0.0.1:0";
      Marking m = random_marking(rng);
      while (std::any_of(c.inputs.begin(), c.inputs.end(), [&](const InputConfig& o) { return o.marking == m; })) {
        m = random_marking(rng);
      }
      in.marking = m;
      c.inputs.push_back(in);
    }
    for (const auto& n : kNations) {
      tokens_[n] = server::new_token();
      c.tokens.push_back({"op-" + n, server::to_hex(server::sha256(tokens_[n])), n, server::Role::kOperator});
    }
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
    for (int p = 0; p < partitions; ++p) {
      const int files = 1 + static_cast<int>(rng() % 2);
      for (int f = 0; f < files; ++f) {
        std::ifstream in(std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/" + kScenarios[rng() % kScenarios.size()] +
                         "/track.nmea");
        ASSERT_TRUE(in);
        std::string line;
        for (int n = 0; n < 2500 && std::getline(in, line); ++n) node_->ingest_line(static_cast<std::size_t>(p), line, node_->now());
      }
    }
    node_->settle();  // the io thread, and the alerts held for the node's store read
    node_->sync_store();
  }

  Truth truth_for(const std::string& nation) {
    Truth t;
    for (const auto& part : node_->partitions()) {
      const bool visible = releasable_to_nation(*part.marking, nation);
      part.picture->for_each([&](const track::Vessel& v) {
        t.all_vessels.insert(v.mmsi);
        if (visible && v.positions > 0) t.vessel_names[v.mmsi] = std::string(v.statics.name.view());
      });
    }
    store::AlertFilter all;
    all.limit = 1000000;
    for (const auto& row : node_->store().alerts(all).value()) {
      t.alerts[row.id] = {row.marking, row.mmsi, row.score, row.status == store::AlertStatus::kRetracted};
      if (releasable_to_nation(row.marking, nation)) t.alert_vessels.insert(row.mmsi.begin(), row.mmsi.end());
    }
    return t;
  }

  server::Response get(const std::string& nation, const std::string& target) {
    return node_->api().handle(leak::make_request("GET", target, tokens_.at(nation)));
  }

  fs::path dir_;
  boost::asio::io_context io_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<Node> node_;
};

bool looks_like_alert_id(const std::string& s) { return s.size() > 11 && s.rfind("a-", 0) == 0 && s[10] == '-'; }

// Walks one answer: every vessel, alert id and marking in it must be
// released to `nation`; a vessel's risk only from alerts it may see.
void check_answer(const json& j, const std::string& nation, const Truth& t, const std::string& where) {
  if (j.is_object()) {
    if (auto m = j.find("marking"); m != j.end() && m->is_object()) {
      Marking mk{(*m)["owner"].get<std::string>(), (*m)["releasable_to"].get<std::vector<std::string>>()};
      EXPECT_TRUE(releasable_to_nation(mk, nation)) << where << ": marking " << m->dump();
    }
    if (auto id = j.find("id"); id != j.end() && id->is_string() && looks_like_alert_id(*id)) {
      auto it = t.alerts.find(*id);
      ASSERT_NE(it, t.alerts.end()) << where << ": unknown alert " << *id;
      EXPECT_TRUE(releasable_to_nation(it->second.marking, nation)) << where << ": alert " << *id;
    }
    if (auto mm = j.find("mmsi"); mm != j.end()) {
      std::vector<uint32_t> named;
      if (mm->is_number_unsigned()) named.push_back(mm->get<uint32_t>());
      if (mm->is_array()) {
        for (const auto& v : *mm) named.push_back(v.get<uint32_t>());
      }
      for (uint32_t v : named) {
        // A vessel named must be one the caller sees, in a picture or in an
        // alert released to it (or one it asked for by number and got
        // nothing about).
        EXPECT_TRUE(t.vessel_names.count(v) != 0 || t.alert_vessels.count(v) != 0 || !t.all_vessels.count(v))
            << where << ": vessel " << v;
      }
      if (auto name = j.find("name"); name != j.end() && mm->is_number_unsigned()) {
        EXPECT_EQ(t.vessel_names.count(mm->get<uint32_t>()), 1u) << where;
      }
      if (auto risk = j.find("risk"); risk != j.end() && mm->is_number_unsigned()) {
        const uint32_t v = mm->get<uint32_t>();
        double keep = 1.0;
        for (const auto& [id, a] : t.alerts) {
          if (a.retracted || !releasable_to_nation(a.marking, nation)) continue;
          if (std::find(a.mmsi.begin(), a.mmsi.end(), v) != a.mmsi.end()) keep *= 1.0 - a.score / 100.0;
        }
        const int bound = static_cast<int>(std::lround(100.0 * (1.0 - keep)));
        EXPECT_LE(risk->get<int>(), bound) << where << ": risk of " << v << " beyond the alerts " << nation << " sees";
      }
    }
    if (auto ids = j.find("alerts"); ids != j.end() && ids->is_array()) {
      for (const auto& id : *ids) {
        if (!id.is_string()) continue;
        auto it = t.alerts.find(id.get<std::string>());
        ASSERT_NE(it, t.alerts.end()) << where << ": unknown alert " << id;
        EXPECT_TRUE(releasable_to_nation(it->second.marking, nation)) << where << ": alert " << id;
      }
    }
    for (const auto& [k, v] : j.items()) check_answer(v, nation, t, where);
  } else if (j.is_array()) {
    for (const auto& v : j) check_answer(v, nation, t, where);
  }
}

TEST_F(ReleaseProperty, NoNationReceivesWhatWasNotReleasedToIt) {
  std::mt19937 rng(::testing::UnitTest::GetInstance()->random_seed() + 16);
  for (int round = 0; round < 3; ++round) {
    node_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
    build(rng, round);
    if (HasFatalFailure()) return;
    for (int k = 0; k < 3; ++k) {
      const std::string nation = kNations[rng() % kNations.size()];
      const Truth t = truth_for(nation);
      std::vector<std::string> targets = {"/api/vessels", "/api/alerts?limit=5000", "/api/alerts?state=open",
                                          "/api/assets"};
      std::vector<uint32_t> all(t.all_vessels.begin(), t.all_vessels.end());
      std::shuffle(all.begin(), all.end(), rng);
      for (std::size_t i = 0; i < all.size() && i < 25; ++i) {
        targets.push_back("/api/vessels/" + std::to_string(all[i]));
        if (i < 5) targets.push_back("/api/vessels/" + std::to_string(all[i]) + "/track?from=2000-01-01T00:00:00Z&to=2000-01-20T00:00:00Z");
      }
      std::size_t n_ids = 0;
      for (const auto& [id, a] : t.alerts) {
        if (n_ids++ < 40) targets.push_back("/api/alerts/" + id);
      }
      for (const auto& target : targets) {
        auto r = get(nation, target);
        const std::string where = nation + " GET " + target + " (round " + std::to_string(round) + ")";
        ASSERT_TRUE(r.status == 200 || r.status == 404) << where << ": " << r.status << " " << r.body;
        check_answer(json::parse(r.body), nation, t, where);
        if (target == "/api/alerts?limit=5000") {
          // The count is of what the caller may see.
          std::size_t visible = 0;
          for (const auto& [id, a] : t.alerts) visible += releasable_to_nation(a.marking, nation) ? 1 : 0;
          EXPECT_EQ(json::parse(r.body)["count"].get<std::size_t>(), std::min<std::size_t>(visible, 5000)) << where;
        }
      }
      // Metrics: vessels and alerts counted are the caller's.
      std::istringstream metrics(get(nation, "/metrics").body);
      std::string line;
      double opened = 0, vessels = -1;
      while (std::getline(metrics, line)) {
        if (line.rfind("lookout_alerts_opened_total{", 0) == 0) opened += std::stod(line.substr(line.rfind(' ') + 1));
        if (line.rfind("lookout_vessels ", 0) == 0) vessels = std::stod(line.substr(line.rfind(' ') + 1));
      }
      std::size_t visible_alerts = 0;
      for (const auto& [id, a] : t.alerts) visible_alerts += releasable_to_nation(a.marking, nation) ? 1 : 0;
      EXPECT_EQ(opened, static_cast<double>(visible_alerts)) << nation;
      std::size_t visible_vessels = 0;
      for (const auto& part : node_->partitions()) {
        if (releasable_to_nation(*part.marking, nation)) visible_vessels += part.picture->size();
      }
      EXPECT_EQ(vessels, static_cast<double>(visible_vessels)) << nation;
      // The live snapshot: the same rules.
      leak::CaptureConnection conn;
      auto opened_live = node_->api().open(leak::make_request("GET", "/api/live?access_token=" + tokens_.at(nation), ""), conn);
      ASSERT_TRUE(std::holds_alternative<std::unique_ptr<server::LiveClient>>(opened_live));
      auto client = std::get<std::unique_ptr<server::LiveClient>>(std::move(opened_live));
      client->on_message(R"({"subscribe":{"bbox":[-180,-90,180,90]}})");
      for (const auto& msg : conn.sent) check_answer(json::parse(msg), nation, t, nation + " live");
    }
  }
}

}  // namespace
}  // namespace lookout::node
