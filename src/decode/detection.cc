#include "decode/detection.h"

#include <cctype>
#include <charconv>

#include "core/json_out.h"
#include "decode/cooperative.h"

namespace lookout {

const char* to_string(CooperativeSource s) noexcept {
  switch (s) {
    case CooperativeSource::kAdsb: return "adsb";
    case CooperativeSource::kRemoteId: return "remote_id";
    case CooperativeSource::kNone: break;
  }
  return "none";
}

const char* to_string(ObjectClass c) noexcept {
  switch (c) {
    case ObjectClass::kDrone: return "drone";
    case ObjectClass::kBird: return "bird";
    case ObjectClass::kAircraft: return "aircraft";
    case ObjectClass::kUnknown:
    case ObjectClass::kCount: break;
  }
  return "unknown";
}

ObjectClass object_class_from_string(std::string_view text) noexcept {
  auto equals = [&](std::string_view name) {
    if (text.size() != name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != name[i]) return false;
    }
    return true;
  };
  if (equals("drone")) return ObjectClass::kDrone;
  if (equals("bird")) return ObjectClass::kBird;
  if (equals("aircraft")) return ObjectClass::kAircraft;
  return ObjectClass::kUnknown;
}

std::optional<ObjectClass> parse_object_class(std::string_view text) noexcept {
  ObjectClass c = object_class_from_string(text);
  if (c != ObjectClass::kUnknown) return c;
  constexpr std::string_view kUnknownName = "unknown";
  if (text.size() != kUnknownName.size()) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != kUnknownName[i]) return std::nullopt;
  }
  return ObjectClass::kUnknown;
}

namespace {

void append_number(std::string& out, const char* key, double v) {
  out += ",\"";
  out += key;
  out += "\":";
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(res.ptr - buf));
}

void append_optional(std::string& out, const char* key, const std::optional<double>& v) {
  if (v) append_number(out, key, *v);
}

void append_text(std::string& out, const char* key, std::string_view v) {
  out += ",\"";
  out += key;
  out += "\":\"";
  append_json_escaped(out, v);
  out += '"';
}

}  // namespace

void append_detection_json_line(std::string& out, const SensorDetection& d) {
  out += "{\"time\":\"";
  char stamp[32];
  out.append(stamp, format_iso8601(d.time, stamp));
  out += '"';
  append_text(out, "sensor", d.sensor.view());
  if (!d.object_id.empty()) append_text(out, "object_id", d.object_id.view());
  if (d.position) {
    append_number(out, "lat", d.position->lat);
    append_number(out, "lon", d.position->lon);
  }
  append_optional(out, "alt_m", d.alt_m);
  append_optional(out, "range_m", d.range_m);
  append_optional(out, "bearing_deg", d.bearing_deg);
  append_optional(out, "elevation_deg", d.elevation_deg);
  append_optional(out, "sigma_m", d.sigma_m);
  append_optional(out, "vel_e", d.vel_e);
  append_optional(out, "vel_n", d.vel_n);
  append_optional(out, "vel_u", d.vel_u);
  if (d.cls != ObjectClass::kUnknown || d.confidence) append_text(out, "class", to_string(d.cls));
  append_optional(out, "confidence", d.confidence);
  out += "}\n";
}

}  // namespace lookout
