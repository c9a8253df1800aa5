// Class fusion: the likelihoods order the classes as documented, reports
// move the belief, and the floor lets it recover.
#include "track/air/class_fusion.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lookout::air {
namespace {

constexpr std::size_t kDrone = static_cast<std::size_t>(ObjectClass::kDrone);
constexpr std::size_t kBird = static_cast<std::size_t>(ObjectClass::kBird);
constexpr std::size_t kAircraft = static_cast<std::size_t>(ObjectClass::kAircraft);

ObjectClass after(const KinematicFeatures& f, int seconds) {
  ClassBelief b;
  for (int i = 0; i < seconds; ++i) b.add_kinematics(f, 0.2);
  return b.best(0.5);
}

TEST(ClassFusion, KinematicsSeparateAirlinersDronesAndBirds) {
  EXPECT_EQ(after({.speed_mps = 120, .height_m = 3000, .turn_rate_deg_s = 0.5, .straightness = 0.99}, 30),
            ObjectClass::kAircraft);
  EXPECT_EQ(after({.speed_mps = 30, .height_m = 120, .turn_rate_deg_s = 1, .straightness = 0.98}, 30),
            ObjectClass::kDrone);
  EXPECT_EQ(after({.speed_mps = 0.5, .height_m = 80, .turn_rate_deg_s = 0, .straightness = std::nullopt}, 30),
            ObjectClass::kDrone);  // hovering
  EXPECT_EQ(after({.speed_mps = 11, .height_m = 40, .turn_rate_deg_s = 15, .straightness = 0.6}, 30),
            ObjectClass::kBird);  // slow, low, meandering
  EXPECT_EQ(after({.speed_mps = 11, .height_m = 40, .turn_rate_deg_s = 1, .straightness = 0.98}, 30),
            ObjectClass::kDrone);  // slow and low, but straight
}

TEST(ClassFusion, LikelihoodsFollowTheDocumentedShapes) {
  ClassVector fast_high = kinematic_likelihood({.speed_mps = 200, .height_m = 9000, .turn_rate_deg_s = 0, .straightness = 0.99});
  EXPECT_GT(fast_high[kAircraft], 10 * fast_high[kDrone]);
  EXPECT_GT(fast_high[kAircraft], 10 * fast_high[kBird]);
  ClassVector hover = kinematic_likelihood({.speed_mps = 0, .height_m = 50, .turn_rate_deg_s = 0, .straightness = std::nullopt});
  EXPECT_GT(hover[kDrone], 5 * hover[kBird]);
  EXPECT_GT(hover[kDrone], 5 * hover[kAircraft]);
}

TEST(ClassFusion, StraightnessOfAHistory) {
  LocalFrame frame(LatLon{55, 12});
  TrackHistory straight, zigzag;
  for (int i = 0; i <= 30; ++i) {
    straight.add({from_unix_ms(i * 1000), frame.to_latlon({10.0 * i, 0}), 50}, std::chrono::seconds(1));
    double north = 40 * std::sin(i * 0.7);  // weaving 40 m either side, period 9 s
    zigzag.add({from_unix_ms(i * 1000), frame.to_latlon({5.0 * i, north}), 50}, std::chrono::seconds(1));
  }
  EXPECT_NEAR(*path_straightness(straight, frame, 20, 4, 60), 1.0, 1e-6);
  double z = *path_straightness(zigzag, frame, 20, 4, 60);
  EXPECT_LT(z, 0.8);
  EXPECT_FALSE(path_straightness(straight, frame, 40, 4, 60).has_value()) << "history too short";
}

TEST(ClassFusion, SensorReportsMoveTheBeliefAndUnknownReportsDoNot) {
  ClassBelief b;
  b.add_report(ObjectClass::kUnknown, 0.9, 1);
  EXPECT_NEAR(b.probabilities()[kDrone], 0.25, 1e-12);
  b.add_report(ObjectClass::kDrone, 0.9, 1);
  // 0.9 against 0.1/3 for each other class: 0.9 / (0.9 + 0.1) = 0.9.
  EXPECT_NEAR(b.probabilities()[kDrone], 0.9, 1e-9);
  EXPECT_EQ(b.best(0.5), ObjectClass::kDrone);
}

TEST(ClassFusion, TheFloorLetsABeliefRecover) {
  ClassBelief b;
  for (int i = 0; i < 500; ++i) b.add_report(ObjectClass::kBird, 0.95, 1);
  EXPECT_EQ(b.best(0.5), ObjectClass::kBird);
  for (int i = 0; i < 10; ++i) b.add_report(ObjectClass::kDrone, 0.95, 1);
  EXPECT_EQ(b.best(0.5), ObjectClass::kDrone);
}

}  // namespace
}  // namespace lookout::air
