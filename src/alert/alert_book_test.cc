#include "alert/alert_book.h"

#include <gtest/gtest.h>

#include <chrono>
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

}  // namespace
}  // namespace lookout::alert
