// Air tracker throughput: scans per second against 10, 100 and 1,000
// targets with clutter, one core.
//
// One scan is one 3-D radar's detections of every target (Pd 0.9, range
// 15 m, bearing and elevation 0.5 degrees) plus clutter at 0.2 false
// detections per km^2 over the 40 x 40 km square the targets fly in (about
// 320 per scan). Targets are drones and aircraft flying straight or turning
// at 5-40 m/s, spread so that some gates overlap. The scans are generated
// before the clock starts and fed with update_scan(); the tracker is warmed
// up for 20 scans so that tracks are confirmed before the measured ones.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "core/geodesy.h"
#include "track/air/air_tracker.h"

namespace {

using lookout::LatLon;
using lookout::LocalFrame;
using lookout::SensorDetection;
using lookout::air::AirTracker;
using lookout::air::SensorConfig;
using lookout::air::TrackerParams;

constexpr double kDeg = std::numbers::pi / 180.0;
const LatLon kSite{55.6180, 12.6560};

struct Target {
  double e, n, u, speed, course, turn;
};

std::vector<std::vector<SensorDetection>> make_scans(int targets, int scans, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  std::normal_distribution<double> n01(0, 1);
  const double half = 20000;
  std::vector<Target> ts;
  for (int i = 0; i < targets; ++i) {
    ts.push_back({(u01(rng) * 2 - 1) * half, (u01(rng) * 2 - 1) * half, 50 + 400 * u01(rng),
                  5 + 35 * u01(rng), 360 * u01(rng), u01(rng) < 0.3 ? (u01(rng) * 10 - 5) : 0});
  }
  std::poisson_distribution<int> clutter(0.2 * (2 * half / 1000) * (2 * half / 1000));
  const lookout::Timestamp t0 = lookout::from_unix_ms(1758573000000);
  std::vector<std::vector<SensorDetection>> out;
  auto detect = [&](double e, double n, double up, lookout::Timestamp t) {
    SensorDetection d;
    d.time = t;
    d.sensor.assign("radar");
    double g = std::hypot(e, n);
    d.range_m = std::hypot(g, up - 10) + 15 * n01(rng);
    d.bearing_deg = std::fmod(std::atan2(e, n) / kDeg + 0.5 * n01(rng) + 720, 360);
    d.elevation_deg = std::atan2(up - 10, g) / kDeg + 0.5 * n01(rng);
    return d;
  };
  for (int s = 0; s < scans; ++s) {
    lookout::Timestamp t = t0 + std::chrono::seconds(s);
    std::vector<SensorDetection> scan;
    for (Target& tg : ts) {
      tg.course += tg.turn;
      tg.e += tg.speed * std::sin(tg.course * kDeg);
      tg.n += tg.speed * std::cos(tg.course * kDeg);
      if (u01(rng) < 0.9) scan.push_back(detect(tg.e, tg.n, tg.u, t));
    }
    int c = clutter(rng);
    for (int i = 0; i < c; ++i) {
      scan.push_back(detect((u01(rng) * 2 - 1) * half, (u01(rng) * 2 - 1) * half, 30 + 300 * u01(rng), t));
    }
    std::shuffle(scan.begin(), scan.end(), rng);
    out.push_back(std::move(scan));
  }
  return out;
}

void BM_TrackerScan(benchmark::State& state) {
  const int targets = static_cast<int>(state.range(0));
  const int warmup = 20;
  const int measured = 200;
  auto scans = make_scans(targets, warmup + measured, 42);
  SensorConfig radar;
  radar.id.assign("radar");
  radar.position = kSite;
  radar.alt_m = 10;
  radar.sigma_range_m = 15;
  radar.sigma_bearing_deg = 0.5;
  radar.sigma_elevation_deg = 0.5;
  radar.pd = 0.9;
  radar.clutter_per_km2 = 0.2;
  TrackerParams params;
  params.origin = kSite;
  std::size_t detections = 0;
  std::size_t tracks = 0;
  std::size_t confirmed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    AirTracker tracker(params, {radar});
    for (int s = 0; s < warmup; ++s) tracker.update_scan(scans[static_cast<std::size_t>(s)]);
    state.ResumeTiming();
    for (int s = warmup; s < warmup + measured; ++s) {
      tracker.update_scan(scans[static_cast<std::size_t>(s)]);
      detections += scans[static_cast<std::size_t>(s)].size();
    }
    state.PauseTiming();
    tracks = tracker.track_count();
    confirmed = 0;
    for (const auto& t : tracker.tracks()) {
      if (t.status != lookout::air::TrackStatus::kTentative) ++confirmed;
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * measured);  // items = scans
  state.counters["detections/s"] =
      benchmark::Counter(static_cast<double>(detections), benchmark::Counter::kIsRate);
  state.counters["tracks"] = static_cast<double>(tracks);
  state.counters["confirmed"] = static_cast<double>(confirmed);
}
BENCHMARK(BM_TrackerScan)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
