#include "detect/peer_judgement.h"

#include <gtest/gtest.h>

namespace lookout::detect {
namespace {

TEST(PeerWeight, ASlowdownMostPeersShareWeighsLittle) {
  const PeerParams p;
  // 23 of 25 ships slowed to about half their cruise; this one too.
  EXPECT_LT(peer_weight(25, 23, 0.5, 0.5, p), 0.05);
  EXPECT_LT(peer_weight(25, 23, 0.5, 0.6, p), 0.05);
}

TEST(PeerWeight, ASlowdownFarBeyondThePeersKeepsItsWeight) {
  const PeerParams p;
  EXPECT_DOUBLE_EQ(peer_weight(25, 23, 0.54, 0.27, p), 1.0);  // half the peers' speed ratio
  EXPECT_DOUBLE_EQ(peer_weight(25, 23, 0.54, 0.20, p), 1.0);
  // Between: partly discounted.
  const double w = peer_weight(25, 23, 0.54, 0.40, p);
  EXPECT_GT(w, 0.3);
  EXPECT_LT(w, 0.8);
}

TEST(PeerWeight, NoSlowedPeersOrNoPeersIsNoDiscount) {
  const PeerParams p;
  EXPECT_DOUBLE_EQ(peer_weight(0, 0, 0, 0.5, p), 1.0);
  EXPECT_DOUBLE_EQ(peer_weight(20, 0, 0, 0.5, p), 1.0);
  // One slowed neighbour of three is no shared condition.
  EXPECT_DOUBLE_EQ(peer_weight(3, 1, 0.5, 0.5, p), 1.0);
  PeerParams off;
  off.enabled = false;
  EXPECT_DOUBLE_EQ(peer_weight(25, 23, 0.5, 0.5, off), 1.0);
}

TEST(PeerWeight, CalmTrafficNeverLowersTheWeight) {
  const PeerParams p;
  for (int slowed = 0; slowed <= 30; ++slowed) {
    for (double own : {0.2, 0.3, 0.45, 0.6, 0.75}) {
      double last = 0;
      for (int calm = 0; calm <= 60; ++calm) {
        const double w = peer_weight(slowed + calm, slowed, 0.55, own, p);
        EXPECT_GE(w, last) << slowed << " slowed, " << calm << " calm, own ratio " << own;
        last = w;
      }
    }
  }
}

TEST(PeerJudgement, SaysWhatThePeersDidInWords) {
  PeerJudgement j;
  j.known = true;
  j.vessels = 25;
  j.slowed = 23;
  j.slowed_q1 = 0.5;
  j.slowed_median = 0.55;
  j.slowed_q3 = 0.6;
  j.own_ratio = 0.27;
  j.area_w_km = 83;
  j.area_h_km = 83;
  EXPECT_EQ(j.text(), "23 of 25 merchant ships under way in the 83 x 83 km around it slowed by 40-50 %; this one by 73 %");
  const auto js = j.to_json();
  EXPECT_EQ(js["slowed"], 23);
  EXPECT_EQ(js["this_drop_pct"], 73);
  EXPECT_EQ(js["slowed_drop_pct"], nlohmann::json::array({40, 45, 50}));
  j.slowed = 0;
  EXPECT_EQ(j.text(), "none of 25 merchant ships under way in the 83 x 83 km around it slowed; this one by 73 %");
  j.vessels = 0;
  EXPECT_EQ(j.text(),
            "no other merchant ship under way in the 83 x 83 km around it to compare with; this one slowed by 73 %");
}

}  // namespace
}  // namespace lookout::detect
