#include "detect/rendezvous.h"

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
using testing::static_report;

constexpr int64_t kMin = 60'000;
constexpr uint32_t kA = 273000001, kB = 230000002;

DetectorRig rig_with(std::vector<Asset> assets = {}, RendezvousParams params = {}) {
  return DetectorRig(std::move(assets), std::make_unique<RendezvousDetector>(params));
}
const RendezvousDetector& rdv_of(const DetectorRig& rig) { return static_cast<const RendezvousDetector&>(*rig.detector); }

constexpr LatLon kSea{62.5, 20.5};

// Two vessels reporting every 30 s for `minutes` from t0: A at `a`, B
// `apart_m` east of it, both at `kn` with navigational status `status`.
void together(DetectorRig& rig, int64_t t0, double minutes, double apart_m, double kn = 0.5, uint8_t status = 0,
              LatLon a = kSea, uint32_t ma = kA, uint32_t mb = kB) {
  const LatLon b = destination(a, 90, apart_m);
  for (int64_t t = t0; t < t0 + static_cast<int64_t>(minutes * kMin); t += 30'000) {
    rig.feed(position_report(ma, t, a, kn, 0, status, false));
    rig.feed(position_report(mb, t + 7'000, b, kn, 0, status, false));
  }
}

void identify(DetectorRig& rig, uint8_t type_a, uint8_t type_b) {
  rig.feed(static_report(kA, kT0 - 1000, type_a, "VOLNA"));
  rig.feed(static_report(kB, kT0 - 1000, type_b, "SAKAR"));
}

TEST(Rendezvous, RaisesWhenTwoSlowShipsStayTogetherForHalfAnHour) {
  auto rig = rig_with();
  identify(rig, 80, 70);
  together(rig, kT0, 29, 200);
  EXPECT_TRUE(rig.findings.empty()) << "29 minutes is not yet 30";
  together(rig, kT0 + 29 * kMin, 2, 200);
  auto raised = rig.raised();
  ASSERT_EQ(raised.size(), 1u);
  const Finding& f = *raised[0];
  EXPECT_EQ(f.kind, "rendezvous");
  EXPECT_EQ(f.episode, "230000002/273000001");
  EXPECT_EQ(f.mmsi, (std::vector<uint32_t>{kB, kA}));
  EXPECT_GE(f.score, 60) << "a tanker takes part";
  EXPECT_NEAR(f.evidence["min_distance_m"].get<double>(), 200, 2);
  EXPECT_GE(f.evidence["duration_min"].get<double>(), 30);
  EXPECT_TRUE(f.evidence["segment"].is_array());
  EXPECT_TRUE(f.evidence["segment_b"].is_array());
  EXPECT_NE(f.summary.find("VOLNA"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("SAKAR"), std::string::npos) << f.summary;
  EXPECT_FALSE(f.asset.has_value());
}

TEST(Rendezvous, ACrowdOfSlowVesselsIsNotAMeetingButTwoShipsBesideItAre) {
  // Eight hulls at rest within 300 m of each other for an hour: a harbour or
  // anchorage the asset file does not list. No pairs at all (in a crowd every
  // hull would pair with every other), and a real meeting 3 km away still
  // raises its alert.
  auto rig = rig_with();
  identify(rig, 80, 70);
  const LatLon crowd = destination(kSea, 0, 3000);
  for (int64_t t = kT0; t < kT0 + 60 * kMin; t += 30'000) {
    for (uint32_t i = 0; i < 8; ++i) {
      rig.feed(position_report(257000100 + i, t + i * 500, destination(crowd, 45.0 * i, 100 + 20 * i), 0.3, 0, 0, false));
    }
  }
  together(rig, kT0, 45, 200);
  EXPECT_EQ(rdv_of(rig).pairs(), 1u) << "only the two ships beside the crowd";
  auto raised = rig.raised();
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0]->episode, "230000002/273000001");
}

TEST(Rendezvous, ATransferWithItsTugsIsNotACrowd) {
  auto rig = rig_with();
  identify(rig, 80, 80);
  for (uint32_t i = 0; i < 3; ++i) rig.feed(static_report(257000200 + i, kT0 - 1000, 52, "TUG"));
  for (int64_t t = kT0; t < kT0 + 40 * kMin; t += 30'000) {
    for (uint32_t i = 0; i < 3; ++i) {  // three tugs alongside
      rig.feed(position_report(257000200 + i, t + 3000 + i * 500, destination(kSea, 120.0 * i, 150), 0.5, 0, 0, false));
    }
  }
  together(rig, kT0, 40, 200);
  ASSERT_EQ(rig.raised().size(), 1u);
  EXPECT_EQ(rig.raised()[0]->episode, "230000002/273000001");
}

TEST(Rendezvous, OneEpisodeUpdatedOnlyWhenTheJudgementChanges) {
  auto rig = rig_with();
  identify(rig, 70, 70);
  together(rig, kT0, 180, 200);
  EXPECT_EQ(rig.episodes().size(), 1u);
  ASSERT_EQ(rig.raised().size(), 2u) << "raised at 30 min, updated once at two hours";
  EXPECT_GT(rig.raised()[1]->score, rig.raised()[0]->score);
}

TEST(Rendezvous, KeepsAPairTogetherThroughSmallDriftAndPartsItBeyondTheBreakDistance) {
  auto rig = rig_with();
  identify(rig, 70, 70);
  together(rig, kT0, 20, 400);
  together(rig, kT0 + 20 * kMin, 15, 700);  // drifted apart a little: still together (hysteresis)
  ASSERT_EQ(rig.raised().size(), 1u);
  auto rig2 = rig_with();
  identify(rig2, 70, 70);
  together(rig2, kT0, 20, 400);
  together(rig2, kT0 + 20 * kMin, 15, 1200);  // apart
  EXPECT_TRUE(rig2.findings.empty());
}

TEST(Rendezvous, ShipsPassingAtSpeedOrWaitingApartAreNoRendezvous) {
  auto rig = rig_with();
  identify(rig, 80, 80);
  together(rig, kT0, 60, 200, 12.0);  // close, but under way at 12 kn
  together(rig, kT0 + 60 * kMin, 60, 1500, 0.5);  // slow, but 1.5 km apart
  EXPECT_TRUE(rig.findings.empty());
  EXPECT_EQ(rdv_of(rig).pairs(), 0u);
}

TEST(Rendezvous, AnAnchorageAHarbourOrMooringExcusesIt) {
  const LatLon in_anchorage{59.945, 24.39};
  const LatLon in_port{60.16, 24.955};
  auto assets = [&] {
    return std::vector<Asset>{make_polygon("anchorage-porkkala", AssetKind::kAnchorage, 0,
                                           {AssetPolygon{{box_ring(59.93, 24.33, 59.96, 24.45)}}}),
                              make_point("port-helsinki", AssetKind::kPort, 1000, in_port)};
  };
  struct Case {
    const char* what;
    LatLon where;
    uint8_t status;
  };
  for (const Case& c : {Case{"at anchor in an anchorage", in_anchorage, 1}, Case{"in a harbour", in_port, 0},
                        Case{"moored", kSea, 5}, Case{"control: at sea", kSea, 0}}) {
    auto rig = rig_with(assets());
    identify(rig, 70, 80);
    together(rig, kT0, 60, 300, 0.2, c.status, c.where);
    const bool control = c.where == kSea && c.status == 0;
    EXPECT_EQ(rig.findings.empty(), !control) << c.what;
  }
}

TEST(Rendezvous, TugsAndPairTrawlersWorkAlongsideOthers) {
  auto rig = rig_with();
  identify(rig, 52, 80);  // a tug with a tanker
  together(rig, kT0, 60, 100);
  identify(rig, 30, 30);  // two trawlers fishing as a pair
  together(rig, kT0 + 60 * kMin, 60, 300);
  EXPECT_TRUE(rig.findings.empty());
}

TEST(Rendezvous, InsideACableCorridorItNamesTheCableAndScoresHigher) {
  auto rig = rig_with({make_line("cable-a", AssetKind::kCable, 2000, {{{62.0, 20.5}, {63.0, 20.5}}})});
  identify(rig, 70, 70);
  together(rig, kT0, 35, 200);
  ASSERT_EQ(rig.raised().size(), 1u);
  ASSERT_TRUE(rig.raised()[0]->asset.has_value());
  EXPECT_EQ(rig.assets.asset(*rig.raised()[0]->asset).id, "cable-a");
  EXPECT_GE(rig.raised()[0]->score, 65);
}

TEST(Rendezvous, FindsPairsAcrossHashCellBordersAtHighLatitude) {
  // 450 m apart, east-west, at 70 N where a degree of longitude is 38 km.
  for (double lon = 20.0; lon < 20.05; lon += 0.0037) {
    auto r2 = rig_with();
    identify(r2, 70, 70);
    together(r2, kT0, 35, 450, 0.5, 0, {70.0, lon});
    EXPECT_EQ(r2.raised().size(), 1u) << "at lon " << lon;
  }
}

TEST(Rendezvous, StateShrinksWhenVesselsSpeedUpOrFallSilent) {
  auto rig = rig_with();
  identify(rig, 70, 70);
  together(rig, kT0, 35, 200);
  EXPECT_EQ(rdv_of(rig).slow_vessels(), 2u);
  EXPECT_EQ(rdv_of(rig).pairs(), 1u);
  rig.feed(position_report(kA, kT0 + 36 * kMin, kSea, 9, 0, 0, false));  // under way again
  EXPECT_EQ(rdv_of(rig).slow_vessels(), 1u);
  rig.tick(kT0 + 120 * kMin);  // B silent for over an hour, the pair parted
  EXPECT_EQ(rdv_of(rig).slow_vessels(), 0u);
  EXPECT_EQ(rdv_of(rig).pairs(), 0u);
  EXPECT_EQ(rdv_of(rig).cells(), 0u);
}

}  // namespace
}  // namespace lookout::detect
