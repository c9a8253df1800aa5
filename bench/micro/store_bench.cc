// History store write throughput through the Store interface: positions of
// 1,000 vessels reporting in turn (the shape of a replay), committed in the
// store's own batches (StoreOptions::batch_rows), one commit() at the end of
// each iteration. Reported as rows/s (wall clock: the PostgreSQL server does
// its share of the work in another process).
//   sqlite:   a fresh file under the temporary directory.
//   postgres: only when LOOKOUT_BENCH_POSTGRES_URL names a server; a fresh
//             database is created there for the run and dropped after (or
//             the URL's own database is used if the role may not create one).
// The "replayed" variants put one report that is already stored into every
// batch: the PostgreSQL adapter then writes that batch through its staging
// table (INSERT ... ON CONFLICT DO NOTHING) instead of straight COPY.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "postgres_bench_support.h"
#include "store/store.h"

namespace lookout::store {
namespace {

constexpr uint32_t kVessels = 1000;
constexpr int kRowsPerIteration = 50'000;

// Positions of kVessels vessels in turn, each 10 s after its previous one.
class Traffic {
 public:
  PositionRow next() {
    PositionRow r;
    uint32_t v = i_ % kVessels;
    int64_t round = i_ / kVessels;
    ++i_;
    r.mmsi = 230'000'000 + v;
    r.point.time_ms = 1'700'000'000'000 + round * 10'000 + v;
    r.point.lat_e7 = static_cast<int32_t>((54.0 + (v % 40) * 0.2) * 1e7) + static_cast<int32_t>(round * 300);
    r.point.lon_e7 = static_cast<int32_t>((10.0 + (v / 40) * 0.5) * 1e7) + static_cast<int32_t>(round * 500);
    r.point.sog_dkn = static_cast<uint16_t>(80 + v % 100);
    r.point.cog_ddeg = static_cast<uint16_t>((v * 37) % 3600);
    r.point.heading = static_cast<uint16_t>((v * 37 / 10) % 360);
    r.point.nav_status = 0;
    r.marking = 0;
    return r;
  }

 private:
  uint64_t i_ = 0;
};

void write_positions(benchmark::State& state, Store& store, std::size_t batch_rows, bool replayed) {
  Traffic traffic;
  PositionRow first = Traffic().next();
  int64_t rows = 0;
  for (auto _ : state) {
    for (int i = 0; i < kRowsPerIteration; ++i) {
      if (replayed && i % batch_rows == 0 && rows > 0) store.add_position(first);
      store.add_position(traffic.next());
    }
    Status s = store.commit();
    if (!s.ok()) {
      state.SkipWithError(s.message().c_str());
      return;
    }
    rows += kRowsPerIteration;
  }
  state.SetItemsProcessed(rows);
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}

void BM_StoreWritePositionsSqlite(benchmark::State& state) {
  auto path = std::filesystem::temp_directory_path() / ("lookout-store-bench-" + std::to_string(::getpid()) + ".db");
  StoreOptions options;
  std::string error;
  {
    auto store = open_store(path.string(), options, error);
    if (!store) {
      state.SkipWithError(error.c_str());
      return;
    }
    write_positions(state, *store, options.batch_rows, state.range(0) != 0);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}
BENCHMARK(BM_StoreWritePositionsSqlite)->ArgName("replayed")->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_StoreWritePositionsPostgres(benchmark::State& state) {
  const char* env = std::getenv("LOOKOUT_BENCH_POSTGRES_URL");
  if (env == nullptr || *env == '\0') {
    state.SkipWithError("set LOOKOUT_BENCH_POSTGRES_URL=postgresql://... to measure the PostgreSQL store");
    return;
  }
  bench::BenchDatabase db(env, "lookout_bench_" + std::to_string(::getpid()) + "_" + std::to_string(state.range(0)));
  StoreOptions options;
  std::string error;
  auto store = open_store(db.url(), options, error);
  if (!store) {
    state.SkipWithError(error.c_str());
  } else {
    write_positions(state, *store, options.batch_rows, state.range(0) != 0);
  }
}
BENCHMARK(BM_StoreWritePositionsPostgres)->ArgName("replayed")->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lookout::store
