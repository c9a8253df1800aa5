// CoT events written per second (issue 18, item 1): a picture of 10,000
// vessels and 1,000 air tracks, each made into its event and written as XML
// (server/cot/cot_events.h, decode/cot/writer.h), and a whole CoT output's
// work (CotPublisher: release check, coalescing, the token bucket, writing)
// for a busy sea where every vessel changed twice since the last tick.
//   build/lookout_bench --benchmark_filter=Cot
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "decode/cot/writer.h"
#include "geo/asset_index.h"
#include "server/api/node_view.h"
#include "server/cot/cot_events.h"
#include "server/cot/cot_publisher.h"
#include "store/store.h"
#include "track/picture.h"

namespace lookout::server::cot {
namespace {

constexpr int64_t kT0 = 1735120800000;
constexpr uint32_t kVessels = 10'000;
constexpr uint32_t kAirTracks = 1'000;

AisObservation position(uint32_t mmsi, int64_t t_ms, double lat, double lon) {
  AisObservation obs;
  obs.time = from_unix_ms(t_ms);
  obs.msg.type = 1;
  obs.msg.mmsi = mmsi;
  ais::PositionReportA r;
  r.pos.lat = static_cast<int32_t>(std::lround(lat * 600000));
  r.pos.lon = static_cast<int32_t>(std::lround(lon * 600000));
  r.speed = 112;
  r.course = 2713;
  r.heading = 271;
  obs.msg.body = r;
  return obs;
}

AisObservation named(uint32_t mmsi, int64_t t_ms) {
  AisObservation obs;
  obs.time = from_unix_ms(t_ms);
  obs.msg.type = 5;
  obs.msg.mmsi = mmsi;
  ais::StaticVoyageData s;
  s.imo = 9000000 + mmsi % 1000000;
  s.shipname.assign("NORTHERN & STAR " + std::to_string(mmsi % 1000));
  s.destination.assign("GDANSK");
  s.shiptype = 80;
  obs.msg.body = s;
  return obs;
}

// A sea of kVessels around the Baltic, every tenth without a name.
void fill(track::Picture& pic) {
  for (uint32_t i = 0; i < kVessels; ++i) {
    const uint32_t mmsi = 219000000 + i;
    if (i % 10 != 0) pic.apply(named(mmsi, kT0), from_unix_ms(kT0));
    pic.apply(position(mmsi, kT0 + 1000, 54.0 + (i % 100) * 0.05, 10.0 + (i / 100) * 0.1), from_unix_ms(kT0));
  }
}

std::vector<air::TrackState> air_tracks() {
  std::vector<air::TrackState> out(kAirTracks);
  for (uint32_t i = 0; i < kAirTracks; ++i) {
    air::TrackState& s = out[i];
    s.id = i + 1;
    s.status = air::TrackStatus::kConfirmed;
    s.time = from_unix_ms(kT0);
    s.position = {55.5 + i * 0.001, 12.5};
    s.alt_m = 100 + i;
    s.speed_mps = 15;
    s.course_deg = 90;
    s.sigma_pos_m = 20;
    s.sigma_alt_m = 10;
    s.cls = i % 2 == 0 ? ObjectClass::kDrone : ObjectClass::kAircraft;
    s.class_prob[static_cast<std::size_t>(s.cls)] = 0.8;
  }
  return out;
}

void BM_CotVesselEvents(benchmark::State& state) {
  track::Picture pic;
  fill(pic);
  CotEvent e;
  std::string xml;
  uint64_t bytes = 0;
  for (auto _ : state) {
    pic.for_each([&](const track::Vessel& v) {
      vessel_event("dk1", v, Affiliation::kUnknown, e);
      xml.clear();
      lookout::cot::write_event(e, xml);
      bytes += xml.size();
    });
    benchmark::DoNotOptimize(xml.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kVessels);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_CotVesselEvents)->Unit(benchmark::kMillisecond);

void BM_CotAirEvents(benchmark::State& state) {
  const auto tracks = air_tracks();
  CotEvent e;
  std::string xml;
  uint64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& s : tracks) {
      air_event("dk1", 0, s, e);
      xml.clear();
      lookout::cot::write_event(e, xml);
      bytes += xml.size();
    }
    benchmark::DoNotOptimize(xml.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kAirTracks);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_CotAirEvents)->Unit(benchmark::kMillisecond);

// One partition (DNK, released to NATO) of kVessels; no air engine.
class SeaNode final : public NodeView {
 public:
  SeaNode() : assets_(std::vector<Asset>{}) {
    dir_ = std::filesystem::temp_directory_path() / ("lookout-cot-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::string error;
    store_ = store::open_store((dir_ / "h.db").string(), {}, error);
    fill(picture_);
  }
  ~SeaNode() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string_view node_name() const override { return "dk1"; }
  Timestamp now() const override { return from_unix_ms(kT0 + 2000); }
  std::vector<PartitionView> partitions() const override {
    return {{&marking_, &picture_, nullptr, 0, nullptr, nullptr, nullptr}};
  }
  const AssetIndex& assets() const override { return assets_; }
  store::Store& store() override { return *store_; }
  void sync_store() override {}
  void write_metrics(std::string&, const Principal&) const override {}

 private:
  Marking marking_{"DNK", {"NATO"}};
  track::Picture picture_;
  AssetIndex assets_;
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

class CountingSink final : public CotSink {
 public:
  bool ready() const override { return true; }
  bool send(std::string_view event) override {
    bytes += event.size();
    ++events;
    return true;
  }
  uint64_t bytes = 0, events = 0;
};

void BM_CotPublisherBusySea(benchmark::State& state) {
  SeaNode node;
  CountingSink sink;
  CotOutputConfig c;
  c.name = "bench";
  c.nation = "GBR";  // through NATO
  c.max_events_per_second = 1e9;
  c.burst = 1'000'000;
  CotPublisher pub(c, node, sink);
  auto wall = std::chrono::steady_clock::now();
  pub.tick(wall);  // the first connection's whole picture
  sink.events = 0;
  sink.bytes = 0;
  for (auto _ : state) {
    for (int round = 0; round < 2; ++round) {
      for (uint32_t i = 0; i < kVessels; ++i) pub.vessel_changed(0, 219000000 + i);
    }
    wall += std::chrono::seconds(1);
    pub.tick(wall);
  }
  state.SetItemsProcessed(static_cast<int64_t>(sink.events));
  state.SetBytesProcessed(static_cast<int64_t>(sink.bytes));
  state.counters["events_per_tick"] = benchmark::Counter(static_cast<double>(sink.events) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_CotPublisherBusySea)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lookout::server::cot
