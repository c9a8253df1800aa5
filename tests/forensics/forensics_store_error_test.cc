// Issue 16: a store read that fails while a forensics question is being
// answered makes the answer an error, not a shorter ranking that looks
// complete. FlakyStore (tests/store/flaky_store_support.h) over a real SQLite
// store fails one kind of read after it has answered a given number of them.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "forensics/forensics.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"
#include "store/store.h"
#include "tests/store/flaky_store_support.h"
#include "tests/store/store_test_support.h"

namespace lookout::forensics {
namespace {

using store::Store;

using store::testing::FlakyStore;

constexpr int64_t kT0 = 1'735'120'800'000;  // 2024-12-25T10:00:00Z
constexpr double kLat = 59.987, kLon = 25.979;  // on Estlink 2

// Three vessels steaming east through the point, a minute between reports.
class ForensicsStoreError : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    real_ = store::open_store((dir_.path() / "h.db").string(), {}, error);
    ASSERT_NE(real_, nullptr) << error;
    for (uint32_t v = 0; v < 3; ++v) {
      uint32_t mmsi = 230000001 + v;
      for (int i = 0; i <= 60; ++i) {
        store::PositionRow r;
        r.mmsi = mmsi;
        r.point.time_ms = kT0 + (v * 7200 + i * 60) * 1000LL;
        r.point.lat_e7 = static_cast<int32_t>((kLat + v * 0.0005) * 1e7);
        r.point.lon_e7 = static_cast<int32_t>((kLon - 0.08 + i * 0.16 / 60) * 1e7);
        r.point.sog_dkn = 100;
        r.point.cog_ddeg = 900;
        r.point.heading = 90;
        real_->add_position(r);
      }
      store::VesselRow vr;
      vr.mmsi = mmsi;
      vr.statics.name.assign("VESSEL " + std::to_string(v));
      vr.statics.updated_ms = kT0;
      real_->put_vessel(vr);
    }
    ASSERT_TRUE(real_->commit().ok());
  }

  NearQuery near() const { return {{kLat, kLon}, 2000, {kT0, kT0 + 6 * 3'600'000LL}, 100}; }

  store::testing::ScratchDir dir_;
  std::unique_ptr<Store> real_;
};

TEST_F(ForensicsStoreError, NearFailsWhenATrackReadFails) {
  auto whole = find_near(*real_, near());
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  ASSERT_EQ(whole->vessels.size(), 3u);

  for (auto read : {FlakyStore::Read::kCandidates, FlakyStore::Read::kTrack, FlakyStore::Read::kVessel}) {
    FlakyStore flaky(*real_, read, read == FlakyStore::Read::kCandidates ? 0 : 1);
    auto answer = find_near(flaky, near());
    EXPECT_EQ(flaky.failures(), 1);
    ASSERT_FALSE(answer.ok()) << "a failed read gave " << answer->vessels.size() << " of 3 vessels";
    EXPECT_EQ(answer.status().code(), StatusCode::kIoError);
    EXPECT_NE(answer.status().message().find("disk I/O error"), std::string::npos);
  }
}

TEST_F(ForensicsStoreError, TrackFailsWhenAReadFails) {
  store::TimeRange w{kT0, kT0 + 6 * 3'600'000LL};
  ASSERT_TRUE(track_geojson(*real_, 230000001, w).ok());
  FlakyStore no_track(*real_, FlakyStore::Read::kTrack, 0);
  EXPECT_EQ(track_geojson(no_track, 230000001, w).status().code(), StatusCode::kIoError);
  FlakyStore no_vessel(*real_, FlakyStore::Read::kVessel, 0);
  EXPECT_EQ(track_geojson(no_vessel, 230000001, w).status().code(), StatusCode::kIoError);
}

TEST_F(ForensicsStoreError, CrossingsFailWhenAnyReadFails) {
  auto loaded = load_assets_file(std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  AssetIndex assets(std::move(loaded.value().assets));
  CrossingQuery q;
  q.asset = "estlink-2";
  q.window = {kT0, kT0 + 6 * 3'600'000LL};
  auto whole = find_crossings(*real_, assets, nullptr, q);
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  ASSERT_EQ(whole->passes.size(), 3u);

  for (auto read : {FlakyStore::Read::kCandidates, FlakyStore::Read::kTrack, FlakyStore::Read::kVessel,
                    FlakyStore::Read::kAlerts}) {
    FlakyStore flaky(*real_, read, read == FlakyStore::Read::kCandidates ? 0 : 2);
    auto answer = find_crossings(flaky, assets, nullptr, q);
    EXPECT_EQ(flaky.failures(), 1) << static_cast<int>(read);
    ASSERT_FALSE(answer.ok()) << "a failed read gave " << answer->passes.size() << " of 3 passes";
    EXPECT_EQ(answer.status().code(), StatusCode::kIoError);
  }

  // An unknown asset is the question's fault, not the store's.
  q.asset = "no-such-cable";
  EXPECT_EQ(find_crossings(*real_, assets, nullptr, q).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lookout::forensics
