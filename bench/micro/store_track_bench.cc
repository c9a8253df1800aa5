// A track asked for by a nation that may not see the vessel must cost the
// store what a track of a vessel never stored costs (issue #16: the answer
// time told which MMSIs another nation tracks). A store of realistic
// volume: 2,000 vessels of two nations' feeds reporting through a month,
// and two vessels reporting every 30 s for the whole month, one Danish
// (hidden from Britain), one British. A British caller asks visible_track
// for the Danish vessel (hidden), for an MMSI between them that nobody
// reported (absent) and for the British one (visible, for scale), over one
// day and over the month.
//   build/lookout_bench --benchmark_filter=StoreVisibleTrack --benchmark_repetitions=5
//     --benchmark_report_aggregates_only=true
// SQLite does the work in this process: read the CPU time. PostgreSQL runs
// only when LOOKOUT_BENCH_POSTGRES_URL names a server (tools/pg-test-server
// start DIR prints one) and does the work in the server: read the real time.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "postgres_bench_support.h"
#include "store/store.h"

namespace lookout::store {
namespace {

constexpr uint32_t kBackground = 2000;                // vessels of both feeds
constexpr uint32_t kHidden = 219'100'000;             // Danish, reporting all month
constexpr uint32_t kAbsent = 225'000'000;             // never reported; between the two
constexpr uint32_t kVisible = 232'100'000;            // British, reporting all month
constexpr int64_t kStart = 1'733'011'200'000;         // 2024-12-01T00:00:00Z
constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t kMonth = 31 * kDay;

PositionRow report(uint32_t mmsi, int64_t t, int64_t i, uint32_t marking) {
  PositionRow r;
  r.mmsi = mmsi;
  r.point.time_ms = t;
  r.point.lat_e7 = static_cast<int32_t>((55.0 + (mmsi % 50) * 0.1) * 1e7) + static_cast<int32_t>((i % 2000) * 150);
  r.point.lon_e7 = static_cast<int32_t>((10.0 + (mmsi % 70) * 0.1) * 1e7) + static_cast<int32_t>((i % 3000) * 200);
  r.point.sog_dkn = static_cast<uint16_t>(60 + i % 80);
  r.point.cog_ddeg = static_cast<uint16_t>((i * 7) % 3600);
  r.point.heading = static_cast<uint16_t>((i * 7 / 10) % 360);
  r.marking = marking;
  return r;
}

// Fills `store`: the background fleet (each vessel 240 reports spread over
// the month, Danish and British alternately) and the two month-long tracks.
void fill(Store& store) {
  const uint32_t dnk = store.intern_marking({"DNK", {}});
  const uint32_t gbr = store.intern_marking({"GBR", {}});
  // Markings of other feeds, as a node sharing its store would have.
  for (const char* owner : {"SWE", "NOR", "FIN", "EST"}) store.intern_marking({owner, {"JEF"}});
  for (int64_t i = 0; i < 240; ++i) {
    for (uint32_t v = 0; v < kBackground; ++v) {
      uint32_t mmsi = (v % 2 == 0 ? 219'000'000 : 232'000'000) + v;
      store.add_position(report(mmsi, kStart + i * (kMonth / 240) + v * 1000, i, v % 2 == 0 ? dnk : gbr));
    }
  }
  for (int64_t t = kStart, i = 0; t < kStart + kMonth; t += 30'000, ++i) {
    store.add_position(report(kHidden, t, i, dnk));
    store.add_position(report(kVisible, t + 7, i, gbr));
  }
  Status s = store.commit();
  if (!s.ok()) throw std::runtime_error(s.message());
}

class SqliteFixture {
 public:
  SqliteFixture() {
    path_ = std::filesystem::temp_directory_path() / ("lookout-track-bench-" + std::to_string(::getpid()) + ".db");
    std::string error;
    store_ = open_store(path_.string(), {}, error);
    if (!store_) throw std::runtime_error(error);
    fill(*store_);
  }
  ~SqliteFixture() {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  Store& store() { return *store_; }

 private:
  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
};

class PostgresFixture {
 public:
  explicit PostgresFixture(const std::string& base)
      : db_(base, "lookout_track_bench_" + std::to_string(::getpid())) {
    std::string error;
    store_ = open_store(db_.url(), {}, error);
    if (!store_) throw std::runtime_error(error);
    fill(*store_);
  }
  ~PostgresFixture() { store_.reset(); }
  Store& store() { return *store_; }

 private:
  bench::BenchDatabase db_;
  std::unique_ptr<Store> store_;
};

Store* sqlite_store() {
  static SqliteFixture f;
  return &f.store();
}

Store* postgres_store(benchmark::State& state) {
  const char* env = std::getenv("LOOKOUT_BENCH_POSTGRES_URL");
  if (env == nullptr || *env == '\0') {
    state.SkipWithError("set LOOKOUT_BENCH_POSTGRES_URL=postgresql://... to measure the PostgreSQL store");
    return nullptr;
  }
  static PostgresFixture f(env);
  return &f.store();
}

// The caller is British; range(0) is the window in days, from the month's start.
void ask(benchmark::State& state, Store* store, uint32_t mmsi, bool expect_rows) {
  if (store == nullptr) return;
  const TimeRange window{kStart, kStart + state.range(0) * kDay};
  std::size_t rows = 0;
  (void)store->visible_track(mmsi, window, "GBR");  // prepares, warms the caches
  for (auto _ : state) {
    auto got = store->visible_track(mmsi, window, "GBR");
    if (!got.ok()) {
      state.SkipWithError(got.status().message().c_str());
      return;
    }
    rows = got->size();
    benchmark::DoNotOptimize(got->data());
  }
  if ((rows > 0) != expect_rows) state.SkipWithError(("unexpected rows: " + std::to_string(rows)).c_str());
  state.counters["rows"] = static_cast<double>(rows);
}

void BM_StoreVisibleTrackSqliteHidden(benchmark::State& s) { ask(s, sqlite_store(), kHidden, false); }
void BM_StoreVisibleTrackSqliteAbsent(benchmark::State& s) { ask(s, sqlite_store(), kAbsent, false); }
void BM_StoreVisibleTrackSqliteVisible(benchmark::State& s) { ask(s, sqlite_store(), kVisible, true); }
void BM_StoreVisibleTrackPostgresHidden(benchmark::State& s) { ask(s, postgres_store(s), kHidden, false); }
void BM_StoreVisibleTrackPostgresAbsent(benchmark::State& s) { ask(s, postgres_store(s), kAbsent, false); }
void BM_StoreVisibleTrackPostgresVisible(benchmark::State& s) { ask(s, postgres_store(s), kVisible, true); }

BENCHMARK(BM_StoreVisibleTrackSqliteHidden)->ArgName("days")->Arg(1)->Arg(31)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StoreVisibleTrackSqliteAbsent)->ArgName("days")->Arg(1)->Arg(31)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StoreVisibleTrackSqliteVisible)->ArgName("days")->Arg(1)->Arg(31)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StoreVisibleTrackPostgresHidden)->ArgName("days")->Arg(1)->Arg(31)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StoreVisibleTrackPostgresAbsent)->ArgName("days")->Arg(1)->Arg(31)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StoreVisibleTrackPostgresVisible)->ArgName("days")->Arg(1)->Arg(31)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lookout::store
