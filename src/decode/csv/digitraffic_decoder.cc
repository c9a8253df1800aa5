#include "decode/csv/digitraffic_decoder.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/time.h"
#include "decode/csv/field_parse.h"
#include "decode/csv/raw_units.h"

namespace lookout::csv {

namespace dom = simdjson::dom;

// The DOM API, not On-Demand: a snapshot is parsed once as a whole and each
// vessel's keys are read in any order and checked one by one, where
// On-Demand's forward-only cursor would tie us to the key order and let one
// bad value end the walk of the whole document.
class DigitrafficDecoder::Impl {
 public:
  explicit Impl(DigitrafficDecoder& owner) : owner_(owner) {
    obs_.time_source = TimeSource::kRecord;
  }

  // REQUIRES: `text` is followed by simdjson::SIMDJSON_PADDING readable bytes.
  void decode(std::string_view text, ObservationSink sink);

 private:
  void decode_snapshot(dom::object root, ObservationSink sink);
  void decode_vessel(dom::element vessel, ObservationSink sink);
  void decode_feature(dom::element feature, ObservationSink sink);
  void reject(ErrorCode code, const char* field, dom::element where);
  // Absent or null -> nullopt; present but not a number -> nullopt + warning.
  std::optional<double> number(dom::object obj, const char* key);
  std::optional<std::string_view> text(dom::object obj, const char* key);
  // Reads a required mmsi/lat/lon; rejects `where` and returns false if bad.
  bool required(dom::object obj, const char* key, double& out, dom::element where);
  template <typename Body>
  void emit(uint8_t type, uint32_t mmsi, const Body& body, ObservationSink sink);

  DigitrafficDecoder& owner_;
  dom::parser parser_;
  AisObservation obs_;
};

void DigitrafficDecoder::Impl::reject(ErrorCode code, const char* field, dom::element where) {
  owner_.stats_.reject(make_error(code, 0, field), simdjson::minify(where));
}

std::optional<double> DigitrafficDecoder::Impl::number(dom::object obj, const char* key) {
  dom::element e;
  if (obj[key].get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
  double v = 0;
  if (e.get_double().get(v) != simdjson::SUCCESS) {
    owner_.stats_.warn(ErrorCode::kBadValue);
    return std::nullopt;
  }
  return v;
}

std::optional<std::string_view> DigitrafficDecoder::Impl::text(dom::object obj, const char* key) {
  dom::element e;
  if (obj[key].get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
  std::string_view v;
  if (e.get_string().get(v) != simdjson::SUCCESS) {
    owner_.stats_.warn(ErrorCode::kBadValue);
    return std::nullopt;
  }
  return v;
}

bool DigitrafficDecoder::Impl::required(dom::object obj, const char* key, double& out,
                                        dom::element where) {
  dom::element e;
  if (obj[key].get(e) != simdjson::SUCCESS || e.is_null()) {
    reject(ErrorCode::kMissingField, key, where);
    return false;
  }
  if (e.get_double().get(out) != simdjson::SUCCESS) {
    reject(ErrorCode::kBadValue, key, where);
    return false;
  }
  return true;
}

template <typename Body>
void DigitrafficDecoder::Impl::emit(uint8_t type, uint32_t mmsi, const Body& body,
                                    ObservationSink sink) {
  obs_.msg.type = type;
  obs_.msg.repeat = 0;
  obs_.msg.mmsi = mmsi;
  obs_.msg.body.template emplace<Body>(body);
  owner_.stats_.count_message();
  sink(obs_);
}

void DigitrafficDecoder::Impl::decode(std::string_view text, ObservationSink sink) {
  dom::element root;
  if (parser_.parse(text.data(), text.size(), false).get(root) != simdjson::SUCCESS) {
    owner_.stats_.reject(make_error(ErrorCode::kBadJson), text);
    return;
  }
  dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) {
    owner_.stats_.reject(make_error(ErrorCode::kMissingField, 0, "vessels"), text);
    return;
  }
  dom::array list;
  if (obj["vessels"].get_array().get(list) == simdjson::SUCCESS) {
    decode_snapshot(obj, sink);
    return;
  }
  if (obj["features"].get_array().get(list) == simdjson::SUCCESS) {
    for (dom::element feature : list) decode_feature(feature, sink);
    return;
  }
  owner_.stats_.reject(make_error(ErrorCode::kMissingField, 0, "vessels"), text);
}

void DigitrafficDecoder::Impl::decode_snapshot(dom::object root, ObservationSink sink) {
  // One time for all: the collection time, not each vessel's report time.
  obs_.time.reset();
  obs_.time_source = TimeSource::kNone;
  if (auto stamp = text(root, "timestamp")) {
    auto t = parse_timestamp(*stamp);
    if (t.ok()) {
      obs_.time = *t;
      obs_.time_source = TimeSource::kRecord;
    } else {
      owner_.stats_.warn(ErrorCode::kBadValue);
    }
  } else {
    owner_.stats_.warn(ErrorCode::kMissingField);
  }
  dom::array vessels;
  if (root["vessels"].get_array().get(vessels) != simdjson::SUCCESS) return;
  for (dom::element vessel : vessels) decode_vessel(vessel, sink);
}

void DigitrafficDecoder::Impl::decode_vessel(dom::element vessel, ObservationSink sink) {
  dom::object v;
  if (vessel.get_object().get(v) != simdjson::SUCCESS) {
    reject(ErrorCode::kBadValue, "vessels", vessel);
    return;
  }
  // Args: mmsi, lat and lon or nothing.
  int64_t mmsi = 0;
  dom::element id;
  if (v["mmsi"].get(id) != simdjson::SUCCESS || id.is_null()) {
    reject(ErrorCode::kMissingField, "mmsi", vessel);
    return;
  }
  if (id.get_int64().get(mmsi) != simdjson::SUCCESS || mmsi <= 0 || mmsi > 999999999) {
    reject(ErrorCode::kBadValue, "mmsi", vessel);
    return;
  }
  double lat_deg = 0;
  double lon_deg = 0;
  if (!required(v, "lat", lat_deg, vessel) || !required(v, "lon", lon_deg, vessel)) return;
  auto lat = lat_raw(lat_deg);
  auto lon = lon_raw(lon_deg);
  if (!lat || !lon) {
    reject(ErrorCode::kBadValue, lat ? "lon" : "lat", vessel);
    return;
  }

  // Operation: the position report.
  auto convert = [&](std::optional<double> in, auto fn, auto& out) {
    if (!in) return;
    if (auto raw = fn(*in)) {
      out = *raw;
    } else {
      owner_.stats_.warn(ErrorCode::kBadValue);
    }
  };
  ais::PositionReportA pos;
  pos.pos = ais::Position{*lon, *lat};
  convert(number(v, "sog"), speed_raw, pos.speed);
  convert(number(v, "cog"), course_raw, pos.course);
  convert(number(v, "heading"), heading_raw, pos.heading);
  emit(1, static_cast<uint32_t>(mmsi), pos, sink);

  // The static message, when there is anything static.
  ais::StaticVoyageData stat;
  bool any = false;
  if (auto name = text(v, "name")) {
    stat.shipname.assign(ais_text(*name));
    any = any || !stat.shipname.empty();
  }
  if (auto dest = text(v, "destination")) {
    stat.destination.assign(ais_text(*dest));
    any = any || !stat.destination.empty();
  }
  if (auto type = number(v, "ship_type")) {
    if (*type >= 0 && *type <= 255 && *type == std::floor(*type)) {
      stat.shiptype = static_cast<uint8_t>(*type);
      any = any || stat.shiptype != 0;
    } else {
      owner_.stats_.warn(ErrorCode::kBadValue);
    }
  }
  // The ETA is the type 5 bit field, written as a decimal string or number.
  std::optional<int64_t> packed;  // -1 = present but unreadable
  dom::element eta_field;
  if (v["eta"].get(eta_field) == simdjson::SUCCESS && !eta_field.is_null()) {
    std::string_view eta_text;
    double eta_num = 0;
    if (eta_field.get_string().get(eta_text) == simdjson::SUCCESS) {
      packed = parse_int(eta_text).value_or(-1);
    } else if (eta_field.get_double().get(eta_num) == simdjson::SUCCESS) {
      // Range-checked before the cast: a double beyond int64 would be undefined.
      packed = eta_num >= 0 && eta_num < 1e9 ? static_cast<int64_t>(eta_num) : -1;
    } else {
      packed = -1;
    }
  }
  if (packed) {
    if (*packed >= 0 && *packed < (int64_t{1} << 20)) {
      Eta eta = eta_from_packed(static_cast<uint32_t>(*packed));
      stat.month = eta.month;
      stat.day = eta.day;
      stat.hour = eta.hour;
      stat.minute = eta.minute;
      any = any || eta.month != 0 || eta.day != 0 || eta.hour != 24 || eta.minute != 60;
    } else {
      owner_.stats_.warn(ErrorCode::kBadValue);
    }
  }
  if (any) emit(5, static_cast<uint32_t>(mmsi), stat, sink);
}

void DigitrafficDecoder::Impl::decode_feature(dom::element feature, ObservationSink sink) {
  dom::object f;
  dom::object props;
  if (feature.get_object().get(f) != simdjson::SUCCESS ||
      f["properties"].get_object().get(props) != simdjson::SUCCESS) {
    reject(ErrorCode::kMissingField, "properties", feature);
    return;
  }
  int64_t mmsi = 0;
  if (props["mmsi"].get_int64().get(mmsi) != simdjson::SUCCESS &&
      f["mmsi"].get_int64().get(mmsi) != simdjson::SUCCESS) {
    reject(ErrorCode::kMissingField, "mmsi", feature);
    return;
  }
  if (mmsi <= 0 || mmsi > 999999999) {
    reject(ErrorCode::kBadValue, "mmsi", feature);
    return;
  }
  dom::array coords;
  double lon_deg = 0;
  double lat_deg = 0;
  if (f["geometry"]["coordinates"].get_array().get(coords) != simdjson::SUCCESS ||
      coords.at(0).get_double().get(lon_deg) != simdjson::SUCCESS ||
      coords.at(1).get_double().get(lat_deg) != simdjson::SUCCESS) {
    reject(ErrorCode::kMissingField, "coordinates", feature);
    return;
  }
  auto lat = lat_raw(lat_deg);
  auto lon = lon_raw(lon_deg);
  if (!lat || !lon) {
    reject(ErrorCode::kBadValue, "coordinates", feature);
    return;
  }
  obs_.time.reset();
  obs_.time_source = TimeSource::kNone;
  auto ms = number(props, "timestampExternal");
  if (ms && std::fabs(*ms) < 1e15) {
    obs_.time = from_unix_ms(static_cast<int64_t>(*ms));
    obs_.time_source = TimeSource::kRecord;
  }
  ais::PositionReportA m;
  m.pos = ais::Position{*lon, *lat};
  auto convert = [&](std::optional<double> in, auto fn, auto& out) {
    if (!in) return;
    if (auto raw = fn(*in)) {
      out = *raw;
    } else {
      owner_.stats_.warn(ErrorCode::kBadValue);
    }
  };
  convert(number(props, "sog"), speed_raw, m.speed);
  convert(number(props, "cog"), course_raw, m.course);
  convert(number(props, "heading"), heading_raw, m.heading);
  // These are already the raw fields of the message.
  auto small = [](double v, double lo, double hi) -> std::optional<int> {
    if (v >= lo && v <= hi && v == std::floor(v)) return static_cast<int>(v);
    return std::nullopt;
  };
  convert(number(props, "navStat"), [&](double v) { return small(v, 0, 15); }, m.status);
  convert(number(props, "rot"), [&](double v) { return small(v, -128, 127); }, m.turn);
  convert(number(props, "timestamp"), [&](double v) { return small(v, 0, 63); }, m.second);
  bool flag = false;
  if (props["posAcc"].get_bool().get(flag) == simdjson::SUCCESS) m.accuracy = flag;
  if (props["raim"].get_bool().get(flag) == simdjson::SUCCESS) m.raim = flag;
  emit(1, static_cast<uint32_t>(mmsi), m, sink);
}

DigitrafficDecoder::DigitrafficDecoder(Params params)
    : params_(params), impl_(std::make_unique<Impl>(*this)) {}

DigitrafficDecoder::~DigitrafficDecoder() = default;

void DigitrafficDecoder::feed(std::string_view line, ObservationSink /*sink*/) {
  stats_.count_line();
  if (overflowed_) return;
  if (buffer_.size() + line.size() + 1 > params_.max_document_bytes) {
    stats_.reject(make_error(ErrorCode::kBadJson, buffer_.size(), "document"), line);
    overflowed_ = true;
    std::string().swap(buffer_);
    return;
  }
  buffer_.append(line);
  buffer_.push_back('\n');
}

void DigitrafficDecoder::finish(ObservationSink sink) {
  if (!overflowed_ && buffer_.find_first_not_of(" \t\r\n") != std::string::npos) {
    const std::size_t size = buffer_.size();
    buffer_.append(simdjson::SIMDJSON_PADDING, '\0');
    impl_->decode(std::string_view(buffer_.data(), size), sink);
  }
  std::string().swap(buffer_);
  overflowed_ = false;
}

}  // namespace lookout::csv
