#include "server/api/intercept_json.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <vector>

#include "server/api/views.h"
#include "track/air/air_tracker.h"
#include "track/picture.h"

namespace lookout::server {

namespace {

constexpr double kKnotMps = 1852.0 / 3600.0;

double rounded(double x, double scale) { return std::round(x * scale) / scale; }

nlohmann::json number_or_null(double x, double scale) {
  return std::isfinite(x) ? nlohmann::json(rounded(x, scale)) : nlohmann::json(nullptr);
}

nlohmann::json position_json(LatLon p) { return nlohmann::json::array({rounded(p.lon, 1e6), rounded(p.lat, 1e6)}); }

double age_s(Timestamp of, Timestamp now) { return std::chrono::duration<double>(now - of).count(); }

// "T12" -> 12.
std::optional<uint32_t> track_number(std::string_view label) {
  if (label.size() < 2 || label[0] != 'T') return std::nullopt;
  uint32_t id = 0;
  auto [end, ec] = std::from_chars(label.data() + 1, label.data() + label.size(), id);
  if (ec != std::errc() || end != label.data() + label.size()) return std::nullopt;
  return id;
}

std::optional<InterceptTarget> find_vessel(std::span<const PartitionView> parts, std::string_view nation,
                                           uint32_t mmsi) {
  const track::Vessel* best = nullptr;
  for (const auto& p : parts) {
    if (p.picture == nullptr || !releasable_to_nation(*p.marking, nation)) continue;
    const track::Vessel* v = p.picture->find(mmsi);
    if (v == nullptr || v->positions == 0) continue;
    if (best == nullptr || v->last.time_ms > best->last.time_ms) best = v;
  }
  if (best == nullptr) return std::nullopt;
  return vessel_target(mmsi, best->last);
}

std::optional<InterceptTarget> find_air_track(std::span<const PartitionView> parts, std::string_view nation,
                                              uint32_t id) {
  for (const auto& p : parts) {
    if (p.air == nullptr || !releasable_to_nation(*p.marking, nation)) continue;
    for (const auto& s : p.air->tracks()) {
      if (s.id != id) continue;
      InterceptTarget t;
      t.velocity_known = true;
      t.moving = {s.position, s.course_deg, s.speed_mps, s.time};
      t.json = {{"kind", "air_track"}, {"track", "T" + std::to_string(id)}, {"alt_m", rounded(s.alt_m, 10)}};
      return t;
    }
  }
  return std::nullopt;
}

nlohmann::json solution_json(const geo::InterceptSolution& s) {
  nlohmann::json j = {{"possible", s.possible},
                      {"range_m", rounded(s.range_m, 1)},
                      {"unit_age_s", rounded(s.unit_age_s, 10)},
                      {"target_age_s", rounded(s.target_age_s, 10)},
                      {"method", geo::to_string(s.method)}};
  if (s.possible) {
    j["aim"] = position_json(s.aim);
    j["course_deg"] = rounded(s.course_deg, 10);
    j["distance_m"] = rounded(s.distance_m, 1);
    j["time_s"] = rounded(s.time_s, 10);
    j["arrival"] = format_iso8601(s.arrival);
  }
  return j;
}

}  // namespace

InterceptTarget vessel_target(uint32_t mmsi, const track::TrackPoint& p) {
  InterceptTarget t;
  t.velocity_known = p.has_cog() && p.has_sog();
  t.moving = {p.pos(), t.velocity_known ? p.cog_deg() : 0, t.velocity_known ? p.sog_kn() * kKnotMps : 0, p.time()};
  t.json = {{"kind", "vessel"}, {"mmsi", mmsi}};
  return t;
}

nlohmann::json unit_json(const track::FriendlyUnit& u, Timestamp now) {
  const track::UnitReport& r = u.last;
  return {{"id", r.id},
          {"name", r.name},
          {"kind", track::to_string(r.kind)},
          {"position", position_json(r.position)},
          {"course_deg", number_or_null(r.course_deg, 10)},
          {"speed_mps", number_or_null(r.speed_mps, 100)},
          {"time", format_iso8601(r.time)},
          {"age_s", rounded(age_s(r.time, now), 10)},
          {"top_speed_mps", rounded(r.top_speed_mps, 100)},
          {"source", r.source},
          {"marking", marking_json(r.marking)}};
}

geo::InterceptUnit intercept_unit(const track::FriendlyUnit& u) {
  const track::UnitReport& r = u.last;
  const bool moving = std::isfinite(r.course_deg) && std::isfinite(r.speed_mps);
  return {{r.position, moving ? r.course_deg : 0, moving ? r.speed_mps : 0, r.time}, r.top_speed_mps};
}

std::optional<InterceptTarget> find_target(std::span<const PartitionView> parts, std::string_view nation,
                                           std::span<const uint32_t> mmsi, std::string_view track) {
  if (auto id = track_number(track)) {
    if (auto t = find_air_track(parts, nation, *id)) return t;
  }
  for (uint32_t m : mmsi) {
    if (auto t = find_vessel(parts, nation, m)) return t;
  }
  return std::nullopt;
}

nlohmann::json intercept_json(const InterceptTarget& target, const track::FriendlyUnits* units,
                              std::string_view nation, Timestamp now) {
  std::vector<geo::InterceptUnit> solve;
  std::vector<const track::FriendlyUnit*> shown;
  if (units != nullptr) {
    for (const auto& u : units->all()) {
      if (!releasable_to_nation(u.last.marking, nation)) continue;
      solve.push_back(intercept_unit(u));
      shown.push_back(&u);
    }
  }
  nlohmann::json t = target.json;
  t["position"] = position_json(target.moving.position);
  t["course_deg"] = rounded(target.moving.course_deg, 10);
  t["speed_mps"] = rounded(target.moving.speed_mps, 100);
  t["velocity_known"] = target.velocity_known;
  t["time"] = format_iso8601(target.moving.time);
  t["age_s"] = rounded(age_s(target.moving.time, now), 10);
  auto list = nlohmann::json::array();
  for (const auto& ranked : geo::rank_intercepts(target.moving, solve, now)) {
    nlohmann::json j = solution_json(ranked.solution);
    j["unit"] = unit_json(*shown[ranked.unit_idx], now);
    list.push_back(std::move(j));
  }
  return {{"time", format_iso8601(now)}, {"target", std::move(t)}, {"units", std::move(list)}};
}

}  // namespace lookout::server
