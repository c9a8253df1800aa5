// Random AIS messages for the round-trip tests: every field of every body of
// message.h drawn over its full bit width (fixed seeds, so runs repeat), with
// the boundary values mixed in. Texts use the six-bit alphabet without '@'
// and without trailing spaces, the two things decoding removes on purpose
// (bit_reader.h), so that a message decodes back to itself.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <random>
#include <string_view>

#include "core/fixed_string.h"
#include "decode/ais/message.h"

namespace lookout::ais::testing_support {

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

inline Message with_header(Gen& g, uint8_t type, Body body) {
  Message m;
  m.type = type;
  m.repeat = g.u<uint8_t>(2);
  m.mmsi = g.u<uint32_t>(30);
  m.body = std::move(body);
  return m;
}

// One random message of each body; `type` picks among the types sharing it.
inline Message random_position_a(Gen& g) {
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

inline Message random_base_station(Gen& g) {
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

inline Message random_static_voyage(Gen& g) {
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

inline Message random_sar_aircraft(Gen& g) {
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

inline Message random_safety(Gen& g) {
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

inline Message random_position_b(Gen& g) {
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

inline Message random_extended_b(Gen& g) {
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

inline Message random_aid_to_navigation(Gen& g) {
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
inline FixedString<7> vendorid_as_read(std::string_view maker, uint8_t model, uint32_t serial) {
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

inline Message random_static_data(Gen& g) {
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

inline Message random_long_range(Gen& g) {
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
inline BinaryData random_data(Gen& g, std::size_t max_bits) {
  BinaryData d;
  d.bitcount = static_cast<uint16_t>(g.one_in(4) ? max_bits : g.bits(16) % (max_bits + 1));
  for (std::size_t i = 0; i < (d.bitcount + 7u) / 8; ++i) d.bytes[i] = g.u<uint8_t>(8);
  if (d.bitcount % 8 != 0) d.bytes[d.bitcount / 8] &= static_cast<uint8_t>(0xFF00 >> (d.bitcount % 8));
  return d;
}

inline Message random_addressed_binary(Gen& g) {
  AddressedBinary b;
  b.seqno = g.u<uint8_t>(2);
  b.dest_mmsi = g.u<uint32_t>(30);
  b.retransmit = g.flag();
  b.dac = g.u<uint16_t>(10);
  b.fid = g.u<uint8_t>(6);
  b.data = random_data(g, 1008 - 88);
  return with_header(g, 6, b);
}

inline Message random_broadcast_binary(Gen& g) {
  BroadcastBinary b;
  b.dac = g.u<uint16_t>(10);
  b.fid = g.u<uint8_t>(6);
  b.data = random_data(g, 1008 - 56);
  return with_header(g, 8, b);
}

inline Message random_acknowledgement(Gen& g) {
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

inline Message random_utc_inquiry(Gen& g) {
  UtcInquiry u;
  u.dest_mmsi = g.u<uint32_t>(30);
  return with_header(g, 10, u);
}

inline Message random_interrogation(Gen& g) {
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

inline Message random_assignment(Gen& g) {
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

inline Message random_dgnss(Gen& g) {
  DgnssBroadcast d;
  d.lon = g.signed_or({-180 * 600, 180 * 600, kLonNotAvailable27}, 18);
  d.lat = g.signed_or({-90 * 600, 90 * 600, kLatNotAvailable27}, 17);
  d.data = random_data(g, 816 - 80);
  return with_header(g, 17, d);
}

inline Message random_data_link(Gen& g) {
  DataLinkManagement d;
  d.count = static_cast<uint8_t>(1 + g.bits(8) % 4);
  for (int idx = 0; idx < d.count; ++idx) {
    d.reservations[idx] = {g.u<uint16_t>(12), g.u<uint8_t>(4), g.u<uint8_t>(3), g.u<uint16_t>(11)};
  }
  return with_header(g, 20, d);
}

inline Message random_channel_management(Gen& g) {
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

inline Message random_group_assignment(Gen& g) {
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

inline Message random_slot_binary(Gen& g) {
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

}  // namespace lookout::ais::testing_support
