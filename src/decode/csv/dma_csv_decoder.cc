#include "decode/csv/dma_csv_decoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include "decode/csv/dma_vocabulary.h"
#include "decode/csv/field_parse.h"
#include "decode/csv/raw_units.h"

namespace lookout::csv {

namespace {

enum Column : std::size_t {
  kTimestamp, kMobile, kMmsi, kLat, kLon, kStatus, kRot, kSog, kCog, kHeading, kImo,
  kCallsign, kName, kShipType, kCargoType, kWidth, kLength, kEpfd, kDraught, kDestination,
  kEta, kDataSource, kA, kB, kC, kD,
};

// Header names; the field names in Errors point at these static strings.
constexpr std::array<const char*, DmaCsvDecoder::kColumnCount> kNames = {
    "Timestamp", "Type of mobile", "MMSI", "Latitude", "Longitude", "Navigational status",
    "ROT", "SOG", "COG", "Heading", "IMO", "Callsign", "Name", "Ship type", "Cargo type",
    "Width", "Length", "Type of position fixing device", "Draught", "Destination", "ETA",
    "Data source type", "A", "B", "C", "D",
};

constexpr std::array<Column, 5> kRequired = {kTimestamp, kMobile, kMmsi, kLat, kLon};

// "DD/MM/YYYY HH:MM:SS" -> the month/day/hour/minute of a type 5 ETA.
bool eta_from_text(std::string_view s, Eta& eta) {
  auto two = [&](std::size_t at, uint8_t& out) {
    if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') {
      return false;
    }
    out = static_cast<uint8_t>((s[at] - '0') * 10 + (s[at + 1] - '0'));
    return true;
  };
  if (s.size() < 16 || s[2] != '/' || s[5] != '/' || s[10] != ' ' || s[13] != ':') return false;
  Eta e;
  if (!two(0, e.day) || !two(3, e.month) || !two(11, e.hour) || !two(14, e.minute)) return false;
  if (e.month > 12 || e.day > 31 || e.hour > 24 || e.minute > 60) return false;
  eta = e;
  return true;
}

}  // namespace

// One row, parsed and converted to raw units. Text views point into the
// splitter and live until the next row.
struct DmaRow {
  Timestamp time{};
  uint32_t mmsi = 0;
  MobileType mobile = MobileType::kClassA;
  bool has_position = false;
  ais::Position pos;
  uint8_t status = 15;
  int8_t turn = ais::kTurnNotAvailable;
  uint16_t speed = ais::kSpeedNotAvailable;
  std::optional<double> sog_knots;  // for type 9, whose speed is in whole knots
  uint16_t course = ais::kCourseNotAvailable;
  uint16_t heading = ais::kHeadingNotAvailable;
  uint8_t epfd = 0;
  // Static and voyage data, filled by parse_voyage() only when needed.
  uint32_t imo = 0;
  std::string_view callsign, name, destination;
  uint8_t shiptype = 0;
  bool has_dim = false;
  ais::Dimensions dim;
  uint8_t draught = 0;
  Eta eta;
};

DmaCsvDecoder::DmaCsvDecoder(Params params)
    : params_(params), static_filter_(params.max_static_vessels) {
  columns_.fill(-1);
  obs_.time_source = TimeSource::kRecord;
}

std::string_view DmaCsvDecoder::column(std::size_t col) const {
  int16_t idx = columns_[col];
  return idx < 0 ? std::string_view{} : splitter_[static_cast<std::size_t>(idx)];
}

bool DmaCsvDecoder::try_header(std::string_view line) {
  // Cheap test first: data rows never hold these words.
  if (line.find("imestamp") == std::string_view::npos || line.find("MMSI") == std::string_view::npos) {
    return false;
  }
  auto n = splitter_.split(line, ',');
  if (!n.ok()) return false;
  std::array<int16_t, kColumnCount> cols{};
  for (std::size_t c = 0; c < kColumnCount; ++c) {
    cols[c] = static_cast<int16_t>(find_column(splitter_, kNames[c]));
  }
  for (Column c : kRequired) {
    if (cols[c] < 0) return false;
  }
  columns_ = cols;
  header_fields_ = *n;
  have_header_ = true;
  return true;
}

Result<Timestamp> DmaCsvDecoder::row_time(std::string_view text) {
  if (text.size() == last_time_size_ && text.size() <= last_time_text_.size() &&
      std::memcmp(text.data(), last_time_text_.data(), text.size()) == 0) {
    return last_time_;
  }
  auto t = parse_timestamp(text);
  if (!t.ok()) return make_error(ErrorCode::kBadValue, t.error().offset, kNames[kTimestamp]);
  if (text.size() <= last_time_text_.size()) {
    std::memcpy(last_time_text_.data(), text.data(), text.size());
    last_time_size_ = text.size();
    last_time_ = *t;
  }
  return *t;
}

Result<DmaRow> DmaCsvDecoder::parse_row() {
  DmaRow row;
  // Required: when, who, what kind of station.
  std::string_view ts = column(kTimestamp);
  if (ts.empty()) return make_error(ErrorCode::kMissingField, 0, kNames[kTimestamp]);
  auto time = row_time(ts);
  if (!time.ok()) return time.error();
  row.time = *time;

  std::string_view mmsi = column(kMmsi);
  if (mmsi.empty()) return make_error(ErrorCode::kMissingField, 0, kNames[kMmsi]);
  auto id = parse_int(mmsi);
  if (!id || *id <= 0 || *id > 999999999) return make_error(ErrorCode::kBadValue, 0, kNames[kMmsi]);
  row.mmsi = static_cast<uint32_t>(*id);

  std::string_view mobile = column(kMobile);
  if (mobile.empty()) return make_error(ErrorCode::kMissingField, 0, kNames[kMobile]);
  auto kind = mobile_type_from_text(mobile);
  if (!kind) return make_error(ErrorCode::kBadValue, 0, kNames[kMobile]);
  row.mobile = *kind;

  // Position: text that is not a number rejects the row; a number outside
  // the globe only drops the position.
  auto lat = read_double(column(kLat));
  auto lon = read_double(column(kLon));
  if (lat.bad()) return make_error(ErrorCode::kBadValue, 0, kNames[kLat]);
  if (lon.bad()) return make_error(ErrorCode::kBadValue, 0, kNames[kLon]);
  if (lat.present() && lon.present()) {
    auto la = lat_raw(lat.value);
    auto lo = lon_raw(lon.value);
    if (!la || !lo) stats_.warn(ErrorCode::kBadValue);
    if (la && lo) {
      row.pos = ais::Position{*lo, *la};
      row.has_position = row.pos.valid();
    }
  }

  // Optional kinematics: bad -> not available and a warning.
  auto read_optional = [&](auto field, auto convert, auto& out) {
    if (field.bad()) {
      stats_.warn(ErrorCode::kBadValue);
    } else if (field.present()) {
      if (auto v = convert(field.value)) {
        out = *v;
      } else {
        stats_.warn(ErrorCode::kBadValue);
      }
    }
  };
  read_optional(read_double(column(kRot)), turn_raw, row.turn);
  auto sog = read_double(column(kSog));
  read_optional(sog, speed_raw, row.speed);
  if (sog.present() && row.speed != ais::kSpeedNotAvailable) row.sog_knots = sog.value;
  read_optional(read_double(column(kCog)), course_raw, row.course);
  read_optional(read_double(column(kHeading)), heading_raw, row.heading);

  std::string_view status = column(kStatus);
  if (!status.empty()) {
    if (auto code = nav_status_from_text(status)) {
      row.status = *code;
    } else {
      stats_.warn(ErrorCode::kBadValue);
    }
  }
  // Name and size travel with the AtoN's own report.
  if (row.mobile == MobileType::kAtoN) parse_voyage(row);
  if (row.mobile == MobileType::kBaseStation) row.epfd = parse_epfd();
  return row;
}

uint8_t DmaCsvDecoder::parse_epfd() {
  std::string_view epfd = column(kEpfd);
  if (epfd.empty()) return 0;
  if (auto code = epfd_from_text(epfd)) return *code;
  stats_.warn(ErrorCode::kBadValue);
  return 0;
}

bool DmaCsvDecoder::has_static_columns() const {
  std::string_view imo = column(kImo);
  std::string_view ship_type = column(kShipType);
  return (!imo.empty() && !iequals(imo, "Unknown")) || !column(kCallsign).empty() ||
         !column(kName).empty() || !column(kDestination).empty() || !column(kEta).empty() ||
         !column(kDraught).empty() || !column(kWidth).empty() || !column(kLength).empty() ||
         !column(kA).empty() || !column(kB).empty() || !column(kC).empty() ||
         !column(kD).empty() || (!ship_type.empty() && !iequals(ship_type, "Undefined"));
}

void DmaCsvDecoder::parse_voyage(DmaRow& row) {
  row.epfd = parse_epfd();
  std::string_view imo = column(kImo);
  if (!imo.empty() && !iequals(imo, "Unknown")) {
    auto v = parse_int(imo);
    if (v && *v >= 0 && *v < (int64_t{1} << 30)) {
      row.imo = static_cast<uint32_t>(*v);
    } else {
      stats_.warn(ErrorCode::kBadValue);
    }
  }
  row.callsign = ais_text(column(kCallsign));
  row.name = ais_text(column(kName));
  row.destination = ais_text(column(kDestination));

  std::string_view ship_type = column(kShipType);
  if (!ship_type.empty()) {
    if (auto code = ship_type_from_text(ship_type, column(kCargoType))) {
      row.shiptype = *code;
    } else {
      stats_.warn(ErrorCode::kBadValue);
    }
  }

  // Size: A..D when the layout has them, else Width/Length split amidships.
  auto a = read_double(column(kA));
  auto b = read_double(column(kB));
  auto c = read_double(column(kC));
  auto d = read_double(column(kD));
  auto width = read_double(column(kWidth));
  auto length = read_double(column(kLength));
  if (a.bad() || b.bad() || c.bad() || d.bad() || width.bad() || length.bad()) {
    stats_.warn(ErrorCode::kBadValue);
  }
  std::optional<ais::Dimensions> dim;
  if (a.present() || b.present() || c.present() || d.present()) {
    dim = dims_from_abcd(a.present() ? a.value : 0, b.present() ? b.value : 0,
                         c.present() ? c.value : 0, d.present() ? d.value : 0);
  } else if (length.present() || width.present()) {
    dim = dims_from_length_width(length.present() ? length.value : 0,
                                 width.present() ? width.value : 0);
  }
  if (dim) {
    row.dim = *dim;
    row.has_dim = dim->to_bow != 0 || dim->to_stern != 0 || dim->to_port != 0 ||
                  dim->to_starboard != 0;
  }

  auto draught = read_double(column(kDraught));
  if (draught.bad()) stats_.warn(ErrorCode::kBadValue);
  if (draught.present()) {
    if (auto v = draught_raw(draught.value)) {
      row.draught = *v;
    } else {
      stats_.warn(ErrorCode::kBadValue);
    }
  }
  std::string_view eta = column(kEta);
  if (!eta.empty() && !eta_from_text(eta, row.eta)) stats_.warn(ErrorCode::kBadValue);
}

void DmaCsvDecoder::feed(std::string_view line, ObservationSink sink) {
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
  auto n = splitter_.split(line, ',');
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
    // A repeated header (files joined with cat) fails on its Timestamp.
    if (row.error().field == kNames[kTimestamp] && try_header(line)) return;
    stats_.reject(row.error(), line);
    return;
  }
  emit_position(*row, sink);
  emit_static(*row, sink);
}

template <typename Body>
void DmaCsvDecoder::emit(uint8_t type, const DmaRow& row, const Body& body, ObservationSink sink) {
  obs_.time = row.time;
  obs_.msg.type = type;
  obs_.msg.repeat = 0;
  obs_.msg.mmsi = row.mmsi;
  obs_.msg.body.template emplace<Body>(body);
  stats_.count_message();
  sink(obs_);
}

void DmaCsvDecoder::emit_position(const DmaRow& row, ObservationSink sink) {
  switch (row.mobile) {
    case MobileType::kClassA: {
      if (!row.has_position) return;
      ais::PositionReportA m;
      m.status = row.status;
      m.turn = row.turn;
      m.speed = row.speed;
      m.pos = row.pos;
      m.course = row.course;
      m.heading = row.heading;
      emit(1, row, m, sink);
      return;
    }
    case MobileType::kClassB: {
      if (!row.has_position) return;
      ais::PositionReportB m;
      m.speed = row.speed;
      m.pos = row.pos;
      m.course = row.course;
      m.heading = row.heading;
      emit(18, row, m, sink);
      return;
    }
    case MobileType::kBaseStation: {
      if (!row.has_position) return;
      ais::BaseStationReport m;
      m.pos = row.pos;
      m.epfd = row.epfd;
      emit(4, row, m, sink);
      return;
    }
    case MobileType::kSarAirborne: {
      if (!row.has_position) return;
      ais::SarAircraftReport m;
      if (row.sog_knots) m.speed = static_cast<uint16_t>(std::min(std::lround(*row.sog_knots), 1022L));
      m.pos = row.pos;
      m.course = row.course;
      emit(9, row, m, sink);
      return;
    }
    case MobileType::kAtoN: {
      // Type 21 is the AtoN's only message and carries its name and size, so
      // it is worth emitting even without a position.
      if (!row.has_position && row.name.empty()) return;
      ais::AidToNavigation m;
      m.name.assign(row.name);
      m.pos = row.pos;
      m.dim = row.dim;
      m.epfd = row.epfd;
      emit(21, row, m, sink);
      return;
    }
  }
}

void DmaCsvDecoder::emit_static(DmaRow& row, ObservationSink sink) {
  if (row.mobile != MobileType::kClassA && row.mobile != MobileType::kClassB) return;
  if (!has_static_columns()) return;
  if (params_.static_on_change_only) {
    uint64_t fp = fingerprint({column(kMobile), column(kImo), column(kCallsign), column(kName),
                               column(kShipType), column(kCargoType), column(kWidth),
                               column(kLength), column(kEpfd), column(kDraught),
                               column(kDestination), column(kEta), column(kA), column(kB),
                               column(kC), column(kD)});
    if (!static_filter_.changed(row.mmsi, fp)) return;
  }
  // Only now are the static columns worth parsing.
  parse_voyage(row);
  if (row.mobile == MobileType::kClassA) {
    ais::StaticVoyageData m;
    m.imo = row.imo;
    m.callsign.assign(row.callsign);
    m.shipname.assign(row.name);
    m.shiptype = row.shiptype;
    m.dim = row.dim;
    m.epfd = row.epfd;
    m.month = row.eta.month;
    m.day = row.eta.day;
    m.hour = row.eta.hour;
    m.minute = row.eta.minute;
    m.draught = row.draught;
    m.destination.assign(row.destination);
    emit(5, row, m, sink);
    return;
  }
  // Class B: the name travels in part A, the rest in part B.
  if (!row.name.empty()) {
    ais::StaticDataReport a;
    a.partno = 0;
    a.shipname.assign(row.name);
    emit(24, row, a, sink);
  }
  if (row.shiptype != 0 || !row.callsign.empty() || row.has_dim) {
    ais::StaticDataReport b;
    b.partno = 1;
    b.shiptype = row.shiptype;
    b.callsign.assign(row.callsign);
    b.dim = row.dim;
    b.epfd = row.epfd;
    emit(24, row, b, sink);
  }
}

}  // namespace lookout::csv
