#include "detect/identity_conflict.h"

#include <gtest/gtest.h>

#include <string>

#include "detect/episode_test_util.h"

namespace lookout::detect {
namespace {

using testing::DetectorRig;
using testing::kT0;
using testing::position_report;

constexpr int64_t kMin = 60'000;
constexpr uint32_t kShip = 230000001;

DetectorRig rig_with(IdentityConflictParams params = {}) {
  return DetectorRig({}, std::make_unique<IdentityConflictDetector>(params));
}
const IdentityConflictDetector& identity_of(const DetectorRig& rig) {
  return static_cast<const IdentityConflictDetector&>(*rig.detector);
}

AisObservation static_data(uint32_t mmsi, int64_t t, uint32_t imo, std::string_view name) {
  AisObservation obs;
  obs.time = from_unix_ms(t);
  obs.msg.type = 5;
  obs.msg.mmsi = mmsi;
  ais::StaticVoyageData s;
  s.imo = imo;
  s.shipname.assign(name);
  s.shiptype = 80;
  obs.msg.body = s;
  return obs;
}

LatLon main_at(int64_t t) { return destination({60.0, 20.0}, 90, 10 * 1852.0 / 3600.0 * (t - kT0) / 1000.0); }
LatLon second_at(int64_t t) { return destination({60.4, 21.0}, 270, 8 * 1852.0 / 3600.0 * (t - kT0) / 1000.0); }

TEST(IdentityConflict, RaisesTwoPlacesWhenAnMmsiAlternatesBetweenThem) {
  auto rig = rig_with();
  rig.feed(static_data(kShip, kT0, 9300007, "KOLGA"));
  for (int64_t t = kT0; t < kT0 + 20 * kMin; t += 10'000) {
    rig.feed(position_report(kShip, t, main_at(t), 10, 90, 0, false));
    rig.feed(position_report(kShip, t + 5'000, second_at(t + 5'000), 8, 270, 0, false));
  }
  auto raised = rig.raised();
  ASSERT_FALSE(raised.empty());
  EXPECT_EQ(rig.episodes(), std::vector<std::string>{"230000001/places"});
  const Finding& f = *raised.front();
  EXPECT_EQ(f.kind, "identity_conflict");
  EXPECT_GE(f.score, 70);
  EXPECT_EQ(f.evidence["sign"], "two_places");
  EXPECT_GE(f.evidence["alternations"].get<int>(), 4);
  EXPECT_GT(f.evidence["distance_km"].get<double>(), 30.0);
  EXPECT_EQ(f.evidence["place_a"].size(), 3u);
  EXPECT_EQ(f.evidence["place_b"].size(), 3u);
  EXPECT_NE(f.summary.find("two places"), std::string::npos) << f.summary;
  // Updated as the switching doubles, not on every report (240 switches).
  EXPECT_LE(raised.size(), 8u);
}

TEST(IdentityConflict, ARelocationIsNotTwoPlacesAtOnce) {
  auto rig = rig_with();
  for (int64_t t = kT0; t < kT0 + 5 * kMin; t += 10'000) rig.feed(position_report(kShip, t, main_at(t), 10, 90, 0, false));
  for (int64_t t = kT0 + 5 * kMin; t < kT0 + 20 * kMin; t += 10'000) {
    rig.feed(position_report(kShip, t, second_at(t), 8, 270, 0, false));
  }
  EXPECT_TRUE(rig.findings.empty());
}

TEST(IdentityConflict, ANameChangeIsLowAnIMOChangeHigherAndFlippingHighest) {
  auto rig = rig_with();
  rig.feed(position_report(kShip, kT0, main_at(kT0), 10, 90, 0, false));
  rig.feed(static_data(kShip, kT0, 9300007, "ANNA K"));
  rig.feed(static_data(kShip, kT0 + 6 * kMin, 9300007, "NOVA STAR"));
  ASSERT_EQ(rig.raised().size(), 1u);
  const Finding renamed = *rig.raised()[0];  // a copy: later findings move the vector
  EXPECT_EQ(renamed.episode, "230000001/identity");
  EXPECT_EQ(renamed.evidence["sign"], "name_changed");
  EXPECT_EQ(renamed.evidence["from"], "ANNA K");
  EXPECT_EQ(renamed.evidence["to"], "NOVA STAR");
  EXPECT_LT(renamed.score, 40);
  EXPECT_NE(renamed.summary.find("changed its name from ANNA K to NOVA STAR"), std::string::npos)
      << renamed.summary;

  rig.feed(static_data(kShip, kT0 + 12 * kMin, 9400001, "NOVA STAR"));
  ASSERT_EQ(rig.raised().size(), 2u);
  EXPECT_EQ(rig.raised()[1]->evidence["sign"], "imo_changed");
  EXPECT_GT(rig.raised()[1]->score, renamed.score);

  rig.feed(static_data(kShip, kT0 + 18 * kMin, 9300007, "ANNA K"));
  ASSERT_EQ(rig.raised().size(), 3u);
  EXPECT_EQ(rig.raised()[2]->evidence["sign"], "identity_flips");
  EXPECT_GT(rig.raised()[2]->score, rig.raised()[1]->score);
  EXPECT_EQ(rig.episodes().size(), 1u);
}

TEST(IdentityConflict, ARetypedNameIsNoChange) {
  auto rig = rig_with();
  rig.feed(position_report(kShip, kT0, main_at(kT0), 10, 90, 0, false));
  rig.feed(static_data(kShip, kT0, 9300007, "SEA WIND"));
  rig.feed(static_data(kShip, kT0 + kMin, 9300007, "SEA-WIND"));
  rig.feed(static_data(kShip, kT0 + 2 * kMin, 9300007, "sea  wind."));
  EXPECT_TRUE(rig.findings.empty());
}

TEST(IdentityConflict, ALateStaticRecordIsNoChangeOfIdentity) {
  // A slower or historical source delivers the old name after the new one
  // (Picture::apply_static ignores static data older than the identity held).
  auto rig = rig_with();
  rig.feed(position_report(kShip, kT0 + 10 * kMin, main_at(kT0), 10, 90, 0, false));
  rig.feed(static_data(kShip, kT0 + 10 * kMin, 9300007, "NOVA STAR"));
  rig.feed(static_data(kShip, kT0 + 5 * kMin, 9300007, "ANNA K"));
  EXPECT_TRUE(rig.findings.empty());
  rig.feed(static_data(kShip, kT0 + 15 * kMin, 9300007, "ANNA K"));
  EXPECT_EQ(rig.raised().size(), 1u) << "a newer record that changes the name still counts";
}

TEST(IdentityConflict, ManyFlipsAreOneEpisodeUpdatedWhenTheCountDoubles) {
  auto rig = rig_with();
  rig.feed(position_report(kShip, kT0, main_at(kT0), 10, 90, 0, false));
  for (int i = 0; i < 64; ++i) rig.feed(static_data(kShip, kT0 + i * kMin, 9300007, i % 2 ? "MARLIN" : "KOLGA"));
  EXPECT_EQ(rig.episodes().size(), 1u);
  // 63 changes: raised at 1, sign changes at 2, then 4, 8, 16, 32.
  EXPECT_LE(rig.raised().size(), 7u);
  EXPECT_EQ(rig.raised().back()->evidence["changes"].get<int>(), 32);
}

TEST(IdentityConflict, ForgetsIdentitiesOfVesselsLongGone) {
  IdentityConflictParams params;
  params.forget_after = std::chrono::hours(1);
  auto rig = rig_with(params);
  rig.feed(position_report(kShip, kT0, main_at(kT0), 10, 90, 0, false));
  rig.feed(static_data(kShip, kT0, 9300007, "ANNA K"));
  rig.feed(static_data(kShip, kT0 + kMin, 9300007, "NOVA STAR"));
  EXPECT_EQ(identity_of(rig).tracked(), 1u);
  rig.tick(kT0 + 120 * kMin);
  EXPECT_EQ(identity_of(rig).tracked(), 0u);
}

}  // namespace
}  // namespace lookout::detect
