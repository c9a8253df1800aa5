#include "track/picture.h"

#include <algorithm>
#include <cmath>
#include <variant>

#include "core/geodesy.h"
#include "track/rounding.h"

namespace lookout::track {

namespace {

constexpr double kMetresPerNm = 1852.0;

// hop_m() is planar below this distance, the geodesic above.
constexpr double kPlanarHopMaxM = 20000;

// `metres` covered in `dt_ms`, in knots. Reports a second or less apart
// cannot carry a meaningful speed; they count as a second apart, so that a
// stationary receiver's jitter does not look like a jump.
double knots_over(double metres, int64_t dt_ms) {
  const double dt_s = std::max(1.0, static_cast<double>(dt_ms) / 1000.0);
  return metres / dt_s * 3600.0 / kMetresPerNm;
}

// The planar distance at the mean latitude; `ok` when the hop is short
// enough for it to stand for the geodesic (hop_m()).
double planar_hop_m(const TrackPoint& a, const TrackPoint& b, bool& ok) {
  double lat_a = a.lat_e7 * 1e-7, lat_b = b.lat_e7 * 1e-7;
  double dlat = lat_b - lat_a;
  double dlon = (b.lon_e7 - a.lon_e7) * 1e-7;
  double mid = 0.5 * (lat_a + lat_b);
  const DegreeScale scale = degree_scale(mid);  // core/geodesy.h
  double dn = dlat * scale.lat_m;
  double de = dlon * scale.lon_m;
  double planar = std::sqrt(dn * dn + de * de);  // no overflow here; hypot is 3x slower
  ok = planar < kPlanarHopMaxM && std::fabs(dlon) < 1;
  return planar;
}

int32_t to_e7(double deg) { return static_cast<int32_t>(round_half_away(deg * 1e7)); }  // std::lround

void fill_from_position(TrackPoint& p, const ais::Position& pos) {
  p.lat_e7 = ais_to_e7(pos.lat);
  p.lon_e7 = ais_to_e7(pos.lon);
}

uint16_t speed_or_none(uint16_t dkn) { return dkn < 1023 ? dkn : TrackPoint::kNoSpeed; }
uint16_t course_or_none(uint16_t ddeg) { return ddeg < 3600 ? ddeg : TrackPoint::kNoCourse; }

}  // namespace

double hop_m(const TrackPoint& a, const TrackPoint& b) {
  bool planar_ok = false;
  const double planar = planar_hop_m(a, b, planar_ok);
  return planar_ok ? planar : distance_m(a.pos(), b.pos());
}

double Update::distance_bound_m() const {
  if (distance_m_ >= 0 || !has_previous) return distance_m();
  return great_circle_m(previous.pos(), point.pos()) * 1.01;
}

double Update::implied_speed_kn() const {
  if (!has_previous || (kind != UpdateKind::kPosition && kind != UpdateKind::kJump)) return 0;
  return knots_over(distance_m(), point.time_ms - previous.time_ms);
}

double Update::implied_speed_bound_kn() const {
  if (!has_previous || (kind != UpdateKind::kPosition && kind != UpdateKind::kJump)) return 0;
  return knots_over(distance_bound_m(), point.time_ms - previous.time_ms);
}

const char* to_string(UpdateKind kind) noexcept {
  switch (kind) {
    case UpdateKind::kIgnored: return "ignored";
    case UpdateKind::kPosition: return "position";
    case UpdateKind::kDuplicate: return "duplicate";
    case UpdateKind::kLate: return "late";
    case UpdateKind::kJump: return "jump";
    case UpdateKind::kStatic: return "static";
  }
  return "ignored";
}

const char* to_string(VesselClass c) noexcept {
  switch (c) {
    case VesselClass::kUnknown: return "unknown";
    case VesselClass::kClassA: return "A";
    case VesselClass::kClassB: return "B";
    case VesselClass::kSarAircraft: return "sar_aircraft";
    case VesselClass::kBaseStation: return "base_station";
    case VesselClass::kAidToNavigation: return "aid_to_navigation";
  }
  return "unknown";
}

bool track_point_from(const ais::Message& msg, int64_t t_ms, TrackPoint& out) {
  out = TrackPoint{};
  out.time_ms = t_ms;
  return std::visit(
      [&](const auto& m) -> bool {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, ais::PositionReportA>) {
          if (!m.pos.valid()) return false;
          fill_from_position(out, m.pos);
          out.sog_dkn = speed_or_none(m.speed);
          out.cog_ddeg = course_or_none(m.course);
          out.heading = m.heading;
          out.nav_status = m.status;
          return true;
        } else if constexpr (std::is_same_v<T, ais::PositionReportB> ||
                             std::is_same_v<T, ais::ExtendedReportB>) {
          if (!m.pos.valid()) return false;
          fill_from_position(out, m.pos);
          out.sog_dkn = speed_or_none(m.speed);
          out.cog_ddeg = course_or_none(m.course);
          out.heading = m.heading;
          return true;
        } else if constexpr (std::is_same_v<T, ais::SarAircraftReport>) {
          if (!m.pos.valid()) return false;
          fill_from_position(out, m.pos);
          out.sog_dkn = m.speed < 1023 ? static_cast<uint16_t>(m.speed * 10) : TrackPoint::kNoSpeed;
          out.cog_ddeg = course_or_none(m.course);
          return true;
        } else if constexpr (std::is_same_v<T, ais::LongRangeReport>) {
          if (m.lon < -180 * 600 || m.lon > 180 * 600 || m.lat < -90 * 600 || m.lat > 90 * 600) {
            return false;
          }
          out.lat_e7 = to_e7(m.lat / 600.0);
          out.lon_e7 = to_e7(m.lon / 600.0);
          out.sog_dkn = m.speed < 63 ? static_cast<uint16_t>(m.speed * 10) : TrackPoint::kNoSpeed;
          out.cog_ddeg = m.course < 360 ? static_cast<uint16_t>(m.course * 10) : TrackPoint::kNoCourse;
          out.nav_status = m.status;
          return true;
        } else {
          return false;
        }
      },
      msg.body);
}

Picture::Picture(PictureParams params) : params_(params) {
  // Sized for the bound at once: rehashing a map of tens of thousands of
  // vessels holds a live node's thread for milliseconds.
  index_.reserve(std::min<uint32_t>(params_.max_vessels, 1u << 17));
  slot_of_.reserve(std::min<uint32_t>(params_.max_vessels, 1u << 14));
}

Vessel* Picture::vessel_for(uint32_t mmsi, int64_t now_ms) {
  if (const uint32_t* slot = slot_of_.find(mmsi)) return &vessel_at(*slot);
  uint32_t idx;
  if (!free_.empty()) {
    idx = free_.back();
    free_.pop_back();
  } else if (slots_ < params_.max_vessels) {
    idx = slots_++;
    if ((idx >> kChunkBits) == vessel_chunks_.size()) {
      constexpr std::size_t n = std::size_t{1} << kChunkBits;
      vessel_chunks_.push_back(std::make_unique<Vessel[]>(n));
      history_chunks_.push_back(std::make_unique<TrackPoint[]>(n * params_.history_points));
    }
  } else {
    forget_stalest();
    idx = free_.back();
    free_.pop_back();
  }
  Vessel& v = vessel_at(idx);
  v = Vessel{};
  v.mmsi = mmsi;
  v.first_seen_ms = now_ms;
  v.slot = idx;
  index_.emplace(mmsi, idx);
  slot_of_[mmsi] = idx;
  return &v;
}

void Picture::forget_stalest() {
  // Full: forget the vessels heard least recently, 1/64 of the picture at
  // once. One at a time cost a walk over every vessel for each new MMSI:
  // at the bound (a feed with more hulls than max_vessels, or one inventing
  // MMSIs) the live node spent 60% of its time there and fell minutes behind.
  // This way a new vessel costs 64 slots' worth of the walk, on average.
  const std::size_t n = std::max<std::size_t>(1, slots_ / 64);
  std::vector<std::pair<int64_t, uint32_t>> by_age;  // (last heard, slot): ties go by slot
  by_age.reserve(slots_);
  for (uint32_t i = 0; i < slots_; ++i) by_age.emplace_back(vessel_at(i).last_seen_ms, i);
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(n - 1), by_age.end());
  for (std::size_t k = 0; k < n; ++k) {
    const uint32_t slot = by_age[k].second;
    Vessel& v = vessel_at(slot);
    index_.erase(v.mmsi);
    slot_of_.erase(v.mmsi);
    v = Vessel{};
    free_.push_back(slot);
  }
}

const Vessel* Picture::find(uint32_t mmsi) const {
  const uint32_t* slot = slot_of_.find(mmsi);
  return slot == nullptr ? nullptr : &vessel_at(*slot);
}

Update Picture::apply(const AisObservation& obs, Timestamp fallback) {
  const ais::Message& msg = obs.msg;
  int64_t t_ms = to_unix_ms(obs.time.value_or(fallback));
  Update u;
  if (msg.mmsi == 0) return u;

  TrackPoint p;
  bool has_position = track_point_from(msg, t_ms, p);
  bool has_static = std::holds_alternative<ais::StaticVoyageData>(msg.body) ||
                    std::holds_alternative<ais::StaticDataReport>(msg.body) ||
                    std::holds_alternative<ais::ExtendedReportB>(msg.body);
  if (!has_position && !has_static) return u;

  Vessel* v = vessel_for(msg.mmsi, t_ms);
  ++v->messages;
  v->last_seen_ms = std::max(v->last_seen_ms, t_ms);
  switch (msg.type) {
    case 1: case 2: case 3: case 5: v->cls = VesselClass::kClassA; break;
    case 18: case 19: case 24: v->cls = VesselClass::kClassB; break;
    case 9: v->cls = VesselClass::kSarAircraft; break;
    default: break;
  }
  if (has_position) {
    u = apply_position(*v, p);
    // Type 19 carries static data too; it is merged below without changing the kind.
    if (has_static && u.kind == UpdateKind::kPosition) {
      Update s = apply_static(*v, msg, t_ms);
      u.imo_changed = s.imo_changed;
      u.name_changed = s.name_changed;
      u.old_name = s.old_name;
    }
    return u;
  }
  return apply_static(*v, msg, t_ms);
}

Update Picture::apply_position(Vessel& v, const TrackPoint& p) {
  Update u;
  u.vessel = &v;
  u.point = p;
  if (v.positions == 0) {
    u.kind = UpdateKind::kPosition;
    v.last = p;
    v.positions = 1;
    push_history(v, p);
    update_cruise(v, p, 0);
    return u;
  }
  u.previous = v.last;
  u.has_previous = true;
  int64_t dt_ms = p.time_ms - v.last.time_ms;
  auto dup_ms = std::chrono::duration_cast<std::chrono::milliseconds>(params_.duplicate_window).count();
  if (std::llabs(dt_ms) <= dup_ms && p.lat_e7 == v.last.lat_e7 && p.lon_e7 == v.last.lon_e7) {
    // The same place: the hop is exactly 0 m (what hop_m() gives for it).
    u.kind = UpdateKind::kDuplicate;
    u.set_distance_m(0);
    return u;
  }
  if (dt_ms < 0) {
    u.kind = UpdateKind::kLate;
    insert_late(v, p);
    return u;
  }
  bool aircraft = v.cls == VesselClass::kSarAircraft;
  if (!aircraft && is_jump(v.last, p, dt_ms, u)) {
    u.kind = UpdateKind::kJump;
    v.rejected = p;
    ++v.rejected_count;
    return u;
  }
  u.kind = UpdateKind::kPosition;
  update_cruise(v, p, dt_ms);
  v.last = p;
  ++v.positions;
  push_history(v, p);
  return u;
}

bool Picture::is_jump(const TrackPoint& from, const TrackPoint& to, int64_t dt_ms, Update& u) const {
  auto jump = [&](double d) {  // false for every distance up to some limit, true beyond
    return d > params_.jump_min_m && knots_over(d, dt_ms) > params_.max_speed_kn;
  };
  // Most hops are decided without measuring them: the planar distance lies
  // between |dlat| times the smallest metres per degree of latitude (110574
  // at the equator) and the sum of both legs at their largest (111695 at
  // the poles, 111320 along the equator). Whether a hop was a jump is needed
  // for every report; its length only where a detector reads it.
  const double dlat = std::fabs(static_cast<double>(to.lat_e7 - from.lat_e7)) * 1e-7;
  const double dlon = std::fabs(static_cast<double>(to.lon_e7 - from.lon_e7)) * 1e-7;
  const double upper = dlat * 111695.0 + dlon * 111320.0;
  if (upper < kPlanarHopMaxM && dlon < 1) {  // short: hop_m() is the planar distance
    if (!jump(upper)) return false;
    if (jump(dlat * 110574.0)) return true;
  }
  // Short hops near the limit are measured. Long ones are judged by the
  // great-circle bound when 1% cannot change the answer: the geodesic costs
  // twenty times more, and a jump's length matters only if a detector reads it.
  bool planar_ok = false;
  const double planar = planar_hop_m(from, to, planar_ok);
  if (planar_ok) {
    u.set_distance_m(planar);
    return jump(planar);
  }
  const double approx = great_circle_m(from.pos(), to.pos());
  if (jump(approx * 0.99)) return true;
  if (!jump(approx * 1.01)) return false;
  return jump(u.distance_m());
}

void Picture::update_cruise(Vessel& v, const TrackPoint& p, int64_t dt_ms) {
  // Cruise speed: a mean of speed over ground while under way (>= 3 kn) with
  // a 30 minute time constant, held while the vessel is markedly slower than
  // it (a slowdown is what detectors measure against it) and released after
  // three hours at the new speed, when the new speed is the cruise.
  constexpr double kTauMs = 30 * 60 * 1000.0;
  constexpr int64_t kReleaseMs = 3 * 3600 * 1000LL;
  if (!p.has_sog()) return;
  double sog = p.sog_kn();
  if (std::isnan(v.cruise_kn)) {
    if (sog >= 3) v.cruise_kn = static_cast<float>(sog);
    return;
  }
  bool slow = sog < 0.85 * v.cruise_kn;
  if (slow) {
    if (v.slow_since_ms == 0) v.slow_since_ms = p.time_ms;
    if (p.time_ms - v.slow_since_ms < kReleaseMs) return;
  } else {
    v.slow_since_ms = 0;
  }
  if (sog < 3) return;
  double w = 1.0 - std::exp(-static_cast<double>(std::max<int64_t>(dt_ms, 0)) / kTauMs);
  v.cruise_kn = static_cast<float>(v.cruise_kn + w * (sog - v.cruise_kn));
}

void Picture::push_history(Vessel& v, const TrackPoint& p) {
  const uint16_t cap = params_.history_points;
  if (cap == 0) return;
  TrackPoint* ring = ring_of(v.slot);
  auto min_ms = std::chrono::duration_cast<std::chrono::milliseconds>(params_.history_interval).count();
  if (v.history_size > 0) {
    uint16_t newest = static_cast<uint16_t>((v.history_head + v.history_size - 1) % cap);
    if (p.time_ms - ring[newest].time_ms < min_ms) {
      return;  // thinned: the last point is always in v.last anyway
    }
  }
  if (v.history_size < cap) {
    ring[(v.history_head + v.history_size) % cap] = p;
    ++v.history_size;
  } else {
    ring[v.history_head] = p;
    v.history_head = static_cast<uint16_t>((v.history_head + 1) % cap);
  }
}

void Picture::insert_late(Vessel& v, const TrackPoint& p) {
  // A late point belongs in the history only if it falls inside it; it
  // replaces nothing and never becomes the last position. Inserted in place:
  // no allocation, and never more than `history_points` points in the ring.
  const uint16_t cap = params_.history_points;
  if (cap == 0 || v.history_size == 0) return;
  TrackPoint* ring = ring_of(v.slot);
  auto at = [&](uint16_t i) -> TrackPoint& { return ring[(v.history_head + i) % cap]; };
  if (p.time_ms <= at(0).time_ms) return;
  uint16_t pos = v.history_size;  // after every kept point not later than p
  while (pos > 0 && at(static_cast<uint16_t>(pos - 1)).time_ms > p.time_ms) --pos;
  if (v.history_size < cap) {
    for (uint16_t i = v.history_size; i > pos; --i) at(i) = at(static_cast<uint16_t>(i - 1));
    at(pos) = p;
    ++v.history_size;
  } else {
    // Full: the oldest point makes room; pos >= 1 because p is later than it.
    for (uint16_t i = 0; i + 1 < pos; ++i) at(i) = at(static_cast<uint16_t>(i + 1));
    at(static_cast<uint16_t>(pos - 1)) = p;
  }
}

std::span<const TrackPoint> Picture::history(const Vessel& v, std::vector<TrackPoint>& out) const {
  out.clear();
  const uint16_t cap = params_.history_points;
  const TrackPoint* ring = ring_of(v.slot);
  for (uint16_t i = 0; i < v.history_size; ++i) out.push_back(ring[(v.history_head + i) % cap]);
  if (v.positions > 0 && (out.empty() || out.back().time_ms < v.last.time_ms)) out.push_back(v.last);
  return out;
}

Update Picture::apply_static(Vessel& v, const ais::Message& msg, int64_t t_ms) {
  Update u;
  u.kind = UpdateKind::kStatic;
  u.vessel = &v;
  VesselStatic& s = v.statics;
  // A static report older than the identity already held (a late record
  // from a slower or historical source) must not overwrite it, nor be taken
  // for a change of identity.
  if (s.updated_ms != 0 && t_ms < s.updated_ms) return u;
  auto set_name = [&](std::string_view name) {
    if (name.empty() || name == s.name.view()) return;
    if (!s.name.empty()) {
      u.name_changed = true;
      u.old_name = s.name;
    }
    s.name.assign(name);
    s.updated_ms = t_ms;
  };
  auto set_dims = [&](const ais::Dimensions& d) {
    if (d.to_bow + d.to_stern + d.to_port + d.to_starboard > 0) s.dim = d;
  };
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, ais::StaticVoyageData>) {
          if (m.imo != 0 && m.imo != s.imo) {
            if (s.imo != 0) {
              u.imo_changed = true;
              u.old_imo = s.imo;
            }
            s.imo = m.imo;
            s.updated_ms = t_ms;
          }
          set_name(m.shipname.view());
          if (!m.callsign.empty()) s.callsign = m.callsign;
          if (m.shiptype != 0) s.shiptype = m.shiptype;
          set_dims(m.dim);
          if (!m.destination.empty()) s.destination = m.destination;
          if (m.draught != 0) s.draught_dm = m.draught;
        } else if constexpr (std::is_same_v<T, ais::StaticDataReport>) {
          if (m.partno == 0) {
            set_name(m.shipname.view());
          } else {
            if (m.shiptype != 0) s.shiptype = m.shiptype;
            if (!m.callsign.empty()) s.callsign = m.callsign;
            set_dims(m.dim);
          }
        } else if constexpr (std::is_same_v<T, ais::ExtendedReportB>) {
          set_name(m.shipname.view());
          if (m.shiptype != 0) s.shiptype = m.shiptype;
          set_dims(m.dim);
        }
      },
      msg.body);
  return u;
}

std::size_t Picture::expire(Timestamp now) {
  int64_t cutoff = to_unix_ms(now) -
                   std::chrono::duration_cast<std::chrono::milliseconds>(params_.retention).count();
  std::size_t n = 0;
  for (auto it = index_.begin(); it != index_.end();) {
    Vessel& v = vessel_at(it->second);
    if (v.last_seen_ms < cutoff) {
      free_.push_back(it->second);
      slot_of_.erase(it->first);
      v = Vessel{};
      it = index_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

}  // namespace lookout::track
