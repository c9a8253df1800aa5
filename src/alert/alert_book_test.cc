#include "alert/alert_book.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "geo/asset_index.h"
#include "geo/asset_test_util.h"

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

// Three cables of three markings, the way a node loads them.
AssetIndex three_cables() {
  std::vector<Asset> v;
  auto cable = [&](std::string id, double lon, Marking m) {
    Asset a = testing::make_line(std::move(id), AssetKind::kCable, 500, {{{59.8, lon}, {60.2, lon}}});
    a.marking = std::move(m);
    v.push_back(std::move(a));
  };
  cable("nato-cable", 25.0, {"NOR", {"NATO"}});
  cable("dnk-cable", 24.9, {"DNK", {}});
  cable("usa-cable", 24.8, {"USA", {}});
  return AssetIndex(std::move(v));
}

detect::Finding about(uint32_t asset, std::vector<uint32_t> named, double score, Timestamp t) {
  detect::Finding f = finding("anchor_drag", 518998950, score, t);
  f.asset = asset;
  f.named_assets = std::move(named);
  return f;
}

TEST(AlertBook, MarksAnAlertWhereItsDataAndEveryAssetItNamesAreReleased) {
  const AssetIndex assets = three_cables();
  AlertBookParams p;
  p.default_marking = {"DNK", {"NATO"}};
  std::vector<Alert> out;
  AlertBook book(p, assets, [&](const Alert& a) { out.push_back(a); });
  book.handle(about(0, {}, 60, kT0));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].marking, (Marking{"DNK", {"NATO"}}));
  // Naming the US-only cable beside the NATO one: the US only - Denmark,
  // whose data it is, no longer (the owner used to see it whatever it named).
  detect::Finding f = about(0, {2}, 60, kT0 + minutes(1));
  f.episode = "other";
  book.handle(std::move(f));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].marking, (Marking{"USA", {}}));
  EXPECT_FALSE(releasable_to_nation(out[1].marking, "DNK"));
  // Unmarked data (a replay without --owner) takes the assets' markings.
  AlertBook plain({}, assets, [&](const Alert& a) { out.push_back(a); });
  plain.handle(about(0, {1}, 60, kT0));
  EXPECT_EQ(out.back().marking, (Marking{"DNK", {}}));
}

TEST(AlertBook, AnUpdateNamingAnotherAssetNarrowsTheMarkingAndWithdrawsTheAlertFromWhoLostSight) {
  const AssetIndex assets = three_cables();
  AlertBookParams p;
  p.default_marking = {"DNK", {"NATO"}};
  std::vector<Alert> out;
  std::vector<bool> withdrawn;  // out[i] came to params.withdrawals
  p.withdrawals = [&](const Alert& a) {
    out.push_back(a);
    withdrawn.push_back(true);
  };
  AlertBook book(p, assets, [&](const Alert& a) {
    out.push_back(a);
    withdrawn.push_back(false);
  });
  book.handle(about(0, {}, 60, kT0));
  ASSERT_EQ(out.size(), 1u);
  // Below the hysteresis: nothing goes out, but the marking narrows at once.
  book.handle(about(0, {1}, 62, kT0 + minutes(1)));
  ASSERT_EQ(out.size(), 1u);
  book.handle(about(0, {1}, 80, kT0 + minutes(2)));
  ASSERT_EQ(out.size(), 3u);
  // First a withdrawal for every NATO nation but Denmark, repeating only
  // what they saw: the first state's score, none of the new evidence.
  const Alert& w = out[1];
  EXPECT_TRUE(withdrawn[1]);
  EXPECT_EQ(w.id, out[0].id);
  EXPECT_EQ(w.state, AlertState::kRetracted);
  EXPECT_EQ(w.score, 60);
  EXPECT_EQ(w.asset, "nato-cable");
  EXPECT_EQ(w.evidence, (nlohmann::json{{"withdrawn", true}}));
  EXPECT_EQ(w.summary.find("dnk-cable"), std::string::npos);
  for (std::string_view n : group_members("NATO")) {
    EXPECT_EQ(releasable_to_nation(w.marking, n), n != "DNK") << n;
  }
  // Then the update, for Denmark only.
  EXPECT_FALSE(withdrawn[2]);
  EXPECT_EQ(out[2].state, AlertState::kUpdate);
  EXPECT_EQ(out[2].marking, (Marking{"DNK", {}}));
  // The episode is no longer among those opened for who lost sight of it.
  EXPECT_TRUE(book.opened_by_kind("NOR").empty());
  EXPECT_EQ(book.opened_by_kind("DNK").at("anchor_drag"), 1u);
  // The marking never widens again within the episode: a later finding
  // naming the NATO cable only keeps Denmark's.
  book.handle(about(0, {}, 95, kT0 + minutes(3)));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[3].marking, (Marking{"DNK", {}}));
  // Naming the US cable too leaves nobody: Denmark's withdrawal, then a
  // state nobody receives.
  detect::Finding r = about(0, {2}, 0, kT0 + minutes(4));
  r.action = detect::Finding::Action::kRetract;
  r.summary = "stopped at usa-cable";
  book.handle(std::move(r));
  ASSERT_EQ(out.size(), 6u);
  EXPECT_TRUE(withdrawn[4]);
  EXPECT_EQ(out[4].marking, (Marking{"DNK", {}}));
  EXPECT_EQ(out[4].summary.find("usa-cable"), std::string::npos);
  EXPECT_EQ(out[5].state, AlertState::kRetracted);
  EXPECT_EQ(out[5].marking, Marking{});
  for (std::string_view n : group_members("NATO")) EXPECT_FALSE(releasable_to_nation(out[5].marking, n)) << n;
}

// Issue #16: an air alert named a US-only airbase zone to Denmark and
// Britain, whose sensors' data it was.
TEST(AlertBook, AnAirAlertAboutAZoneNotReleasedToTheDataOwnerIsNotTheDataOwners) {
  std::vector<Asset> v;
  Asset zone = testing::make_polygon("usa-airbase", AssetKind::kMilitarySite, 1000,
                                     {AssetPolygon{{testing::box_ring(55.0, 12.0, 55.1, 12.2)}}});
  zone.marking = {"USA", {}};
  v.push_back(std::move(zone));
  const AssetIndex assets(std::move(v));
  for (const Marking& data : {Marking{"DNK", {"GBR"}}, Marking{"DNK", {"NATO"}}}) {
    AlertBookParams p;
    p.default_marking = data;
    std::vector<Alert> out;
    AlertBook book(p, assets, [&](const Alert& a) { out.push_back(a); });
    detect::Finding f;
    f.kind = "drone_incursion";
    f.episode = "T1/usa-airbase";
    f.track = "T1";
    f.asset = 0;
    f.score = 80;
    f.time = kT0;
    f.summary = "Drone track T1 entered the usa-airbase zone";
    book.handle(std::move(f));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_FALSE(releasable_to_nation(out[0].marking, "DNK"));
    EXPECT_FALSE(releasable_to_nation(out[0].marking, "GBR"));
    // The US sees it only where the data was released to it.
    EXPECT_EQ(releasable_to_nation(out[0].marking, "USA"), releasable_to_nation(data, "USA"));
  }
}

TEST(AlertBook, AWiderAssetDoesNotWithdrawAnything) {
  const AssetIndex assets = three_cables();
  AlertBookParams p;
  p.default_marking = {"DNK", {}};
  std::vector<Alert> out;
  p.withdrawals = [&](const Alert& a) { ADD_FAILURE() << "withdrawn " << a.id; };
  AlertBook book(p, assets, [&](const Alert& a) { out.push_back(a); });
  book.handle(about(1, {}, 50, kT0));
  book.handle(about(1, {0}, 70, kT0 + minutes(1)));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].marking, (Marking{"DNK", {}}));
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

// The alert book learns from the watchlist alert that a vessel is listed.
// (Was WatchlistDetector.TheAlertBookRaises...: it drives only the book, and
// a detector test may not include the alert layer above it.)
TEST(AlertBook, RaisesTheOtherAlertsOfAListedHullOnly) {
  AssetIndex assets{std::vector<Asset>{}};
  std::vector<Alert> out;
  AlertBook book({}, assets, [&](const alert::Alert& a) { out.push_back(a); });
  auto make = [](std::string kind, uint32_t mmsi, double score) {
    detect::Finding f;
    f.kind = std::move(kind);
    f.episode = std::to_string(mmsi);
    f.mmsi = {mmsi};
    f.score = score;
    return f;
  };
  detect::Finding listed = make("watchlist", 1, 90);
  listed.evidence["identifies_hull"] = true;
  book.handle(std::move(listed));
  detect::Finding by_name = make("watchlist", 2, 35);
  by_name.evidence["identifies_hull"] = false;
  book.handle(std::move(by_name));
  book.handle(make("ais_gap", 1, 50));
  book.handle(make("ais_gap", 2, 50));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[2].score, 75) << "50 + the watch-list boost";
  EXPECT_EQ(out[3].score, 50) << "a name-only match does not boost";
  EXPECT_TRUE(book.watchlisted(1));
  detect::Finding retract = make("watchlist", 1, 0);
  retract.action = detect::Finding::Action::kRetract;
  book.handle(std::move(retract));
  EXPECT_FALSE(book.watchlisted(1));
}

}  // namespace
}  // namespace lookout::alert
