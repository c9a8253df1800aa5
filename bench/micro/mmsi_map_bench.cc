// Per-report vessel lookup: MmsiMap (track/mmsi_map.h, open addressing)
// against std::unordered_map, both holding N vessels keyed by MMSI and
// probed in a random order with 90% hits, as the picture and the detectors
// are by a mixed feed. Arg: number of vessels (10k is a regional picture,
// 100k a global one).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <unordered_map>
#include <vector>

#include "track/mmsi_map.h"

namespace {

struct Keys {
  std::vector<uint32_t> stored;
  std::vector<uint32_t> probes;
};

Keys make_keys(std::size_t n) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<uint32_t> mmsi(200000000, 775999999);
  Keys k;
  for (std::size_t i = 0; i < n; ++i) k.stored.push_back(mmsi(rng));
  for (std::size_t i = 0; i < (1u << 16); ++i) {
    k.probes.push_back(rng() % 10 == 0 ? mmsi(rng) : k.stored[rng() % n]);
  }
  return k;
}

void BM_MmsiMapFind(benchmark::State& state) {
  const Keys k = make_keys(static_cast<std::size_t>(state.range(0)));
  lookout::track::MmsiMap<uint32_t> map;
  for (uint32_t i = 0; i < k.stored.size(); ++i) map[k.stored[i]] = i;
  std::size_t next = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    const uint32_t* v = map.find(k.probes[next++ & 0xFFFF]);
    sum += v != nullptr ? *v : 0;
  }
  benchmark::DoNotOptimize(sum);
}

void BM_UnorderedMapFind(benchmark::State& state) {
  const Keys k = make_keys(static_cast<std::size_t>(state.range(0)));
  std::unordered_map<uint32_t, uint32_t> map;
  for (uint32_t i = 0; i < k.stored.size(); ++i) map[k.stored[i]] = i;
  std::size_t next = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    auto it = map.find(k.probes[next++ & 0xFFFF]);
    sum += it != map.end() ? it->second : 0;
  }
  benchmark::DoNotOptimize(sum);
}

}  // namespace

BENCHMARK(BM_MmsiMapFind)->Arg(10000)->Arg(100000);
BENCHMARK(BM_UnorderedMapFind)->Arg(10000)->Arg(100000);
