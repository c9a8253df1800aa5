#include "geo/asset_loader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <unordered_map>

namespace lookout {

namespace {

using Json = nlohmann::json;

constexpr double kMaxBufferM = 100'000;
constexpr std::size_t kMaxQuoted = 64;  // longest text quoted back in a message

// Shortest text that reads back as the same double ("25.97", "1e+20").
std::string format_number(double v) {
  std::array<char, 32> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), res.ptr);
}

// Quotes text for a message, cut short so that a huge value stays readable.
std::string quote_text(std::string_view s) {
  std::string out = "'";
  out.append(s.substr(0, kMaxQuoted));
  if (s.size() > kMaxQuoted) out += "...";
  out += '\'';
  return out;
}

const char* json_type_name(const Json& j) { return j.is_null() ? "null" : j.type_name(); }

// Where a value sits inside `geometry.coordinates`, e.g. "[1][0][3]".
struct CoordPath {
  std::array<std::size_t, 4> idx{};
  int depth = 0;

  CoordPath child(std::size_t i) const {
    CoordPath p = *this;
    if (p.depth < static_cast<int>(p.idx.size())) p.idx[static_cast<std::size_t>(p.depth++)] = i;
    return p;
  }
  std::string str() const {
    std::string out = "geometry.coordinates";
    for (int d = 0; d < depth; ++d) out += "[" + std::to_string(idx[static_cast<std::size_t>(d)]) + "]";
    return out;
  }
};

// Reads one FeatureCollection. Each read_* returns false after recording the
// first error in error_; the caller then stops.
class Loader {
 public:
  explicit Loader(const AssetLoadOptions& options) : options_(options) {}

  AssetLoadResult run(std::string_view text);

 private:
  bool fail(ErrorCode code, std::string field, const std::string& what);
  void warn(const std::string& what) { out_.warnings.push_back(prefix() + what); }
  std::string prefix() const;

  bool read_feature(const Json& feature, Asset* asset);
  bool read_properties(const Json& props, Asset* asset);
  bool read_marking(const Json& j, Marking* marking);
  bool read_geometry(const Json& geometry, Asset* asset);
  bool read_position(const Json& j, const CoordPath& path, LatLon* out);
  bool read_positions(const Json& j, const CoordPath& path, std::size_t min_count, const char* what,
                      std::vector<LatLon>* out);
  bool read_ring(const Json& j, const CoordPath& path, std::size_t polygon_idx, std::vector<LatLon>* out);
  bool read_polygon(const Json& j, const CoordPath& path, std::size_t polygon_idx, AssetPolygon* out);
  bool expect_array(const Json& j, const CoordPath& path, const char* what);

  const AssetLoadOptions& options_;
  LoadedAssets out_;
  std::optional<AssetLoadError> error_;
  std::size_t feature_ = AssetLoadError::kNoFeature;
  std::string id_;
  std::size_t positions_ = 0;
};

std::string Loader::prefix() const {
  if (feature_ == AssetLoadError::kNoFeature) return "";
  std::string p = "feature " + std::to_string(feature_);
  if (!id_.empty()) p += " (id " + quote_text(id_) + ")";
  return p + ": ";
}

bool Loader::fail(ErrorCode code, std::string field, const std::string& what) {
  error_ = AssetLoadError{code, feature_, id_, std::move(field), prefix() + what};
  return false;
}

AssetLoadResult Loader::run(std::string_view text) {
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    // nlohmann prefixes its messages with "[json.exception.parse_error.101] ".
    std::string_view why = e.what();
    if (auto close = why.find("] "); close != std::string_view::npos) why.remove_prefix(close + 2);
    return AssetLoadError{ErrorCode::kBadJson, AssetLoadError::kNoFeature, "", "",
                          "not valid JSON: " + std::string(why)};
  }
  if (!doc.is_object()) {
    fail(ErrorCode::kBadValue, "",
         std::string("top level is ") + json_type_name(doc) +
             ", expected a GeoJSON FeatureCollection object");
    return *error_;
  }
  auto type = doc.find("type");
  if (type == doc.end() || !type->is_string() ||
      type->get_ref<const std::string&>() != "FeatureCollection") {
    fail(ErrorCode::kBadValue, "type", "top-level \"type\" must be \"FeatureCollection\"");
    return *error_;
  }
  auto features = doc.find("features");
  if (features == doc.end() || !features->is_array()) {
    fail(ErrorCode::kMissingField, "features", "a FeatureCollection needs a \"features\" array");
    return *error_;
  }
  std::unordered_map<std::string, std::size_t> first_use;
  out_.assets.reserve(features->size());
  for (std::size_t i = 0; i < features->size(); ++i) {
    feature_ = i;
    id_.clear();
    Asset asset;
    if (!read_feature((*features)[i], &asset)) return *error_;
    auto [it, inserted] = first_use.emplace(asset.id, i);
    if (!inserted) {
      fail(ErrorCode::kBadValue, "properties.id",
           "duplicate id (first used by feature " + std::to_string(it->second) + ")");
      return *error_;
    }
    out_.assets.push_back(std::move(asset));
  }
  return std::move(out_);
}

bool Loader::read_feature(const Json& feature, Asset* asset) {
  if (!feature.is_object()) {
    return fail(ErrorCode::kBadValue, "",
                std::string("is ") + json_type_name(feature) + ", expected a Feature object");
  }
  auto type = feature.find("type");
  if (type == feature.end() || !type->is_string() || type->get_ref<const std::string&>() != "Feature") {
    return fail(ErrorCode::kBadValue, "type", "\"type\" must be \"Feature\"");
  }
  auto props = feature.find("properties");
  if (props == feature.end() || !props->is_object()) {
    return fail(ErrorCode::kMissingField, "properties", "missing \"properties\" object");
  }
  if (!read_properties(*props, asset)) return false;
  auto geometry = feature.find("geometry");
  if (geometry == feature.end() || geometry->is_null()) {
    return fail(ErrorCode::kMissingField, "geometry", "missing geometry");
  }
  return read_geometry(*geometry, asset);
}

bool Loader::read_properties(const Json& props, Asset* asset) {
  auto id = props.find("id");
  if (id == props.end()) return fail(ErrorCode::kMissingField, "properties.id", "missing properties.id");
  if (!id->is_string()) {
    return fail(ErrorCode::kBadValue, "properties.id",
                std::string("properties.id is ") + json_type_name(*id) + ", expected a string");
  }
  if (id->get_ref<const std::string&>().empty()) {
    return fail(ErrorCode::kBadValue, "properties.id", "properties.id is empty");
  }
  asset->id = id->get<std::string>();
  id_ = asset->id;

  auto name = props.find("name");
  if (name == props.end())
    return fail(ErrorCode::kMissingField, "properties.name", "missing properties.name");
  if (!name->is_string() || name->get_ref<const std::string&>().empty()) {
    return fail(ErrorCode::kBadValue, "properties.name", "properties.name must be a non-empty string");
  }
  asset->name = name->get<std::string>();

  auto kind = props.find("kind");
  if (kind == props.end())
    return fail(ErrorCode::kMissingField, "properties.kind", "missing properties.kind");
  std::optional<AssetKind> parsed;
  if (kind->is_string()) parsed = parse_asset_kind(kind->get_ref<const std::string&>());
  if (!parsed) {
    std::string got =
        kind->is_string() ? quote_text(kind->get_ref<const std::string&>()) : json_type_name(*kind);
    std::string known;
    for (std::size_t k = 0; k < kAssetKindCount; ++k) {
      known += (k == 0 ? "" : ", ");
      known += to_string(static_cast<AssetKind>(k));
    }
    return fail(ErrorCode::kBadValue, "properties.kind",
                "unknown kind " + got + " (expected one of " + known + ")");
  }
  asset->kind = *parsed;

  asset->buffer_m = default_buffer_m(asset->kind);
  if (auto buf = props.find("buffer_m"); buf != props.end() && !buf->is_null()) {
    double b = buf->is_number() ? buf->get<double>() : -1;
    if (!buf->is_number() || !(b >= 0 && b <= kMaxBufferM)) {
      std::string got = buf->is_number() ? format_number(b) : json_type_name(*buf);
      return fail(ErrorCode::kBadValue, "properties.buffer_m",
                  "buffer_m " + got + " is not a number of metres in [0, 100000]");
    }
    asset->buffer_m = b;
  }

  if (auto owner = props.find("owner"); owner != props.end() && !owner->is_null()) {
    if (!owner->is_string())
      return fail(ErrorCode::kBadValue, "properties.owner", "properties.owner must be a string");
    asset->owner = owner->get<std::string>();
  }

  asset->marking = options_.default_marking;
  if (auto marking = props.find("marking"); marking != props.end() && !marking->is_null()) {
    if (!read_marking(*marking, &asset->marking)) return false;
  }

  for (const auto& [key, value] : props.items()) {
    if (key == "id" || key == "name" || key == "kind" || key == "buffer_m" || key == "owner" ||
        key == "marking") {
      continue;
    }
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_boolean()) {
      text = value.get<bool>() ? "true" : "false";
    } else if (value.is_number_integer()) {
      text = value.is_number_unsigned() ? std::to_string(value.get<uint64_t>())
                                        : std::to_string(value.get<int64_t>());
    } else if (value.is_number()) {
      text = format_number(value.get<double>());
    } else {
      continue;  // objects, arrays and nulls carry nothing a detector reads
    }
    asset->attributes.emplace_back(key, std::move(text));
  }
  // nlohmann keeps object keys sorted, so attributes already are; sort anyway
  // because Asset::attribute() relies on it.
  std::sort(asset->attributes.begin(), asset->attributes.end());
  return true;
}

bool Loader::read_marking(const Json& j, Marking* marking) {
  if (!j.is_object()) {
    return fail(ErrorCode::kBadValue, "properties.marking",
                "properties.marking must be an object {\"owner\": ..., \"releasable_to\": [...]}");
  }
  Marking m;
  auto owner = j.find("owner");
  if (owner == j.end() || !owner->is_string()) {
    return fail(ErrorCode::kMissingField, "properties.marking.owner",
                "properties.marking.owner must be a nation code such as \"FIN\"");
  }
  m.owner = owner->get<std::string>();
  if (auto rel = j.find("releasable_to"); rel != j.end() && !rel->is_null()) {
    if (!rel->is_array()) {
      return fail(ErrorCode::kBadValue, "properties.marking.releasable_to",
                  "properties.marking.releasable_to must be an array of strings");
    }
    for (const Json& entry : *rel) {
      if (!entry.is_string()) {
        return fail(ErrorCode::kBadValue, "properties.marking.releasable_to",
                    "properties.marking.releasable_to must be an array of strings");
      }
      m.releasable_to.push_back(entry.get<std::string>());
    }
  }
  if (auto problem = marking_problem(m)) {
    return fail(ErrorCode::kBadValue, "properties.marking", "marking " + *problem);
  }
  *marking = std::move(m);
  return true;
}

bool Loader::read_geometry(const Json& geometry, Asset* asset) {
  if (!geometry.is_object()) {
    return fail(ErrorCode::kBadValue, "geometry",
                std::string("geometry is ") + json_type_name(geometry) + ", expected an object");
  }
  auto type = geometry.find("type");
  if (type == geometry.end() || !type->is_string()) {
    return fail(ErrorCode::kMissingField, "geometry.type", "missing geometry.type");
  }
  const std::string& t = type->get_ref<const std::string&>();
  auto coords = geometry.find("coordinates");
  if (t != "Point" && t != "LineString" && t != "MultiLineString" && t != "Polygon" &&
      t != "MultiPolygon") {
    return fail(ErrorCode::kBadValue, "geometry.type",
                "unsupported geometry type " + quote_text(t) +
                    " (expected Point, LineString, MultiLineString, Polygon or MultiPolygon)");
  }
  if (coords == geometry.end() || coords->is_null()) {
    return fail(ErrorCode::kMissingField, "geometry.coordinates", "missing geometry.coordinates");
  }
  const CoordPath root;
  if (t == "Point") {
    asset->geometry = GeometryType::kPoint;
    return read_position(*coords, root, &asset->point);
  }
  if (t == "LineString") {
    asset->geometry = GeometryType::kLineString;
    asset->lines.emplace_back();
    return read_positions(*coords, root, 2, "a LineString", &asset->lines.back());
  }
  if (t == "MultiLineString") {
    asset->geometry = GeometryType::kMultiLineString;
    if (!expect_array(*coords, root, "a MultiLineString")) return false;
    if (coords->empty())
      return fail(ErrorCode::kBadValue, root.str(), "a MultiLineString needs at least one line");
    asset->lines.resize(coords->size());
    for (std::size_t i = 0; i < coords->size(); ++i) {
      if (!read_positions((*coords)[i], root.child(i), 2, "each line", &asset->lines[i])) return false;
    }
    return true;
  }
  if (t == "Polygon") {
    asset->geometry = GeometryType::kPolygon;
    asset->polygons.emplace_back();
    return read_polygon(*coords, root, 0, &asset->polygons.back());
  }
  asset->geometry = GeometryType::kMultiPolygon;
  if (!expect_array(*coords, root, "a MultiPolygon")) return false;
  if (coords->empty())
    return fail(ErrorCode::kBadValue, root.str(), "a MultiPolygon needs at least one polygon");
  asset->polygons.resize(coords->size());
  for (std::size_t i = 0; i < coords->size(); ++i) {
    if (!read_polygon((*coords)[i], root.child(i), i, &asset->polygons[i])) return false;
  }
  return true;
}

bool Loader::expect_array(const Json& j, const CoordPath& path, const char* what) {
  if (j.is_array()) return true;
  return fail(ErrorCode::kBadValue, path.str(),
              std::string(what) + " needs an array at " + path.str() + ", got " + json_type_name(j));
}

bool Loader::read_position(const Json& j, const CoordPath& path, LatLon* out) {
  if (!j.is_array() || j.size() < 2 || !j[0].is_number() || !j[1].is_number()) {
    return fail(ErrorCode::kBadValue, path.str(), "a position must be [lon, lat] numbers at " + path.str());
  }
  for (std::size_t i = 2; i < j.size(); ++i) {
    if (!j[i].is_number()) {
      return fail(ErrorCode::kBadValue, path.str(), "a position holds only numbers at " + path.str());
    }
  }
  if (++positions_ > options_.max_positions) {
    return fail(ErrorCode::kBadValue, path.str(),
                "more than " + std::to_string(options_.max_positions) + " positions in the file");
  }
  const double lon = j[0].get<double>();
  const double lat = j[1].get<double>();
  if (!(lon >= -180 && lon <= 180)) {
    return fail(ErrorCode::kBadValue, path.str(),
                "longitude " + format_number(lon) + " out of range [-180, 180] at " + path.str());
  }
  if (!(lat >= -90 && lat <= 90)) {
    return fail(ErrorCode::kBadValue, path.str(),
                "latitude " + format_number(lat) + " out of range [-90, 90] at " + path.str());
  }
  *out = LatLon{lat, lon};
  return true;
}

bool Loader::read_positions(const Json& j, const CoordPath& path, std::size_t min_count, const char* what,
                            std::vector<LatLon>* out) {
  if (!expect_array(j, path, what)) return false;
  if (j.size() < min_count) {
    return fail(ErrorCode::kBadValue, path.str(),
                std::string(what) + " needs at least " + std::to_string(min_count) + " positions, got " +
                    std::to_string(j.size()) + " at " + path.str());
  }
  out->resize(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!read_position(j[i], path.child(i), &(*out)[i])) return false;
  }
  return true;
}

bool Loader::read_ring(const Json& j, const CoordPath& path, std::size_t polygon_idx,
                       std::vector<LatLon>* out) {
  if (!read_positions(j, path, 3, "a polygon ring", out)) return false;
  const std::size_t ring_idx = path.depth > 0 ? path.idx[static_cast<std::size_t>(path.depth - 1)] : 0;
  if (out->front() != out->back()) {
    out->push_back(out->front());
    warn("ring " + std::to_string(ring_idx) + " of polygon " + std::to_string(polygon_idx) +
         " was not closed; closed it");
  }
  if (out->size() < 4) {
    return fail(ErrorCode::kBadValue, path.str(),
                "a closed polygon ring needs at least 4 positions, got " + std::to_string(out->size()) +
                    " at " + path.str());
  }
  return true;
}

bool Loader::read_polygon(const Json& j, const CoordPath& path, std::size_t polygon_idx,
                          AssetPolygon* out) {
  if (!expect_array(j, path, "a Polygon")) return false;
  if (j.empty())
    return fail(ErrorCode::kBadValue, path.str(), "a Polygon needs an outer ring at " + path.str());
  out->rings.resize(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!read_ring(j[i], path.child(i), polygon_idx, &out->rings[i])) return false;
  }
  return true;
}

}  // namespace

AssetLoadResult parse_assets_geojson(std::string_view text, const AssetLoadOptions& options) {
  Loader loader(options);
  return loader.run(text);
}

AssetLoadResult load_assets_file(const std::string& path, const AssetLoadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return AssetLoadError{ErrorCode::kIoError, AssetLoadError::kNoFeature, "", "",
                          "cannot open assets file '" + path + "'"};
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return AssetLoadError{ErrorCode::kIoError, AssetLoadError::kNoFeature, "", "",
                          "cannot read assets file '" + path + "'"};
  }
  AssetLoadResult result = parse_assets_geojson(text.str(), options);
  if (!result.ok()) {
    AssetLoadError err = result.error();
    err.message = path + ": " + err.message;
    return err;
  }
  return result;
}

Status AssetLoadError::to_status() const {
  return code == ErrorCode::kIoError ? Status::io_error(message) : Status::invalid_argument(message);
}

}  // namespace lookout
