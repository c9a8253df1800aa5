// Test helpers for the air tracker: ground-truth trajectories, simulated
// sensors that turn them into noisy detections (with missed detections,
// clutter and class calls), and a runner that feeds a tracker and scores it
// against the truth with GOSPA, OSPA and track continuity.
//
// Sensor timing models (SimSensor::timing): every plot of a scan at the
// scan's time (the old simulator's artefact), a rotating radar whose plots
// carry the time its beam passed the target, a staring sensor reporting each
// object at its own phase, and each plot's time jittered within its scan; a
// delivery delay (SimSensor::max_delay_s) hands plots to the tracker out of
// order.
//
// Everything is in the tracker's local frame around kOrigin: truth in
// east-north-up metres, converted to lat/lon (absolute sensors) or to
// range/bearing/elevation from the sensor's site (polar sensors) through the
// same LocalFrame the tracker uses, so the frame adds no error of its own.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/geodesy.h"
#include "decode/detection.h"
#include "track/air/air_tracker.h"
#include "track/air/assignment.h"
#include "track/air/coverage.h"
#include "track/air/metrics.h"

namespace lookout::air::sim {

inline const LatLon kOrigin{55.6180, 12.6560};  // Copenhagen Airport, Kastrup
inline constexpr double kDeg = std::numbers::pi / 180.0;

// One target's true path, sampled at 0.1 s from `start_s` on.
struct Truth {
  int id = 0;
  ObjectClass cls = ObjectClass::kUnknown;
  double start_s = 0;
  double step_s = 0.1;
  std::vector<Eigen::Vector3d> pos;

  double end_s() const { return start_s + step_s * static_cast<double>(pos.size() - 1); }
  bool alive(double t) const { return !pos.empty() && t >= start_s - 1e-9 && t <= end_s() + 1e-9; }
  Eigen::Vector3d at(double t) const {
    double k = std::clamp((t - start_s) / step_s, 0.0, static_cast<double>(pos.size() - 1));
    std::size_t i = static_cast<std::size_t>(k);
    if (i + 1 >= pos.size()) return pos.back();
    double f = k - static_cast<double>(i);
    return (1 - f) * pos[i] + f * pos[i + 1];
  }
};

// A leg of flight: `duration_s` at a turn rate (deg/s, positive = left),
// a climb rate and an acceleration along the path.
struct Leg {
  double duration_s;
  double turn_deg_s = 0;
  double climb_mps = 0;
  double accel_mps2 = 0;
};

inline Truth fly(int id, ObjectClass cls, double start_s, Eigen::Vector3d p, double speed,
                 double course_deg, const std::vector<Leg>& legs) {
  Truth t;
  t.id = id;
  t.cls = cls;
  t.start_s = start_s;
  double heading = course_deg * kDeg;  // clockwise from north
  t.pos.push_back(p);
  for (const Leg& leg : legs) {
    int steps = static_cast<int>(std::lround(leg.duration_s / t.step_s));
    for (int i = 0; i < steps; ++i) {
      heading -= leg.turn_deg_s * kDeg * t.step_s;  // left turn = counter-clockwise
      speed = std::max(0.0, speed + leg.accel_mps2 * t.step_s);
      p += t.step_s * Eigen::Vector3d(speed * std::sin(heading), speed * std::cos(heading),
                                      leg.climb_mps);
      t.pos.push_back(p);
    }
  }
  return t;
}

// A bird: cruising speed with a heading that wanders (turn rate redrawn
// every 2 s, up to +-max_turn deg/s) and small height changes.
inline Truth bird(int id, double start_s, Eigen::Vector3d p, double speed, double course_deg,
                  double duration_s, double max_turn, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> turn(-max_turn, max_turn);
  std::vector<Leg> legs;
  for (double t = 0; t < duration_s; t += 2) legs.push_back({2, turn(rng), turn(rng) * 0.05});
  return fly(id, ObjectClass::kBird, start_s, p, speed, course_deg, legs);
}

enum class SensorKind { kPolar3, kPolar2, kAbsolute2, kAbsolute3 };

enum class Timing {
  kScan,      // every plot of a scan stamped with the scan's time
  kRotating,  // a beam turning clockwise from north once a period: a plot's time is
              // when the beam passed the target (clutter likewise, at its azimuth)
  kStaring,   // each object reported once a period at its own phase; clutter at random times
  kJitter,    // each plot at a uniformly random time within its scan period
};

struct SimSensor {
  SensorConfig cfg;
  SensorKind kind = SensorKind::kPolar3;
  Timing timing = Timing::kScan;
  double period_s = 1.0;
  double phase_s = 0;
  double max_delay_s = 0;              // delivery delay, uniform in [0, max_delay_s]
  double clutter_half_width_m = 3000;  // clutter falls in a square this wide around the site
  double class_call_probability = 0;   // chance a detection carries the true class
  double class_confidence = 0.7;
};

inline Eigen::Vector3d site_enu(const SimSensor& s) {
  LocalFrame f(kOrigin);
  EastNorth en = f.to_local(s.cfg.position);
  return {en.east_m, en.north_m, s.cfg.alt_m};
}

inline SensorDetection detect_point(const SimSensor& s, Timestamp time,
                                    const Eigen::Vector3d& p, std::mt19937& rng) {
  LocalFrame frame(kOrigin);
  std::normal_distribution<double> n01(0, 1);
  SensorDetection d;
  d.time = time;
  d.sensor = s.cfg.id;
  Eigen::Vector3d site = site_enu(s);
  Eigen::Vector3d rel = p - site;
  double ground = std::hypot(rel.x(), rel.y());
  double bearing = std::atan2(rel.x(), rel.y()) / kDeg;
  switch (s.kind) {
    case SensorKind::kPolar3:
      d.range_m = std::max(0.0, rel.norm() + s.cfg.sigma_range_m * n01(rng));
      d.bearing_deg = std::fmod(bearing + s.cfg.sigma_bearing_deg * n01(rng) + 720.0, 360.0);
      d.elevation_deg = std::clamp(std::atan2(rel.z(), ground) / kDeg + s.cfg.sigma_elevation_deg * n01(rng), -90.0, 90.0);
      break;
    case SensorKind::kPolar2:
      d.range_m = std::max(0.0, ground + s.cfg.sigma_range_m * n01(rng));
      d.bearing_deg = std::fmod(bearing + s.cfg.sigma_bearing_deg * n01(rng) + 720.0, 360.0);
      break;
    case SensorKind::kAbsolute3:
      d.alt_m = p.z() + s.cfg.sigma_alt_m * n01(rng);
      [[fallthrough]];
    case SensorKind::kAbsolute2:
      d.position = frame.to_latlon({p.x() + s.cfg.sigma_m * n01(rng), p.y() + s.cfg.sigma_m * n01(rng)});
      break;
  }
  return d;
}

// One scan of `s` at `t_s`: each live target within range detected with
// probability Pd, plus Poisson clutter; shuffled, as a sensor would not
// sort them by truth.
inline std::vector<SensorDetection> scan(const SimSensor& s, double t_s,
                                         const std::vector<Truth>& truths, std::mt19937& rng,
                                         Timestamp t0) {
  std::vector<SensorDetection> out;
  std::uniform_real_distribution<double> u01(0, 1);
  Timestamp time = t0 + std::chrono::milliseconds(std::llround(t_s * 1000));
  Eigen::Vector3d site = site_enu(s);
  for (const Truth& tr : truths) {
    if (!tr.alive(t_s)) continue;
    Eigen::Vector3d p = tr.at(t_s);
    if (!in_coverage(s.cfg, site, p)) continue;
    if (u01(rng) > s.cfg.pd) continue;
    SensorDetection d = detect_point(s, time, p, rng);
    if (u01(rng) < s.class_call_probability) {
      d.cls = tr.cls;
      d.confidence = s.class_confidence;
    }
    out.push_back(d);
  }
  double area_km2 = std::pow(2 * s.clutter_half_width_m / 1000.0, 2);
  std::poisson_distribution<int> count(s.cfg.clutter_per_km2 * area_km2);
  std::uniform_real_distribution<double> pos(-s.clutter_half_width_m, s.clutter_half_width_m);
  std::uniform_real_distribution<double> height(20, 400);
  int n = count(rng);
  for (int i = 0; i < n; ++i) {
    Eigen::Vector3d p(site.x() + pos(rng), site.y() + pos(rng), height(rng));
    out.push_back(detect_point(s, time, p, rng));
  }
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

inline Timestamp stamp(Timestamp t0, double t_s) {
  return t0 + std::chrono::milliseconds(std::llround(t_s * 1e3));
}

inline bool sim_covers(const SimSensor& s, const Eigen::Vector3d& p) {
  return in_coverage(s.cfg, site_enu(s), p);
}

// All plots of `s` from 0 to `duration_s` under its timing model, in time order.
inline std::vector<SensorDetection> plots(const SimSensor& s, const std::vector<Truth>& truths,
                                          double duration_s, std::mt19937& rng, Timestamp t0) {
  if (s.timing == Timing::kScan) {
    std::vector<SensorDetection> out;
    for (double t = s.phase_s; t <= duration_s; t += s.period_s) {
      for (SensorDetection& d : scan(s, t, truths, rng, t0)) out.push_back(d);
    }
    return out;
  }
  std::vector<std::pair<double, SensorDetection>> timed;
  std::uniform_real_distribution<double> u01(0, 1);
  const Eigen::Vector3d site = site_enu(s);
  const double P = s.period_s;
  auto detect_target = [&](const Truth& tr, double t) {
    if (!tr.alive(t) || t > duration_s) return;
    Eigen::Vector3d p = tr.at(t);
    if (!sim_covers(s, p)) return;
    if (u01(rng) > s.cfg.pd) return;
    SensorDetection d = detect_point(s, stamp(t0, t), p, rng);
    if (u01(rng) < s.class_call_probability) {
      d.cls = tr.cls;
      d.confidence = s.class_confidence;
    }
    timed.push_back({t, d});
  };
  double area_km2 = std::pow(2 * s.clutter_half_width_m / 1000.0, 2);
  std::poisson_distribution<int> count(s.cfg.clutter_per_km2 * area_km2);
  std::uniform_real_distribution<double> pos(-s.clutter_half_width_m, s.clutter_half_width_m);
  std::uniform_real_distribution<double> height(20, 400);
  for (double start = s.phase_s; start <= duration_s; start += P) {
    for (const Truth& tr : truths) {
      double t = start;
      if (s.timing == Timing::kRotating) {
        // The beam's azimuth at t is 360 (t - start) / P; two passes converge.
        for (int i = 0; i < 2; ++i) {
          Eigen::Vector3d p = tr.at(t);
          double az = std::atan2(p.x() - site.x(), p.y() - site.y()) / kDeg;
          t = start + P * std::fmod(az + 360.0, 360.0) / 360.0;
        }
      } else if (s.timing == Timing::kStaring) {
        t = start + P * std::fmod(0.377 * tr.id + 0.11, 1.0);
      } else {
        t = start + P * u01(rng);
      }
      detect_target(tr, t);
    }
    int n = count(rng);
    for (int i = 0; i < n; ++i) {
      Eigen::Vector3d p(site.x() + pos(rng), site.y() + pos(rng), height(rng));
      double t = start + P * u01(rng);
      if (s.timing == Timing::kRotating) {
        double az = std::atan2(p.x() - site.x(), p.y() - site.y()) / kDeg;
        t = start + P * std::fmod(az + 360.0, 360.0) / 360.0;
      }
      if (t > duration_s) continue;
      timed.push_back({t, detect_point(s, stamp(t0, t), p, rng)});
    }
  }
  std::stable_sort(timed.begin(), timed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<SensorDetection> out;
  out.reserve(timed.size());
  for (auto& [t, d] : timed) out.push_back(d);
  return out;
}

struct RunResult {
  double gospa_mean = 0;          // after the warm-up
  double ospa_mean = 0;
  double missed_mean = 0;         // per evaluation step
  double false_mean = 0;
  std::size_t steps = 0;
  std::map<int, std::set<uint32_t>> tracks_of_truth;  // confirmed ids matched to each truth
  std::map<int, int> id_switches;                     // times the matched id changed
  std::map<int, double> covered;                      // fraction of live steps matched
  std::map<int, ObjectClass> final_class;             // class of the last matched track
  std::map<int, TrackState> final_state;              // the last matched track's state
  std::vector<std::string> log;                       // "t=.. truth=.. id=.." on each id change
  std::set<uint32_t> confirmed_ids;                   // every id ever reported confirmed
  std::size_t max_tracks = 0;
  std::size_t deleted_reported = 0;
  std::size_t plots = 0;                              // plots delivered to the tracker
};

// Runs `truths` through `sensors` from 0 to `duration_s`: every sensor's
// plots (plots()) are delivered one at a time in order of arrival (time plus
// the sensor's delivery delay), the tracker is told the time each second,
// and the confirmed and coasting tracks are scored after `warmup_s` against
// the truth at the tracker's frontier (now(): the time its tracks are
// complete to, which a reorder lag holds back).
inline RunResult run(AirTracker& tracker, const std::vector<Truth>& truths,
                     const std::vector<SimSensor>& sensors, double duration_s, unsigned seed,
                     double warmup_s = 8, double c = 100, double p = 2) {
  std::mt19937 rng(seed);
  const Timestamp t0 = from_unix_ms(1758573000000);  // 2025-09-22T20:30:00Z
  LocalFrame frame(kOrigin);
  RunResult r;
  std::map<int, uint32_t> last_id;
  std::map<int, int> live_steps, matched_steps;
  // Arrivals: (arrival time, order, plot).
  struct Arrival {
    double at;
    std::size_t order;
    SensorDetection d;
  };
  std::vector<Arrival> arrivals;
  for (const SimSensor& s : sensors) {
    std::uniform_real_distribution<double> delay(0, s.max_delay_s);
    for (SensorDetection& d : plots(s, truths, duration_s, rng, t0)) {
      double t = std::chrono::duration<double>(d.time - t0).count();
      arrivals.push_back({t + (s.max_delay_s > 0 ? delay(rng) : 0.0), arrivals.size(), d});
    }
  }
  std::sort(arrivals.begin(), arrivals.end(), [](const Arrival& a, const Arrival& b) {
    return a.at != b.at ? a.at < b.at : a.order < b.order;
  });
  r.plots = arrivals.size();
  std::size_t deleted_before = 0;
  tracker.set_listener([&](const TrackState& s) {
    if (s.status == TrackStatus::kConfirmed || s.status == TrackStatus::kCoasting) r.confirmed_ids.insert(s.id);
    if (s.status == TrackStatus::kDeleted) ++deleted_before;
  });
  std::size_t next = 0;
  for (double t = 0; t <= duration_s + 1e-9; t += 1.0) {
    for (; next < arrivals.size() && arrivals[next].at <= t + 1e-9; ++next) tracker.update(arrivals[next].d);
    tracker.advance(stamp(t0, t));
    r.max_tracks = std::max(r.max_tracks, tracker.track_count());
    const double te = std::chrono::duration<double>(tracker.now() - t0).count();
    if (t < warmup_s || te < warmup_s) continue;
    std::vector<Eigen::Vector3d> truth_pos;
    std::vector<int> truth_ids;
    for (const Truth& tr : truths) {
      if (!tr.alive(te)) continue;
      truth_pos.push_back(tr.at(te));
      truth_ids.push_back(tr.id);
    }
    std::vector<Eigen::Vector3d> est;
    std::vector<const TrackState*> est_state;
    std::span<const TrackState> all = tracker.tracks();
    for (const TrackState& s : all) {
      if (s.status == TrackStatus::kTentative) continue;
      // A state is at its last plot's time; bring it to te.
      double dt = std::chrono::duration<double>(tracker.now() - s.time).count();
      EastNorth en = frame.to_local(s.position);
      est.push_back(Eigen::Vector3d(en.east_m + s.vel_e * dt, en.north_m + s.vel_n * dt, s.alt_m + s.vel_u * dt));
      est_state.push_back(&s);
    }
    GospaResult g = gospa(truth_pos, est, c, p);
    r.gospa_mean += g.distance;
    r.ospa_mean += ospa(truth_pos, est, c, p);
    r.missed_mean += static_cast<double>(g.missed);
    r.false_mean += static_cast<double>(g.false_tracks);
    ++r.steps;
    // Continuity: the track each truth is assigned to in the optimal
    // (GOSPA) assignment, if within c.
    std::vector<double> cost(truth_pos.size() * est.size());
    for (std::size_t i = 0; i < truth_pos.size(); ++i) {
      for (std::size_t j = 0; j < est.size(); ++j) {
        cost[i * est.size() + j] = std::pow(std::min((est[j] - truth_pos[i]).norm(), c), p);
      }
    }
    AssignmentSolver solver;
    std::span<const int> col = solver.solve_any(cost, truth_pos.size(), est.size());
    for (std::size_t i = 0; i < truth_pos.size(); ++i) {
      int id = truth_ids[i];
      ++live_steps[id];
      const TrackState* match = nullptr;
      double best = c;
      if (col[i] >= 0) {
        double d = (est[static_cast<std::size_t>(col[i])] - truth_pos[i]).norm();
        if (d < c) {
          match = est_state[static_cast<std::size_t>(col[i])];
          best = d;
        }
      }
      if (match == nullptr) continue;
      ++matched_steps[id];
      r.tracks_of_truth[id].insert(match->id);
      if (last_id.count(id) && last_id[id] != match->id) ++r.id_switches[id];
      if (!last_id.count(id) || last_id[id] != match->id) {
        r.log.push_back("t=" + std::to_string(te) + " truth=" + std::to_string(id) +
                        " id=" + std::to_string(match->id) + " d=" + std::to_string(best));
      }
      last_id[id] = match->id;
      r.final_class[id] = match->cls;
      r.final_state[id] = *match;
      r.final_state[id].history = nullptr;
    }
  }
  for (; next < arrivals.size(); ++next) tracker.update(arrivals[next].d);
  tracker.flush();
  r.deleted_reported = deleted_before;
  if (r.steps > 0) {
    double n = static_cast<double>(r.steps);
    r.gospa_mean /= n;
    r.ospa_mean /= n;
    r.missed_mean /= n;
    r.false_mean /= n;
  }
  for (const auto& [id, live] : live_steps) r.covered[id] = static_cast<double>(matched_steps[id]) / live;
  return r;
}

// A 3-D surveillance radar at the origin: range 15 m, bearing and elevation
// 0.5 degrees (1-sigma), 1 Hz, Pd 0.95, light clutter.
inline SimSensor radar(const char* id = "radar-1", double pd = 0.95, double clutter_per_km2 = 0.05) {
  SimSensor s;
  s.cfg.id.assign(id);
  s.cfg.position = kOrigin;
  s.cfg.alt_m = 10;
  s.cfg.sigma_range_m = 15;
  s.cfg.sigma_bearing_deg = 0.5;
  s.cfg.sigma_elevation_deg = 0.5;
  s.cfg.pd = pd;
  s.cfg.clutter_per_km2 = clutter_per_km2;
  s.kind = SensorKind::kPolar3;
  s.cfg.reorder_lag_ms = 0;  // delivered in time order unless a test says otherwise
  return s;
}

// An RF direction-finding network reporting fixes (lat/lon, no altitude),
// 150 m 1-sigma, every 2 s, Pd 0.7, calling drones "drone".
inline SimSensor rf(const char* id = "rf-1") {
  SimSensor s;
  s.cfg.id.assign(id);
  s.cfg.position = LocalFrame(kOrigin).to_latlon({1500, -800});
  s.cfg.sigma_m = 150;
  s.cfg.pd = 0.7;
  s.cfg.clutter_per_km2 = 0.0;
  s.kind = SensorKind::kAbsolute2;
  s.period_s = 2.0;
  s.phase_s = 0.5;
  s.class_call_probability = 1.0;
  s.class_confidence = 0.8;
  s.cfg.reorder_lag_ms = 0;
  return s;
}

inline TrackerParams params() {
  TrackerParams p;
  p.origin = kOrigin;
  p.ground_alt_m = 0;
  return p;
}

inline std::vector<SensorConfig> configs(const std::vector<SimSensor>& sensors) {
  std::vector<SensorConfig> out;
  for (const SimSensor& s : sensors) out.push_back(s.cfg);
  return out;
}

}  // namespace lookout::air::sim
