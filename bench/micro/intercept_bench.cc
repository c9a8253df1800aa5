// Intercept solutions, one per iteration (ns/solution): how much an answer
// of GET /api/intercept costs the io thread per unit. Targets at random
// bearings and courses around a unit in the Gulf of Finland, at short range
// (the plane) and long range (the ellipsoid search).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "core/geodesy.h"
#include "geo/intercept.h"

namespace lookout {
namespace {

std::vector<geo::MovingPosition> targets(double min_m, double max_m) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<geo::MovingPosition> out;
  for (int i = 0; i < 1024; ++i) {
    out.push_back({destination({59.9, 25.0}, 360 * u(rng), min_m + (max_m - min_m) * u(rng)), 360 * u(rng),
                   2 + 10 * u(rng), from_unix_ms(0)});
  }
  return out;
}

void run(benchmark::State& state, double min_m, double max_m, double top_speed) {
  const auto ts = targets(min_m, max_m);
  const geo::InterceptUnit unit{{{59.9, 25.0}, 0, 0, from_unix_ms(0)}, top_speed};
  std::size_t i = 0;
  int possible = 0;
  for (auto _ : state) {
    auto s = geo::solve_intercept(ts[i++ % ts.size()], unit, from_unix_ms(10'000));
    possible += s.possible;
    benchmark::DoNotOptimize(s);
  }
  state.counters["possible"] = static_cast<double>(possible) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_InterceptPlane(benchmark::State& state) { run(state, 1'000, 45'000, 13); }
void BM_InterceptGeodesicFastUnit(benchmark::State& state) { run(state, 60'000, 400'000, 60); }
void BM_InterceptGeodesicSlowUnit(benchmark::State& state) { run(state, 60'000, 400'000, 13); }
BENCHMARK(BM_InterceptPlane);
BENCHMARK(BM_InterceptGeodesicFastUnit);
BENCHMARK(BM_InterceptGeodesicSlowUnit);

}  // namespace
}  // namespace lookout
