#include "detect/watchlist_detector.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "detect/episode_test_util.h"
#include "geo/asset_index.h"

namespace lookout::detect {
namespace {

using testing::kT0;
using testing::position_report;

AisObservation static_data(uint32_t mmsi, int64_t t, uint32_t imo, std::string_view name, uint8_t type = 80,
                           uint8_t msg_type = 5) {
  AisObservation obs;
  obs.time = from_unix_ms(t);
  obs.msg.mmsi = mmsi;
  obs.msg.type = msg_type;
  if (msg_type == 24) {
    ais::StaticDataReport s;
    s.partno = 0;
    s.shipname.assign(name);
    obs.msg.body = s;
  } else {
    ais::StaticVoyageData s;
    s.imo = imo;
    s.shipname.assign(name);
    s.shiptype = type;
    obs.msg.body = s;
  }
  return obs;
}

// The watchlist detector over a real Picture with a watch list.
struct Rig {
  explicit Rig(std::string_view csv) {
    std::string error;
    EXPECT_TRUE(list.parse_csv(csv, "test.csv", error)) << error;
  }
  void feed(const AisObservation& obs) {
    track::Update u = picture.apply(obs, Timestamp{});
    if (obs.time && *obs.time > now) now = *obs.time;
    Context ctx{picture, assets, with_list ? &list : nullptr, now};
    auto sink = [this](Finding&& f) { findings.push_back(std::move(f)); };
    if (u.kind == track::UpdateKind::kStatic) detector.on_static(u, ctx, sink);
    if (u.kind == track::UpdateKind::kPosition) detector.on_position(u, ctx, sink);
    detector.on_tick(ctx, sink);
  }
  void position(uint32_t mmsi, int64_t t, bool class_b = false) {
    feed(position_report(mmsi, t, {62.5, 20.5}, 10, 90, 0, class_b));
  }

  Watchlist list;
  bool with_list = true;
  track::Picture picture;
  AssetIndex assets{std::vector<Asset>{}};
  WatchlistDetector detector;
  Timestamp now{};
  std::vector<Finding> findings;
};

constexpr const char* kList =
    "imo,mmsi,name,reason\n"
    "9329760,,EAGLE S,Estlink 2 incident\n"
    "9300087,311996602,OLD GLORY,sanctioned\n"
    "9300087,,GLORY,sanctioned (other name)\n"
    "9300099,,OCEAN PRINCE,sanctioned\n";

TEST(WatchlistDetector, RaisesOnceForAListedImoAndSaysHowItMatched) {
  Rig rig(kList);
  rig.position(230000001, kT0);
  EXPECT_TRUE(rig.findings.empty()) << "no identity yet";
  rig.feed(static_data(230000001, kT0 + 1000, 9329760, "EAGLE S"));
  for (int i = 2; i < 20; ++i) rig.position(230000001, kT0 + i * 10'000);
  rig.feed(static_data(230000001, kT0 + 360'000, 9329760, "EAGLE S"));
  ASSERT_EQ(rig.findings.size(), 1u);
  const Finding& f = rig.findings[0];
  EXPECT_EQ(f.kind, "watchlist");
  EXPECT_EQ(f.episode, "230000001");
  EXPECT_EQ(f.score, 90);
  EXPECT_EQ(f.evidence["rule"], "imo");
  EXPECT_EQ(f.evidence["identifies_hull"], true);
  EXPECT_EQ(f.evidence["entry"]["reason"], "Estlink 2 incident");
  EXPECT_NE(f.summary.find("Tanker EAGLE S matches watch-list entry EAGLE S (IMO 9329760) by its IMO 9329760"),
            std::string::npos)
      << f.summary;
}

TEST(WatchlistDetector, AnMmsiMatchIsConfirmedByAListedNameAndDoubtedByAnother) {
  Rig rig(kList);
  rig.position(311996602, kT0);
  ASSERT_EQ(rig.findings.size(), 1u);
  EXPECT_EQ(rig.findings[0].evidence["rule"], "mmsi");
  EXPECT_EQ(rig.findings[0].score, 75);
  rig.feed(static_data(311996602, kT0 + 1000, 0, "GLORY"));  // a name the list gives that hull
  ASSERT_EQ(rig.findings.size(), 2u);
  EXPECT_EQ(rig.findings[1].evidence["name_check"], "confirmed");
  EXPECT_EQ(rig.findings[1].score, 85);

  Rig other(kList);
  other.position(311996602, kT0);
  other.feed(static_data(311996602, kT0 + 1000, 0, "BAHAMA STAR"));
  ASSERT_EQ(other.findings.size(), 2u);
  EXPECT_EQ(other.findings[1].evidence["name_check"], "differs");
  EXPECT_EQ(other.findings[1].evidence["identifies_hull"], false);
  EXPECT_EQ(other.findings[1].score, 55);
  EXPECT_NE(other.findings[1].summary.find("may have been reassigned"), std::string::npos);
}

TEST(WatchlistDetector, RetractsAnMmsiMatchWhenTheVesselReportsAnotherImo) {
  Rig rig(kList);
  rig.position(311996602, kT0);
  rig.feed(static_data(311996602, kT0 + 1000, 9500168, "BAHAMA STAR", 70));
  ASSERT_EQ(rig.findings.size(), 2u);
  EXPECT_EQ(rig.findings[1].action, Finding::Action::kRetract);
  EXPECT_EQ(rig.findings[1].episode, "311996602");
  EXPECT_EQ(rig.findings[1].evidence["retracted_because"], "imo_differs");
  EXPECT_EQ(rig.detector.tracked(), 0u);
}

TEST(WatchlistDetector, TakesNameOnlyMatchesForShipsNotYachtsOrTugs) {
  Rig rig(kList);
  rig.position(230000002, kT0, true);  // class B yacht
  rig.feed(static_data(230000002, kT0 + 1000, 0, "OCEAN PRINCE", 0, 24));
  rig.position(230000003, kT0);  // a tug
  rig.feed(static_data(230000003, kT0 + 1000, 0, "OCEAN PRINCE", 52));
  EXPECT_TRUE(rig.findings.empty());
  rig.position(230000004, kT0);  // a tanker that gives no IMO
  rig.feed(static_data(230000004, kT0 + 1000, 0, "Ocean-Prince", 80));
  ASSERT_EQ(rig.findings.size(), 1u);
  EXPECT_EQ(rig.findings[0].evidence["rule"], "name");
  EXPECT_EQ(rig.findings[0].evidence["identifies_hull"], false);
  EXPECT_LT(rig.findings[0].score, 40);
}

TEST(WatchlistDetector, ARenamedListedHullStaysListedAndTheAlertSaysItsNewName) {
  Rig rig(kList);
  rig.position(230000005, kT0);
  rig.feed(static_data(230000005, kT0 + 1000, 9329760, "EAGLE S"));
  rig.feed(static_data(230000005, kT0 + 2000, 9329760, "EAGLE"));  // still IMO-matched
  EXPECT_EQ(rig.findings.size(), 1u);

  Rig mmsi_only(kList);
  mmsi_only.position(311996602, kT0);
  mmsi_only.feed(static_data(311996602, kT0 + 1000, 0, "OLD GLORY"));
  mmsi_only.feed(static_data(311996602, kT0 + 2000, 0, "NEW DAWN"));
  mmsi_only.feed(static_data(311996602, kT0 + 3000, 0, "NEW DAWN"));
  ASSERT_EQ(mmsi_only.findings.size(), 3u) << "open, confirmed by name, then the new name doubted once";
  EXPECT_EQ(mmsi_only.findings[2].evidence["name_check"], "differs");
}

TEST(WatchlistDetector, DoesNothingWithoutAWatchList) {
  Rig rig(kList);
  rig.with_list = false;
  rig.position(311996602, kT0);
  rig.feed(static_data(311996602, kT0 + 1000, 9329760, "EAGLE S"));
  EXPECT_TRUE(rig.findings.empty());
}

TEST(WatchlistDetector, ForgetsVesselsThePictureHasForgotten) {
  Rig rig(kList);
  rig.position(311996602, kT0);
  EXPECT_EQ(rig.detector.tracked(), 1u);
  rig.picture.expire(from_unix_ms(kT0 + 48 * 3600'000LL));
  rig.position(230000009, kT0 + 48 * 3600'000LL);
  EXPECT_EQ(rig.detector.tracked(), 0u);
}

}  // namespace
}  // namespace lookout::detect
