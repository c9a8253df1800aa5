#include "decode/ais/json_writer.h"

#include <charconv>
#include <cstring>
#include <limits>
#include <string_view>
#include <type_traits>
#include <variant>

#include "core/json_out.h"
#include "decode/ais/json_fields.h"
#include "decode/ais/legends.h"

namespace lookout::ais {

namespace {

using json_detail::put_degrees;
using json_detail::put_text;

// Degrees from 1/10000 minute (types 1-21) and 1/10 minute (type 27), at
// the precision gpsd prints them.
constexpr int64_t kMinute10000PerDegree = 600000;
constexpr int kDegreeDecimals = 7;
constexpr int64_t kMinute10PerDegree = 600;
constexpr int kDegreeDecimals27 = 4;

// ROT_AIS = 4.733 * sqrt(ROT deg/min), so ROT = (ROT_AIS / 4.733)^2 and, in
// integers, ROT = ROT_AIS^2 * 10^6 / 22401289 (4.733^2 = 22.401289).
constexpr int64_t kTurnDenominator = 22401289;
constexpr int64_t kTurnNumeratorScale = 1000000;

// Writes `value` in decimal with at least `width` digits (zero padded) at
// `p`, which must have room for 10 + width characters; returns the end.
char* put_padded(char* p, unsigned value, int width) {
  char digits[12];
  const auto res = std::to_chars(digits, digits + sizeof digits, value);
  for (auto len = res.ptr - digits; len < width; ++len) *p++ = '0';
  for (const char* d = digits; d != res.ptr; ++d) *p++ = *d;
  return p;
}

// Field writers shared by several types. Each leaves out "not available".
void put_position(JsonOut& j, const Position& pos) {
  put_degrees<kMinute10000PerDegree, kDegreeDecimals>(j, "lon", pos.lon, 180);
  put_degrees<kMinute10000PerDegree, kDegreeDecimals>(j, "lat", pos.lat, 90);
}

void put_speed_tenths(JsonOut& j, uint16_t speed) {
  if (speed != kSpeedNotAvailable) j.key("speed").decimal<1>(speed);
}

void put_course(JsonOut& j, uint16_t course) {
  if (course < kCourseNotAvailable) j.key("course").decimal<1>(course);
}

void put_heading(JsonOut& j, uint16_t heading) {
  if (heading < 360) j.key("heading").integer(heading);
}

void put_second(JsonOut& j, uint8_t second) {
  if (second != kSecondNotAvailable) j.key("second").integer(second);
}

void put_turn(JsonOut& j, int8_t turn) {
  if (turn == kTurnNotAvailable) return;
  if (turn == 127) {
    j.key("turn").plain_string("fastright");
  } else if (turn == -127) {
    j.key("turn").plain_string("fastleft");
  } else {
    const int64_t square = int64_t{turn} * turn * kTurnNumeratorScale;
    j.key("turn").quotient<kTurnDenominator, 2>(turn < 0 ? -square : square);
  }
}

void put_status(JsonOut& j, unsigned status) {
  j.key("status").integer(status);
  j.key("status_text").plain_string(status_text(status));
}

void put_epfd(JsonOut& j, unsigned epfd) {
  j.key("epfd").integer(epfd);
  j.key("epfd_text").plain_string(epfd_text(epfd));
}

void put_shiptype(JsonOut& j, unsigned shiptype) {
  if (shiptype == 0) return;  // 0 = not available
  j.key("shiptype").integer(shiptype);
  j.key("shiptype_text").plain_string(shiptype_text(shiptype));
}

void put_dimensions(JsonOut& j, const Dimensions& dim) {
  j.key("to_bow").integer(dim.to_bow);
  j.key("to_stern").integer(dim.to_stern);
  j.key("to_port").integer(dim.to_port);
  j.key("to_starboard").integer(dim.to_starboard);
}

// One overload per body type, each writing that type's fields in gpsd's
// order. A body without an overload (a type added to message.h but not yet
// here) falls to the template and gets the common header only.
struct BodyWriter {
  JsonOut& j;
  const Message& msg;

  template <typename Other>
  void operator()(const Other& /*unknown body*/) const {}

  // The data link and binary messages (json_link_messages.cc).
  template <typename Body>
    requires std::is_base_of_v<OtherMessage, Body>
  void operator()(const Body& b) const {
    json_detail::write_body(j, msg, b);
  }

  void operator()(const PositionReportA& b) const {
    put_status(j, b.status);
    put_turn(j, b.turn);
    put_speed_tenths(j, b.speed);
    j.field("accuracy", b.accuracy);
    put_position(j, b.pos);
    put_course(j, b.course);
    put_heading(j, b.heading);
    put_second(j, b.second);
    j.field_int("maneuver", b.maneuver);
    j.field("raim", b.raim);
    j.field_int("radio", b.radio);
  }

  void operator()(const BaseStationReport& b) const {
    // gpsd's "YYYY-MM-DDTHH:MM:SSZ" of the raw fields, not-available codes
    // included (a date without a time is still worth having); absent only
    // when every part is "not available".
    const bool none = b.year == 0 && b.month == 0 && b.day == 0 && b.hour == 24 &&
                      b.minute == 60 && b.second == 60;
    if (!none) {
      char buf[64];
      char* p = put_padded(buf, b.year, 4);
      *p++ = '-';
      p = put_padded(p, b.month, 2);
      *p++ = '-';
      p = put_padded(p, b.day, 2);
      *p++ = 'T';
      p = put_padded(p, b.hour, 2);
      *p++ = ':';
      p = put_padded(p, b.minute, 2);
      *p++ = ':';
      p = put_padded(p, b.second, 2);
      *p++ = 'Z';
      j.key("timestamp").plain_string(std::string_view(buf, static_cast<std::size_t>(p - buf)));
    }
    j.field("accuracy", b.accuracy);
    put_position(j, b.pos);
    put_epfd(j, b.epfd);
    j.field("raim", b.raim);
    j.field_int("radio", b.radio);
  }

  void operator()(const StaticVoyageData& b) const {
    if (b.imo != 0) j.field_int("imo", b.imo);
    j.field_int("ais_version", b.ais_version);
    put_text(j, "callsign", b.callsign);
    put_text(j, "shipname", b.shipname);
    put_shiptype(j, b.shiptype);
    put_dimensions(j, b.dim);
    put_epfd(j, b.epfd);
    const bool no_eta = b.month == 0 && b.day == 0 && b.hour == 24 && b.minute == 60;
    if (!no_eta) {
      char buf[64];
      char* p = put_padded(buf, b.month, 2);
      *p++ = '-';
      p = put_padded(p, b.day, 2);
      *p++ = 'T';
      p = put_padded(p, b.hour, 2);
      *p++ = ':';
      p = put_padded(p, b.minute, 2);
      *p++ = 'Z';
      j.key("eta").plain_string(std::string_view(buf, static_cast<std::size_t>(p - buf)));
    }
    if (b.draught != 0) j.key("draught").decimal<1>(b.draught);
    put_text(j, "destination", b.destination);
    j.field_int("dte", b.dte);  // gpsd writes dte as 0/1
  }

  void operator()(const SarAircraftReport& b) const {
    if (b.alt != 4095) j.field_int("alt", b.alt);
    if (b.speed != kSpeedNotAvailable) j.field_int("speed", b.speed);  // whole knots
    j.field("accuracy", b.accuracy);
    put_position(j, b.pos);
    put_course(j, b.course);
    put_second(j, b.second);
    j.field_int("regional", b.regional);
    j.field_int("dte", b.dte);
    j.field("assigned", b.assigned);
    j.field("raim", b.raim);
    j.field_int("radio", b.radio);
  }

  void operator()(const SafetyMessage& b) const {
    if (msg.type == 12) {
      j.field_int("seqno", b.seqno);
      j.field_int("dest_mmsi", b.dest_mmsi);
      j.field("retransmit", b.retransmit);
    }
    put_text(j, "text", b.text);
  }

  void operator()(const PositionReportB& b) const {
    j.field_int("reserved", b.reserved);
    put_speed_tenths(j, b.speed);
    j.field("accuracy", b.accuracy);
    put_position(j, b.pos);
    put_course(j, b.course);
    put_heading(j, b.heading);
    put_second(j, b.second);
    j.field_int("regional", b.regional);
    j.field("cs", b.cs);
    j.field("display", b.display);
    j.field("dsc", b.dsc);
    j.field("band", b.band);
    j.field("msg22", b.msg22);
    j.field("assigned", b.assigned);
    j.field("raim", b.raim);
    j.field_int("radio", b.radio);
  }

  void operator()(const ExtendedReportB& b) const {
    j.field_int("reserved", b.reserved);
    put_speed_tenths(j, b.speed);
    j.field("accuracy", b.accuracy);
    put_position(j, b.pos);
    put_course(j, b.course);
    put_heading(j, b.heading);
    put_second(j, b.second);
    j.field_int("regional", b.regional);
    put_text(j, "shipname", b.shipname);
    put_shiptype(j, b.shiptype);
    put_dimensions(j, b.dim);
    put_epfd(j, b.epfd);
    j.field("raim", b.raim);
    j.field_int("dte", b.dte);
    j.field("assigned", b.assigned);
  }

  void operator()(const AidToNavigation& b) const {
    j.field_int("aid_type", b.aid_type);
    j.key("aid_type_text").plain_string(aid_type_text(b.aid_type));
    put_text(j, "name", b.name);
    put_position(j, b.pos);
    j.field("accuracy", b.accuracy);
    put_dimensions(j, b.dim);
    put_epfd(j, b.epfd);
    put_second(j, b.second);
    j.field_int("regional", b.regional);
    j.field("off_position", b.off_position);
    j.field("raim", b.raim);
    j.field("virtual_aid", b.virtual_aid);
    j.field("assigned", b.assigned);
  }

  void operator()(const StaticDataReport& b) const {
    if (b.partno == 0) {
      j.field("part", std::string_view("A"));
      put_text(j, "shipname", b.shipname);
      return;
    }
    if (b.partno != 1) return;
    j.field("part", std::string_view("B"));
    put_shiptype(j, b.shiptype);
    put_text(j, "vendorid", b.vendorid);
    j.field_int("model", b.model);
    j.field_int("serial", b.serial);
    put_text(j, "callsign", b.callsign);
    if (msg.mmsi / 10000000 == 98) {  // auxiliary craft: 98XXXYYYY
      j.field_int("mothership_mmsi", b.mothership_mmsi);
    } else {
      put_dimensions(j, b.dim);
    }
  }

  void operator()(const LongRangeReport& b) const {
    put_status(j, b.status);
    j.field("accuracy", b.accuracy);
    put_degrees<kMinute10PerDegree, kDegreeDecimals27>(j, "lon", b.lon, 180);
    put_degrees<kMinute10PerDegree, kDegreeDecimals27>(j, "lat", b.lat, 90);
    if (b.speed != 63) j.field_int("speed", b.speed);
    if (b.course != 511) j.field_int("course", b.course);
    j.field("raim", b.raim);
    j.field("gnss", b.gnss);
  }
};

// Formats event times, remembering the last second formatted on this
// thread: messages come in time order, most share their second with the one
// before, and a civil date costs more to compute than the rest of the
// reception fields.
class TimeText {
 public:
  // "YYYY-MM-DDTHH:MM:SS[.mmm]Z" for `t` in `buf` (at least 36 bytes);
  // returns the length.
  std::size_t format(Timestamp t, char* buf) {
    const int64_t ms = to_unix_ms(t);
    const int64_t second = ms >= 0 ? ms / 1000 : -((999 - ms) / 1000);
    const auto millis = static_cast<unsigned>(ms - second * 1000);
    if (second != second_) {
      char full[32];
      const std::size_t n = format_iso8601(from_unix_ms(second * 1000), full);
      prefix_len_ = n - 1;  // without the 'Z'
      std::memcpy(prefix_, full, prefix_len_);
      second_ = second;
    }
    std::memcpy(buf, prefix_, prefix_len_);
    char* p = buf + prefix_len_;
    if (millis != 0) {
      *p++ = '.';
      *p++ = static_cast<char>('0' + millis / 100);
      *p++ = static_cast<char>('0' + millis / 10 % 10);
      *p++ = static_cast<char>('0' + millis % 10);
    }
    *p++ = 'Z';
    return static_cast<std::size_t>(p - buf);
  }

 private:
  int64_t second_ = std::numeric_limits<int64_t>::min();
  char prefix_[32] = {};
  std::size_t prefix_len_ = 0;
};

// What the observation adds to the message: when, where and how it was seen.
void put_reception(JsonOut& j, const AisObservation& obs) {
  if (obs.time) {
    thread_local TimeText time_text;
    char buf[64];
    const std::size_t n = time_text.format(*obs.time, buf);
    j.key("time").plain_string(std::string_view(buf, n));
    j.key("time_source").plain_string(to_string(obs.time_source));
  }
  put_text(j, "station", obs.station);
  if (obs.channel != 0) j.key("channel").string(std::string_view(&obs.channel, 1));
  if (obs.own_vessel) j.field("own_vessel", true);
}

}  // namespace

void append_json(std::string& out, const AisObservation& obs) {
  const Message& msg = obs.msg;
  JsonOut j(out);
  j.begin_object();
  j.key("class").plain_string("AIS");
  j.field_int("type", msg.type);
  j.field_int("repeat", msg.repeat);
  j.field_int("mmsi", msg.mmsi);
  j.key("scaled").raw("true");
  std::visit(BodyWriter{j, msg}, msg.body);
  put_reception(j, obs);
  j.end_object();
}

}  // namespace lookout::ais
