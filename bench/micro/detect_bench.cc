// Cost of the episode detectors (anchor_drag, loitering) per position, over
// the bundled assets and real positions:
//   OnPosition/<detector>/<set>: on_position alone over the 9,735 vessels of
//     the Digitraffic snapshot in data/ais/ (northern Baltic, 20:44 UTC), each
//     given a cruise speed by an earlier report; `all` is the real mix,
//     `moving` the vessels at 3 kn or more (the common case: no episode, no
//     asset query), `slow` those under 2 kn (moored or at anchor: loitering
//     asks the asset index for each).
//   Replay/<stage>: the Picture alone, then the Picture plus one detector,
//     over every AIS file in data/ais/ (NMEA and CSV, about 27,000
//     observations); the difference per position is the detector's share of
//     a real replay. Reports items/s (observations).
//   Replay/engine/<baseline off|on>: the whole maritime Engine (picture,
//     regional baseline, every detector, alert book) over the same files,
//     without and with the regional baseline (issue 21): the difference is
//     the baseline's cost; the counters give its cells, members and bytes.
//   Baseline/snapshot: the regional baseline of the Digitraffic snapshot
//     (9,735 vessels of the northern Baltic at one moment): its cells,
//     members and bytes, and bytes per cell (memory per area).
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "app/ais_input.h"
#include "app/engine.h"
#include "detect/registry.h"
#include "detect/regional_baseline.h"
#include "detect/anchor_drag.h"
#include "detect/loitering.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"
#include "bench_assets.h"
#include "track/picture.h"

namespace lookout {
namespace {

const std::string kSource = LOOKOUT_SOURCE_DIR;
constexpr int64_t kSnapshotMs = 1765485890000;  // 2025-12-11T20:44:50Z

const AssetIndex& bundled_index() {
  static const AssetIndex index(bench::bench_assets());
  return index;
}

AisObservation report(uint32_t mmsi, int64_t t_ms, LatLon p, double sog, double cog) {
  AisObservation obs;
  obs.time = from_unix_ms(t_ms);
  obs.msg.type = 1;
  obs.msg.mmsi = mmsi;
  ais::PositionReportA r;
  r.pos.lat = static_cast<int32_t>(std::lround(p.lat * 600000));
  r.pos.lon = static_cast<int32_t>(std::lround(p.lon * 600000));
  r.speed = static_cast<uint16_t>(std::lround(sog * 10));
  r.course = static_cast<uint16_t>(std::lround(cog * 10) % 3600);
  r.heading = static_cast<uint16_t>(static_cast<int>(cog) % 360);
  r.status = 0;  // the snapshot has no status: "under way" is the worst case (moored ones skip queries)
  obs.msg.body = r;
  return obs;
}

// The snapshot's vessels in a Picture, each with a first report 10 minutes
// before the snapshot (which sets its cruise speed) and the snapshot report,
// whose Update the detectors see; both at the same place, so the second is
// not a jump. Vessel pointers stay valid: nothing is applied after.
struct Snapshot {
  track::Picture picture;
  std::vector<track::Update> all, moving, slow;
};

double number_or_zero(const nlohmann::json& v, const char* key) {
  auto it = v.find(key);
  return it != v.end() && it->is_number() ? it->get<double>() : 0.0;
}

void fill(Snapshot& s) {
  std::ifstream in(kSource + "/data/ais/digitraffic_snapshot_2025-12-11T204450Z.json");
  const nlohmann::json doc = nlohmann::json::parse(in);
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& v : doc.at("vessels")) {
      const LatLon p{v.at("lat").get<double>(), v.at("lon").get<double>()};
      const double sog = number_or_zero(v, "sog"), cog = number_or_zero(v, "cog");
      const auto mmsi = v.at("mmsi").get<uint32_t>();
      if (!p.valid() || sog > 60 || cog >= 360) continue;
      if (pass == 0) {
        AisObservation st;
        st.time = from_unix_ms(kSnapshotMs - 700'000);
        st.msg.type = 5;
        st.msg.mmsi = mmsi;
        ais::StaticVoyageData sv;
        sv.shiptype = static_cast<uint8_t>(number_or_zero(v, "ship_type"));
        st.msg.body = sv;
        (void)s.picture.apply(st, Timestamp{});
        (void)s.picture.apply(report(mmsi, kSnapshotMs - 600'000, p, sog, cog), Timestamp{});
        continue;
      }
      const track::Update u = s.picture.apply(report(mmsi, kSnapshotMs, p, sog, cog), Timestamp{});
      if (u.kind != track::UpdateKind::kPosition) continue;
      s.all.push_back(u);
      if (sog >= 3) s.moving.push_back(u);
      if (sog < 2) s.slow.push_back(u);
    }
  }
}

const Snapshot& snapshot() {
  static Snapshot snap;
  static const bool filled = [] {
    fill(snap);
    return true;
  }();
  (void)filled;
  return snap;
}

template <typename D>
void BM_OnPosition(benchmark::State& state) {
  const Snapshot& snap = snapshot();
  const std::vector<track::Update>& set =
      state.range(0) == 0 ? snap.all : state.range(0) == 1 ? snap.moving : snap.slow;
  D detector;
  const detect::Context ctx{snap.picture, bundled_index(), nullptr, from_unix_ms(kSnapshotMs)};
  std::size_t findings = 0;
  auto sink = [&](detect::Finding&&) { ++findings; };
  std::size_t idx = 0;
  for (auto _ : state) {
    detector.on_position(set[idx], ctx, sink);
    idx = idx + 1 == set.size() ? 0 : idx + 1;
  }
  benchmark::DoNotOptimize(findings);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetLabel(state.range(0) == 0 ? "all" : state.range(0) == 1 ? "moving" : "slow");
}
BENCHMARK_TEMPLATE(BM_OnPosition, detect::AnchorDrag)->DenseRange(0, 2);
BENCHMARK_TEMPLATE(BM_OnPosition, detect::Loitering)->DenseRange(0, 2);

// Every observation of the AIS files in data/ais/, in file order; those
// without a time get the previous one's plus 100 ms.
const std::vector<AisObservation>& replay_input() {
  static const std::vector<AisObservation> obs = [] {
    std::vector<AisObservation> out;
    int64_t last_ms = 1262304000000;  // 2010-01-01
    for (const char* name : {"pyais_aegean_sample.nmea", "dma_aislib_stream_example.nmea",
                             "kystverket_vestland_2022-09-01_10k_rows.csv"}) {
      auto run = decode_ais_file(kSource + "/data/ais/" + name, InputFormat::kUnknown, [&](const AisObservation& o) {
        out.push_back(o);
        if (out.back().time) {
          last_ms = std::max(last_ms, to_unix_ms(*out.back().time));
        } else {
          last_ms += 100;
        }
        out.back().time = from_unix_ms(last_ms);
      });
      if (!run.ok()) {
        std::fprintf(stderr, "cannot read %s\n", name);
        std::exit(1);
      }
    }
    return out;
  }();
  return obs;
}

template <typename D>
void BM_Replay(benchmark::State& state) {
  const std::vector<AisObservation>& input = replay_input();
  std::size_t findings = 0, positions = 0;
  auto sink = [&](detect::Finding&&) { ++findings; };
  for (auto _ : state) {
    state.PauseTiming();
    auto picture = std::make_unique<track::Picture>();
    std::unique_ptr<detect::Detector> detector;
    if constexpr (!std::is_same_v<D, void>) detector = std::make_unique<D>();
    state.ResumeTiming();
    for (const AisObservation& obs : input) {
      const track::Update u = picture->apply(obs, Timestamp{});
      if (u.kind != track::UpdateKind::kPosition) continue;
      ++positions;
      if constexpr (!std::is_same_v<D, void>) {
        const detect::Context ctx{*picture, bundled_index(), nullptr, *obs.time};
        detector->on_position(u, ctx, sink);
      }
    }
  }
  benchmark::DoNotOptimize(findings);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * input.size()));
  state.counters["positions"] = static_cast<double>(positions) / static_cast<double>(state.iterations());
}
BENCHMARK_TEMPLATE(BM_Replay, void)->Name("Replay/picture_only")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Replay, detect::AnchorDrag)->Name("Replay/picture+anchor_drag")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Replay, detect::Loitering)->Name("Replay/picture+loitering")->Unit(benchmark::kMicrosecond);

template <bool kBaseline>
void BM_EngineReplay(benchmark::State& state) {
  const std::vector<AisObservation>& input = replay_input();
  std::size_t alerts = 0;
  double cells = 0, members = 0, bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    EngineParams params;
    params.baseline = kBaseline;
    auto engine = std::make_unique<Engine>(params, bundled_index(), nullptr, detect::make_all_detectors(),
                                           [&](const alert::Alert&) { ++alerts; });
    state.ResumeTiming();
    for (const AisObservation& obs : input) engine->observe(obs);
    state.PauseTiming();
    if (const detect::RegionalBaseline* b = engine->baseline()) {
      cells = static_cast<double>(b->cells());
      members = static_cast<double>(b->members());
      bytes = static_cast<double>(b->memory_bytes());
    }
    engine.reset();
    state.ResumeTiming();
  }
  benchmark::DoNotOptimize(alerts);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * input.size()));
  state.counters["cells"] = cells;
  state.counters["members"] = members;
  state.counters["baseline_bytes"] = bytes;
}
BENCHMARK_TEMPLATE(BM_EngineReplay, false)->Name("Replay/engine/baseline_off")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_EngineReplay, true)->Name("Replay/engine/baseline_on")->Unit(benchmark::kMicrosecond);

void BM_BaselineSnapshot(benchmark::State& state) {
  const Snapshot& snap = snapshot();
  double cells = 0, members = 0, bytes = 0;
  for (auto _ : state) {
    detect::RegionalBaseline b;
    for (const track::Update& u : snap.all) b.observe(u);
    cells = static_cast<double>(b.cells());
    members = static_cast<double>(b.members());
    bytes = static_cast<double>(b.memory_bytes());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * snap.all.size()));
  state.counters["cells"] = cells;
  state.counters["members"] = members;
  state.counters["bytes"] = bytes;
  state.counters["bytes_per_cell"] = cells > 0 ? bytes / cells : 0;
}
BENCHMARK(BM_BaselineSnapshot)->Name("Baseline/snapshot")->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lookout
