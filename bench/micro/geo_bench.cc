// Asset index queries over the bundled asset file (and the layers
// bench_assets.h adds on request), one query per iteration
// (so the reported time is ns/query), at two kinds of positions:
//   vessels: the 9,735 last-known vessel positions of the Digitraffic
//            snapshot in data/ais/ (northern Baltic, real traffic lanes);
//   random:  uniform positions in the Baltic box 53.5-66 N, 9-31 E.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/geodesy.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"
#include "bench_assets.h"

namespace lookout {
namespace {

const std::string kSource = LOOKOUT_SOURCE_DIR;

std::vector<Asset> load_assets() { return bench::bench_assets(); }

const AssetIndex& bundled_index() {
  static const AssetIndex index(load_assets());
  return index;
}

const std::vector<LatLon>& vessel_positions() {
  static const std::vector<LatLon> points = [] {
    std::ifstream in(kSource + "/data/ais/digitraffic_snapshot_2025-12-11T204450Z.json");
    const nlohmann::json doc = nlohmann::json::parse(in);
    std::vector<LatLon> out;
    for (const auto& v : doc.at("vessels")) {
      const LatLon p{v.at("lat").get<double>(), v.at("lon").get<double>()};
      if (p.valid()) out.push_back(p);
    }
    return out;
  }();
  return points;
}

const std::vector<LatLon>& random_positions() {
  static const std::vector<LatLon> points = [] {
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> lat(53.5, 66), lon(9, 31);
    std::vector<LatLon> out(10'000);
    for (LatLon& p : out) p = {lat(rng), lon(rng)};
    return out;
  }();
  return points;
}

const std::vector<LatLon>& positions(const benchmark::State& state) {
  return state.range(0) == 0 ? vessel_positions() : random_positions();
}

void label(benchmark::State& state) {
  state.SetLabel(state.range(0) == 0 ? "vessels" : "random");
  state.SetItemsProcessed(state.iterations());
}

void BM_IndexBuild(benchmark::State& state) {
  const std::vector<Asset> assets = load_assets();
  for (auto _ : state) {
    AssetIndex index(assets);
    benchmark::DoNotOptimize(&index);
  }
  const AssetIndexStats s = AssetIndex(assets).stats();
  state.counters["cells"] = static_cast<double>(s.rows * s.cols);
  state.counters["entries"] = static_cast<double>(s.cell_entries);
  state.counters["max_cell"] = static_cast<double>(s.max_cell_entries);
  state.counters["MB"] = static_cast<double>(s.memory_bytes) / 1e6;
}
BENCHMARK(BM_IndexBuild)->Unit(benchmark::kMillisecond);

void BM_CorridorsAt(benchmark::State& state) {
  const AssetIndex& index = bundled_index();
  const std::vector<LatLon>& pts = positions(state);
  std::array<AssetHit, 16> hits;
  std::size_t i = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    found += index.corridors_at(pts[i], hits).count;
    i = i + 1 == pts.size() ? 0 : i + 1;
  }
  state.counters["hits/query"] = static_cast<double>(found) / static_cast<double>(state.iterations());
  label(state);
}
BENCHMARK(BM_CorridorsAt)->Arg(0)->Arg(1);

void BM_Nearest10km(benchmark::State& state) {
  const AssetIndex& index = bundled_index();
  const std::vector<LatLon>& pts = positions(state);
  std::size_t i = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    found += index.nearest(pts[i], 10'000).has_value() ? 1 : 0;
    i = i + 1 == pts.size() ? 0 : i + 1;
  }
  state.counters["found"] = static_cast<double>(found) / static_cast<double>(state.iterations());
  label(state);
}
BENCHMARK(BM_Nearest10km)->Arg(0)->Arg(1);

void BM_NearestCable100km(benchmark::State& state) {
  const AssetIndex& index = bundled_index();
  const std::vector<LatLon>& pts = positions(state);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(index.nearest(pts[i], 100'000, KindSet{AssetKind::kCable}));
    i = i + 1 == pts.size() ? 0 : i + 1;
  }
  label(state);
}
BENCHMARK(BM_NearestCable100km)->Arg(0)->Arg(1);

void BM_Within5km(benchmark::State& state) {
  const AssetIndex& index = bundled_index();
  const std::vector<LatLon>& pts = positions(state);
  std::array<AssetHit, 32> hits;
  std::size_t i = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    found += index.within(pts[i], 5'000, hits).count;
    i = i + 1 == pts.size() ? 0 : i + 1;
  }
  state.counters["hits/query"] = static_cast<double>(found) / static_cast<double>(state.iterations());
  label(state);
}
BENCHMARK(BM_Within5km)->Arg(0)->Arg(1);

void BM_Contains(benchmark::State& state) {
  const AssetIndex& index = bundled_index();
  const uint32_t anchorage = *index.find("anchorage-porkkala");
  const std::vector<LatLon>& pts = positions(state);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(index.contains(anchorage, pts[i]));
    i = i + 1 == pts.size() ? 0 : i + 1;
  }
  label(state);
}
BENCHMARK(BM_Contains)->Arg(0)->Arg(1);

// A movement between two reports: 0 to 2 km in a random direction.
void BM_Crossings(benchmark::State& state) {
  const AssetIndex& index = bundled_index();
  const std::vector<LatLon>& pts = positions(state);
  std::vector<LatLon> ends(pts.size());
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> bearing(0, 360), length(0, 2000);
  for (std::size_t k = 0; k < pts.size(); ++k) ends[k] = destination(pts[k], bearing(rng), length(rng));
  std::array<AssetCrossing, 16> out;
  std::size_t i = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    found += index.crossings(pts[i], ends[i], out).count;
    i = i + 1 == pts.size() ? 0 : i + 1;
  }
  state.counters["hits/query"] = static_cast<double>(found) / static_cast<double>(state.iterations());
  label(state);
}
BENCHMARK(BM_Crossings)->Arg(0)->Arg(1);

// The per-report geometry: both metres-per-degree scales at a vessel's
// latitude (the picture's hop, every asset query's frame), and the distance
// between two vessels' positions by the great-circle bound the picture judges
// long hops with (Arg 0) and by GeographicLib's geodesic (Arg 1).
void BM_DegreeScale(benchmark::State& state) {
  const std::vector<LatLon>& pts = vessel_positions();
  std::size_t i = 0;
  double sum = 0;
  for (auto _ : state) {
    const DegreeScale scale = degree_scale(pts[i].lat);
    sum += scale.lat_m + scale.lon_m;
    i = i + 1 == pts.size() ? 0 : i + 1;
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DegreeScale);

void BM_PairDistance(benchmark::State& state) {
  const std::vector<LatLon>& pts = vessel_positions();
  const bool geodesic = state.range(0) == 1;
  std::size_t i = 0;
  double sum = 0;
  for (auto _ : state) {
    const std::size_t j = i + 1 == pts.size() ? 0 : i + 1;
    sum += geodesic ? distance_m(pts[i], pts[j]) : great_circle_m(pts[i], pts[j]);
    i = j;
  }
  benchmark::DoNotOptimize(sum);
  state.SetLabel(geodesic ? "geodesic" : "great_circle");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PairDistance)->Arg(0)->Arg(1);

}  // namespace
}  // namespace lookout
