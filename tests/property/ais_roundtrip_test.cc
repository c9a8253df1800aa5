// Property: encode_payload and decode_payload are inverses.
//
// For every body of message.h, thousands of random messages (fixed seed)
// with every field drawn over its full bit width, plus the boundary values
// (extreme and "not available" positions, widest texts), must decode back
// field for field. Texts use the six-bit alphabet without '@' and without
// trailing spaces, the two things decoding removes on purpose (bit_reader.h).
// Then the real messages of the gpsd corpus must survive decode -> encode ->
// decode, and long messages must survive encode_nmea -> split into
// sentences -> reassembly, by hand and through the NMEA decoder.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "decode/ais/decoder.h"
#include "decode/ais/encoder.h"
#include "decode/nmea/nmea_decoder.h"

namespace lookout::ais {
namespace {

constexpr int kIterations = 4000;

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}

  // Any value of a `width`-bit unsigned field.
  uint64_t bits(unsigned width) {
    return width >= 64 ? rng_() : rng_() & ((uint64_t{1} << width) - 1);
  }
  template <typename T>
  T u(unsigned width) {
    return static_cast<T>(bits(width));
  }
  // Any value of a `width`-bit two's-complement field.
  int32_t s(unsigned width) {
    const uint64_t v = bits(width);
    const uint64_t sign = uint64_t{1} << (width - 1);
    return static_cast<int32_t>(static_cast<int64_t>(v ^ sign) - static_cast<int64_t>(sign));
  }
  bool flag() { return (rng_() & 1) != 0; }
  bool one_in(unsigned n) { return rng_() % n == 0; }
  // One of `choices`, or a random field value.
  int32_t signed_or(std::initializer_list<int32_t> choices, unsigned width) {
    if (one_in(4)) return *(choices.begin() + rng_() % choices.size());
    return s(width);
  }

  Position position() {
    return Position{
        signed_or({-180 * 600000, 180 * 600000, kLonNotAvailable, 0, -(1 << 27), (1 << 27) - 1}, 28),
        signed_or({-90 * 600000, 90 * 600000, kLatNotAvailable, 0, -(1 << 26), (1 << 26) - 1}, 27)};
  }
  Dimensions dimensions() { return {u<uint16_t>(9), u<uint16_t>(9), u<uint8_t>(6), u<uint8_t>(6)}; }

  // Six-bit text without '@' and without trailing spaces, of 0..max_chars
  // characters (a quarter of the time exactly max_chars).
  template <std::size_t N>
  FixedString<N> text(std::size_t max_chars) {
    FixedString<N> out;
    const std::size_t len = one_in(4) ? max_chars : rng_() % (max_chars + 1);
    for (std::size_t i = 0; i < len; ++i) out.push_back(char_of(1 + rng_() % 63));
    std::string_view v = out.view();
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    out.resize(v.size());
    return out;
  }
  static char char_of(uint64_t value) { return static_cast<char>(value < 32 ? value + 64 : value); }

 private:
  std::mt19937_64 rng_;
};

// Field comparison with the field's name in the failure message.
template <typename T>
auto show(const T& v) {
  if constexpr (std::is_integral_v<T>) {
    return +v;
  } else {
    return std::string(std::string_view(v));
  }
}
#define SAME(f)                                                                              \
  if (!(a.f == b.f)) {                                                                       \
    return ::testing::AssertionFailure() << #f << ": " << show(a.f) << " != " << show(b.f); \
  }
#define SAME_POS(p) SAME(p.lon) SAME(p.lat)
#define SAME_DIM(d) SAME(d.to_bow) SAME(d.to_stern) SAME(d.to_port) SAME(d.to_starboard)

using testing::AssertionResult;
using testing::AssertionSuccess;

AssertionResult same(const OtherMessage&, const OtherMessage&) { return AssertionSuccess(); }
AssertionResult same(const PositionReportA& a, const PositionReportA& b) {
  SAME(status) SAME(turn) SAME(speed) SAME(accuracy) SAME_POS(pos) SAME(course) SAME(heading)
  SAME(second) SAME(maneuver) SAME(raim) SAME(radio)
  return AssertionSuccess();
}
AssertionResult same(const BaseStationReport& a, const BaseStationReport& b) {
  SAME(year) SAME(month) SAME(day) SAME(hour) SAME(minute) SAME(second) SAME(accuracy)
  SAME_POS(pos) SAME(epfd) SAME(raim) SAME(radio)
  return AssertionSuccess();
}
AssertionResult same(const StaticVoyageData& a, const StaticVoyageData& b) {
  SAME(ais_version) SAME(imo) SAME(callsign) SAME(shipname) SAME(shiptype) SAME_DIM(dim)
  SAME(epfd) SAME(month) SAME(day) SAME(hour) SAME(minute) SAME(draught) SAME(destination)
  SAME(dte)
  return AssertionSuccess();
}
AssertionResult same(const SarAircraftReport& a, const SarAircraftReport& b) {
  SAME(alt) SAME(speed) SAME(accuracy) SAME_POS(pos) SAME(course) SAME(second) SAME(regional)
  SAME(dte) SAME(assigned) SAME(raim) SAME(radio)
  return AssertionSuccess();
}
AssertionResult same(const SafetyMessage& a, const SafetyMessage& b) {
  SAME(seqno) SAME(dest_mmsi) SAME(retransmit) SAME(text)
  return AssertionSuccess();
}
AssertionResult same(const PositionReportB& a, const PositionReportB& b) {
  SAME(reserved) SAME(speed) SAME(accuracy) SAME_POS(pos) SAME(course) SAME(heading)
  SAME(second) SAME(regional) SAME(cs) SAME(display) SAME(dsc) SAME(band) SAME(msg22)
  SAME(assigned) SAME(raim) SAME(radio)
  return AssertionSuccess();
}
AssertionResult same(const ExtendedReportB& a, const ExtendedReportB& b) {
  SAME(reserved) SAME(speed) SAME(accuracy) SAME_POS(pos) SAME(course) SAME(heading)
  SAME(second) SAME(regional) SAME(shipname) SAME(shiptype) SAME_DIM(dim) SAME(epfd) SAME(raim)
  SAME(dte) SAME(assigned)
  return AssertionSuccess();
}
AssertionResult same(const AidToNavigation& a, const AidToNavigation& b) {
  SAME(aid_type) SAME(name) SAME(accuracy) SAME_POS(pos) SAME_DIM(dim) SAME(epfd) SAME(second)
  SAME(off_position) SAME(regional) SAME(raim) SAME(virtual_aid) SAME(assigned)
  return AssertionSuccess();
}
AssertionResult same(const StaticDataReport& a, const StaticDataReport& b) {
  SAME(partno) SAME(shipname) SAME(shiptype) SAME(vendorid) SAME(model) SAME(serial)
  SAME(callsign) SAME_DIM(dim) SAME(mothership_mmsi) SAME(epfd)
  return AssertionSuccess();
}
AssertionResult same(const LongRangeReport& a, const LongRangeReport& b) {
  SAME(accuracy) SAME(raim) SAME(status) SAME(lon) SAME(lat) SAME(speed) SAME(course) SAME(gnss)
  return AssertionSuccess();
}

AssertionResult same(const BinaryData& a, const BinaryData& b) {
  SAME(bitcount)
  for (std::size_t i = 0; i < (a.bitcount + 7u) / 8; ++i) SAME(bytes[i])
  return AssertionSuccess();
}
#define SAME_DATA(d) \
  if (auto r = same(a.d, b.d); !r) return r << " in " #d;
AssertionResult same(const AddressedBinary& a, const AddressedBinary& b) {
  SAME(seqno) SAME(dest_mmsi) SAME(retransmit) SAME(dac) SAME(fid) SAME_DATA(data)
  return AssertionSuccess();
}
AssertionResult same(const BroadcastBinary& a, const BroadcastBinary& b) {
  SAME(dac) SAME(fid) SAME_DATA(data)
  return AssertionSuccess();
}
AssertionResult same(const Acknowledgement& a, const Acknowledgement& b) {
  SAME(mmsi1) SAME(mmsi2) SAME(mmsi3) SAME(mmsi4) SAME(seqno1) SAME(seqno2) SAME(seqno3)
  SAME(seqno4)
  return AssertionSuccess();
}
AssertionResult same(const UtcInquiry& a, const UtcInquiry& b) {
  SAME(dest_mmsi)
  return AssertionSuccess();
}
AssertionResult same(const Interrogation& a, const Interrogation& b) {
  SAME(mmsi1) SAME(type1_1) SAME(offset1_1) SAME(type1_2) SAME(offset1_2) SAME(mmsi2)
  SAME(type2_1) SAME(offset2_1)
  return AssertionSuccess();
}
AssertionResult same(const AssignmentCommand& a, const AssignmentCommand& b) {
  SAME(mmsi1) SAME(offset1) SAME(increment1) SAME(mmsi2) SAME(offset2) SAME(increment2)
  return AssertionSuccess();
}
AssertionResult same(const DgnssBroadcast& a, const DgnssBroadcast& b) {
  SAME(lon) SAME(lat) SAME_DATA(data)
  return AssertionSuccess();
}
AssertionResult same(const DataLinkManagement& a, const DataLinkManagement& b) {
  SAME(count)
  for (int i = 0; i < 4; ++i) {
    SAME(reservations[i].offset) SAME(reservations[i].number) SAME(reservations[i].timeout)
    SAME(reservations[i].increment)
  }
  return AssertionSuccess();
}
AssertionResult same(const ChannelManagement& a, const ChannelManagement& b) {
  SAME(channel_a) SAME(channel_b) SAME(txrx) SAME(power) SAME(addressed) SAME(ne_lon)
  SAME(ne_lat) SAME(sw_lon) SAME(sw_lat) SAME(dest1) SAME(dest2) SAME(band_a) SAME(band_b)
  SAME(zonesize)
  return AssertionSuccess();
}
AssertionResult same(const GroupAssignment& a, const GroupAssignment& b) {
  SAME(ne_lon) SAME(ne_lat) SAME(sw_lon) SAME(sw_lat) SAME(stationtype) SAME(shiptype)
  SAME(txrx) SAME(interval) SAME(quiet)
  return AssertionSuccess();
}
AssertionResult same(const SlotBinary& a, const SlotBinary& b) {
  SAME(addressed) SAME(structured) SAME(dest_mmsi) SAME(app_id) SAME_DATA(data) SAME(radio)
  return AssertionSuccess();
}

AssertionResult same_message(const Message& a, const Message& b) {
  SAME(type) SAME(repeat) SAME(mmsi)
  if (a.body.index() != b.body.index()) {
    return ::testing::AssertionFailure() << "body " << a.body.index() << " != " << b.body.index();
  }
  return std::visit(
      [&](const auto& x) { return same(x, std::get<std::decay_t<decltype(x)>>(b.body)); }, a.body);
}

// encode_payload then decode_payload; the decoder must accept without remark.
AssertionResult round_trips(const Message& m) {
  unsigned fill = 0;
  const std::string payload = encode_payload(m, &fill);
  ErrorCode warning = ErrorCode::kOk;
  const auto back = decode_payload(payload, fill, &warning);
  if (!back.ok()) {
    return ::testing::AssertionFailure() << back.error().message() << " for " << payload;
  }
  if (warning != ErrorCode::kOk) return ::testing::AssertionFailure() << to_string(warning);
  return same_message(m, *back) << " (payload " << payload << "," << fill << ")";
}

Message with_header(Gen& g, uint8_t type, Body body) {
  Message m;
  m.type = type;
  m.repeat = g.u<uint8_t>(2);
  m.mmsi = g.u<uint32_t>(30);
  m.body = std::move(body);
  return m;
}

// One random message of each body; `type` picks among the types sharing it.
Message random_position_a(Gen& g) {
  PositionReportA a;
  a.status = g.u<uint8_t>(4);
  a.turn = static_cast<int8_t>(g.s(8));
  a.speed = g.u<uint16_t>(10);
  a.accuracy = g.flag();
  a.pos = g.position();
  a.course = g.u<uint16_t>(12);
  a.heading = g.u<uint16_t>(9);
  a.second = g.u<uint8_t>(6);
  a.maneuver = g.u<uint8_t>(2);
  a.raim = g.flag();
  a.radio = g.u<uint32_t>(19);
  return with_header(g, static_cast<uint8_t>(1 + g.bits(8) % 3), a);
}

Message random_base_station(Gen& g) {
  BaseStationReport b;
  b.year = g.u<uint16_t>(14);
  b.month = g.u<uint8_t>(4);
  b.day = g.u<uint8_t>(5);
  b.hour = g.u<uint8_t>(5);
  b.minute = g.u<uint8_t>(6);
  b.second = g.u<uint8_t>(6);
  b.accuracy = g.flag();
  b.pos = g.position();
  b.epfd = g.u<uint8_t>(4);
  b.raim = g.flag();
  b.radio = g.u<uint32_t>(19);
  return with_header(g, g.flag() ? 4 : 11, b);
}

Message random_static_voyage(Gen& g) {
  StaticVoyageData v;
  v.ais_version = g.u<uint8_t>(2);
  v.imo = g.u<uint32_t>(30);
  v.callsign = g.text<7>(7);
  v.shipname = g.text<20>(20);
  v.shiptype = g.u<uint8_t>(8);
  v.dim = g.dimensions();
  v.epfd = g.u<uint8_t>(4);
  v.month = g.u<uint8_t>(4);
  v.day = g.u<uint8_t>(5);
  v.hour = g.u<uint8_t>(5);
  v.minute = g.u<uint8_t>(6);
  v.draught = g.u<uint8_t>(8);
  v.destination = g.text<20>(20);
  v.dte = g.flag();
  return with_header(g, 5, v);
}

Message random_sar_aircraft(Gen& g) {
  SarAircraftReport s;
  s.alt = g.u<uint16_t>(12);
  s.speed = g.u<uint16_t>(10);
  s.accuracy = g.flag();
  s.pos = g.position();
  s.course = g.u<uint16_t>(12);
  s.second = g.u<uint8_t>(6);
  s.regional = g.u<uint8_t>(8);
  s.dte = g.flag();
  s.assigned = g.flag();
  s.raim = g.flag();
  s.radio = g.u<uint32_t>(20);
  return with_header(g, 9, s);
}

Message random_safety(Gen& g) {
  SafetyMessage s;
  if (g.flag()) {
    s.seqno = g.u<uint8_t>(2);
    s.dest_mmsi = g.u<uint32_t>(30);
    s.retransmit = g.flag();
    s.text = g.text<161>(156);
    return with_header(g, 12, s);
  }
  s.text = g.text<161>(161);
  return with_header(g, 14, s);
}

Message random_position_b(Gen& g) {
  PositionReportB b;
  b.reserved = g.u<uint8_t>(8);
  b.speed = g.u<uint16_t>(10);
  b.accuracy = g.flag();
  b.pos = g.position();
  b.course = g.u<uint16_t>(12);
  b.heading = g.u<uint16_t>(9);
  b.second = g.u<uint8_t>(6);
  b.regional = g.u<uint8_t>(2);
  b.cs = g.flag();
  b.display = g.flag();
  b.dsc = g.flag();
  b.band = g.flag();
  b.msg22 = g.flag();
  b.assigned = g.flag();
  b.raim = g.flag();
  b.radio = g.u<uint32_t>(20);
  return with_header(g, 18, b);
}

Message random_extended_b(Gen& g) {
  ExtendedReportB e;
  e.reserved = g.u<uint8_t>(8);
  e.speed = g.u<uint16_t>(10);
  e.accuracy = g.flag();
  e.pos = g.position();
  e.course = g.u<uint16_t>(12);
  e.heading = g.u<uint16_t>(9);
  e.second = g.u<uint8_t>(6);
  e.regional = g.u<uint8_t>(4);
  e.shipname = g.text<20>(20);
  e.shiptype = g.u<uint8_t>(8);
  e.dim = g.dimensions();
  e.epfd = g.u<uint8_t>(4);
  e.raim = g.flag();
  e.dte = g.flag();
  e.assigned = g.flag();
  return with_header(g, 19, e);
}

Message random_aid_to_navigation(Gen& g) {
  AidToNavigation n;
  n.aid_type = g.u<uint8_t>(5);
  n.name = g.text<34>(34);
  n.accuracy = g.flag();
  n.pos = g.position();
  n.dim = g.dimensions();
  n.epfd = g.u<uint8_t>(4);
  n.second = g.u<uint8_t>(6);
  n.off_position = g.flag();
  n.regional = g.u<uint8_t>(8);
  n.raim = g.flag();
  n.virtual_aid = g.flag();
  n.assigned = g.flag();
  return with_header(g, 21, n);
}

// What the decoder reads as the seven-character vendor id (M.1371-3) from a
// three-character manufacturer id, model and serial (M.1371-5).
FixedString<7> vendorid_as_read(std::string_view maker, uint8_t model, uint32_t serial) {
  uint64_t bits = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const char c = i < maker.size() ? maker[i] : '@';
    bits = (bits << 6) | static_cast<uint64_t>(c >= 64 ? c - 64 : c);
  }
  bits = (bits << 24) | (uint64_t{model} << 20) | serial;
  FixedString<7> out;
  for (int shift = 36; shift >= 0; shift -= 6) {
    const uint64_t value = (bits >> shift) & 63;
    if (value == 0) break;
    out.push_back(Gen::char_of(value));
  }
  std::string_view v = out.view();
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  out.resize(v.size());
  return out;
}

Message random_static_data(Gen& g) {
  StaticDataReport r;
  Message m = with_header(g, 24, r);
  if (g.one_in(4)) m.mmsi = 980000000 + static_cast<uint32_t>(g.bits(24) % 10000000);
  r.partno = g.flag() ? 1 : 0;
  if (r.partno == 0) {
    r.shipname = g.text<20>(20);
  } else {
    r.shiptype = g.u<uint8_t>(8);
    r.model = g.u<uint8_t>(4);
    r.serial = g.u<uint32_t>(20);
    const FixedString<7> maker = g.text<7>(3);
    r.vendorid = vendorid_as_read(maker, r.model, r.serial);
    r.callsign = g.text<7>(7);
    if (m.mmsi / 10000000 == 98) {
      r.mothership_mmsi = g.u<uint32_t>(30);
    } else {
      r.dim = g.dimensions();
    }
    r.epfd = g.u<uint8_t>(4);
  }
  m.body = r;
  return m;
}

Message random_long_range(Gen& g) {
  LongRangeReport l;
  l.accuracy = g.flag();
  l.raim = g.flag();
  l.status = g.u<uint8_t>(4);
  l.lon = g.signed_or({-180 * 600, 180 * 600, kLonNotAvailable27, -(1 << 17), (1 << 17) - 1}, 18);
  l.lat = g.signed_or({-90 * 600, 90 * 600, kLatNotAvailable27, -(1 << 16), (1 << 16) - 1}, 17);
  l.speed = g.u<uint8_t>(6);
  l.course = g.u<uint16_t>(9);
  l.gnss = g.flag();
  return with_header(g, 27, l);
}

// Application data of 0..max_bits bits, the padding of the last byte zero
// as the decoder leaves it.
BinaryData random_data(Gen& g, std::size_t max_bits) {
  BinaryData d;
  d.bitcount = static_cast<uint16_t>(g.one_in(4) ? max_bits : g.bits(16) % (max_bits + 1));
  for (std::size_t i = 0; i < (d.bitcount + 7u) / 8; ++i) d.bytes[i] = g.u<uint8_t>(8);
  if (d.bitcount % 8 != 0) d.bytes[d.bitcount / 8] &= static_cast<uint8_t>(0xFF00 >> (d.bitcount % 8));
  return d;
}

Message random_addressed_binary(Gen& g) {
  AddressedBinary b;
  b.seqno = g.u<uint8_t>(2);
  b.dest_mmsi = g.u<uint32_t>(30);
  b.retransmit = g.flag();
  b.dac = g.u<uint16_t>(10);
  b.fid = g.u<uint8_t>(6);
  b.data = random_data(g, 1008 - 88);
  return with_header(g, 6, b);
}

Message random_broadcast_binary(Gen& g) {
  BroadcastBinary b;
  b.dac = g.u<uint16_t>(10);
  b.fid = g.u<uint8_t>(6);
  b.data = random_data(g, 1008 - 56);
  return with_header(g, 8, b);
}

Message random_acknowledgement(Gen& g) {
  Acknowledgement a;
  const auto entries = 1 + g.bits(8) % 4;
  uint32_t* mmsi[4] = {&a.mmsi1, &a.mmsi2, &a.mmsi3, &a.mmsi4};
  uint8_t* seqno[4] = {&a.seqno1, &a.seqno2, &a.seqno3, &a.seqno4};
  for (std::size_t idx = 0; idx < entries; ++idx) {
    *mmsi[idx] = g.u<uint32_t>(30);
    *seqno[idx] = g.u<uint8_t>(2);
  }
  return with_header(g, g.flag() ? 7 : 13, a);
}

Message random_utc_inquiry(Gen& g) {
  UtcInquiry u;
  u.dest_mmsi = g.u<uint32_t>(30);
  return with_header(g, 10, u);
}

Message random_interrogation(Gen& g) {
  Interrogation q;
  q.mmsi1 = g.u<uint32_t>(30);
  q.type1_1 = g.u<uint8_t>(6);
  q.offset1_1 = g.u<uint16_t>(12);
  const auto parts = g.bits(8) % 3;
  if (parts >= 1) {
    q.type1_2 = g.u<uint8_t>(6);
    q.offset1_2 = g.u<uint16_t>(12);
  }
  if (parts == 2) {
    q.mmsi2 = g.u<uint32_t>(30);
    q.type2_1 = g.u<uint8_t>(6);
    q.offset2_1 = g.u<uint16_t>(12);
  }
  return with_header(g, 15, q);
}

Message random_assignment(Gen& g) {
  AssignmentCommand c;
  c.mmsi1 = g.u<uint32_t>(30);
  c.offset1 = g.u<uint16_t>(12);
  c.increment1 = g.u<uint16_t>(10);
  if (g.flag()) {
    c.mmsi2 = g.u<uint32_t>(30);
    c.offset2 = g.u<uint16_t>(12);
    c.increment2 = g.u<uint16_t>(10);
  }
  return with_header(g, 16, c);
}

Message random_dgnss(Gen& g) {
  DgnssBroadcast d;
  d.lon = g.signed_or({-180 * 600, 180 * 600, kLonNotAvailable27}, 18);
  d.lat = g.signed_or({-90 * 600, 90 * 600, kLatNotAvailable27}, 17);
  d.data = random_data(g, 816 - 80);
  return with_header(g, 17, d);
}

Message random_data_link(Gen& g) {
  DataLinkManagement d;
  d.count = static_cast<uint8_t>(1 + g.bits(8) % 4);
  for (int idx = 0; idx < d.count; ++idx) {
    d.reservations[idx] = {g.u<uint16_t>(12), g.u<uint8_t>(4), g.u<uint8_t>(3), g.u<uint16_t>(11)};
  }
  return with_header(g, 20, d);
}

Message random_channel_management(Gen& g) {
  ChannelManagement c;
  c.channel_a = g.u<uint16_t>(12);
  c.channel_b = g.u<uint16_t>(12);
  c.txrx = g.u<uint8_t>(4);
  c.power = g.flag();
  c.addressed = g.flag();
  if (c.addressed) {
    c.dest1 = g.u<uint32_t>(30);
    c.dest2 = g.u<uint32_t>(30);
  } else {
    c.ne_lon = g.s(18);
    c.ne_lat = g.s(17);
    c.sw_lon = g.s(18);
    c.sw_lat = g.s(17);
  }
  c.band_a = g.flag();
  c.band_b = g.flag();
  c.zonesize = g.u<uint8_t>(3);
  return with_header(g, 22, c);
}

Message random_group_assignment(Gen& g) {
  GroupAssignment a;
  a.ne_lon = g.s(18);
  a.ne_lat = g.s(17);
  a.sw_lon = g.s(18);
  a.sw_lat = g.s(17);
  a.stationtype = g.u<uint8_t>(4);
  a.shiptype = g.u<uint8_t>(8);
  a.txrx = g.u<uint8_t>(2);
  a.interval = g.u<uint8_t>(4);
  a.quiet = g.u<uint8_t>(4);
  return with_header(g, 23, a);
}

Message random_slot_binary(Gen& g) {
  SlotBinary b;
  const bool multi = g.flag();
  b.addressed = g.flag();
  b.structured = g.flag();
  std::size_t used = 40;
  if (b.addressed) {
    b.dest_mmsi = g.u<uint32_t>(30);
    used += 30;
  }
  if (b.structured) {
    b.app_id = g.u<uint16_t>(16);
    used += 16;
  }
  if (multi) {
    b.radio = g.u<uint32_t>(20);
    b.data = random_data(g, 1064 - 20 - used);
  } else {
    b.data = random_data(g, 168 - used);
  }
  return with_header(g, multi ? 26 : 25, b);
}

using Maker = Message (*)(Gen&);

// Runs kIterations random messages of one maker; stops at the first failure.
void check_maker(Maker make, uint64_t seed) {
  Gen g(seed);
  for (int i = 0; i < kIterations; ++i) {
    const Message m = make(g);
    ASSERT_TRUE(round_trips(m)) << "iteration " << i << ", type " << int{m.type};
  }
}

TEST(AisRoundTrip, PositionReportAKeepsEveryField) { check_maker(random_position_a, 1); }
TEST(AisRoundTrip, BaseStationReportKeepsEveryField) { check_maker(random_base_station, 2); }
TEST(AisRoundTrip, StaticVoyageDataKeepsEveryField) { check_maker(random_static_voyage, 3); }
TEST(AisRoundTrip, SarAircraftReportKeepsEveryField) { check_maker(random_sar_aircraft, 4); }
TEST(AisRoundTrip, SafetyMessageKeepsEveryField) { check_maker(random_safety, 5); }
TEST(AisRoundTrip, PositionReportBKeepsEveryField) { check_maker(random_position_b, 6); }
TEST(AisRoundTrip, ExtendedReportBKeepsEveryField) { check_maker(random_extended_b, 7); }
TEST(AisRoundTrip, AidToNavigationKeepsEveryField) { check_maker(random_aid_to_navigation, 8); }
TEST(AisRoundTrip, StaticDataReportKeepsEveryField) { check_maker(random_static_data, 9); }
TEST(AisRoundTrip, LongRangeReportKeepsEveryField) { check_maker(random_long_range, 10); }
TEST(AisRoundTrip, AddressedBinaryKeepsEveryField) { check_maker(random_addressed_binary, 15); }
TEST(AisRoundTrip, BroadcastBinaryKeepsEveryField) { check_maker(random_broadcast_binary, 16); }
TEST(AisRoundTrip, AcknowledgementKeepsEveryField) { check_maker(random_acknowledgement, 17); }
TEST(AisRoundTrip, UtcInquiryKeepsEveryField) { check_maker(random_utc_inquiry, 18); }
TEST(AisRoundTrip, InterrogationKeepsEveryField) { check_maker(random_interrogation, 19); }
TEST(AisRoundTrip, AssignmentCommandKeepsEveryField) { check_maker(random_assignment, 20); }
TEST(AisRoundTrip, DgnssBroadcastKeepsEveryField) { check_maker(random_dgnss, 21); }
TEST(AisRoundTrip, DataLinkManagementKeepsEveryField) { check_maker(random_data_link, 22); }
TEST(AisRoundTrip, ChannelManagementKeepsEveryField) { check_maker(random_channel_management, 23); }
TEST(AisRoundTrip, GroupAssignmentKeepsEveryField) { check_maker(random_group_assignment, 24); }
TEST(AisRoundTrip, SlotBinaryKeepsEveryField) { check_maker(random_slot_binary, 25); }

// A bare OtherMessage of any type is written as its header plus zeros up to
// the type's shortest length: the decoder accepts it, with the header kept.
TEST(AisRoundTrip, OtherMessagesKeepTheirHeader) {
  Gen g(11);
  for (uint8_t type = 1; type <= 27; ++type) {
    const Message m = with_header(g, type, OtherMessage{});
    unsigned fill = 0;
    const auto back = decode_payload(encode_payload(m, &fill), fill);
    ASSERT_TRUE(back.ok()) << "type " << int{type} << ": " << back.error().message();
    EXPECT_EQ(back->type, m.type);
    EXPECT_EQ(back->repeat, m.repeat);
    EXPECT_EQ(back->mmsi, m.mmsi);
  }
}

TEST(AisRoundTrip, KeepsBoundaryValues) {
  Gen g(12);
  for (int32_t lon : {-180 * 600000, 180 * 600000, kLonNotAvailable, -(1 << 27), (1 << 27) - 1}) {
    for (int32_t lat : {-90 * 600000, 90 * 600000, kLatNotAvailable, -(1 << 26), (1 << 26) - 1}) {
      PositionReportA a;  // every other field at its "not available" default
      a.pos = Position{lon, lat};
      Message m = with_header(g, 1, a);
      m.mmsi = (1U << 30) - 1;
      m.repeat = 3;
      EXPECT_TRUE(round_trips(m));
    }
  }
  for (int8_t turn : {int8_t{-128}, int8_t{-127}, int8_t{0}, int8_t{126}, int8_t{127}}) {
    PositionReportA a;
    a.turn = turn;
    a.speed = 1022;
    a.course = 3599;
    a.heading = 359;
    EXPECT_TRUE(round_trips(with_header(g, 3, a)));
  }
  AidToNavigation widest;  // the longest name: 20 characters and a 14-character extension
  widest.name.assign("ABCDEFGHIJKLMNOPQRST0123456789?>=<");
  EXPECT_TRUE(round_trips(with_header(g, 21, widest)));
  SafetyMessage longest;  // 1006 bits, the most a type 14 holds in whole characters
  for (int i = 0; i < 161; ++i) longest.text.push_back(Gen::char_of(1 + i % 63));
  EXPECT_TRUE(round_trips(with_header(g, 14, longest)));
  BaseStationReport none;  // all date parts "not available"
  EXPECT_TRUE(round_trips(with_header(g, 4, none)));
}

std::vector<std::string> fields_of(const std::string& sentence) {
  std::vector<std::string> out(1);
  for (char c : sentence) {
    if (c == ',') {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

// Every real message the decoder accepts must come back from its own
// encoding unchanged: decode(encode(decode(p))) == decode(p).
TEST(AisRoundTrip, RealMessagesSurviveDecodeEncodeDecode) {
  std::ifstream in(std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/ais/gpsd_cases.jsonl");
  ASSERT_TRUE(in);
  int decoded = 0, bit_exact = 0;
  std::string line;
  while (std::getline(in, line)) {
    const auto c = nlohmann::json::parse(line);
    const auto inputs = c["input"].get<std::vector<std::string>>();
    // Type 24 inputs are separate messages; the others one message's fragments.
    std::vector<std::vector<std::string>> messages;
    if (c["payload_type"] == 24) {
      for (const auto& s : inputs) messages.push_back({s});
    } else {
      messages.push_back(inputs);
    }
    for (const auto& sentences : messages) {
      std::string payload;
      unsigned fill = 0;
      for (const auto& s : sentences) {
        const auto f = fields_of(s);
        if (f.size() < 7) continue;
        payload += f[5];
        fill = static_cast<unsigned>(f[6][0] - '0');
      }
      const auto first = decode_payload(payload, fill);
      if (!first.ok()) continue;
      ++decoded;
      unsigned fill2 = 0;
      const std::string again = encode_payload(*first, &fill2);
      if (again == payload && fill2 == fill) ++bit_exact;
      const auto second = decode_payload(again, fill2);
      ASSERT_TRUE(second.ok()) << payload;
      EXPECT_TRUE(same_message(*first, *second)) << "case " << c["id"] << ": " << payload;
    }
  }
  EXPECT_GT(decoded, 2000);
  std::cout << "[ real messages ] " << decoded << " decoded, " << bit_exact
            << " re-encoded bit for bit\n";
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = text.find("\r\n", pos);
    EXPECT_NE(end, std::string::npos) << "every sentence ends in CR LF";
    if (end == std::string::npos) break;
    out.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

// Long messages through encode_nmea, checked sentence by sentence, then
// reassembled by hand and by the NMEA decoder.
TEST(AisRoundTrip, LongMessagesSurviveSplittingIntoSentences) {
  Gen g(13);
  nmea::NmeaDecoder decoder;
  constexpr Maker kLong[] = {random_static_voyage,    random_safety,
                             random_aid_to_navigation, random_extended_b,
                             random_addressed_binary,  random_broadcast_binary,
                             random_slot_binary,       random_dgnss};
  for (int i = 0; i < kIterations; ++i) {
    const Message m = kLong[i % std::size(kLong)](g);
    NmeaOptions options;
    options.channel = g.flag() ? 'A' : 'B';
    options.seq_id = static_cast<int>(g.bits(8) % 10);
    options.max_payload_chars = g.one_in(2) ? 60 : static_cast<unsigned>(19 + g.bits(8) % 42);
    const std::string text = encode_nmea(m, options);
    const auto lines = split_lines(text);
    ASSERT_FALSE(lines.empty());

    std::string payload;
    unsigned fill = 0;
    for (std::size_t n = 0; n < lines.size(); ++n) {
      const std::string& s = lines[n];
      if (options.max_payload_chars == 60) {
        ASSERT_LE(s.size(), 80U) << s;  // NMEA: 82 with CR LF
      }
      const std::size_t star = s.find('*');
      ASSERT_NE(star, std::string::npos);
      ASSERT_EQ(s.substr(star + 1), nmea_checksum(s.substr(1, star - 1))) << s;
      const auto f = fields_of(s.substr(0, star));
      ASSERT_EQ(f.size(), 7U) << s;
      EXPECT_EQ(f[0], "!AIVDM");
      EXPECT_EQ(f[1], std::to_string(lines.size()));
      EXPECT_EQ(f[2], std::to_string(n + 1));
      EXPECT_EQ(f[3], std::to_string(options.seq_id));
      EXPECT_EQ(f[4], std::string(1, options.channel));
      ASSERT_LE(f[5].size(), options.max_payload_chars);
      if (n + 1 < lines.size()) {
        EXPECT_EQ(f[6], "0");
      }
      payload += f[5];
      fill = static_cast<unsigned>(f[6][0] - '0');
    }
    const auto back = decode_payload(payload, fill);
    ASSERT_TRUE(back.ok()) << text;
    ASSERT_TRUE(same_message(m, *back)) << text;

    // The NMEA reassembler holds at most 1008 bits (168 characters), the
    // standard's longest message; only a type 26 of more slots is longer.
    if (payload.size() > 168) continue;
    const AisObservation* obs = nullptr;
    for (const auto& s : lines) obs = decoder.decode(s);
    ASSERT_NE(obs, nullptr) << text;
    EXPECT_EQ(obs->channel, options.channel);
    ASSERT_TRUE(same_message(m, obs->msg)) << text;
  }
}

TEST(AisRoundTrip, TagBlockTimeReachesTheObservation) {
  Gen g(14);
  nmea::NmeaDecoder decoder;
  const Message m = random_static_voyage(g);
  const std::string text = encode_nmea(m, 'B', 3, "s:r003669945,c:1325394060");
  const AisObservation* obs = nullptr;
  for (const auto& s : split_lines(text)) obs = decoder.decode(s);
  ASSERT_NE(obs, nullptr) << text;
  ASSERT_TRUE(obs->time.has_value());
  EXPECT_EQ(to_unix_ms(*obs->time), int64_t{1325394060000});
  EXPECT_EQ(obs->station.view(), "r003669945");
  EXPECT_TRUE(same_message(m, obs->msg));
}

}  // namespace
}  // namespace lookout::ais
