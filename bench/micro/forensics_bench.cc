// Forensics query latency on a large history: a SQLite store of 10 M
// positions (5,000 vessels on straight lanes across the Baltic, one report
// every 30 s for about 17 hours each, spread over two days), built once and
// kept under $TMPDIR/lookout-bench/ (building it takes a minute or two and is
// reported as the store's write rate). Then:
//   Crossings/estlink-2   `forensics crossings` over the cable for one day
//   Crossings/at          the same around one point, 10 km
//   Near/2km              who came within 2 km of a point in one day
//   Track/17h             one vessel's whole track as GeoJSON
// Target (issue 4): crossings under 1 s on >= 10 M positions.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "core/geodesy.h"
#include "forensics/forensics.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"
#include "store/store.h"

namespace lookout {
namespace {

namespace fs = std::filesystem;

constexpr int kVessels = 5000;
constexpr int kReports = 2000;
constexpr int64_t kT0 = 1'735'084'800'000;  // 2024-12-25T00:00:00Z

std::string store_path() {
  fs::path dir = fs::temp_directory_path() / "lookout-bench";
  fs::create_directories(dir);
  return (dir / "forensics-10M.db").string();
}

void build_store(const std::string& path) {
  std::string error;
  store::StoreOptions options;
  options.batch_rows = 10000;
  auto s = store::open_store(path, options, error);
  if (!s) {
    std::fprintf(stderr, "%s\n", error.c_str());
    std::abort();
  }
  std::mt19937_64 rng(20241225);
  std::uniform_real_distribution<double> lat(58.8, 60.4), lon(21.0, 28.5), course(0, 360), speed(6, 18),
      start(0, 36 * 3600.0);
  struct Lane {
    LatLon pos;
    double course, kn;
    int64_t t;
  };
  std::vector<Lane> lanes(kVessels);
  for (auto& l : lanes) l = {{lat(rng), lon(rng)}, course(rng), speed(rng), kT0 + static_cast<int64_t>(start(rng) * 1000)};
  auto begin = std::chrono::steady_clock::now();
  // Vessels report in turn, as a feed interleaves them.
  for (int r = 0; r < kReports; ++r) {
    for (int v = 0; v < kVessels; ++v) {
      Lane& l = lanes[static_cast<std::size_t>(v)];
      store::PositionRow row;
      row.mmsi = 230'000'000u + static_cast<uint32_t>(v);
      row.point.time_ms = l.t + r * 30'000LL;
      row.point.lat_e7 = static_cast<int32_t>(std::lround(l.pos.lat * 1e7));
      row.point.lon_e7 = static_cast<int32_t>(std::lround(l.pos.lon * 1e7));
      row.point.sog_dkn = static_cast<uint16_t>(l.kn * 10);
      row.point.cog_ddeg = static_cast<uint16_t>(l.course * 10);
      row.point.heading = static_cast<uint16_t>(l.course);
      row.point.nav_status = 0;
      s->add_position(row);
      l.pos = destination(l.pos, l.course, l.kn * 0.514444 * 30);
      if (!l.pos.valid()) l.pos = {59.5, 25.0};
    }
  }
  if (!s->commit().ok()) std::abort();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::fprintf(stderr, "built %s: %d positions in %.1f s (%.0f rows/s)\n", path.c_str(), kVessels * kReports, secs,
               kVessels * kReports / secs);
}

struct Fixture {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<AssetIndex> assets;
};

Fixture& fixture() {
  static Fixture f = [] {
    Fixture x;
    std::string path = store_path();
    std::string error;
    if (!fs::exists(path)) {
      build_store(path);
    } else if (!store::open_store(path, {}, error)) {  // a store kept from an older build: migrated here
      std::fprintf(stderr, "%s: %s\n", path.c_str(), error.c_str());
      std::abort();
    }
    store::StoreOptions ro;
    ro.read_only = true;
    x.store = store::open_store(path, ro, error);
    if (!x.store) std::fprintf(stderr, "%s: %s\n", path.c_str(), error.c_str());
    auto loaded = load_assets_file(std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson");
    if (!x.store || !loaded.ok()) std::abort();
    x.assets = std::make_unique<AssetIndex>(std::move(loaded.value().assets));
    return x;
  }();
  return f;
}

void BM_Crossings(benchmark::State& state) {
  auto& f = fixture();
  forensics::CrossingQuery q;
  q.asset = "estlink-2";
  q.window = {kT0 + 12 * 3'600'000LL, kT0 + 36 * 3'600'000LL};
  q.limit = 100000;
  if (state.range(0) == 1) {
    q.at = LatLon{59.987, 25.979};  // on Estlink 2
    q.radius_m = 10'000;
  }
  std::size_t passes = 0, read = 0;
  for (auto _ : state) {
    auto r = forensics::find_crossings(*f.store, *f.assets, nullptr, q).value();
    passes = r.passes.size();
    read = r.positions_read;
    benchmark::DoNotOptimize(r);
  }
  state.counters["passes"] = static_cast<double>(passes);
  state.counters["reports_read"] = static_cast<double>(read);
  state.counters["store_positions"] = kVessels * static_cast<double>(kReports);
}
BENCHMARK(BM_Crossings)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Name("Forensics/Crossings/estlink-2_day_vs_at10km");

void BM_Near(benchmark::State& state) {
  auto& f = fixture();
  forensics::NearQuery q{{59.80, 25.60}, 2000, {kT0 + 12 * 3'600'000LL, kT0 + 36 * 3'600'000LL}, 1000};
  std::size_t found = 0;
  for (auto _ : state) {
    auto r = forensics::find_near(*f.store, q).value();
    found = r.vessels.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["vessels"] = static_cast<double>(found);
}
BENCHMARK(BM_Near)->Unit(benchmark::kMillisecond)->Name("Forensics/Near/2km_day");

void BM_Track(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) {
    auto g = forensics::track_geojson(*f.store, 230'001'234, {kT0, kT0 + 72 * 3'600'000LL});
    benchmark::DoNotOptimize(g);
  }
}
BENCHMARK(BM_Track)->Unit(benchmark::kMillisecond)->Name("Forensics/Track/whole");

}  // namespace
}  // namespace lookout
