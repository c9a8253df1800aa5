#include "app/sensors_file.h"

#include <cmath>
#include <fstream>
#include <numbers>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "decode/sapient/decoder.h"

namespace lookout {

namespace {

constexpr uint32_t kWhole = 0xFFFFFFFFu;  // offset of errors about the whole file

// Reads an optional number `key` of `e` into `out`, checking [lo, hi].
bool read_number(const nlohmann::json& e, const char* key, double lo, double hi, double& out, bool& bad) {
  auto it = e.find(key);
  if (it == e.end()) return false;
  if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < lo || it->get<double>() > hi) {
    bad = true;
    return false;
  }
  out = it->get<double>();
  return true;
}

// The scan pattern and the reorder lag: "pattern" is "staring" or "rotating"; a rotating
// sensor's "revisit_s" (its revolution) may be left out, and the tracker learns it from the
// plots; a staring sensor has no revolution, so a revisit_s there is a mistake in the file.
std::optional<Error> read_scan(const nlohmann::json& e, std::size_t i, air::SensorConfig& c) {
  if (auto it = e.find("pattern"); it != e.end()) {
    if (!it->is_string()) return make_error(ErrorCode::kBadValue, i, "pattern");
    const auto& name = it->get_ref<const std::string&>();
    if (name == "staring") {
      c.pattern = air::ScanPattern::kStaring;
    } else if (name == "rotating") {
      c.pattern = air::ScanPattern::kRotating;
    } else {
      return make_error(ErrorCode::kBadValue, i, "pattern");
    }
  }
  if (c.pattern == air::ScanPattern::kStaring && c.revisit_s > 0) return make_error(ErrorCode::kBadValue, i, "revisit_s");
  if (auto it = e.find("reorder_lag_ms"); it != e.end()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > 600000) {
      return make_error(ErrorCode::kBadValue, i, "reorder_lag_ms");
    }
    c.reorder_lag_ms = static_cast<int>(it->get<int64_t>());
  }
  return std::nullopt;
}

}  // namespace

Result<std::vector<air::SensorConfig>> parse_sensors_json(std::string_view text) {
  nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return make_error(ErrorCode::kBadJson, kWhole);
  if (!doc.is_array()) return make_error(ErrorCode::kBadValue, kWhole, "sensors");
  std::vector<air::SensorConfig> out;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const auto& e = doc[i];
    if (!e.is_object()) return make_error(ErrorCode::kBadValue, i, "sensor");
    air::SensorConfig c;
    auto id = e.find("id");
    if (id == e.end()) return make_error(ErrorCode::kMissingField, i, "id");
    if (id->is_string() && sapient::is_uuid(id->get<std::string>())) {
      // A SAPIENT node, named as its detections name it (decode/sapient/decoder.h).
      c.id = sapient::sensor_name(id->get<std::string>());
    } else if (!id->is_string() || id->get<std::string>().empty() || id->get<std::string>().size() > 32) {
      return make_error(ErrorCode::kBadValue, i, "id");
    } else {
      c.id = FixedString<32>(id->get<std::string>());
    }
    bool bad = false;
    double lat = 0, lon = 0;
    if (!read_number(e, "lat", -90, 90, lat, bad)) return make_error(bad ? ErrorCode::kBadValue : ErrorCode::kMissingField, i, "lat");
    if (!read_number(e, "lon", -180, 180, lon, bad)) return make_error(bad ? ErrorCode::kBadValue : ErrorCode::kMissingField, i, "lon");
    c.position = LatLon{lat, lon};
    struct Field {
      const char* key;
      double lo, hi;
      double* out;
    };
    double clutter_per_scan = -1;
    const Field fields[] = {
        {"alt_m", -1000, 60000, &c.alt_m},
        {"sigma_range_m", 1e-3, 1e5, &c.sigma_range_m},
        {"sigma_bearing_deg", 1e-4, 90, &c.sigma_bearing_deg},
        {"sigma_elevation_deg", 1e-4, 90, &c.sigma_elevation_deg},
        {"sigma_m", 1e-3, 1e5, &c.sigma_m},
        {"sigma_alt_m", 1e-3, 1e5, &c.sigma_alt_m},
        {"pd", 1e-3, 1, &c.pd},
        {"clutter_per_km2", 0, 1e4, &c.clutter_per_km2},
        {"clutter_per_scan", 0, 1e7, &clutter_per_scan},
        {"max_range_m", 0, 1e6, &c.max_range_m},
        {"class_weight", 0, 1, &c.class_weight},
        {"default_confidence", 0, 1, &c.default_confidence},
        {"min_range_m", 0, 1e6, &c.min_range_m},
        {"sector_centre_deg", 0, 360, &c.sector_centre_deg},
        {"sector_width_deg", 1e-3, 360, &c.sector_width_deg},
        {"min_elevation_deg", -90, 90, &c.min_elevation_deg},
        {"max_elevation_deg", -90, 90, &c.max_elevation_deg},
        {"revisit_s", 0, 3600, &c.revisit_s},
    };
    for (const auto& f : fields) {
      read_number(e, f.key, f.lo, f.hi, *f.out, bad);
      if (bad) return make_error(ErrorCode::kBadValue, i, f.key);
    }
    if (c.max_range_m > 0 && c.min_range_m >= c.max_range_m) return make_error(ErrorCode::kBadValue, i, "min_range_m");
    if (c.min_elevation_deg >= c.max_elevation_deg) return make_error(ErrorCode::kBadValue, i, "min_elevation_deg");
    if (auto err = read_scan(e, i, c)) return *err;
    if (clutter_per_scan >= 0) {
      if (e.contains("clutter_per_km2")) return make_error(ErrorCode::kBadValue, i, "clutter_per_scan");
      if (c.max_range_m <= 0) return make_error(ErrorCode::kMissingField, i, "max_range_m");
      // Over the coverage: the ring between min_range_m and max_range_m, in the sector.
      double area_km2 = std::numbers::pi * (c.max_range_m * c.max_range_m - c.min_range_m * c.min_range_m) / 1e6 *
                        (c.sector_width_deg / 360.0);
      c.clutter_per_km2 = std::max(clutter_per_scan / area_km2, 1e-6);
    }
    c.origin = air::SensorOrigin::kFile;
    for (const auto& prev : out) {
      if (prev.id == c.id) return make_error(ErrorCode::kBadValue, i, "id");
    }
    out.push_back(c);
  }
  return out;
}

Result<std::vector<air::SensorConfig>> load_sensors_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIoError, kWhole);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return make_error(ErrorCode::kIoError, kWhole);
  return parse_sensors_json(ss.str());
}

std::string describe_sensors_error(const Error& e) {
  if (e.code == ErrorCode::kIoError) return "cannot be read";
  if (e.code == ErrorCode::kBadJson) return "not JSON";
  std::string s;
  if (e.offset != kWhole) s = "entry " + std::to_string(e.offset) + ": ";
  s += to_string(e.code);
  if (e.field != nullptr) s += std::string(" in field '") + e.field + "'";
  if (e.field != nullptr && std::string_view(e.field) == "id" && e.code == ErrorCode::kBadValue) {
    s += " (empty, longer than 32 bytes, not text, or repeated)";
  }
  if (e.field != nullptr && std::string_view(e.field) == "max_range_m" && e.code == ErrorCode::kMissingField) {
    s += " (clutter_per_scan needs the coverage radius)";
  }
  if (e.field != nullptr && std::string_view(e.field) == "pattern") s += " (\"staring\" or \"rotating\")";
  if (e.field != nullptr && std::string_view(e.field) == "revisit_s" && e.code == ErrorCode::kBadValue) {
    s += " (0 to 3600 s, and only for a rotating sensor)";
  }
  if (e.field != nullptr && std::string_view(e.field) == "min_range_m" && e.code == ErrorCode::kBadValue) {
    s += " (0 or more, below max_range_m)";
  }
  if (e.field != nullptr && std::string_view(e.field) == "min_elevation_deg" && e.code == ErrorCode::kBadValue) {
    s += " (-90 to 90 degrees, below max_elevation_deg)";
  }
  if (e.field != nullptr && std::string_view(e.field) == "reorder_lag_ms") s += " (whole milliseconds, 0 to 600000)";
  if (e.field != nullptr && std::string_view(e.field) == "sensors") s += " (the file must hold a JSON array)";
  return s;
}

}  // namespace lookout
