// A rotating radar whose plots carry their own times, for the air tracker's
// tests: the beam sweeps clockwise once per `period_s` from `start_az_deg`,
// and each plot is stamped when the beam passed the target's azimuth, with
// the target observed where it was then (sim::scan, by contrast, stamps a
// whole scan with one time). Clutter falls uniformly over the coverage disc,
// each false plot stamped by its own azimuth. A runner feeds the plots to a
// tracker one at a time in time order and scores it against the truth each
// second with GOSPA, as sim::run does.
#pragma once

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "scenario_sim.h"

namespace lookout::air::beam {

struct BeamRadar {
  sim::SimSensor sensor;    // site, error model, Pd, max_range_m; kind kPolar3
  double period_s = 4;      // one revolution
  double start_az_deg = 0;  // where the beam points at t = 0
  double clutter_per_rev = 5;
  bool shared_stamp = false;  // every plot stamped with its revolution's start: the old artefact, to compare
};

// When, in the revolution that starts at `rev_start`, the beam passes the
// truth (it moves while the beam turns: refined twice), or a negative time
// when it is not in the air then.
inline double beam_time(const BeamRadar& r, const sim::Truth& tr, double rev_start) {
  Eigen::Vector3d site = sim::site_enu(r.sensor);
  double t = std::clamp(rev_start, tr.start_s, tr.end_s());
  for (int k = 0; k < 3; ++k) {
    Eigen::Vector3d p = tr.at(t) - site;
    double az = std::atan2(p.x(), p.y()) / sim::kDeg;
    t = rev_start + std::fmod(az - r.start_az_deg + 720.0, 360.0) / 360.0 * r.period_s;
  }
  return tr.alive(t) ? t : -1;
}

// (time, plot) of every plot of one revolution, in time order.
inline std::vector<std::pair<double, SensorDetection>> revolution(const BeamRadar& r, double rev_start,
                                                                  const std::vector<sim::Truth>& truths,
                                                                  std::mt19937& rng, Timestamp t0) {
  std::vector<std::pair<double, SensorDetection>> out;
  std::uniform_real_distribution<double> u01(0, 1);
  auto stamp = [&](double t) {
    return t0 + std::chrono::milliseconds(std::llround((r.shared_stamp ? rev_start : t) * 1000));
  };
  Eigen::Vector3d site = sim::site_enu(r.sensor);
  const double reach = r.sensor.cfg.max_range_m > 0 ? r.sensor.cfg.max_range_m : 20000;
  for (const sim::Truth& tr : truths) {
    if (tr.end_s() < rev_start || tr.start_s > rev_start + r.period_s) continue;
    double t = beam_time(r, tr, rev_start);
    if (t < 0) continue;
    Eigen::Vector3d p = tr.at(t);
    if (std::hypot(p.x() - site.x(), p.y() - site.y()) > reach) continue;
    if (u01(rng) > r.sensor.cfg.pd) continue;
    out.push_back({t, sim::detect_point(r.sensor, stamp(t), p, rng)});
  }
  std::poisson_distribution<int> count(r.clutter_per_rev);
  for (int i = 0, n = count(rng); i < n; ++i) {
    double az = 360 * u01(rng);
    double range = reach * std::sqrt(u01(rng));
    double t = rev_start + az / 360.0 * r.period_s;
    double h = 20 + 3000 * u01(rng);
    Eigen::Vector3d p(site.x() + range * std::sin(az * sim::kDeg), site.y() + range * std::cos(az * sim::kDeg), h);
    out.push_back({t, sim::detect_point(r.sensor, stamp(t), p, rng)});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

struct BeamResult {
  double gospa_mean = 0;  // after the warm-up, each second
  double missed_mean = 0;
  double false_mean = 0;
  double localisation_rms = 0;  // of the assigned pairs: GOSPA's localisation part, metres
  std::size_t steps = 0;
  std::size_t plots = 0;
};

// Feeds every revolution's plots from 0 to `duration_s` one at a time and
// scores the confirmed and coasting tracks (brought to the scoring time by
// their velocity) each second after `warmup_s`.
inline BeamResult run(AirTracker& tracker, const std::vector<sim::Truth>& truths, const BeamRadar& radar,
                      double duration_s, unsigned seed, double warmup_s, double c) {
  std::mt19937 rng(seed);
  const Timestamp t0 = from_unix_ms(1758573000000);
  LocalFrame frame(sim::kOrigin);
  BeamResult r;
  double next_eval = warmup_s;
  double loc_pow = 0;
  std::size_t assigned = 0;
  auto score = [&](double t) {
    Timestamp now = t0 + std::chrono::milliseconds(std::llround(t * 1000));
    tracker.advance(now);
    std::vector<Eigen::Vector3d> truth_pos, est;
    for (const sim::Truth& tr : truths) {
      if (tr.alive(t)) truth_pos.push_back(tr.at(t));
    }
    for (const TrackState& s : tracker.tracks()) {
      if (s.status == TrackStatus::kTentative || s.status == TrackStatus::kDeleted) continue;
      double dt = std::chrono::duration<double>(now - s.time).count();
      EastNorth en = frame.to_local(s.position);
      est.push_back({en.east_m + s.vel_e * dt, en.north_m + s.vel_n * dt, s.alt_m + s.vel_u * dt});
    }
    GospaResult g = gospa(truth_pos, est, c, 2);
    r.gospa_mean += g.distance;
    r.missed_mean += static_cast<double>(g.missed);
    r.false_mean += static_cast<double>(g.false_tracks);
    loc_pow += g.localisation_pow;
    assigned += g.assigned;
    ++r.steps;
  };
  for (double rev = 0; rev < duration_s; rev += radar.period_s) {
    for (const auto& [t, d] : revolution(radar, rev, truths, rng, t0)) {
      while (next_eval <= t) {
        score(next_eval);
        next_eval += 1;
      }
      tracker.update(d);
      ++r.plots;
    }
  }
  tracker.flush();
  if (r.steps > 0) {
    double n = static_cast<double>(r.steps);
    r.gospa_mean /= n;
    r.missed_mean /= n;
    r.false_mean /= n;
  }
  if (assigned > 0) r.localisation_rms = std::sqrt(loc_pow / static_cast<double>(assigned));
  return r;
}

}  // namespace lookout::air::beam
