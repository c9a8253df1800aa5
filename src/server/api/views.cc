#include "server/api/views.h"

#include <cmath>

#include "decode/ais/legends.h"
#include "geo/asset.h"

namespace lookout::server {

namespace {

std::string iso(int64_t ms) { return format_iso8601(from_unix_ms(ms)); }

double round_to(double v, double step) { return std::round(v / step) * step; }

nlohmann::json ring_json(const std::vector<LatLon>& ring) {
  auto out = nlohmann::json::array();
  for (const auto& p : ring) out.push_back({round_to(p.lon, 1e-6), round_to(p.lat, 1e-6)});
  return out;
}

}  // namespace

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json marking_json(const Marking& m) {
  return {{"owner", m.owner}, {"releasable_to", m.releasable_to}};
}

nlohmann::json vessel_json(const track::Vessel& v, int risk, const Marking& marking, bool detail) {
  nlohmann::json j;
  j["mmsi"] = v.mmsi;
  const auto& s = v.statics;
  if (!s.name.empty()) j["name"] = std::string(s.name.view());
  if (s.imo != 0) j["imo"] = s.imo;
  if (!s.callsign.empty()) j["callsign"] = std::string(s.callsign.view());
  if (s.shiptype != 0) {
    j["shiptype"] = s.shiptype;
    j["shiptype_text"] = std::string(ais::shiptype_text(s.shiptype));
  }
  if (v.cls == track::VesselClass::kClassA) j["class"] = "A";
  if (v.cls == track::VesselClass::kClassB) j["class"] = "B";
  if (v.cls == track::VesselClass::kSarAircraft) j["class"] = "SAR";
  if (v.positions > 0) {
    const auto& p = v.last;
    j["lat"] = round_to(p.pos().lat, 1e-6);
    j["lon"] = round_to(p.pos().lon, 1e-6);
    if (p.has_sog()) j["sog"] = p.sog_kn();
    if (p.has_cog()) j["cog"] = p.cog_deg();
    if (p.has_heading()) j["heading"] = p.heading;
    if (p.nav_status != 15) j["nav_status"] = p.nav_status;
    j["time"] = iso(p.time_ms);
  }
  j["risk"] = risk;
  j["marking"] = marking_json(marking);
  if (detail) {
    if (!s.destination.empty()) j["destination"] = std::string(s.destination.view());
    if (s.length_m() > 0) j["length_m"] = s.length_m();
    if (s.dim.to_port + s.dim.to_starboard > 0) j["beam_m"] = s.dim.to_port + s.dim.to_starboard;
    if (!std::isnan(v.cruise_kn)) j["cruise_kn"] = round_to(v.cruise_kn, 0.1);
    j["first_seen"] = iso(v.first_seen_ms);
    j["last_seen"] = iso(v.last_seen_ms);
    j["positions"] = v.positions;
  }
  return j;
}

Marking ack_marking(const store::AlertRow& row) { return Marking{row.acked_nation, {}}; }

nlohmann::json ack_json(const store::AlertRow& row) {
  return {{"by", row.acked_by},
          {"nation", row.acked_nation},
          {"time", iso(row.acked_ms)},
          {"comment", row.ack_comment},
          {"marking", marking_json(ack_marking(row))}};
}

nlohmann::json alert_json(const store::AlertRow& row, std::string_view nation) {
  nlohmann::json j = nlohmann::json::parse(row.json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    // A row written by an older version without its line: rebuild the essentials.
    j = nlohmann::json::object();
    j["id"] = row.id;
    j["kind"] = row.kind;
    j["time"] = iso(row.time_ms);
    j["first_time"] = iso(row.first_time_ms);
    j["mmsi"] = row.mmsi;
    j["asset"] = row.asset ? nlohmann::json(*row.asset) : nlohmann::json(nullptr);
    j["lat"] = row.pos.lat;
    j["lon"] = row.pos.lon;
    j["score"] = row.score;
    j["severity"] = row.severity;
    j["summary"] = row.summary;
    j["marking"] = marking_json(row.marking);
  }
  j["status"] = store::to_string(row.status);
  if (row.status == store::AlertStatus::kAcknowledged && !nation.empty() &&
      releasable_to_nation(ack_marking(row), nation)) {
    j["ack"] = ack_json(row);
  }
  return j;
}

nlohmann::json alert_json(const alert::Alert& a) {
  nlohmann::json j = alert::to_json(a);
  j["status"] = a.state == alert::AlertState::kRetracted ? "retracted" : "open";
  return j;
}

nlohmann::json asset_feature(const Asset& a) {
  nlohmann::json geom;
  switch (a.geometry) {
    case GeometryType::kPoint:
      geom = {{"type", "Point"}, {"coordinates", {round_to(a.point.lon, 1e-6), round_to(a.point.lat, 1e-6)}}};
      break;
    case GeometryType::kLineString:
      geom = {{"type", "LineString"}, {"coordinates", a.lines.empty() ? nlohmann::json::array() : ring_json(a.lines[0])}};
      break;
    case GeometryType::kMultiLineString: {
      auto lines = nlohmann::json::array();
      for (const auto& l : a.lines) lines.push_back(ring_json(l));
      geom = {{"type", "MultiLineString"}, {"coordinates", lines}};
      break;
    }
    case GeometryType::kPolygon:
    case GeometryType::kMultiPolygon: {
      auto polys = nlohmann::json::array();
      for (const auto& poly : a.polygons) {
        auto rings = nlohmann::json::array();
        for (const auto& ring : poly.rings) rings.push_back(ring_json(ring));
        polys.push_back(rings);
      }
      if (a.geometry == GeometryType::kPolygon && polys.size() == 1) {
        geom = {{"type", "Polygon"}, {"coordinates", polys[0]}};
      } else {
        geom = {{"type", "MultiPolygon"}, {"coordinates", polys}};
      }
      break;
    }
  }
  nlohmann::json props = {{"id", a.id},
                          {"name", a.name},
                          {"kind", to_string(a.kind)},
                          {"buffer_m", a.buffer_m},
                          {"marking", marking_json(a.marking)}};
  if (!a.owner.empty()) props["owner"] = a.owner;
  return {{"type", "Feature"}, {"geometry", geom}, {"properties", props}};
}

}  // namespace lookout::server
