// Test helpers for the air detectors: a rig holding a maritime Picture and a
// small AssetIndex (an airport point with a 5 km buffer, an airspace box),
// and scripted air track states with a real TrackHistory. Used only by
// *_test.cc.
#pragma once

#include <chrono>
#include <cmath>
#include <numbers>
#include <memory>
#include <vector>

#include "core/geodesy.h"
#include "detect/air/air_detector.h"
#include "geo/asset_index.h"
#include "geo/asset_test_util.h"
#include "track/air/track_state.h"
#include "track/picture.h"

namespace lookout::detect::testing {

constexpr LatLon kAirport{55.618, 12.656};
constexpr int64_t kAirT0 = 1758569400000;  // 2025-09-22T19:30:00Z

inline AssetIndex air_assets() {
  std::vector<Asset> a;
  a.push_back(lookout::testing::make_point("airport-ekch", AssetKind::kAirport, 5000, kAirport));
  a.back().name = "Copenhagen Airport";
  // A port and a cable: not drone zones.
  a.push_back(lookout::testing::make_point("port-x", AssetKind::kPort, 1000, {55.50, 12.50}));
  return AssetIndex(std::move(a));
}

// One scripted air track: moves in a straight line at (ve, vn) m/s from
// `start`, one state per second, with its history filled like the tracker's.
struct ScriptedTrack {
  ScriptedTrack(uint32_t id_, LatLon start_) : id(id_), start(start_) {}  // NOLINT: {id, start} by design

  uint32_t id;
  LatLon start;
  double alt_m = 120, ve = 0, vn = 18, vu = 0;
  ObjectClass cls = ObjectClass::kDrone;
  double p_class = 0.9;
  air::TrackStatus status = air::TrackStatus::kConfirmed;
  air::TrackHistory history;
  int64_t first_ms = kAirT0;

  air::TrackState at(int64_t t_ms) {
    double dt = static_cast<double>(t_ms - first_ms) / 1000.0;
    LocalFrame f(start);
    air::TrackState s;
    s.time = from_unix_ms(t_ms);
    s.id = id;
    s.status = status;
    s.position = f.to_latlon({ve * dt, vn * dt});
    s.alt_m = alt_m + vu * dt;
    s.vel_e = ve, s.vel_n = vn, s.vel_u = vu;
    s.speed_mps = std::hypot(ve, vn);
    s.course_deg = std::fmod(std::atan2(ve, vn) * 180 / std::numbers::pi + 360, 360);
    s.cls = cls;
    s.class_prob.fill((1 - p_class) / 3);
    s.class_prob[static_cast<std::size_t>(cls)] = p_class;
    s.first_seen = from_unix_ms(first_ms);
    s.last_detected = s.time;
    s.hits = static_cast<uint32_t>(dt) + 1;
    history.add({s.time, s.position, s.alt_m}, std::chrono::milliseconds(1000));
    s.history = &history;
    return s;
  }
};

struct AirRig {
  track::Picture picture;
  AssetIndex assets = air_assets();
  std::vector<Finding> findings;

  void track(AirDetector& d, const air::TrackState& s) {
    AirContext ctx{picture, assets, std::span<const air::TrackState>(&s, 1), s.time};
    d.on_track(s, ctx, [&](Finding&& f) { findings.push_back(std::move(f)); });
  }
  void scan(AirDetector& d, std::span<const air::TrackState> all, Timestamp now) {
    AirContext ctx{picture, assets, all, now};
    for (const auto& s : all) d.on_track(s, ctx, [&](Finding&& f) { findings.push_back(std::move(f)); });
    d.on_scan(ctx, [&](Finding&& f) { findings.push_back(std::move(f)); });
  }
};

}  // namespace lookout::detect::testing
