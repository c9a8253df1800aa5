#include "alert/alert_book.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "geo/asset_index.h"

namespace lookout::alert {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const Timestamp kT0 = from_unix_ms(1'700'000'000'000LL);

detect::Finding finding(std::string kind, uint32_t mmsi, double score, Timestamp t) {
  detect::Finding f;
  f.kind = std::move(kind);
  f.episode = std::to_string(mmsi);
  f.mmsi = {mmsi};
  f.score = score;
  f.time = t;
  return f;
}

// A node runs for weeks: an episode nobody has touched for a day leaves the
// book (the store keeps it), with its part in the vessel's risk; one still
// developing stays; the same key later opens a new alert.
TEST(AlertBook, ForgetsEpisodesUntouchedForADay) {
  AssetIndex assets{std::vector<Asset>{}};
  std::vector<Alert> out;
  AlertBook book({}, assets, [&](const Alert& a) { out.push_back(a); });
  book.handle(finding("ais_gap", 1, 50, kT0));
  book.handle(finding("loitering", 2, 60, kT0));
  // Vessel 2's episode develops (an update below the hysteresis still counts
  // as touched).
  book.handle(finding("loitering", 2, 62, kT0 + hours(20)));
  ASSERT_EQ(out.size(), 2u);
  const std::string first_id = out[0].id;
  EXPECT_EQ(book.vessel_risk(1), 50);

  EXPECT_EQ(book.expire(kT0 + hours(24)), 0u) << "a day to the millisecond is not beyond it";
  EXPECT_EQ(book.expire(kT0 + hours(24) + minutes(1)), 1u);
  EXPECT_EQ(book.episodes(), 1u);
  EXPECT_EQ(book.vessel_risk(1), 0);
  EXPECT_EQ(book.vessel_risk(2), 60);
  EXPECT_EQ(book.open_count(), 1u);

  book.handle(finding("ais_gap", 1, 50, kT0 + hours(30)));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].state, AlertState::kOpen);
  EXPECT_NE(out[2].id, first_id);
  EXPECT_EQ(out[2].first_time, kT0 + hours(30));

  EXPECT_EQ(book.expire(kT0 + hours(45)), 1u) << "vessel 2, last touched at 20 h";
  EXPECT_EQ(book.vessel_risk(2), 0);
  EXPECT_EQ(book.episodes(), 1u);
}

TEST(AlertBook, ForgetsRetractedEpisodesToo) {
  AssetIndex assets{std::vector<Asset>{}};
  std::vector<Alert> out;
  AlertBook book({}, assets, [&](const Alert& a) { out.push_back(a); });
  book.handle(finding("position_jump", 7, 50, kT0));
  detect::Finding retract = finding("position_jump", 7, 0, kT0 + minutes(5));
  retract.action = detect::Finding::Action::kRetract;
  book.handle(std::move(retract));
  EXPECT_EQ(book.episodes(), 1u);
  EXPECT_EQ(book.expire(kT0 + hours(25)), 1u);
  EXPECT_EQ(book.episodes(), 0u);
}

// A vessel's risk as a nation sees it counts only the alerts released to
// that nation: a Danish cable's alert (DNK only) about a vessel of a feed
// released to NATO raises its risk for Denmark, not for the others.
TEST(AlertBook, VesselRiskPerNationCountsOnlyAlertsItMaySee) {
  Asset cable;
  cable.id = "dnk-cable";
  cable.marking = {"DNK", {}};
  cable.geometry = GeometryType::kPoint;
  AssetIndex assets{std::vector<Asset>{cable}};
  AlertBookParams params;
  params.default_marking = {"GBR", {"NATO"}};
  AlertBook book(params, assets, [](const Alert&) {});
  book.handle(finding("loitering", 5, 40, kT0));  // GBR, released to NATO
  detect::Finding near_cable = finding("cable_dwell", 5, 50, kT0);
  near_cable.asset = 0;                            // GBR data about a DNK-only asset
  book.handle(std::move(near_cable));
  EXPECT_EQ(book.vessel_risk(5), 70);
  EXPECT_EQ(book.vessel_risk(5, "USA"), 40) << "the cable alert is not released to the USA";
  EXPECT_EQ(book.vessel_risk(5, "SWE"), 40);
  EXPECT_EQ(book.vessel_risk(5, "RUS"), 0);
  EXPECT_EQ(book.vessel_risk(9, "GBR"), 0);
  EXPECT_EQ(book.open_count("USA"), 1u);
  EXPECT_EQ(book.open_count("RUS"), 0u);
  EXPECT_EQ(book.opened_by_kind("USA").count("cable_dwell"), 0u);
  EXPECT_EQ(book.opened_by_kind("USA").at("loitering"), 1u);
}

// With a scope (the live node), an id is a keyed hash: no sequence, no
// partition in it, different under another key, never repeated.
TEST(AlertBook, ScopedIdsAreOpaque) {
  AssetIndex assets{std::vector<Asset>{}};
  auto ids_for = [&](const std::string& scope, SipKey key) {
    AlertBookParams params;
    params.id_scope = scope;
    params.id_key = key;
    std::vector<std::string> ids;
    AlertBook book(params, assets, [&](const Alert& a) { ids.push_back(a.id); });
    for (uint32_t m = 1; m <= 50; ++m) book.handle(finding("ais_gap", m, 30, kT0));
    return ids;
  };
  auto a = ids_for("run1p0", {11, 22});
  auto b = ids_for("run1p1", {11, 22});
  auto c = ids_for("run1p0", {11, 23});
  ASSERT_EQ(a.size(), 50u);
  std::set<std::string> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  all.insert(c.begin(), c.end());
  EXPECT_EQ(all.size(), 150u) << "unique across scopes and keys";
  for (const auto& id : a) {
    ASSERT_EQ(id.size(), std::string("a-20231114-").size() + 20) << id;
    EXPECT_EQ(id.rfind("a-20231114-", 0), 0u) << id;
    EXPECT_EQ(id.find("run1p0"), std::string::npos) << id;
    EXPECT_EQ(id.find("0001"), std::string::npos) << id;
  }
  EXPECT_FALSE(std::is_sorted(a.begin(), a.end())) << "no order visible";
  // Replay (no scope) keeps its numbered ids.
  auto plain = ids_for("", {11, 22});
  EXPECT_EQ(plain.front(), "a-20231114-0001");
}

}  // namespace
}  // namespace lookout::alert
