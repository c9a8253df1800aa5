// Test helpers for the episode detectors (anchor_drag, loitering): a rig that
// drives one detector through a real Picture and a small AssetIndex, and a
// scripted ship that reports every few seconds as it sails. Used only by
// *_test.cc.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/geodesy.h"
#include "detect/detector.h"
#include "detect/regional_baseline.h"
#include "geo/asset_index.h"
#include "track/picture.h"

namespace lookout::detect::testing {

constexpr int64_t kT0 = 1735120800000;  // 2024-12-25T10:00:00Z

inline AisObservation position_report(uint32_t mmsi, int64_t t_ms, LatLon p, double sog_kn, double cog_deg,
                                      uint8_t status, bool class_b) {
  AisObservation obs;
  obs.time = from_unix_ms(t_ms);
  obs.msg.mmsi = mmsi;
  const auto lat = static_cast<int32_t>(std::lround(p.lat * 600000));
  const auto lon = static_cast<int32_t>(std::lround(p.lon * 600000));
  const auto speed = static_cast<uint16_t>(std::lround(sog_kn * 10));
  const double c = std::fmod(std::fmod(cog_deg, 360.0) + 360.0, 360.0);
  const auto course = static_cast<uint16_t>(std::lround(c * 10) % 3600);
  const auto heading = static_cast<uint16_t>(static_cast<int>(c) % 360);
  if (class_b) {
    obs.msg.type = 18;
    ais::PositionReportB r;
    r.pos.lat = lat;
    r.pos.lon = lon;
    r.speed = speed;
    r.course = course;
    r.heading = heading;
    obs.msg.body = r;
  } else {
    obs.msg.type = 1;
    ais::PositionReportA r;
    r.pos.lat = lat;
    r.pos.lon = lon;
    r.speed = speed;
    r.course = course;
    r.heading = heading;
    r.status = status;
    obs.msg.body = r;
  }
  return obs;
}

inline AisObservation static_report(uint32_t mmsi, int64_t t_ms, uint8_t shiptype, std::string_view name) {
  AisObservation obs;
  obs.time = from_unix_ms(t_ms);
  obs.msg.type = 5;
  obs.msg.mmsi = mmsi;
  ais::StaticVoyageData s;
  s.imo = 9000000 + mmsi % 1000000;
  s.shipname.assign(name);
  s.shiptype = shiptype;
  s.dim = {150, 40, 12, 12};
  obs.msg.body = s;
  return obs;
}

// One detector, a real Picture and an AssetIndex; every finding is kept.
class DetectorRig {
 public:
  DetectorRig(std::vector<Asset> asset_list, std::unique_ptr<Detector> d)
      : assets(std::move(asset_list)), detector(std::move(d)) {}

  void feed(const AisObservation& obs) {
    const track::Update u = picture.apply(obs, Timestamp{});
    if (obs.time && *obs.time > now) now = *obs.time;
    if (baseline) {
      baseline->observe(u);
      baseline->expire(now);
    }
    const Context ctx = context();
    auto sink = [this](Finding&& f) { findings.push_back(std::move(f)); };
    if (u.kind == track::UpdateKind::kStatic) {
      detector->on_static(u, ctx, sink);
    } else if (u.kind != track::UpdateKind::kIgnored && u.kind != track::UpdateKind::kDuplicate) {
      detector->on_position(u, ctx, sink);
    }
    detector->on_tick(ctx, sink);
  }

  // Advances the event clock without data.
  void tick(int64_t t_ms) {
    now = from_unix_ms(t_ms);
    if (baseline) baseline->expire(now);
    const Context ctx = context();
    auto sink = [this](Finding&& f) { findings.push_back(std::move(f)); };
    detector->on_tick(ctx, sink);
  }

  std::vector<const Finding*> raised() const {
    std::vector<const Finding*> out;
    for (const auto& f : findings) {
      if (f.action == Finding::Action::kRaise) out.push_back(&f);
    }
    return out;
  }
  std::vector<const Finding*> retracted() const {
    std::vector<const Finding*> out;
    for (const auto& f : findings) {
      if (f.action == Finding::Action::kRetract) out.push_back(&f);
    }
    return out;
  }
  // Distinct episode keys among the findings.
  std::vector<std::string> episodes() const {
    std::vector<std::string> out;
    for (const auto& f : findings) {
      bool seen = false;
      for (const auto& k : out) seen = seen || k == f.episode;
      if (!seen) out.push_back(f.episode);
    }
    return out;
  }

  Context context() const {
    Context ctx{picture, assets, nullptr, now};
    ctx.baseline = baseline.get();
    return ctx;
  }

  track::Picture picture;
  AssetIndex assets;
  std::unique_ptr<Detector> detector;
  // The regional baseline the detector sees (null: none, as before issue 21).
  std::unique_ptr<RegionalBaseline> baseline;
  Timestamp now{};
  std::vector<Finding> findings;
};

// A ship following a script, reporting every interval_s seconds.
struct ScriptedShip {
  DetectorRig& rig;
  uint32_t mmsi;
  LatLon pos;
  int64_t t_ms = kT0;
  bool class_b = false;
  int interval_s = 10;

  // Sends static data (type 5) with this ship type and name.
  void identify(uint8_t shiptype, std::string_view name) {
    rig.feed(static_report(mmsi, t_ms, shiptype, name));
  }

  // Sails for `minutes` at `kn` on `course_deg`; `yaw_deg` swings the heading
  // sinusoidally with period yaw_period_s (a zig-zag).
  void sail(double kn, double course_deg, double minutes, double yaw_deg = 0, uint8_t status = 0,
            double yaw_period_s = 300) {
    const int64_t end = t_ms + static_cast<int64_t>(minutes * 60000);
    while (t_ms < end) {
      const double heading =
          course_deg + yaw_deg * std::sin(2 * 3.141592653589793 * static_cast<double>(t_ms - kT0) / 1000.0 /
                                          yaw_period_s);
      pos = destination(pos, heading, kn * 1852.0 / 3600.0 * interval_s);
      t_ms += interval_s * 1000LL;
      rig.feed(position_report(mmsi, t_ms, pos, kn, heading, status, class_b));
    }
  }

  // Sails at `kn` on `course_deg` until the longitude is reached (either way).
  void sail_to_lon(double kn, double course_deg, double lon, uint8_t status = 0) {
    const bool east = lon > pos.lon;
    while (east ? pos.lon < lon : pos.lon > lon) sail(kn, course_deg, interval_s / 60.0, 0, status);
  }

  // Stays about where it is for `minutes`, reporting `sog_kn` (swinging at anchor).
  void hold(double minutes, double sog_kn = 0.2, uint8_t status = 1, int every_s = 180) {
    const int64_t end = t_ms + static_cast<int64_t>(minutes * 60000);
    while (t_ms < end) {
      t_ms += every_s * 1000LL;
      rig.feed(position_report(mmsi, t_ms, pos, sog_kn, 0, status, class_b));
    }
  }
};

}  // namespace lookout::detect::testing
