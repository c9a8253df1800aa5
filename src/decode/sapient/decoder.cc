#include "decode/sapient/decoder.h"

#include <GeographicLib/UTMUPS.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <exception>
#include <numbers>

#include "core/geodesy.h"

namespace lookout::sapient {
namespace {

constexpr double kDegPerRad = 180.0 / std::numbers::pi;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void set_why(std::string* why, std::string text) {
  if (why != nullptr) *why = std::move(text);
}

// Parses "30U" / "30N" / "30" into a zone and hemisphere. Letters are either
// the MGRS latitude band (C..M south, N..X north) or N/S.
bool parse_utm_zone(std::string_view text, int* zone, bool* north) {
  std::size_t i = 0;
  int z = 0;
  while (i < text.size() && i < 2 && std::isdigit(static_cast<unsigned char>(text[i]))) {
    z = z * 10 + (text[i] - '0');
    ++i;
  }
  if (i == 0 || z < 1 || z > 60) return false;
  bool n = true;
  if (i < text.size()) {
    const char band = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
    if (band == 'S') {
      n = false;  // hemisphere notation ("30S"), although S is also a northern latitude band
    } else if (band >= 'C' && band <= 'M' && band != 'I') {
      n = false;
    } else if (band >= 'N' && band <= 'X' && band != 'O') {
      n = true;
    } else {
      return false;
    }
    ++i;
  }
  if (i != text.size()) return false;
  *zone = z;
  *north = n;
  return true;
}

// The deepest sub-class (following the most confident at each level) that maps
// to a known class, else the class of `type` itself.
template <typename Sub>
ObjectClass refine(ObjectClass cls, const google::protobuf::RepeatedPtrField<Sub>& subs, int depth) {
  if (subs.empty() || depth > 16) return cls;
  const Sub* best = &subs[0];
  for (const Sub& s : subs) {
    if (s.confidence() > best->confidence()) best = &s;
  }
  ObjectClass own = object_class_from_sapient(best->type());
  if (own == ObjectClass::kUnknown) own = cls;
  return refine(own, best->sub_class(), depth + 1);
}

}  // namespace

Result<SapientMessage> decode_message(std::string_view bytes, std::vector<Violation>* why) {
  if (why != nullptr) why->clear();
  if (bytes.size() > kMaxMessageBytes) {
    if (why != nullptr) {
      why->push_back(Violation{ErrorCode::kLineTooLong, "(message)",
                               "larger than " + std::to_string(kMaxMessageBytes) + " bytes", nullptr});
    }
    return make_error(ErrorCode::kLineTooLong, bytes.size(), "SapientMessage");
  }
  SapientMessage msg;
  if (!msg.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    if (why != nullptr) {
      why->push_back(Violation{ErrorCode::kBadValue, "(message)",
                               "not a serialized SapientMessage (protobuf parse failed)", nullptr});
    }
    return make_error(ErrorCode::kBadValue, 0, "SapientMessage");
  }
  std::vector<Violation> violations = validate(msg);
  if (!violations.empty()) {
    const Violation& first = violations.front();
    const Error error = make_error(first.code, 0, first.field != nullptr ? first.field : "SapientMessage");
    if (why != nullptr) *why = std::move(violations);
    return error;
  }
  return msg;
}

Result<LatLon> to_latlon(const pb::Location& loc, std::optional<double>* alt_m, std::optional<double>* sigma_m,
                         std::string* why) {
  LatLon out;
  double sigma_x_m = 0;
  double sigma_y_m = 0;
  switch (loc.coordinate_system()) {
    case pb::LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M:
      out = LatLon{loc.y(), loc.x()};
      sigma_y_m = loc.y_error() * metres_per_deg_lat(out.lat);
      sigma_x_m = loc.x_error() * metres_per_deg_lon(out.lat);
      break;
    case pb::LOCATION_COORDINATE_SYSTEM_LAT_LNG_RAD_M:
      out = LatLon{loc.y() * kDegPerRad, loc.x() * kDegPerRad};
      if (out.lon > 180) out.lon -= 360;
      sigma_y_m = loc.y_error() * kDegPerRad * metres_per_deg_lat(out.lat);
      sigma_x_m = loc.x_error() * kDegPerRad * metres_per_deg_lon(out.lat);
      break;
    case pb::LOCATION_COORDINATE_SYSTEM_UTM_M: {
      int zone = 0;
      bool north = true;
      if (!loc.has_utm_zone() || !parse_utm_zone(loc.utm_zone(), &zone, &north)) {
        set_why(why, "UTM location needs a utm_zone such as \"30U\" (got \"" + loc.utm_zone() + "\")");
        return make_error(ErrorCode::kBadValue, 0, "utm_zone");
      }
      try {
        GeographicLib::UTMUPS::Reverse(zone, north, loc.x(), loc.y(), out.lat, out.lon);
      } catch (const std::exception& e) {
        set_why(why, std::string("UTM coordinates out of range: ") + e.what());
        return make_error(ErrorCode::kBadValue, 0, "x");
      }
      sigma_x_m = loc.x_error();
      sigma_y_m = loc.y_error();
      break;
    }
    default:
      set_why(why, "unknown coordinate system");
      return make_error(ErrorCode::kBadValue, 0, "coordinate_system");
  }
  if (!out.valid() || !std::isfinite(out.lat) || !std::isfinite(out.lon)) {
    set_why(why, "position out of range");
    return make_error(ErrorCode::kBadValue, 0, "y");
  }
  if (alt_m != nullptr) *alt_m = loc.has_z() ? std::optional<double>(loc.z()) : std::nullopt;
  if (sigma_m != nullptr) {
    const double s = std::max(std::fabs(sigma_x_m), std::fabs(sigma_y_m));
    *sigma_m = (loc.has_x_error() || loc.has_y_error()) && std::isfinite(s) ? std::optional<double>(s) : std::nullopt;
  }
  return out;
}

Result<SensorDetection> to_detection(const SapientMessage& msg, const NodeContext& node, std::string* why) {
  if (!msg.has_detection_report()) {
    set_why(why, "not a DetectionReport");
    return make_error(ErrorCode::kMissingField, 0, "detection_report");
  }
  const pb::DetectionReport& report = msg.detection_report();
  SensorDetection det;
  const auto& ts = msg.timestamp();
  det.time = from_unix_ms(ts.seconds() * 1000 + ts.nanos() / 1000000);
  det.sensor = sensor_name(msg.node_id());
  det.object_id.assign(report.object_id());

  if (report.has_location()) {
    auto pos = to_latlon(report.location(), &det.alt_m, &det.sigma_m, why);
    if (!pos.ok()) return pos.error();
    det.position = *pos;
  } else if (report.has_range_bearing()) {
    const pb::RangeBearing& rb = report.range_bearing();
    double angle_scale = 1.0;
    double range_scale = 1.0;
    switch (rb.coordinate_system()) {
      case pb::RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M: break;
      case pb::RANGE_BEARING_COORDINATE_SYSTEM_RADIANS_M: angle_scale = kDegPerRad; break;
      case pb::RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_KM: range_scale = 1000.0; break;
      case pb::RANGE_BEARING_COORDINATE_SYSTEM_RADIANS_KM: angle_scale = kDegPerRad; range_scale = 1000.0; break;
      default:
        set_why(why, "unknown range-bearing coordinate system");
        return make_error(ErrorCode::kBadValue, 0, "coordinate_system");
    }
    if (rb.datum() == pb::RANGE_BEARING_DATUM_MAGNETIC || rb.datum() == pb::RANGE_BEARING_DATUM_PLATFORM) {
      set_why(why, "bearings from magnetic north or the platform heading cannot be resolved (no declination or "
                   "heading in the report); send true or grid bearings");
      return make_error(ErrorCode::kBadValue, 0, "datum");
    }
    if (!rb.has_azimuth()) {
      set_why(why, "range_bearing has no azimuth");
      return make_error(ErrorCode::kMissingField, 0, "azimuth");
    }
    double bearing = std::fmod(rb.azimuth() * angle_scale, 360.0);
    if (bearing < 0) bearing += 360.0;
    // A tiny negative azimuth rounds to exactly 360 after the shift (found by fuzz_sapient).
    if (bearing >= 360.0) bearing = 0.0;
    det.bearing_deg = bearing;
    if (rb.has_elevation()) det.elevation_deg = rb.elevation() * angle_scale;
    if (rb.has_range()) det.range_m = rb.range() * range_scale;
    if (det.range_m && node.position) {
      const double elev_rad = det.elevation_deg.value_or(0.0) / kDegPerRad;
      const double ground_m = *det.range_m * std::cos(elev_rad);
      det.position = destination(*node.position, bearing, ground_m);
      if (node.alt_m) det.alt_m = *node.alt_m + *det.range_m * std::sin(elev_rad);
    }
    if (rb.has_range_error()) det.sigma_m = std::fabs(rb.range_error() * range_scale);
  }

  if (report.has_enu_velocity()) {
    const pb::ENUVelocity& v = report.enu_velocity();
    const double scale = node.velocity_in_kph ? 1000.0 / 3600.0 : 1.0;
    det.vel_e = v.east_rate() * scale;
    det.vel_n = v.north_rate() * scale;
    if (v.has_up_rate()) det.vel_u = v.up_rate() * scale;
  }

  // The most confident top-level classification, refined by its sub-classes.
  const pb::DetectionReport::DetectionReportClassification* best = nullptr;
  for (const auto& c : report.classification()) {
    if (best == nullptr || c.confidence() > best->confidence()) best = &c;
  }
  if (best != nullptr) {
    det.cls = refine(object_class_from_sapient(best->type()), best->sub_class(), 0);
    if (best->has_confidence()) det.confidence = best->confidence();
  }
  return det;
}

ObjectClass object_class_from_sapient(std::string_view type) noexcept {
  std::string text;
  try {
    text = lower(type);
  } catch (...) {
    return ObjectClass::kUnknown;
  }
  auto has = [&](std::string_view word) { return text.find(word) != std::string::npos; };
  if (has("uav") || has("uas") || has("drone") || has("unmanned") || has("air vehicle") || has("quadcopter") ||
      has("multirotor") || has("multi-rotor") || has("rpas")) {
    return ObjectClass::kDrone;
  }
  if (has("bird")) return ObjectClass::kBird;
  if (has("aircraft") || has("airplane") || has("aeroplane") || has("airliner") || has("helicopter") ||
      has("manned")) {
    return ObjectClass::kAircraft;
  }
  return ObjectClass::kUnknown;
}

FixedString<32> sensor_name(std::string_view node_uuid) noexcept {
  FixedString<32> out;
  for (char c : node_uuid) {
    if (c == '-') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace lookout::sapient
