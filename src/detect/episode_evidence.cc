#include "detect/episode_evidence.h"

#include <cmath>
#include <limits>
#include <string_view>

#include "core/time.h"

namespace lookout::detect {

void EpisodeTrack::clear() {
  points_.clear();
  spacing_ms_ = kStartSpacingMs;
}

void EpisodeTrack::seed(std::span<const track::TrackPoint> history, int64_t since_ms) {
  clear();
  for (const auto& p : history) {
    if (p.time_ms >= since_ms) add(p);
  }
}

void EpisodeTrack::add(const track::TrackPoint& p) {
  if (!points_.empty() && p.time_ms - points_.back().time_ms < spacing_ms_) return;
  if (points_.size() == kMaxPoints) decimate();
  if (points_.capacity() < kMaxPoints) points_.reserve(kMaxPoints);
  points_.push_back(p);
}

void EpisodeTrack::decimate() {
  // Keep the first point (where the episode began) and every other point
  // after it; the spacing doubles so that the next points are as sparse.
  std::size_t kept = 1;
  for (std::size_t i = 2; i < points_.size(); i += 2) points_[kept++] = points_[i];
  points_.resize(kept);
  spacing_ms_ *= 2;
}

nlohmann::json EpisodeTrack::to_json(const track::TrackPoint& last) const {
  nlohmann::json out = nlohmann::json::array();
  auto put = [&out](const track::TrackPoint& p) {
    const LatLon pos = p.pos();
    out.push_back({std::round(pos.lon * 1e5) / 1e5, std::round(pos.lat * 1e5) / 1e5,
                   format_iso8601(p.time())});
  };
  for (const auto& p : points_) put(p);
  if (points_.empty() || last.time_ms > points_.back().time_ms) put(last);
  return out;
}

namespace {

// The ITU-R M.1371 ship and cargo type, as a watch officer says it.
const char* type_word(uint8_t shiptype) {
  if (shiptype == 30) return "Fishing vessel";
  if (shiptype == 31 || shiptype == 32 || shiptype == 52) return "Tug";
  if (shiptype == 33) return "Dredger";
  if (shiptype == 35) return "Military vessel";
  if (shiptype == 36) return "Sailing vessel";
  if (shiptype == 37) return "Pleasure craft";
  if (shiptype == 50) return "Pilot vessel";
  if (shiptype == 51) return "Search and rescue vessel";
  if (shiptype == 55) return "Law enforcement vessel";
  if (shiptype >= 60 && shiptype <= 69) return "Passenger ship";
  if (shiptype >= 70 && shiptype <= 79) return "Cargo ship";
  if (shiptype >= 80 && shiptype <= 89) return "Tanker";
  return "Vessel";
}

}  // namespace

std::string vessel_label(const track::Vessel& v) {
  std::string out = type_word(v.statics.shiptype);
  std::string_view name = v.statics.name.view();
  while (!name.empty() && (name.back() == ' ' || name.back() == '@')) name.remove_suffix(1);
  out += ' ';
  if (!name.empty()) {
    out += name;
  } else {
    out += "MMSI ";
    out += std::to_string(v.mmsi);
  }
  return out;
}

double report_speed(const track::Update& u) {
  if (u.point.has_sog()) return u.point.sog_kn();
  if (u.has_previous) {
    const int64_t dt = u.point.time_ms - u.previous.time_ms;
    if (dt >= 5000 && dt <= 600000) return u.implied_speed_kn();
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double round1(double x) { return std::round(x * 10.0) / 10.0; }

}  // namespace lookout::detect
