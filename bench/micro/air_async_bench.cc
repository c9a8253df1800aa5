// Air tracker throughput on plots that carry their own times (issue 17): one
// core, plots fed one at a time with update() as a rotating radar delivers
// them - each stamped when the beam passed it - for 100 and 1,000 targets
// with clutter; and a two-hour run that samples the process's memory.
//
// The radar turns once a second (range 15 m, bearing and elevation 0.5
// degrees, Pd 0.9) over the 40 x 40 km square the targets fly in, with
// clutter at 0.2 false plots per km^2 per revolution (about 320), each
// stamped by its azimuth. Targets fly straight or turn at 5-40 m/s.
//
//   build/lookout_bench --benchmark_filter=BM_AirAsync --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "core/geodesy.h"
#include "track/air/air_tracker.h"

namespace {

using lookout::LatLon;
using lookout::SensorDetection;
using lookout::Timestamp;
using lookout::air::AirTracker;
using lookout::air::SensorConfig;
using lookout::air::TrackerParams;

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double kHalf = 20000;  // the targets' square, metres either side of the site
const LatLon kSite{55.6180, 12.6560};
const Timestamp kT0 = lookout::from_unix_ms(1758573000000);

struct Target {
  double e, n, u, speed, course, turn;
  double born_s = 0;
};

// The targets and the radar, one revolution at a time; `lifetime_s` > 0
// replaces each target by a new one elsewhere after that long (a picture
// whose tracks come and go, for the memory run).
class BeamScene {
 public:
  BeamScene(int targets, unsigned seed, double lifetime_s) : rng_(seed), lifetime_s_(lifetime_s) {
    for (int i = 0; i < targets; ++i) ts_.push_back(fresh(-lifetime_s * u01_(rng_)));
  }

  // The plots of revolution `k` (the beam starts north at k seconds), in time order.
  void revolution(int k, std::vector<SensorDetection>& out) {
    out.clear();
    const double start = k;
    for (Target& tg : ts_) {
      if (lifetime_s_ > 0 && start - tg.born_s > lifetime_s_) tg = fresh(start);
      tg.course += tg.turn;
      tg.e += tg.speed * std::sin(tg.course * kDeg);
      tg.n += tg.speed * std::cos(tg.course * kDeg);
      if (u01_(rng_) < 0.9) out.push_back(detect(tg.e, tg.n, tg.u, start));
    }
    std::poisson_distribution<int> clutter(0.2 * (2 * kHalf / 1000) * (2 * kHalf / 1000));
    for (int i = 0, c = clutter(rng_); i < c; ++i) {
      out.push_back(detect((u01_(rng_) * 2 - 1) * kHalf, (u01_(rng_) * 2 - 1) * kHalf, 30 + 300 * u01_(rng_), start));
    }
    std::sort(out.begin(), out.end(), [](const SensorDetection& a, const SensorDetection& b) { return a.time < b.time; });
  }

 private:
  Target fresh(double born) {
    return {(u01_(rng_) * 2 - 1) * kHalf, (u01_(rng_) * 2 - 1) * kHalf, 50 + 400 * u01_(rng_), 5 + 35 * u01_(rng_),
            360 * u01_(rng_), u01_(rng_) < 0.3 ? (u01_(rng_) * 10 - 5) : 0, born};
  }
  SensorDetection detect(double e, double n, double up, double rev_start) {
    SensorDetection d;
    double az = std::fmod(std::atan2(e, n) / kDeg + 360, 360);
    d.time = kT0 + std::chrono::milliseconds(std::llround((rev_start + az / 360) * 1e3));
    d.sensor.assign("radar");
    double g = std::hypot(e, n);
    d.range_m = std::hypot(g, up - 10) + 15 * n01_(rng_);
    d.bearing_deg = std::fmod(az + 0.5 * n01_(rng_) + 720, 360);
    d.elevation_deg = std::atan2(up - 10, g) / kDeg + 0.5 * n01_(rng_);
    return d;
  }

  std::mt19937 rng_;
  std::uniform_real_distribution<double> u01_{0, 1};
  std::normal_distribution<double> n01_{0, 1};
  double lifetime_s_;
  std::vector<Target> ts_;
};

SensorConfig radar() {
  SensorConfig r;
  r.id.assign("radar");
  r.position = kSite;
  r.alt_m = 10;
  r.sigma_range_m = 15;
  r.sigma_bearing_deg = 0.5;
  r.sigma_elevation_deg = 0.5;
  r.pd = 0.9;
  r.clutter_per_km2 = 0.2;
  r.pattern = lookout::air::ScanPattern::kRotating;
  r.revisit_s = 1;
  return r;
}

TrackerParams params() {
  TrackerParams p;
  p.origin = kSite;
  return p;
}

// Plots per second: 20 revolutions to confirm the tracks, then 100 measured.
void BM_AirAsyncPlots(benchmark::State& state) {
  const int targets = static_cast<int>(state.range(0));
  constexpr int kWarmup = 20, kMeasured = 100;
  BeamScene scene(targets, 42, 0);
  std::vector<std::vector<SensorDetection>> revs(kWarmup + kMeasured);
  for (int k = 0; k < kWarmup + kMeasured; ++k) scene.revolution(k, revs[static_cast<std::size_t>(k)]);
  std::size_t plots = 0, tracks = 0, confirmed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    AirTracker tracker(params(), {radar()});
    for (int k = 0; k < kWarmup; ++k) {
      for (const SensorDetection& d : revs[static_cast<std::size_t>(k)]) tracker.update(d);
    }
    state.ResumeTiming();
    for (int k = kWarmup; k < kWarmup + kMeasured; ++k) {
      for (const SensorDetection& d : revs[static_cast<std::size_t>(k)]) tracker.update(d);
      plots += revs[static_cast<std::size_t>(k)].size();
    }
    tracker.flush();
    state.PauseTiming();
    tracks = tracker.track_count();
    confirmed = 0;
    for (const auto& t : tracker.tracks()) {
      if (t.status != lookout::air::TrackStatus::kTentative) ++confirmed;
    }
    state.ResumeTiming();
  }
  state.counters["plots/s"] = benchmark::Counter(static_cast<double>(plots), benchmark::Counter::kIsRate);
  state.counters["tracks"] = static_cast<double>(tracks);
  state.counters["confirmed"] = static_cast<double>(confirmed);
}
// CPU time, not wall time: one core, whatever else the machine runs.
BENCHMARK(BM_AirAsyncPlots)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

double status_mb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::string(key).size())) / 1024.0;
  }
  return 0;
}

// Two hours of 100 targets that each live 10 minutes (tracks start and end
// all the time): the resident memory after 10 minutes, one hour and two
// hours, and the peak. Flat means the last three agree. The plots are made
// as the run goes (not held), so the run's own memory stays flat too.
void BM_AirAsyncTwoHoursMemory(benchmark::State& state) {
  constexpr int kSeconds = 2 * 3600;
  std::size_t plots = 0;
  double at_10min = 0, at_1h = 0, at_2h = 0;
  for (auto _ : state) {
    BeamScene scene(100, 7, 600);
    AirTracker tracker(params(), {radar()});
    std::vector<SensorDetection> rev;
    for (int k = 0; k < kSeconds; ++k) {
      scene.revolution(k, rev);
      for (const SensorDetection& d : rev) tracker.update(d);
      plots += rev.size();
      if (k + 1 == 600) at_10min = status_mb("VmRSS:");
      if (k + 1 == 3600) at_1h = status_mb("VmRSS:");
    }
    tracker.flush();
    at_2h = status_mb("VmRSS:");
  }
  state.counters["plots/s"] = benchmark::Counter(static_cast<double>(plots), benchmark::Counter::kIsRate);
  state.counters["rss_10min_MB"] = at_10min;
  state.counters["rss_1h_MB"] = at_1h;
  state.counters["rss_2h_MB"] = at_2h;
  state.counters["peak_MB"] = status_mb("VmHWM:");
}
BENCHMARK(BM_AirAsyncTwoHoursMemory)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
