#include "app/sensor_registry.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/geodesy.h"
#include "decode/sapient/decoder.h"

namespace lookout {
namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr std::chrono::milliseconds kLagMargin{1000};

Timestamp time_of(const sapient::SapientMessage& msg) {
  const auto& ts = msg.timestamp();
  return from_unix_ms(ts.seconds() * 1000 + ts.nanos() / 1000000);
}

void set_why(std::string* why, std::string text) {
  if (why != nullptr) *why = std::move(text);
}

}  // namespace

const char* to_string(SensorReject r) noexcept {
  switch (r) {
    case SensorReject::kNotRegistered: return "not_registered";
    case SensorReject::kNoSite: return "no_site";
    case SensorReject::kSiteTooOld: return "site_too_old";
    case SensorReject::kGoodbye: return "after_goodbye";
    case SensorReject::kCount: break;
  }
  return "unknown";
}

SensorRegistry::SensorRegistry(std::vector<air::SensorConfig> operator_sensors, Sink sink) : sink_(std::move(sink)) {
  for (const auto& c : operator_sensors) {
    Sensor& s = sensors_[std::string(c.id.view())];
    s.config = c;
    s.operator_config = true;
    s.has_site = true;
    if (sink_) sink_(c);
  }
}

SensorRegistry::Sensor* SensorRegistry::find_or_add(const std::string& id) {
  auto it = sensors_.find(id);
  if (it != sensors_.end()) return &it->second;
  if (sensors_.size() >= kMaxSensors) return nullptr;
  Sensor& s = sensors_[id];
  s.config.id = FixedString<32>(id);
  s.config.origin = air::SensorOrigin::kSapient;
  return &s;
}

bool SensorRegistry::on_message(const sapient::SapientMessage& msg, std::string* why) {
  bool ok = true;
  if (msg.has_registration()) ok = on_registration(msg, why);
  if (msg.has_status_report()) ok = on_status(msg, why);
  if (!ok) ++errors_;
  advance(time_of(msg));
  return ok;
}

bool SensorRegistry::on_registration(const sapient::SapientMessage& msg, std::string* why) {
  auto info = describe_registration(msg, why);
  if (!info.ok()) return false;
  std::vector<std::string> ids{std::string(info->config.id.view())};
  for (const auto& child : info->dependents) ids.push_back(child);
  for (const auto& id : ids) {
    Sensor* s = find_or_add(id);
    if (s == nullptr) {
      set_why(why, "registration: more than " + std::to_string(kMaxSensors) + " sensors; node " + id + " refused");
      return false;
    }
    s->registered = true;
    s->goodbye = false;
    registrations_[id] = msg.registration();
    SapientSensorInfo mine = *info;
    mine.config.id = FixedString<32>(id);
    s->info = mine;
    if (s->operator_config) continue;
    // What the registration says replaces the mode's fields; the site and the
    // coverage stay those of the last status.
    air::SensorConfig c = mine.config;
    c.position = s->config.position;
    c.alt_m = s->config.alt_m;
    c.min_range_m = s->config.min_range_m;
    c.max_range_m = s->config.max_range_m;
    c.sector_centre_deg = s->config.sector_centre_deg;
    c.sector_width_deg = s->config.sector_width_deg;
    c.min_elevation_deg = s->config.min_elevation_deg;
    c.max_elevation_deg = s->config.max_elevation_deg;
    s->config = c;
    if (s->has_site) publish(*s, history_[id]);
  }
  return true;
}

bool SensorRegistry::on_status(const sapient::SapientMessage& msg, std::string* why) {
  const std::string id(sapient::sensor_name(msg.node_id()).view());
  auto it = sensors_.find(id);
  if (it == sensors_.end() || (!it->second.registered && !it->second.operator_config)) {
    set_why(why, "status_report: node " + msg.node_id() + " has not registered");
    return false;
  }
  Sensor& s = it->second;
  const std::optional<LatLon> site = s.has_site ? std::optional<LatLon>(s.config.position) : std::nullopt;
  auto st = read_status(msg.status_report(), site, why);
  if (!st.ok()) return false;
  ++s.statuses;
  if (s.operator_config) return true;
  History& h = history_[id];
  if (st->goodbye) {
    // The node leaves; it may be moved before it comes back.
    s.goodbye = true;
    s.registered = false;
    s.has_site = false;
    s.moving = false;
    h = History{};
    return true;
  }
  bool changed = false;
  if (s.info && !st->mode.empty() && st->mode != s.info->mode) {
    auto reg = registrations_.find(id);
    if (reg != registrations_.end() && apply_mode(reg->second, st->mode, *s.info)) {
      const air::SensorConfig& m = s.info->config;
      s.config.pattern = m.pattern;
      s.config.revisit_s = m.revisit_s;
      s.config.sigma_range_m = m.sigma_range_m;
      s.config.sigma_bearing_deg = m.sigma_bearing_deg;
      s.config.sigma_elevation_deg = m.sigma_elevation_deg;
      s.config.sigma_m = m.sigma_m;
      s.config.pd = m.pd;
      s.config.clutter_per_km2 = air::SensorConfig{}.clutter_per_km2;  // the new mode's FAR, if any, sets it
      changed = true;
    }
  }
  const Timestamp t = time_of(msg);
  if (st->position) {
    const bool moved = s.has_site && distance_m(s.config.position, *st->position) > kStaticJitterM;
    if (!s.has_site || moved || s.moving) {
      if (moved) s.moving = true;
      s.config.position = *st->position;
      s.config.alt_m = st->alt_m.value_or(0.0);
      s.site_time = t;
      changed = true;
      // Kept in time order: a status older than the newest site is out of place.
      const bool in_order = h.count == 0 || h.sites[(h.head + h.count - 1) % kSiteHistory].time <= t;
      if (in_order) {
        if (h.count == kSiteHistory) {
          h.head = (h.head + 1) % kSiteHistory;
          --h.count;
          h.pruned = true;
        }
        h.sites[(h.head + h.count) % kSiteHistory] = Site{t, *st->position, st->alt_m};
        ++h.count;
      }
    }
    s.has_site = true;
  }
  if (st->has_coverage) {
    air::SensorConfig before = s.config;
    apply_coverage(*st, s.config);
    changed = changed || before.max_range_m != s.config.max_range_m ||
              before.sector_centre_deg != s.config.sector_centre_deg ||
              before.sector_width_deg != s.config.sector_width_deg ||
              before.min_elevation_deg != s.config.min_elevation_deg ||
              before.max_elevation_deg != s.config.max_elevation_deg;
  }
  if (changed && s.has_site) publish(s, h);
  return true;
}

void SensorRegistry::publish(Sensor& s, History& h) {
  // A relative detection sent on earlier may still wait in the tracker, to be
  // placed from the site the tracker has: hold a moving site back until it
  // cannot be.
  const auto lag = std::chrono::milliseconds(s.config.reorder_lag_ms) + kLagMargin;
  if (s.moving && h.any_relative && now_ - h.last_relative <= lag) {
    s.pending = true;
    return;
  }
  s.pending = false;
  if (s.info) apply_false_alarms(*s.info, s.config);
  if (sink_) sink_(s.config);
}

void SensorRegistry::advance(Timestamp t) {
  if (t > now_) now_ = t;
  for (auto& [id, s] : sensors_) {
    if (s.pending) publish(s, history_[id]);
  }
}

const SensorRegistry::Site* SensorRegistry::site_at(const History& h, Timestamp t) const {
  const Site* found = nullptr;
  for (std::size_t i = 0; i < h.count; ++i) {
    const Site& site = h.sites[(h.head + i) % kSiteHistory];
    if (site.time > t) break;
    found = &site;
  }
  return found;
}

std::optional<SensorReject> SensorRegistry::reject(Sensor* s, const std::string& id, SensorReject why) {
  ++rejected_;
  if (s != nullptr) {
    ++s->rejected[static_cast<std::size_t>(why)];
  } else if (unknown_.size() < kMaxSensors || unknown_.count(id) > 0) {
    ++unknown_[id];
  } else {
    ++unknown_["(other)"];
  }
  return why;
}

std::optional<SensorReject> SensorRegistry::place(SensorDetection& d) {
  const std::string id(d.sensor.view());
  const bool relative = d.bearing_deg.has_value();
  auto it = sensors_.find(id);
  if (it == sensors_.end()) {
    if (relative) return reject(nullptr, id, SensorReject::kNotRegistered);
    return std::nullopt;
  }
  Sensor& s = it->second;
  if (s.operator_config) return std::nullopt;
  if (s.goodbye) return reject(&s, id, SensorReject::kGoodbye);
  if (!relative) return std::nullopt;
  if (!s.registered) return reject(&s, id, SensorReject::kNotRegistered);
  if (!s.has_site) return reject(&s, id, SensorReject::kNoSite);
  History& h = history_[id];
  if (d.time > now_) now_ = d.time;
  if (!s.moving) {
    // The tracker places it from the site it has (the polar error model);
    // whatever position the fusion node worked out is dropped.
    d.position.reset();
    d.alt_m.reset();
    if (!h.any_relative || d.time > h.last_relative) h.last_relative = d.time;
    h.any_relative = true;
    return std::nullopt;
  }
  const Site* site = site_at(h, d.time);
  if (site == nullptr) return reject(&s, id, h.pruned ? SensorReject::kSiteTooOld : SensorReject::kNoSite);
  if (!d.range_m) {
    // Bearing only: nothing to place; the tracker counts it as unusable.
    d.position.reset();
    return std::nullopt;
  }
  const double elev_rad = d.elevation_deg.value_or(0.0) * kDegToRad;
  const double ground_m = *d.range_m * std::cos(elev_rad);
  d.position = destination(site->position, *d.bearing_deg, ground_m);
  if (site->alt_m) {
    d.alt_m = *site->alt_m + *d.range_m * std::sin(elev_rad);
  } else {
    d.alt_m.reset();
  }
  // One sigma for the absolute fix: the range error and the cross-range
  // spread of the bearing error at this range, whichever is larger.
  const double cross_m = *d.range_m * s.config.sigma_bearing_deg * kDegToRad;
  const double sigma = std::max({s.config.sigma_range_m, cross_m, d.sigma_m.value_or(0.0)});
  d.sigma_m = sigma;
  return std::nullopt;
}

}  // namespace lookout
