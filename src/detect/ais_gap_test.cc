#include "detect/ais_gap.h"

#include <gtest/gtest.h>

#include <string>

#include "detect/episode_test_util.h"
#include "geo/asset_test_util.h"

namespace lookout::detect {
namespace {

using lookout::testing::box_ring;
using lookout::testing::make_line;
using lookout::testing::make_point;
using lookout::testing::make_polygon;
using testing::DetectorRig;
using testing::kT0;
using testing::position_report;

constexpr int64_t kMin = 60'000;

// A cable along 25.0 E between 59.5 and 60.5 N, with a 2 km corridor.
Asset cable() { return make_line("cable-a", AssetKind::kCable, 2000, {{{59.5, 25.0}, {60.5, 25.0}}}); }

DetectorRig rig_with(std::vector<Asset> assets, AisGapParams params = {}) {
  return DetectorRig(std::move(assets), std::make_unique<AisGapDetector>(params));
}
const AisGapDetector& gap_of(const DetectorRig& rig) { return static_cast<const AisGapDetector&>(*rig.detector); }

// Reports every 10 s from t_from to t_to (exclusive) sailing east at `kn`.
LatLon sail_east(DetectorRig& rig, uint32_t mmsi, LatLon p, int64_t t_from, int64_t t_to, double kn = 10,
                 uint8_t status = 0, bool class_b = false) {
  for (int64_t t = t_from; t < t_to; t += 10'000) {
    p = destination(p, 90, kn * 1852.0 / 3600.0 * 10);
    rig.feed(position_report(mmsi, t, p, kn, 90, status, class_b));
  }
  return p;
}

// A second vessel far from anything that keeps the feed alive.
void background(DetectorRig& rig, int64_t t_from, int64_t t_to) {
  for (int64_t t = t_from; t < t_to; t += 5'000) {
    rig.feed(position_report(230000099, t, {62.5, 20.0 + static_cast<double>(t - kT0) * 1e-7}, 10, 90, 0, false));
  }
}

TEST(AisGap, RaisesOnTheClockWhenAShipNearACableFallsSilent) {
  auto rig = rig_with({cable()});
  // East at 10 kn, falling silent about 3 km west of the cable.
  LatLon p = sail_east(rig, 230000001, {60.0, 24.90}, kT0, kT0 + 5 * kMin);
  const int64_t last = kT0 + 5 * kMin - 10'000;
  background(rig, kT0 + 5 * kMin, last + 9 * kMin);
  EXPECT_TRUE(rig.raised().empty()) << "nine minutes of silence is within the threshold";
  background(rig, last + 9 * kMin, last + 11 * kMin);
  auto raised = rig.raised();
  ASSERT_EQ(raised.size(), 1u);
  const Finding& f = *raised.front();
  EXPECT_EQ(f.kind, "ais_gap");
  EXPECT_EQ(f.mmsi, std::vector<uint32_t>{230000001});
  ASSERT_TRUE(f.asset.has_value());
  EXPECT_EQ(rig.assets.asset(*f.asset).id, "cable-a");
  EXPECT_GE(to_unix_ms(f.time), last + 10 * kMin);
  EXPECT_LT(to_unix_ms(f.time), last + 10 * kMin + 5'000);
  EXPECT_DOUBLE_EQ(f.evidence["threshold_min"].get<double>(), 10.0);
  EXPECT_DOUBLE_EQ(f.evidence["expected_interval_s"].get<double>(), 10.0);
  EXPECT_EQ(f.evidence["position"], "near");
  EXPECT_GE(f.score, 50);
  EXPECT_NE(f.summary.find("has been silent for 10 min"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("cable-a"), std::string::npos) << f.summary;
  (void)p;
}

TEST(AisGap, UpdatesOnReappearanceWithDistanceSpeedAndTheCableCrossed) {
  auto rig = rig_with({cable()});
  LatLon p = sail_east(rig, 230000001, {60.0, 24.90}, kT0, kT0 + 5 * kMin);
  background(rig, kT0 + 5 * kMin, kT0 + 45 * kMin);
  // Reappears 40 minutes on, east of the cable, having kept 10 kn.
  LatLon back = destination(p, 90, 10 * 1852.0 / 60 * 40);
  rig.feed(position_report(230000001, kT0 + 45 * kMin, back, 10, 90, 0, false));

  auto raised = rig.raised();
  ASSERT_GE(raised.size(), 2u);
  const Finding& open = *raised.front();
  const Finding& last = *raised.back();
  EXPECT_EQ(rig.episodes().size(), 1u) << "one silence, one episode";
  EXPECT_EQ(last.episode, open.episode);
  EXPECT_NEAR(last.evidence["implied_speed_kn"].get<double>(), 10.0, 0.3);
  EXPECT_NEAR(last.evidence["distance_km"].get<double>(), 12.3, 0.3);
  EXPECT_NEAR(last.evidence["silence_min"].get<double>(), 40.2, 0.3);
  EXPECT_EQ(last.evidence["assets_crossed"], nlohmann::json::array({"cable-a"}));
  EXPECT_GT(last.score, open.score) << "crossing the cable in the dark raises the score";
  EXPECT_NE(last.summary.find("having crossed cable-a"), std::string::npos) << last.summary;
  EXPECT_TRUE(rig.retracted().empty());
}

TEST(AisGap, RaisesNothingForSilenceFarFromAnyAsset) {
  auto rig = rig_with({cable()});
  // 167 km west of the cable: sailing toward it, but hours away.
  sail_east(rig, 230000001, {60.0, 22.0}, kT0, kT0 + 5 * kMin);
  background(rig, kT0 + 5 * kMin, kT0 + 60 * kMin);
  EXPECT_TRUE(rig.findings.empty());
}

TEST(AisGap, WatchesAShipWhoseCourseCrossesACableAhead) {
  auto rig = rig_with({cable()});
  // 12 km west of the cable at 14 kn: the cable is 28 min ahead.
  sail_east(rig, 230000001, {60.0, 24.77}, kT0, kT0 + 1 * kMin, 14);
  background(rig, kT0 + 1 * kMin, kT0 + 15 * kMin);
  auto raised = rig.raised();
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0]->evidence["position"], "heading_toward");
  EXPECT_NE(raised[0]->summary.find("on a course toward cable-a"), std::string::npos) << raised[0]->summary;
}

TEST(AisGap, IgnoresAShipSailingAwayFromADistantCable) {
  auto rig = rig_with({cable()});
  // 12 km east of the cable, sailing east: the cable is behind it.
  sail_east(rig, 230000001, {60.0, 25.22}, kT0, kT0 + 1 * kMin, 14);
  background(rig, kT0 + 1 * kMin, kT0 + 30 * kMin);
  EXPECT_TRUE(rig.findings.empty());
}

TEST(AisGap, WaitsAnHourForAShipAtAnchor) {
  auto rig = rig_with({cable()});
  for (int64_t t = kT0; t < kT0 + 10 * kMin; t += 3 * kMin) {
    rig.feed(position_report(230000001, t, {60.0, 25.01}, 0.1, 0, 1, false));
  }
  const int64_t last = kT0 + 9 * kMin;
  background(rig, last, last + 59 * kMin);
  EXPECT_TRUE(rig.raised().empty()) << "3 min interval at anchor: 20 x 3 min = 60 min";
  background(rig, last + 59 * kMin, last + 61 * kMin);
  ASSERT_EQ(rig.raised().size(), 1u);
  EXPECT_EQ(rig.raised()[0]->evidence["position"], "in_corridor");
  EXPECT_DOUBLE_EQ(rig.raised()[0]->evidence["threshold_min"].get<double>(), 60.0);
}

TEST(AisGap, ScoresClassBLowerAndIgnoresMooredShipsAndHarbours) {
  AisGapParams params;
  auto rig = rig_with({cable(), make_point("port-x", AssetKind::kPort, 1000, {59.6, 25.01})}, params);
  sail_east(rig, 230000001, {60.0, 24.98}, kT0, kT0 + 1 * kMin, 6, 0, true);        // class B near the cable
  rig.feed(position_report(230000002, kT0, {60.2, 25.01}, 0, 0, 5, false));        // moored by the cable
  rig.feed(position_report(230000003, kT0, {59.6, 25.012}, 0.2, 0, 0, false));     // in the harbour
  background(rig, kT0 + 1 * kMin, kT0 + 70 * kMin);
  auto raised = rig.raised();
  ASSERT_FALSE(raised.empty());
  for (const Finding* f : raised) EXPECT_EQ(f->mmsi, std::vector<uint32_t>{230000001});
  EXPECT_EQ(raised[0]->evidence["vessel_class"], "B");
  EXPECT_LE(raised[0]->score, params.score_in_corridor - params.class_b_penalty);
}

TEST(AisGap, AReceiverOutageIsNotAVesselGap) {
  // Everyone goes quiet for 45 minutes: the feed, not the vessel.
  auto rig = rig_with({cable()});
  sail_east(rig, 230000001, {60.0, 24.90}, kT0, kT0 + 5 * kMin);
  background(rig, kT0, kT0 + 5 * kMin);
  sail_east(rig, 230000001, {60.0, 24.90}, kT0 + 50 * kMin, kT0 + 55 * kMin, 1);
  background(rig, kT0 + 50 * kMin, kT0 + 55 * kMin);
  EXPECT_TRUE(rig.findings.empty());
  EXPECT_EQ(gap_of(rig).outages(), 1u);
}

TEST(AisGap, RaisesTheSameSilenceWhenTheRestOfTheFeedIsAlive) {
  // The control for the test above: the same vessel silence, others heard.
  auto rig = rig_with({cable()});
  sail_east(rig, 230000001, {60.0, 24.90}, kT0, kT0 + 5 * kMin);
  background(rig, kT0, kT0 + 50 * kMin);
  sail_east(rig, 230000001, {60.0, 24.90}, kT0 + 50 * kMin, kT0 + 55 * kMin, 1);
  background(rig, kT0 + 50 * kMin, kT0 + 55 * kMin);
  EXPECT_EQ(rig.episodes().size(), 1u);
  EXPECT_FALSE(rig.raised().empty());
  EXPECT_TRUE(rig.retracted().empty());
  EXPECT_EQ(gap_of(rig).outages(), 0u);
}

TEST(AisGap, RetractsAGapWhenTheWholeFeedWentQuietJustBeforeTheDeadline) {
  // Live clock: the engine ticks without data. The vessel is silent from
  // 0; the whole feed dies at 9 min, too recently to be called an outage at
  // the 10 min deadline, so the gap is raised. When the feed returns 40 min
  // later the outage explains most of the silence: retracted.
  auto rig = rig_with({cable()});
  sail_east(rig, 230000001, {60.0, 24.90}, kT0 - 1 * kMin, kT0);
  const int64_t last = kT0 - 10'000;
  background(rig, kT0, last + 9 * kMin);
  for (int64_t t = last + 9 * kMin; t < last + 50 * kMin; t += 1000) rig.tick(t);
  ASSERT_EQ(rig.raised().size(), 1u);
  sail_east(rig, 230000001, {60.0, 24.95}, last + 50 * kMin, last + 50 * kMin + 1);
  background(rig, last + 50 * kMin, last + 51 * kMin);
  ASSERT_EQ(rig.retracted().size(), 1u);
  EXPECT_EQ(rig.retracted()[0]->episode, rig.raised()[0]->episode);
  EXPECT_NE(rig.retracted()[0]->summary.find("receiver outage"), std::string::npos);
}

TEST(AisGap, EscalatesALongSilenceOnceAndOpensANewEpisodeForTheNextSilence) {
  auto rig = rig_with({cable()});
  LatLon p = sail_east(rig, 230000001, {60.0, 24.90}, kT0, kT0 + 2 * kMin);
  background(rig, kT0 + 2 * kMin, kT0 + 90 * kMin);
  ASSERT_EQ(rig.raised().size(), 2u) << "raised at 10 min, escalated once at 30 min, nothing more";
  EXPECT_GT(rig.raised()[1]->score, rig.raised()[0]->score);
  p = sail_east(rig, 230000001, p, kT0 + 90 * kMin, kT0 + 91 * kMin, 1);
  background(rig, kT0 + 91 * kMin, kT0 + 110 * kMin);
  EXPECT_EQ(rig.episodes().size(), 2u);
}

TEST(AisGap, DoesNotJudgeSilenceFromReportsFarBehindTheClock) {
  // A historical source replayed after a live one: the vessel's reports are
  // an hour behind the clock, so its silence cannot be measured against it.
  auto rig = rig_with({cable()});
  background(rig, kT0 + 60 * kMin, kT0 + 61 * kMin);
  sail_east(rig, 230000001, {60.0, 24.90}, kT0, kT0 + 5 * kMin);
  background(rig, kT0 + 61 * kMin, kT0 + 120 * kMin);
  EXPECT_TRUE(rig.findings.empty());
}

TEST(AisGap, KeepsOneHeapEntryPerVesselAndForgetsVesselsThePictureDropped) {
  AisGapParams params;
  params.forget_after = std::chrono::hours(1);
  auto rig = rig_with({cable()}, params);
  sail_east(rig, 230000001, {60.0, 24.90}, kT0, kT0 + 30 * kMin, 1);  // 180 reports near the cable
  EXPECT_EQ(gap_of(rig).scheduled(), 1u);
  EXPECT_EQ(gap_of(rig).tracked(), 1u);
  background(rig, kT0 + 30 * kMin, kT0 + 200 * kMin);
  EXPECT_EQ(gap_of(rig).tracked(), 1u) << "the silent vessel is forgotten, the background is kept";
}

}  // namespace
}  // namespace lookout::detect
