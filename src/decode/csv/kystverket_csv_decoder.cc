#include "decode/csv/kystverket_csv_decoder.h"

#include <algorithm>
#include <cmath>

#include "decode/csv/field_parse.h"
#include "decode/csv/raw_units.h"

namespace lookout::csv {

namespace {

enum Column : std::size_t {
  kMmsi, kImo, kLength, kTime, kLon, kLat, kSog, kCog, kHeading, kStatus, kMessageNr,
};

constexpr std::array<const char*, KystverketCsvDecoder::kColumnCount> kNames = {
    "mmsi", "imo_nr", "length", "date_time_utc", "lon", "lat",
    "sog", "cog", "true_heading", "nav_status", "message_nr",
};

constexpr std::array<Column, 4> kRequired = {kMmsi, kTime, kLon, kLat};

bool is_class_b(uint8_t type) { return type == 18 || type == 19; }

}  // namespace

struct KystverketRow {
  Timestamp time{};
  uint32_t mmsi = 0;
  uint8_t type = 1;
  double lat = 91.0;  // degrees; 91/181 = not available
  double lon = 181.0;
  std::optional<double> sog, cog, heading;
  uint8_t status = 15;
  uint32_t imo = 0;
  double length = 0;  // metres; 0 = not available
};

KystverketCsvDecoder::KystverketCsvDecoder(Params params)
    : static_filter_(params.max_static_vessels) {
  columns_.fill(-1);
  obs_.time_source = TimeSource::kRecord;
}

std::string_view KystverketCsvDecoder::column(std::size_t col) const {
  int16_t idx = columns_[col];
  return idx < 0 ? std::string_view{} : splitter_[static_cast<std::size_t>(idx)];
}

bool KystverketCsvDecoder::try_header(std::string_view line) {
  if (line.find("date_time_utc") == std::string_view::npos) return false;
  char sep = line.find(';') != std::string_view::npos ? ';' : ',';
  auto n = splitter_.split(line, sep);
  if (!n.ok()) return false;
  std::array<int16_t, kColumnCount> cols{};
  for (std::size_t c = 0; c < kColumnCount; ++c) {
    cols[c] = static_cast<int16_t>(find_column(splitter_, kNames[c]));
  }
  for (Column c : kRequired) {
    if (cols[c] < 0) return false;
  }
  columns_ = cols;
  sep_ = sep;
  header_fields_ = *n;
  have_header_ = true;
  return true;
}

Result<KystverketRow> KystverketCsvDecoder::parse_row() {
  KystverketRow row;
  std::string_view mmsi = column(kMmsi);
  if (mmsi.empty()) return make_error(ErrorCode::kMissingField, 0, kNames[kMmsi]);
  auto id = parse_int(mmsi);
  if (!id || *id <= 0 || *id > 999999999) return make_error(ErrorCode::kBadValue, 0, kNames[kMmsi]);
  row.mmsi = static_cast<uint32_t>(*id);

  std::string_view ts = column(kTime);
  if (ts.empty()) return make_error(ErrorCode::kMissingField, 0, kNames[kTime]);
  auto time = parse_timestamp(ts);
  if (!time.ok()) return make_error(ErrorCode::kBadValue, time.error().offset, kNames[kTime]);
  row.time = *time;

  if (columns_[kMessageNr] >= 0) {
    std::string_view nr = column(kMessageNr);
    if (nr.empty()) return make_error(ErrorCode::kMissingField, 0, kNames[kMessageNr]);
    auto type = parse_int(nr);
    if (!type) return make_error(ErrorCode::kBadValue, 0, kNames[kMessageNr]);
    switch (*type) {
      case 1: case 2: case 3: case 9: case 18: case 19: case 27:
        row.type = static_cast<uint8_t>(*type);
        break;
      default:
        return make_error(ErrorCode::kBadValue, 0, kNames[kMessageNr]);
    }
  }

  // An empty lat/lon is "not available"; text that is not a number is bad.
  auto lat = read_double(column(kLat));
  auto lon = read_double(column(kLon));
  if (lat.bad()) return make_error(ErrorCode::kBadValue, 0, kNames[kLat]);
  if (lon.bad()) return make_error(ErrorCode::kBadValue, 0, kNames[kLon]);
  if (lat.present()) row.lat = lat.value;
  if (lon.present()) row.lon = lon.value;

  auto read_optional = [&](std::size_t col, std::optional<double>& out) {
    auto f = read_double(column(col));
    if (f.bad()) stats_.warn(ErrorCode::kBadValue);
    if (f.present()) out = f.value;
  };
  read_optional(kSog, row.sog);
  read_optional(kCog, row.cog);
  read_optional(kHeading, row.heading);

  auto status = read_int(column(kStatus));
  if (status.bad() || (status.present() && (status.value < 0 || status.value > 15))) {
    stats_.warn(ErrorCode::kBadValue);
  } else if (status.present()) {
    row.status = static_cast<uint8_t>(status.value);
  }

  auto imo = read_int(column(kImo));
  if (imo.bad() || (imo.present() && (imo.value < 0 || imo.value >= (int64_t{1} << 30)))) {
    stats_.warn(ErrorCode::kBadValue);
  } else if (imo.present()) {
    row.imo = static_cast<uint32_t>(imo.value);
  }
  auto length = read_double(column(kLength));
  if (length.bad() || (length.present() && !(length.value >= 0 && length.value < 100000))) {
    stats_.warn(ErrorCode::kBadValue);
  } else if (length.present()) {
    row.length = length.value;
  }
  return row;
}

void KystverketCsvDecoder::feed(std::string_view line, ObservationSink sink) {
  stats_.count_line();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (trim(line).empty()) {
    stats_.reject(make_error(ErrorCode::kEmptyLine), line);
    return;
  }
  if (!have_header_) {
    if (!try_header(line)) stats_.reject(make_error(ErrorCode::kBadCsvHeader), line);
    return;
  }
  auto n = splitter_.split(line, sep_);
  if (!n.ok()) {
    stats_.reject(n.error(), line);
    return;
  }
  if (*n != header_fields_) {
    if (!try_header(line)) stats_.reject(make_error(ErrorCode::kBadCsvRow, 0), line);
    return;
  }
  auto row = parse_row();
  if (!row.ok()) {
    if (row.error().field == kNames[kMmsi] && try_header(line)) return;  // repeated header
    stats_.reject(row.error(), line);
    return;
  }
  emit_position(*row, sink);
  emit_static(*row, sink);
}

template <typename Body>
void KystverketCsvDecoder::emit(uint8_t type, const KystverketRow& row, const Body& body,
                                ObservationSink sink) {
  obs_.time = row.time;
  obs_.msg.type = type;
  obs_.msg.repeat = 0;
  obs_.msg.mmsi = row.mmsi;
  obs_.msg.body.template emplace<Body>(body);
  stats_.count_message();
  sink(obs_);
}

void KystverketCsvDecoder::emit_position(const KystverketRow& row, ObservationSink sink) {
  // Converts one optional field; out of range -> not available + warning.
  auto convert = [&](const std::optional<double>& in, auto fn, auto& out) {
    if (!in) return;
    if (auto v = fn(*in)) {
      out = *v;
    } else {
      stats_.warn(ErrorCode::kBadValue);
    }
  };
  if (row.type == 27) {
    ais::LongRangeReport m;
    m.status = row.status;
    convert(row.lat, lat_raw27, m.lat);
    convert(row.lon, lon_raw27, m.lon);
    // Type 27 keeps whole knots (63 = n/a) and whole degrees (511 = n/a).
    if (row.sog && *row.sog >= 0 && *row.sog < 1000) {
      m.speed = static_cast<uint8_t>(std::min(std::lround(*row.sog), 62L));
    }
    if (row.cog && *row.cog >= 0 && *row.cog < 359.5) {
      m.course = static_cast<uint16_t>(std::lround(*row.cog));
    }
    emit(27, row, m, sink);
    return;
  }
  ais::Position pos;
  convert(std::optional<double>(row.lat), lat_raw, pos.lat);
  convert(std::optional<double>(row.lon), lon_raw, pos.lon);
  uint16_t speed = ais::kSpeedNotAvailable;
  uint16_t course = ais::kCourseNotAvailable;
  uint16_t heading = ais::kHeadingNotAvailable;
  convert(row.sog, speed_raw, speed);
  convert(row.cog, course_raw, course);
  convert(row.heading, heading_raw, heading);

  if (row.type == 9) {
    ais::SarAircraftReport m;
    if (speed != ais::kSpeedNotAvailable && row.sog) {
      m.speed = static_cast<uint16_t>(std::min(std::lround(*row.sog), 1022L));
    }
    m.pos = pos;
    m.course = course;
    emit(9, row, m, sink);
  } else if (row.type == 18) {
    ais::PositionReportB m;
    m.speed = speed;
    m.pos = pos;
    m.course = course;
    m.heading = heading;
    emit(18, row, m, sink);
  } else if (row.type == 19) {
    ais::ExtendedReportB m;
    m.speed = speed;
    m.pos = pos;
    m.course = course;
    m.heading = heading;
    emit(19, row, m, sink);
  } else {
    ais::PositionReportA m;
    m.status = row.status;
    m.speed = speed;
    m.pos = pos;
    m.course = course;
    m.heading = heading;
    emit(row.type, row, m, sink);
  }
}

void KystverketCsvDecoder::emit_static(const KystverketRow& row, ObservationSink sink) {
  if (row.imo == 0 && row.length == 0) return;
  if (!static_filter_.changed(row.mmsi, fingerprint({column(kImo), column(kLength)}))) return;
  auto dim = dims_from_length_width(row.length, 0);
  if (is_class_b(row.type)) {
    if (row.length == 0) return;  // part B has no IMO field
    ais::StaticDataReport m;
    m.partno = 1;
    if (dim) m.dim = *dim;
    emit(24, row, m, sink);
    return;
  }
  ais::StaticVoyageData m;
  m.imo = row.imo;
  if (dim) m.dim = *dim;
  emit(5, row, m, sink);
}

}  // namespace lookout::csv
