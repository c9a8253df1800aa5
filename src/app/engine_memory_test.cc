// The picture's memory target: at most 1 KB per vessel beyond its configured
// history, with every detector running over the bundled assets. Counted by
// the allocator (glibc's mallinfo2), so it covers the picture's slots and
// maps, every detector's per-vessel state and the alert book; the history
// rings (history_points track points per slot) are what the configuration
// buys and are left out.
#include <gtest/gtest.h>
#include <malloc.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "app/engine.h"
#include "detect/episode_test_util.h"
#include "detect/registry.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"

namespace lookout {
namespace {

using detect::testing::kT0;
using detect::testing::position_report;
using detect::testing::static_report;

std::size_t allocated_bytes() { return mallinfo2().uordblks; }

TEST(EngineMemory, StaysUnderAKilobytePerVesselBeyondItsHistory) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's allocator does not answer mallinfo2";
#endif
  auto loaded = load_assets_file(std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson");
  ASSERT_TRUE(loaded.ok());
  AssetIndex assets(std::move(loaded.value().assets));
  std::size_t alerts = 0;

  const std::size_t before = allocated_bytes();
  {
    EngineParams params;
    Engine engine(params, assets, nullptr, detect::make_all_detectors(), [&](const alert::Alert&) { ++alerts; });

    // 20,000 vessels for two hours, a report every three minutes: most
    // under way across the North Sea and the Baltic, a quarter slow over the
    // Gulf of Finland's cables (loitering and drag candidates), a fifth
    // class B, every class A with its static report.
    constexpr uint32_t kVessels = 20000;
    constexpr int kReports = 40;
    struct Mover {
      uint32_t mmsi;
      LatLon at;
      double kn, cog;
      bool class_b;
    };
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<Mover> fleet;
    for (uint32_t i = 0; i < kVessels; ++i) {
      Mover m{230000000 + i, {}, 0, 360 * unit(rng), i % 5 == 0};
      if (i % 4 == 0) {
        m.at = {59.3 + 0.7 * unit(rng), 22.0 + 5.0 * unit(rng)};
        m.kn = 0.5 + 2.5 * unit(rng);
      } else {
        m.at = {54.0 + 6.0 * unit(rng), 3.0 + 24.0 * unit(rng)};
        m.kn = 6 + 12 * unit(rng);
      }
      fleet.push_back(m);
    }
    for (const Mover& m : fleet) {
      if (!m.class_b) engine.observe(static_report(m.mmsi, kT0, 70, "VESSEL " + std::to_string(m.mmsi)));
    }
    for (int r = 0; r < kReports; ++r) {
      const int64_t t = kT0 + r * 180'000;
      for (Mover& m : fleet) {
        const double metres = m.kn * 1852.0 / 3600.0 * 180;
        m.at = {m.at.lat + metres * std::cos(m.cog * M_PI / 180) / 111200.0,
                m.at.lon + metres * std::sin(m.cog * M_PI / 180) / (111200.0 * std::cos(m.at.lat * M_PI / 180))};
        engine.observe(position_report(m.mmsi, t + m.mmsi % 180'000, m.at, m.kn, m.cog, 0, m.class_b));
      }
    }
    ASSERT_EQ(engine.picture().size(), kVessels);

    const std::size_t used = allocated_bytes() - before;
    const std::size_t slots = (kVessels + 255) / 256 * 256;  // the picture allocates 256 slots at a time
    const std::size_t history = slots * params.picture.history_points * sizeof(track::TrackPoint);
    ASSERT_GT(used, history);
    const double per_vessel = static_cast<double>(used - history) / kVessels;
    std::printf("engine memory: %.0f bytes per vessel beyond %zu bytes of history per slot (%zu alerts)\n",
                per_vessel, params.picture.history_points * sizeof(track::TrackPoint), alerts);
    EXPECT_LE(per_vessel, 1024.0);
  }
  EXPECT_GT(alerts, 0u);  // the detectors saw something to keep state about
}

}  // namespace
}  // namespace lookout
