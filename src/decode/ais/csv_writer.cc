#include "decode/ais/csv_writer.h"

#include <string_view>
#include <variant>

#include "core/json_out.h"

namespace lookout::ais {

namespace {

// The columns, in order. Row fills a Columns and writes it in one pass.
constexpr std::string_view kHeader =
    "time,mmsi,type,lat,lon,speed,course,heading,status,turn,shipname,callsign,imo,"
    "shiptype,to_bow,to_stern,to_port,to_starboard,draught,destination,station,channel";

// A numeric cell: value / 10^decimals, or nothing.
struct Number {
  int64_t value = 0;
  int decimals = 0;
  bool present = false;
  void set(int64_t v, int d = 0) {
    value = v;
    decimals = d;
    present = true;
  }
};

// A cell holding numerator / denominator at `decimals` places, or nothing.
struct Ratio {
  int64_t numerator = 0;
  int64_t denominator = 1;
  int decimals = 0;
  bool present = false;
};

struct Columns {
  Ratio lat, lon;
  Number speed, course, heading, status, imo, shiptype, draught;
  Number to_bow, to_stern, to_port, to_starboard;
  Ratio turn;                  // degrees per minute, 2 decimals
  std::string_view turn_text;  // "fastright" / "fastleft"
  std::string_view shipname, callsign, destination;
};

void set_position(Columns& c, int32_t lat, int32_t lon, int64_t per_degree, int decimals) {
  if (lat >= -90 * per_degree && lat <= 90 * per_degree) c.lat = {lat, per_degree, decimals, true};
  if (lon >= -180 * per_degree && lon <= 180 * per_degree) {
    c.lon = {lon, per_degree, decimals, true};
  }
}

void set_motion(Columns& c, const Position& pos, uint16_t speed, uint16_t course) {
  set_position(c, pos.lat, pos.lon, 600000, 7);
  if (speed != kSpeedNotAvailable) c.speed.set(speed, 1);
  if (course < kCourseNotAvailable) c.course.set(course, 1);
}

void set_heading(Columns& c, uint16_t heading) {
  if (heading < 360) c.heading.set(heading);
}

void set_shiptype(Columns& c, uint8_t shiptype) {
  if (shiptype != 0) c.shiptype.set(shiptype);
}

void set_dimensions(Columns& c, const Dimensions& d) {
  c.to_bow.set(d.to_bow);
  c.to_stern.set(d.to_stern);
  c.to_port.set(d.to_port);
  c.to_starboard.set(d.to_starboard);
}

// One overload per body type; bodies without one leave every column empty.
struct Fill {
  Columns& c;
  const Message& msg;

  template <typename Other>
  void operator()(const Other& /*unknown body*/) const {}

  void operator()(const PositionReportA& b) const {
    set_motion(c, b.pos, b.speed, b.course);
    set_heading(c, b.heading);
    c.status.set(b.status);
    if (b.turn == 127) {
      c.turn_text = "fastright";
    } else if (b.turn == -127) {
      c.turn_text = "fastleft";
    } else if (b.turn != kTurnNotAvailable) {
      // As in the JSON: (ROT_AIS / 4.733)^2 = ROT_AIS^2 * 10^6 / 22401289.
      const int64_t square = int64_t{b.turn} * b.turn * 1000000;
      c.turn = {b.turn < 0 ? -square : square, 22401289, 2, true};
    }
  }
  void operator()(const BaseStationReport& b) const {
    set_position(c, b.pos.lat, b.pos.lon, 600000, 7);
  }
  void operator()(const StaticVoyageData& b) const {
    c.shipname = b.shipname;
    c.callsign = b.callsign;
    if (b.imo != 0) c.imo.set(b.imo);
    set_shiptype(c, b.shiptype);
    set_dimensions(c, b.dim);
    if (b.draught != 0) c.draught.set(b.draught, 1);
    c.destination = b.destination;
  }
  void operator()(const SarAircraftReport& b) const {
    set_position(c, b.pos.lat, b.pos.lon, 600000, 7);
    if (b.speed != kSpeedNotAvailable) c.speed.set(b.speed);  // whole knots
    if (b.course < kCourseNotAvailable) c.course.set(b.course, 1);
  }
  void operator()(const PositionReportB& b) const {
    set_motion(c, b.pos, b.speed, b.course);
    set_heading(c, b.heading);
  }
  void operator()(const ExtendedReportB& b) const {
    set_motion(c, b.pos, b.speed, b.course);
    set_heading(c, b.heading);
    c.shipname = b.shipname;
    set_shiptype(c, b.shiptype);
    set_dimensions(c, b.dim);
  }
  void operator()(const AidToNavigation& b) const {
    set_position(c, b.pos.lat, b.pos.lon, 600000, 7);
    c.shipname = b.name;
    set_dimensions(c, b.dim);
  }
  void operator()(const StaticDataReport& b) const {
    if (b.partno == 0) {
      c.shipname = b.shipname;
    } else if (b.partno == 1) {
      c.callsign = b.callsign;
      set_shiptype(c, b.shiptype);
      if (msg.mmsi / 10000000 != 98) set_dimensions(c, b.dim);
    }
  }
  void operator()(const LongRangeReport& b) const {
    set_position(c, b.lat, b.lon, 600, 4);
    if (b.speed != 63) c.speed.set(b.speed);
    if (b.course != 511) c.course.set(b.course);
    c.status.set(b.status);
  }
};

// Builds one row in a local buffer, appended to the string in one call (a
// row is bounded: 22 cells, the longest text 34 characters, doubled at worst
// by quoting).
class Row {
 public:
  // One RFC 4180 field: quoted only when it holds a comma, quote, CR or LF.
  void text(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
      p_ = json_detail::copy_short(p_, s.data(), s.size());
      return;
    }
    *p_++ = '"';
    for (char ch : s) {
      if (ch == '"') *p_++ = '"';
      *p_++ = ch;
    }
    *p_++ = '"';
  }
  void cell(std::string_view s) {
    text(s);
    *p_++ = ',';
  }
  void cell(const Number& n) {
    if (n.present) p_ = write_decimal(p_, n.value, n.decimals);
    *p_++ = ',';
  }
  void cell(const Ratio& r) {
    if (r.present) p_ = write_quotient(p_, r.numerator, r.denominator, r.decimals);
    *p_++ = ',';
  }
  void cell(uint64_t value) {
    p_ = write_unsigned(p_, value);
    *p_++ = ',';
  }
  void time(Timestamp t) { p_ += format_iso8601(t, p_); }
  void comma() { *p_++ = ','; }
  void append_to(std::string& out) const {
    out.append(buf_, static_cast<std::size_t>(p_ - buf_));
  }

 private:
  // 22 cells: numbers (at most kMaxNumberChars), texts of at most 34 (20 for
  // most, 24 for the station) characters quoted with every one doubled.
  char buf_[22 * kMaxNumberChars + 6 * (2 * 34 + 2)];
  char* p_ = buf_;
};

}  // namespace

void append_csv_header(std::string& out) { out.append(kHeader); }

void append_csv(std::string& out, const AisObservation& obs) {
  const Message& msg = obs.msg;
  Columns c;
  std::visit(Fill{c, msg}, msg.body);

  Row row;
  if (obs.time) row.time(*obs.time);
  row.comma();
  row.cell(uint64_t{msg.mmsi});
  row.cell(uint64_t{msg.type});
  row.cell(c.lat);
  row.cell(c.lon);
  row.cell(c.speed);
  row.cell(c.course);
  row.cell(c.heading);
  row.cell(c.status);
  if (c.turn_text.empty()) {
    row.cell(c.turn);
  } else {
    row.cell(c.turn_text);
  }
  row.cell(c.shipname);
  row.cell(c.callsign);
  row.cell(c.imo);
  row.cell(c.shiptype);
  row.cell(c.to_bow);
  row.cell(c.to_stern);
  row.cell(c.to_port);
  row.cell(c.to_starboard);
  row.cell(c.draught);
  row.cell(c.destination);
  row.cell(obs.station.view());
  if (obs.channel != 0) row.text(std::string_view(&obs.channel, 1));
  row.append_to(out);
}

}  // namespace lookout::ais
