#include "decode/detections/jsonl_decoder.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>

#include "core/time.h"

namespace lookout::detections {

namespace dom = simdjson::dom;

namespace {

// The known keys, in the order of the bits that record which were seen.
// Their names double as the static field names of errors.
enum class Key : uint8_t {
  kTime, kSensor, kLat, kLon, kAlt, kRange, kBearing, kElevation, kSigma,
  kVelE, kVelN, kVelU, kClass, kConfidence, kObjectId, kCount
};

constexpr const char* kKeyNames[] = {
    "time",  "sensor", "lat",   "lon",   "alt_m", "range_m",    "bearing_deg", "elevation_deg",
    "sigma_m", "vel_e", "vel_n", "vel_u", "class", "confidence", "object_id",
};
static_assert(std::size(kKeyNames) == static_cast<std::size_t>(Key::kCount));

std::optional<Key> find_key(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kKeyNames); ++i) {
    if (name == kKeyNames[i]) return static_cast<Key>(i);
  }
  return std::nullopt;
}

constexpr uint32_t bit(Key k) { return 1u << static_cast<unsigned>(k); }

bool blank_or_comment(std::string_view line) {
  for (char c : line) {
    if (c == ' ' || c == '\t' || c == '\r') continue;
    return c == '#';
  }
  return true;
}

// Inclusive numeric range of each numeric key; NaN marks a non-numeric key.
struct Range {
  double lo;
  double hi;
};

Range range_of(Key k) {
  switch (k) {
    case Key::kLat: return {-90, 90};
    case Key::kLon: return {-180, 180};
    case Key::kAlt: return {-1000, kMaxAltitudeM};
    case Key::kRange: return {0, kMaxRangeM};
    case Key::kBearing: return {0, 360};
    case Key::kElevation: return {-90, 90};
    case Key::kSigma: return {0, kMaxSigmaM};
    case Key::kVelE:
    case Key::kVelN:
    case Key::kVelU: return {-kMaxSpeedComponent, kMaxSpeedComponent};
    case Key::kConfidence: return {0, 1};
    default: return {NAN, NAN};
  }
}

}  // namespace

class DetectionsJsonlDecoder::Impl {
 public:
  Result<SensorDetection> decode(std::string_view line);

 private:
  // Numbers as read, before the position pairs are checked.
  struct Numbers {
    double value[static_cast<std::size_t>(Key::kCount)] = {};
  };

  // The byte offset of the quoted key in the current line (0 if absent).
  std::size_t offset_of(const char* name) const;
  Error bad(ErrorCode code, Key k) const {
    const char* name = kKeyNames[static_cast<std::size_t>(k)];
    return make_error(code, offset_of(name), name);
  }
  std::optional<Error> read(Key k, dom::element e, SensorDetection& d, Numbers& n) const;
  Result<SensorDetection> assemble(uint32_t seen, SensorDetection& d, const Numbers& n) const;

  dom::parser parser_;
  std::string buffer_;
  std::string_view line_;
};

std::size_t DetectionsJsonlDecoder::Impl::offset_of(const char* name) const {
  // Only on the error path, so a plain search for the quoted key will do.
  std::string_view key(name);
  std::size_t pos = 0;
  while ((pos = line_.find(key, pos)) != std::string_view::npos) {
    if (pos > 0 && line_[pos - 1] == '"' && pos + key.size() < line_.size() &&
        line_[pos + key.size()] == '"') {
      return pos - 1;
    }
    pos += key.size();
  }
  return 0;
}

std::optional<Error> DetectionsJsonlDecoder::Impl::read(Key k, dom::element e,
                                                        SensorDetection& d, Numbers& n) const {
  std::string_view text;
  switch (k) {
    case Key::kTime: {
      if (e.get_string().get(text) != simdjson::SUCCESS) return bad(ErrorCode::kBadValue, k);
      auto t = parse_timestamp(text);
      if (!t.ok()) return bad(ErrorCode::kBadValue, k);
      d.time = *t;
      return std::nullopt;
    }
    case Key::kSensor:
      if (e.get_string().get(text) != simdjson::SUCCESS || text.empty() ||
          text.size() > decltype(d.sensor)::capacity()) {
        return bad(ErrorCode::kBadValue, k);
      }
      d.sensor.assign(text);
      return std::nullopt;
    case Key::kObjectId: {
      if (e.get_string().get(text) == simdjson::SUCCESS) {
        if (text.size() > decltype(d.object_id)::capacity()) return bad(ErrorCode::kBadValue, k);
        d.object_id.assign(text);
        return std::nullopt;
      }
      int64_t id = 0;
      if (e.get_int64().get(id) != simdjson::SUCCESS) return bad(ErrorCode::kBadValue, k);
      char digits[24];
      auto res = std::to_chars(digits, digits + sizeof digits, id);
      d.object_id.assign(std::string_view(digits, static_cast<std::size_t>(res.ptr - digits)));
      return std::nullopt;
    }
    case Key::kClass: {
      if (e.get_string().get(text) != simdjson::SUCCESS) return bad(ErrorCode::kBadValue, k);
      // Strict: a name other than the four is a writer's mistake, not "unknown".
      std::optional<ObjectClass> cls = parse_object_class(text);
      if (!cls) return bad(ErrorCode::kBadValue, k);
      d.cls = *cls;
      return std::nullopt;
    }
    default: break;
  }
  // Numbers: JSON numbers only (no quoted numbers), finite and within range.
  Range r = range_of(k);
  double v = 0;
  if (e.get_double().get(v) != simdjson::SUCCESS) return bad(ErrorCode::kBadValue, k);
  if (!std::isfinite(v) || v < r.lo || v > r.hi) return bad(ErrorCode::kBadValue, k);
  if (k == Key::kSigma && v <= 0) return bad(ErrorCode::kBadValue, k);
  n.value[static_cast<std::size_t>(k)] = v;
  return std::nullopt;
}

Result<SensorDetection> DetectionsJsonlDecoder::Impl::assemble(uint32_t seen, SensorDetection& d,
                                                               const Numbers& n) const {
  auto has = [&](Key k) { return (seen & bit(k)) != 0; };
  auto get = [&](Key k) { return n.value[static_cast<std::size_t>(k)]; };
  if (!has(Key::kTime)) return make_error(ErrorCode::kMissingField, 0, "time");
  if (!has(Key::kSensor)) return make_error(ErrorCode::kMissingField, 0, "sensor");
  // Position pairs: half a pair is an error naming the missing half.
  if (has(Key::kLat) != has(Key::kLon)) {
    return make_error(ErrorCode::kMissingField, 0, has(Key::kLat) ? "lon" : "lat");
  }
  if (has(Key::kRange) != has(Key::kBearing)) {
    return make_error(ErrorCode::kMissingField, 0, has(Key::kRange) ? "bearing_deg" : "range_m");
  }
  if (!has(Key::kLat) && !has(Key::kRange)) {
    // Neither form: name the absolute one, the common case.
    return make_error(ErrorCode::kMissingField, 0, "lat");
  }
  if (has(Key::kLat)) d.position = LatLon{get(Key::kLat), get(Key::kLon)};
  if (has(Key::kRange)) {
    d.range_m = get(Key::kRange);
    double b = get(Key::kBearing);
    d.bearing_deg = b >= 360 ? b - 360 : b;
  } else if (has(Key::kElevation)) {
    return make_error(ErrorCode::kMissingField, offset_of("elevation_deg"), "range_m");
  }
  auto opt = [&](Key k, std::optional<double>& slot) {
    if (has(k)) slot = get(k);
  };
  opt(Key::kElevation, d.elevation_deg);
  opt(Key::kAlt, d.alt_m);
  opt(Key::kSigma, d.sigma_m);
  opt(Key::kVelE, d.vel_e);
  opt(Key::kVelN, d.vel_n);
  opt(Key::kVelU, d.vel_u);
  opt(Key::kConfidence, d.confidence);
  return std::move(d);
}

Result<SensorDetection> DetectionsJsonlDecoder::Impl::decode(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  line_ = line;
  if (blank_or_comment(line)) return make_error(ErrorCode::kEmptyLine);
  if (line.size() > kMaxLineBytes) return make_error(ErrorCode::kLineTooLong, kMaxLineBytes);

  // simdjson reads up to SIMDJSON_PADDING bytes past the end: parse a padded
  // copy (the buffer keeps its capacity, so no allocation once warm).
  buffer_.assign(line);
  buffer_.append(simdjson::SIMDJSON_PADDING, '\0');
  dom::element root;
  if (parser_.parse(buffer_.data(), line.size(), false).get(root) != simdjson::SUCCESS) {
    return make_error(ErrorCode::kBadJson);
  }
  dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) return make_error(ErrorCode::kBadJson);

  SensorDetection d;
  Numbers numbers;
  uint32_t seen = 0;
  for (dom::key_value_pair field : obj) {
    std::optional<Key> k = find_key(field.key);
    if (!k) continue;  // unknown keys are allowed: writers may add fields
    if (seen & bit(*k)) return bad(ErrorCode::kBadValue, *k);  // repeated key
    seen |= bit(*k);
    if (auto err = read(*k, field.value, d, numbers)) return *err;
  }
  return assemble(seen, d, numbers);
}

DetectionsJsonlDecoder::DetectionsJsonlDecoder() : impl_(std::make_unique<Impl>()) {}
DetectionsJsonlDecoder::~DetectionsJsonlDecoder() = default;
DetectionsJsonlDecoder::DetectionsJsonlDecoder(DetectionsJsonlDecoder&&) noexcept = default;
DetectionsJsonlDecoder& DetectionsJsonlDecoder::operator=(DetectionsJsonlDecoder&&) noexcept =
    default;

Result<SensorDetection> DetectionsJsonlDecoder::decode(std::string_view line) {
  stats_.count_line();
  Result<SensorDetection> result = impl_->decode(line);
  if (result.ok()) {
    stats_.count_message();
  } else if (result.error().code != ErrorCode::kEmptyLine) {
    stats_.reject(result.error(), line);
  }
  return result;
}

}  // namespace lookout::detections
