#include "server/cot/cot_events.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "decode/ais/legends.h"
#include "track/air/cooperative_picture.h"

namespace lookout::server::cot {

namespace {

constexpr double kKnotsToMps = 1852.0 / 3600.0;

void append_uint(uint64_t v, std::string& out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  out.append(buf, end);
}

void prefix(std::string_view node, std::string_view kind, std::string& out) {
  out.clear();
  out += "lookout.";
  out += node;
  out += '.';
  out += kind;
  out += '.';
}

// Trailing spaces and '@' (AIS padding) and leading spaces removed.
std::string_view ais_text(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '@')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

// A standard deviation as CoT's error, unknown when we have none.
double error_m(double sigma) { return std::isfinite(sigma) && sigma > 0 ? sigma : lookout::cot::kUnknown; }

void reset(CotEvent& e) {
  e.callsign.clear();
  e.course_deg.reset();
  e.speed_mps.reset();
  e.remarks.reset();
  e.links.clear();
  e.force_delete = false;
  e.emergency.reset();
  e.other_detail.clear();
  e.point = {};
}

void append_field(std::string& out, std::string_view label, std::string_view value) {
  if (value.empty()) return;
  if (!out.empty()) out += ", ";
  out += label;
  out += value;
}

}  // namespace

void vessel_uid(std::string_view node, uint32_t mmsi, std::string& out) {
  prefix(node, "vessel", out);
  append_uint(mmsi, out);
}

void air_uid(std::string_view node, std::size_t partition, uint32_t track_id, std::string& out) {
  prefix(node, "air", out);
  if (partition > 0) {
    append_uint(partition, out);
    out += '.';
  }
  append_uint(track_id, out);
}

void alert_uid(std::string_view node, std::string_view alert_id, std::string& out) {
  prefix(node, "alert", out);
  out += alert_id;
}

std::chrono::milliseconds reporting_interval(const track::Vessel& v) {
  using std::chrono::milliseconds;
  constexpr milliseconds k3Min{180'000};
  const double sog = v.last.has_sog() ? v.last.sog_kn() : 0.0;
  switch (v.cls) {
    case track::VesselClass::kAidToNavigation:
      return k3Min;
    case track::VesselClass::kBaseStation:
    case track::VesselClass::kSarAircraft:
      return milliseconds{10'000};
    case track::VesselClass::kClassB:
      return sog > 2 ? milliseconds{30'000} : k3Min;
    case track::VesselClass::kClassA:
    case track::VesselClass::kUnknown:
      break;
  }
  const bool moored = v.last.nav_status == 1 || v.last.nav_status == 5;  // at anchor, moored
  if (moored && sog <= 3) return k3Min;
  if (sog > 23) return milliseconds{2'000};
  if (sog > 14) return milliseconds{6'000};
  return milliseconds{10'000};
}

std::string_view vessel_type(const track::Vessel& v, Affiliation a) {
  switch (v.cls) {
    case track::VesselClass::kAidToNavigation: return "a-n-S-N";
    case track::VesselClass::kBaseStation: return "a-n-G";
    case track::VesselClass::kSarAircraft: return a == Affiliation::kHostile ? "a-h-A" : a == Affiliation::kSuspect ? "a-s-A" : "a-u-A";
    default: break;
  }
  switch (a) {
    case Affiliation::kHostile: return "a-h-S-X-M";
    case Affiliation::kSuspect: return "a-s-S-X-M";
    case Affiliation::kUnknown: break;
  }
  return "a-u-S-X-M";
}

void vessel_event(std::string_view node, const track::Vessel& v, Affiliation a, CotEvent& out) {
  reset(out);
  vessel_uid(node, v.mmsi, out.uid);
  out.type.assign(vessel_type(v, a));
  out.how.assign("m-r");
  out.time = v.last.time();
  out.start = out.time;
  out.stale = out.time + std::max(kMinVesselStale, 3 * reporting_interval(v));
  out.point.lat = v.last.lat_e7 * 1e-7;
  out.point.lon = v.last.lon_e7 * 1e-7;
  // AIS keeps no error estimate (the position accuracy flag says only
  // "better or worse than 10 m") and a hull has no height: both unknown.
  const std::string_view name = ais_text(v.statics.name.view());
  if (name.empty()) {
    append_uint(v.mmsi, out.callsign);
  } else {
    out.callsign.assign(name);
  }
  if (v.last.has_cog()) out.course_deg = v.last.cog_deg();
  if (v.last.has_sog()) out.speed_mps = v.last.sog_kn() * kKnotsToMps;
  std::string& r = out.remarks.emplace();
  r += "MMSI ";
  append_uint(v.mmsi, r);
  if (v.statics.imo != 0) {
    r += ", IMO ";
    append_uint(v.statics.imo, r);
  }
  append_field(r, "call sign ", ais_text(v.statics.callsign.view()));
  if (v.statics.shiptype != 0) append_field(r, "", ais::shiptype_text(v.statics.shiptype));
  append_field(r, "to ", ais_text(v.statics.destination.view()));
  if (a == Affiliation::kHostile) r += ", watch-listed";
  if (a == Affiliation::kSuspect) r += ", alert open";
}

bool air_event(std::string_view node, std::size_t partition, const air::TrackState& s, CotEvent& out) {
  if (s.status == air::TrackStatus::kTentative || s.status == air::TrackStatus::kDeleted) return false;
  if (s.cls == ObjectClass::kBird) return false;
  reset(out);
  air_uid(node, partition, s.id, out.uid);
  const auto& id = s.identity;
  if (id.source == CooperativeSource::kAdsb) {
    out.type.assign("a-n-A-C-F");
  } else if (id.source == CooperativeSource::kRemoteId || s.cls == ObjectClass::kDrone) {
    out.type.assign("a-u-A-M-F-Q");
  } else {
    out.type.assign("a-u-A");
  }
  out.how.assign(air::is_cooperative_track_id(s.id) ? "m-r" : "m-f");
  out.time = s.time;
  out.start = s.time;
  out.stale = s.time + kAirStale;
  out.point = {s.position.lat, s.position.lon, s.alt_m, error_m(s.sigma_pos_m), error_m(s.sigma_alt_m)};
  if (std::isfinite(s.course_deg)) out.course_deg = s.course_deg;
  if (std::isfinite(s.speed_mps)) out.speed_mps = s.speed_mps;
  const std::string_view callsign = ais_text(id.callsign.view());
  if (id.source == CooperativeSource::kAdsb) {
    out.callsign.assign(callsign.empty() ? id.id.view() : callsign);
  } else if (id.source == CooperativeSource::kRemoteId) {
    out.callsign.assign(id.serial.empty() ? id.id.view() : id.serial.view());
  }
  if (out.callsign.empty()) {
    out.callsign = "T";
    append_uint(s.id, out.callsign);
  }
  std::string& r = out.remarks.emplace();
  r += to_string(s.cls);
  r += " (";
  append_uint(static_cast<uint64_t>(std::lround(s.class_prob[static_cast<std::size_t>(s.cls)] * 100)), r);
  r += "%), track T";
  append_uint(s.id, r);
  if (s.status == air::TrackStatus::kCoasting) r += ", coasting";
  append_field(r, "ICAO ", id.source == CooperativeSource::kAdsb ? id.id.view() : std::string_view{});
  append_field(r, "squawk ", id.squawk.view());
  if (id.emergency) r += ", EMERGENCY";
  append_field(r, "operator ", id.operator_id.view());
  return true;
}

void alert_event(std::string_view node, std::size_t partition, const alert::Alert& a, CotEvent& out) {
  reset(out);
  alert_uid(node, a.id, out.uid);
  out.type.assign("b-a-g");
  out.how.assign("m-f");
  out.time = a.time;
  out.start = a.time;
  out.stale = a.time + kAlertStale;
  out.point.lat = a.pos.lat;
  out.point.lon = a.pos.lon;
  out.callsign = to_string(a.severity);
  std::transform(out.callsign.begin(), out.callsign.end(), out.callsign.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
  out.callsign += ' ';
  out.callsign += a.kind;
  // ATAK raises a b-a-g with this detail to its user as "Geo-fence Breached".
  out.emergency = lookout::cot::CotEmergency{"Geo-fence Breached", out.callsign};
  std::string& r = out.remarks.emplace(a.summary);
  r += " (score ";
  append_uint(static_cast<uint64_t>(std::max(0, a.score)), r);
  r += ", ";
  r += to_string(a.severity);
  r += ", alert ";
  r += a.id;
  r += ')';
  for (uint32_t mmsi : a.mmsi) {
    lookout::cot::CotLink& l = out.links.emplace_back();
    vessel_uid(node, mmsi, l.uid);
    l.type = "a-s-S-X-M";
    l.relation = "r-u";  // "related unit": what the alert is about
  }
  if (a.track && a.track->size() > 1 && (*a.track)[0] == 'T') {
    uint32_t id = 0;
    const std::string_view digits = std::string_view(*a.track).substr(1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec == std::errc() && p == digits.data() + digits.size()) {
      lookout::cot::CotLink& l = out.links.emplace_back();
      air_uid(node, partition, id, l.uid);
      l.type = "a-u-A";
      l.relation = "r-u";
    }
  }
}

void delete_event(std::string_view uid, Timestamp time, CotEvent& out) {
  reset(out);
  out.uid.assign(uid);
  out.type.assign("t-x-d-d");
  out.how.assign("m-f");
  out.time = time;
  out.start = time;
  out.stale = time + kDeleteStale;
  out.point.lat = 0;
  out.point.lon = 0;
  lookout::cot::CotLink& l = out.links.emplace_back();
  l.uid.assign(uid);
  l.type = "none";
  l.relation = "none";
  out.force_delete = true;
}

}  // namespace lookout::server::cot
