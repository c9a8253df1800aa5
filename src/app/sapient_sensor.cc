#include "app/sapient_sensor.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <string_view>

#include "core/geodesy.h"
#include "decode/sapient/decoder.h"

namespace lookout {
namespace {

namespace pb = sapient::pb;

constexpr double kDegPerRad = 180.0 / std::numbers::pi;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has(const std::string& text, std::string_view word) { return text.find(word) != std::string::npos; }

// A free-text number ("2.5", " 30 "); nullopt when it is not one.
std::optional<double> number(const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(v)) return std::nullopt;
  while (*end != '\0' && std::isspace(static_cast<unsigned char>(*end))) ++end;
  if (*end != '\0') return std::nullopt;
  return v;
}

void set_why(std::string* why, std::string text) {
  if (why != nullptr) *why = std::move(text);
}

std::optional<double> seconds_of(const std::string& units, double v) {
  const std::string u = lower(units);
  if (u == "s" || has(u, "second") || u == "sec") return v;
  if (u == "ms" || has(u, "milli")) return v / 1000.0;
  if (u == "min" || has(u, "minute")) return v * 60.0;
  return std::nullopt;
}

std::optional<double> metres_of(const std::string& units, double v) {
  const std::string u = lower(units);
  if (u == "km" || has(u, "kilomet")) return v * 1000.0;
  if (u == "m" || has(u, "metre") || has(u, "meter")) return v;
  return std::nullopt;
}

std::optional<double> degrees_of(const std::string& units, double v) {
  const std::string u = lower(units);
  if (has(u, "rad")) return v * kDegPerRad;
  if (has(u, "deg")) return v;
  return std::nullopt;
}

const char* node_type_name(pb::Registration::NodeType t) {
  switch (t) {
    case pb::Registration::NODE_TYPE_RADAR: return "radar";
    case pb::Registration::NODE_TYPE_LIDAR: return "lidar";
    case pb::Registration::NODE_TYPE_CAMERA: return "camera";
    case pb::Registration::NODE_TYPE_SEISMIC: return "seismic";
    case pb::Registration::NODE_TYPE_ACOUSTIC: return "acoustic";
    case pb::Registration::NODE_TYPE_PROXIMITY_SENSOR: return "proximity_sensor";
    case pb::Registration::NODE_TYPE_PASSIVE_RF: return "passive_rf";
    case pb::Registration::NODE_TYPE_HUMAN: return "human";
    case pb::Registration::NODE_TYPE_MOBILE_NODE: return "mobile_node";
    case pb::Registration::NODE_TYPE_POINTABLE_NODE: return "pointable_node";
    case pb::Registration::NODE_TYPE_FUSION_NODE: return "fusion_node";
    case pb::Registration::NODE_TYPE_UNSPECIFIED: return "unspecified";
    default: return "other";
  }
}

// The revisit period a performance value gives, if it is one.
std::optional<double> revisit_of(const pb::Registration::PerformanceValue& p) {
  const std::string type = lower(p.type());
  const std::string units = lower(p.units());
  auto v = number(p.unit_value());
  if (!v || *v <= 0) return std::nullopt;
  if (has(type, "rotation") || has(type, "rotate")) {
    if (has(units, "rpm") || has(units, "revolutions per minute")) return 60.0 / *v;
    if (has(units, "per second") || has(units, "/s")) {
      auto deg = degrees_of(units, *v);
      if (deg && *deg > 0) return 360.0 / *deg;
    }
    return std::nullopt;
  }
  if (has(type, "revisit") || has(type, "scan period") || has(type, "rotation period")) return seconds_of(units, *v);
  return std::nullopt;
}

void collect_classes(const google::protobuf::RepeatedPtrField<pb::Registration::SubClass>& subs,
                     std::vector<std::string>& out, int depth) {
  if (depth > 16) return;
  for (const auto& s : subs) {
    out.push_back(s.type());
    collect_classes(s.sub_class(), out, depth + 1);
  }
}

void apply_detection_definition(const pb::Registration::DetectionDefinition& def, SapientSensorInfo& info,
                                bool rotating) {
  air::SensorConfig& c = info.config;
  auto take_revisit = [&](const pb::Registration::PerformanceValue& p) {
    if (!rotating) return;
    if (auto r = revisit_of(p); r && *r > 0 && *r < 3600) c.revisit_s = *r;
  };
  for (const auto& p : def.detection_performance()) {
    take_revisit(p);
    const std::string type = lower(p.type());
    if (type == "far" || has(type, "false alarm")) {
      const std::string units = lower(p.units());
      auto v = number(p.unit_value());
      if (v && *v >= 0) {
        if (has(units, "scan") || has(units, "period") || has(units, "revolution")) {
          info.false_alarms_per_scan = *v;
        } else if (has(units, "second") || has(units, "/s")) {
          info.false_alarms_per_s = *v;
        } else if (has(units, "minute") || has(units, "/min")) {
          info.false_alarms_per_s = *v / 60.0;
        } else if (has(units, "hour") || has(units, "/h")) {
          info.false_alarms_per_s = *v / 3600.0;
        }
      }
    }
    if (type == "pd" || has(type, "probability of detection")) {
      if (auto v = number(p.unit_value())) {
        double pd = has(lower(p.units()), "%") || has(lower(p.units()), "percent") ? *v / 100.0 : *v;
        if (pd > 0 && pd <= 1) c.pd = pd;
      }
    }
  }
  if (def.has_geometric_error()) {
    const auto& ge = def.geometric_error();
    const bool sigma = has(lower(ge.type()), "standard deviation") || has(lower(ge.type()), "sigma");
    for (const auto& p : ge.performance_value()) {
      take_revisit(p);
      if (!sigma) continue;
      const std::string type = lower(p.type());
      auto v = number(p.unit_value());
      if (!v || *v <= 0) continue;
      if (has(type, "range")) {
        if (auto m = metres_of(p.units(), *v); m && std::isfinite(*m)) c.sigma_range_m = *m;
      } else if (has(type, "azimuth") || has(type, "bearing")) {
        if (auto d = degrees_of(p.units(), *v); d && *d <= 90) c.sigma_bearing_deg = *d;
      } else if (has(type, "elevation")) {
        if (auto d = degrees_of(p.units(), *v); d && *d <= 90) c.sigma_elevation_deg = *d;
      } else if (has(type, "position") || has(type, "horizontal")) {
        if (auto m = metres_of(p.units(), *v); m && std::isfinite(*m)) c.sigma_m = *m;
      }
    }
  }
  for (const auto& cd : def.detection_class_definition()) {
    for (const auto& cls : cd.class_definition()) {
      info.classes.push_back(cls.type());
      collect_classes(cls.sub_class(), info.classes, 0);
    }
  }
}

// Range and sector from `site` that hold every point of `points`.
bool polygon_coverage(const pb::LocationList& list, LatLon site, SapientStatus& out) {
  if (list.locations_size() < 3) return false;
  std::vector<double> bearings;
  double max_m = 0;
  double cross_sum = 0;  // winding of the polygon around the site (radians)
  double prev = std::nan("");
  double first = std::nan("");
  for (const auto& loc : list.locations()) {
    auto p = sapient::to_latlon(loc);
    if (!p.ok()) return false;
    const double d = distance_m(site, *p);
    double b = std::fmod(initial_bearing_deg(site, *p), 360.0);
    if (b < 0) b += 360.0;
    if (b >= 360.0) b = 0;
    if (!std::isfinite(d) || !std::isfinite(b)) return false;
    max_m = std::max(max_m, d);
    bearings.push_back(b);
    if (std::isnan(first)) first = b;
    if (!std::isnan(prev)) cross_sum += std::remainder(b - prev, 360.0);
    prev = b;
  }
  cross_sum += std::remainder(first - prev, 360.0);
  out.has_coverage = true;
  out.min_range_m = 0;
  out.max_range_m = max_m;
  if (std::fabs(cross_sum) > 180.0) {  // the polygon winds around the site: all round
    out.sector_centre_deg = 0;
    out.sector_width_deg = 360;
    return true;
  }
  // The smallest arc holding every bearing: the complement of the widest gap.
  std::sort(bearings.begin(), bearings.end());
  double widest_gap = 0;
  double gap_end = bearings.front();
  for (std::size_t i = 0; i < bearings.size(); ++i) {
    const double next = i + 1 < bearings.size() ? bearings[i + 1] : bearings.front() + 360.0;
    if (next - bearings[i] > widest_gap) {
      widest_gap = next - bearings[i];
      gap_end = std::fmod(next, 360.0);
    }
  }
  out.sector_width_deg = 360.0 - widest_gap;
  out.sector_centre_deg = std::fmod(gap_end + out.sector_width_deg / 2.0, 360.0);
  if (!(out.sector_width_deg > 0)) {  // every point on one bearing: a sliver, not nothing
    out.sector_width_deg = 1e-3;
  }
  return true;
}

bool cone_coverage(const pb::RangeBearingCone& cone, SapientStatus& out) {
  double angle = 1.0;
  double range = 1.0;
  switch (cone.coordinate_system()) {
    case pb::RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M: break;
    case pb::RANGE_BEARING_COORDINATE_SYSTEM_RADIANS_M: angle = kDegPerRad; break;
    case pb::RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_KM: range = 1000.0; break;
    case pb::RANGE_BEARING_COORDINATE_SYSTEM_RADIANS_KM: angle = kDegPerRad; range = 1000.0; break;
    default: return false;
  }
  out.has_coverage = true;
  if (cone.has_range() && std::isfinite(cone.range() * range) && cone.range() > 0) out.max_range_m = cone.range() * range;
  const bool north_known =
      cone.datum() == pb::RANGE_BEARING_DATUM_TRUE || cone.datum() == pb::RANGE_BEARING_DATUM_GRID;
  if (north_known && cone.has_horizontal_extent() && std::isfinite(cone.horizontal_extent())) {
    const double width = std::fabs(cone.horizontal_extent() * angle);
    if (width > 0 && width < 360) {
      double centre = std::fmod(cone.azimuth() * angle, 360.0);
      if (centre < 0) centre += 360.0;
      if (!std::isfinite(centre) || centre >= 360.0) centre = 0;
      out.sector_centre_deg = centre;
      out.sector_width_deg = width;
    }
  }
  if (cone.has_vertical_extent() && std::isfinite(cone.vertical_extent()) && cone.vertical_extent() > 0 &&
      std::isfinite(cone.elevation())) {
    const double half = cone.vertical_extent() * angle / 2.0;
    const double elev = cone.elevation() * angle;
    out.min_elevation_deg = std::clamp(elev - half, -90.0, 90.0);
    out.max_elevation_deg = std::clamp(elev + half, -90.0, 90.0);
  }
  return true;
}

bool area_coverage(const pb::LocationOrRangeBearing& area, std::optional<LatLon> site, SapientStatus& out) {
  if (area.has_range_bearing()) return cone_coverage(area.range_bearing(), out);
  if (area.has_location_list() && site) return polygon_coverage(area.location_list(), *site, out);
  return false;
}

}  // namespace

bool apply_mode(const pb::Registration& reg, const std::string& mode, SapientSensorInfo& info) {
  const pb::Registration::ModeDefinition* def = nullptr;
  for (const auto& m : reg.mode_definition()) {
    if (m.mode_name() == mode) {
      def = &m;
      break;
    }
  }
  if (def == nullptr) return false;
  // Start again from the defaults for what a mode sets, so that a mode change
  // does not keep the previous mode's values.
  const air::SensorConfig defaults;
  air::SensorConfig& c = info.config;
  c.pattern = def->scan_type() == pb::Registration::SCAN_TYPE_SCANNING ? air::ScanPattern::kRotating
                                                                     : air::ScanPattern::kStaring;
  c.revisit_s = 0;
  c.sigma_range_m = defaults.sigma_range_m;
  c.sigma_bearing_deg = defaults.sigma_bearing_deg;
  c.sigma_elevation_deg = defaults.sigma_elevation_deg;
  c.sigma_m = defaults.sigma_m;
  c.pd = defaults.pd;
  info.classes.clear();
  info.false_alarms_per_scan.reset();
  info.false_alarms_per_s.reset();
  info.mode = mode;
  const bool rotating = c.pattern == air::ScanPattern::kRotating;
  for (const auto& p : def->mode_parameter()) {
    pb::Registration::PerformanceValue as_value;
    as_value.set_type(p.type());
    as_value.set_unit_value(p.value());
    if (rotating) {
      if (auto r = revisit_of(as_value); r && *r > 0 && *r < 3600) c.revisit_s = *r;
    }
  }
  for (const auto& d : def->detection_definition()) apply_detection_definition(d, info, rotating);
  return true;
}

Result<SapientSensorInfo> describe_registration(const sapient::SapientMessage& msg, std::string* why) {
  if (!msg.has_registration()) {
    set_why(why, "not a Registration");
    return make_error(ErrorCode::kMissingField, 0, "registration");
  }
  const pb::Registration& reg = msg.registration();
  if (reg.mode_definition_size() == 0) {
    set_why(why, "registration.mode_definition: no mode, so nothing says how the node reports");
    return make_error(ErrorCode::kMissingField, 0, "mode_definition");
  }
  SapientSensorInfo info;
  info.config.id = sapient::sensor_name(msg.node_id());
  info.config.origin = air::SensorOrigin::kSapient;
  info.name = reg.name();
  info.node_type = reg.node_definition_size() > 0 ? node_type_name(reg.node_definition(0).node_type()) : "unspecified";
  for (const auto& child : reg.dependent_nodes()) info.dependents.push_back(std::string(sapient::sensor_name(child).view()));
  // The mode in force until a status names one: the default mode, else the first.
  const pb::Registration::ModeDefinition* start = &reg.mode_definition(0);
  for (const auto& m : reg.mode_definition()) {
    if (m.mode_type() == pb::Registration::MODE_TYPE_DEFAULT) {
      start = &m;
      break;
    }
  }
  apply_mode(reg, start->mode_name(), info);
  return info;
}

Result<SapientStatus> read_status(const pb::StatusReport& status, std::optional<LatLon> site, std::string* why) {
  SapientStatus out;
  out.goodbye = status.system() == pb::StatusReport::SYSTEM_GOODBYE;
  out.mode = status.mode();
  if (status.has_node_location()) {
    std::string reason;
    auto pos = sapient::to_latlon(status.node_location(), &out.alt_m, &out.position_sigma_m, &reason);
    if (!pos.ok()) {
      set_why(why, "status_report.node_location: " + reason);
      return make_error(ErrorCode::kBadValue, 0, "node_location");
    }
    out.position = *pos;
    site = *pos;
    // Heights and errors go into the tracker's arithmetic: only finite ones.
    if (out.alt_m && !std::isfinite(*out.alt_m)) out.alt_m.reset();
    if (out.position_sigma_m && !std::isfinite(*out.position_sigma_m)) out.position_sigma_m.reset();
  }
  if (status.has_field_of_view()) {
    area_coverage(status.field_of_view(), site, out);
  }
  if (!out.has_coverage) {
    // The areas the node can cover, together: the widest range, and all round
    // unless there is exactly one sector.
    SapientStatus total;
    int n = 0;
    for (const auto& area : status.coverage()) {
      SapientStatus one;
      if (!area_coverage(area, site, one)) continue;
      if (n++ == 0) {
        total = one;
      } else {
        total.max_range_m = total.max_range_m == 0 || one.max_range_m == 0 ? 0 : std::max(total.max_range_m, one.max_range_m);
        total.sector_centre_deg = 0;
        total.sector_width_deg = 360;
        total.min_elevation_deg = std::min(total.min_elevation_deg, one.min_elevation_deg);
        total.max_elevation_deg = std::max(total.max_elevation_deg, one.max_elevation_deg);
      }
    }
    if (n > 0) {
      out.has_coverage = true;
      out.min_range_m = total.min_range_m;
      out.max_range_m = total.max_range_m;
      out.sector_centre_deg = total.sector_centre_deg;
      out.sector_width_deg = total.sector_width_deg;
      out.min_elevation_deg = total.min_elevation_deg;
      out.max_elevation_deg = total.max_elevation_deg;
    }
  }
  return out;
}

void apply_false_alarms(const SapientSensorInfo& info, air::SensorConfig& c) {
  if (c.max_range_m <= 0) return;
  double per_scan = 0;
  if (info.false_alarms_per_scan) {
    per_scan = *info.false_alarms_per_scan;
  } else if (info.false_alarms_per_s) {
    per_scan = *info.false_alarms_per_s * (c.pattern == air::ScanPattern::kRotating && c.revisit_s > 0 ? c.revisit_s : 1.0);
  } else {
    return;
  }
  const double inner = std::min(c.min_range_m, c.max_range_m);
  const double area_km2 =
      std::numbers::pi * (c.max_range_m * c.max_range_m - inner * inner) * (c.sector_width_deg / 360.0) / 1e6;
  if (!(area_km2 > 0) || !std::isfinite(per_scan)) return;
  // Bounded as a sensors file bounds it (app/sensors_file.h).
  c.clutter_per_km2 = std::clamp(per_scan / area_km2, 1e-6, 1e4);
}

void apply_coverage(const SapientStatus& s, air::SensorConfig& c) {
  if (!s.has_coverage) return;
  c.min_range_m = s.min_range_m;
  c.max_range_m = s.max_range_m;
  c.sector_centre_deg = s.sector_centre_deg;
  c.sector_width_deg = s.sector_width_deg;
  c.min_elevation_deg = s.min_elevation_deg;
  c.max_elevation_deg = s.max_elevation_deg;
}

}  // namespace lookout
