#include "decode/ais/encoder.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>

#include "decode/ais/bit_writer.h"

namespace lookout::ais {

namespace {

using detail::BitWriter;

// The shortest payload, in bits, of each message type 0..27 (Annex 8),
// for bodies the encoder writes as header plus zeros.
constexpr std::array<uint16_t, 28> kMinBits = {
    38,  168, 168, 168, 168, 424, 88, 72,  56,  168, 72, 168, 72,  72,
    40,  88,  96,  80,  168, 312, 72, 272, 168, 160, 168, 40, 60, 96};

void put_dimensions(BitWriter& w, const Dimensions& d) {
  w.put(d.to_bow, 9);
  w.put(d.to_stern, 9);
  w.put(d.to_port, 6);
  w.put(d.to_starboard, 6);
}

void put_position(BitWriter& w, const Position& p) {
  w.put_signed(p.lon, 28);
  w.put_signed(p.lat, 27);
}

// One overload per body, each writing the bits after the 38-bit header.
struct BodyEncoder {
  BitWriter& w;
  const Message& msg;

  void operator()(const OtherMessage&) const {
    w.pad_to(msg.type < kMinBits.size() ? kMinBits[msg.type] : kMinBits[0]);
  }

  // The data link and binary messages (encoder_link_messages.cc).
  template <typename Body>
    requires std::is_base_of_v<OtherMessage, Body> && (!std::is_same_v<Body, OtherMessage>)
  void operator()(const Body& b) const {
    detail::encode_body(w, msg, b);
  }

  void operator()(const PositionReportA& b) const {
    w.put(b.status, 4);
    w.put_signed(b.turn, 8);
    w.put(b.speed, 10);
    w.put_bool(b.accuracy);
    put_position(w, b.pos);
    w.put(b.course, 12);
    w.put(b.heading, 9);
    w.put(b.second, 6);
    w.put(b.maneuver, 2);
    w.put(0, 3);  // spare
    w.put_bool(b.raim);
    w.put(b.radio, 19);
  }

  void operator()(const BaseStationReport& b) const {
    w.put(b.year, 14);
    w.put(b.month, 4);
    w.put(b.day, 5);
    w.put(b.hour, 5);
    w.put(b.minute, 6);
    w.put(b.second, 6);
    w.put_bool(b.accuracy);
    put_position(w, b.pos);
    w.put(b.epfd, 4);
    w.put(0, 10);  // spare
    w.put_bool(b.raim);
    w.put(b.radio, 19);
  }

  void operator()(const StaticVoyageData& b) const {
    w.put(b.ais_version, 2);
    w.put(b.imo, 30);
    w.put_text(b.callsign, 7);
    w.put_text(b.shipname, 20);
    w.put(b.shiptype, 8);
    put_dimensions(w, b.dim);
    w.put(b.epfd, 4);
    w.put(b.month, 4);
    w.put(b.day, 5);
    w.put(b.hour, 5);
    w.put(b.minute, 6);
    w.put(b.draught, 8);
    w.put_text(b.destination, 20);
    w.put_bool(b.dte);
    w.put(0, 1);  // spare
  }

  void operator()(const SarAircraftReport& b) const {
    w.put(b.alt, 12);
    w.put(b.speed, 10);
    w.put_bool(b.accuracy);
    put_position(w, b.pos);
    w.put(b.course, 12);
    w.put(b.second, 6);
    w.put(b.regional, 8);
    w.put_bool(b.dte);
    w.put(0, 3);  // spare
    w.put_bool(b.assigned);
    w.put_bool(b.raim);
    w.put(b.radio, 20);
  }

  void operator()(const SafetyMessage& b) const {
    const std::string_view text = b.text;
    if (msg.type == 12) {
      w.put(b.seqno, 2);
      w.put(b.dest_mmsi, 30);
      w.put_bool(b.retransmit);
      w.put(0, 1);  // spare
      w.put_text(text, std::min<std::size_t>(text.size(), 156));
    } else {
      w.put(0, 2);  // spare
      w.put_text(text, std::min<std::size_t>(text.size(), 161));
    }
  }

  void operator()(const PositionReportB& b) const {
    w.put(b.reserved, 8);
    w.put(b.speed, 10);
    w.put_bool(b.accuracy);
    put_position(w, b.pos);
    w.put(b.course, 12);
    w.put(b.heading, 9);
    w.put(b.second, 6);
    w.put(b.regional, 2);
    w.put_bool(b.cs);
    w.put_bool(b.display);
    w.put_bool(b.dsc);
    w.put_bool(b.band);
    w.put_bool(b.msg22);
    w.put_bool(b.assigned);
    w.put_bool(b.raim);
    w.put(b.radio, 20);
  }

  void operator()(const ExtendedReportB& b) const {
    w.put(b.reserved, 8);
    w.put(b.speed, 10);
    w.put_bool(b.accuracy);
    put_position(w, b.pos);
    w.put(b.course, 12);
    w.put(b.heading, 9);
    w.put(b.second, 6);
    w.put(b.regional, 4);
    w.put_text(b.shipname, 20);
    w.put(b.shiptype, 8);
    put_dimensions(w, b.dim);
    w.put(b.epfd, 4);
    w.put_bool(b.raim);
    w.put_bool(b.dte);
    w.put_bool(b.assigned);
    w.put(0, 4);  // spare
  }

  void operator()(const AidToNavigation& b) const {
    const std::string_view name = b.name;
    w.put(b.aid_type, 5);
    w.put_text(name.substr(0, 20), 20);
    w.put_bool(b.accuracy);
    put_position(w, b.pos);
    put_dimensions(w, b.dim);
    w.put(b.epfd, 4);
    w.put(b.second, 6);
    w.put_bool(b.off_position);
    w.put(b.regional, 8);
    w.put_bool(b.raim);
    w.put_bool(b.virtual_aid);
    w.put_bool(b.assigned);
    w.put(0, 1);  // spare
    if (name.size() > 20) {
      const std::string_view extension = name.substr(20, 14);
      w.put_text(extension, extension.size());
      w.pad_to_byte();  // spare bits to a byte boundary
    }
  }

  void operator()(const StaticDataReport& b) const {
    w.put(b.partno, 2);
    if (b.partno == 0) {
      w.put_text(b.shipname, 20);
      w.put(0, 8);  // spare
      return;
    }
    w.put(b.shiptype, 8);
    w.put_text(std::string_view(b.vendorid).substr(0, 3), 3);
    w.put(b.model, 4);
    w.put(b.serial, 20);
    w.put_text(b.callsign, 7);
    if (msg.mmsi / 10000000 == 98) {  // auxiliary craft: 98XXXYYYY
      w.put(b.mothership_mmsi, 30);
    } else {
      put_dimensions(w, b.dim);
    }
    w.put(b.epfd, 4);
    w.put(0, 2);  // spare
  }

  void operator()(const LongRangeReport& b) const {
    w.put_bool(b.accuracy);
    w.put_bool(b.raim);
    w.put(b.status, 4);
    w.put_signed(b.lon, 18);
    w.put_signed(b.lat, 17);
    w.put(b.speed, 6);
    w.put(b.course, 9);
    w.put_bool(b.gnss);
    w.put(0, 1);  // spare
  }
};

void append_hex2(std::string& out, unsigned value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back(kHex[(value >> 4) & 0xF]);
  out.push_back(kHex[value & 0xF]);
}

unsigned checksum_value(std::string_view body) {
  unsigned sum = 0;
  for (char c : body) sum ^= static_cast<unsigned char>(c);
  return sum;
}

}  // namespace

std::string encode_payload(const Message& msg, unsigned* fill_bits) {
  BitWriter w;
  w.put(msg.type, 6);
  w.put(msg.repeat, 2);
  w.put(msg.mmsi, 30);
  std::visit(BodyEncoder{w, msg}, msg.body);
  return w.armour(fill_bits);
}

std::string nmea_checksum(std::string_view body) {
  std::string out;
  append_hex2(out, checksum_value(body));
  return out;
}

std::string frame_nmea(std::string_view payload, unsigned fill_bits,
                       const NmeaOptions& options) {
  const std::size_t per = options.max_payload_chars == 0 ? 60 : options.max_payload_chars;
  const std::size_t count = payload.empty() ? 1 : (payload.size() + per - 1) / per;
  std::string out;
  out.reserve(payload.size() + count * 32 + options.tag_block.size() + 8);
  if (!options.tag_block.empty()) {
    out.push_back('\\');
    out.append(options.tag_block);
    out.push_back('*');
    append_hex2(out, checksum_value(options.tag_block));
    out.push_back('\\');
  }
  for (std::size_t n = 0; n < count; ++n) {
    const std::size_t start = out.size();
    out.append(options.own_vessel ? "!AIVDO," : "!AIVDM,");
    out.append(std::to_string(count));
    out.push_back(',');
    out.append(std::to_string(n + 1));
    out.push_back(',');
    if (options.seq_id >= 0) {
      out.append(std::to_string(options.seq_id % 10));
    } else if (count > 1) {
      out.push_back('0');
    }
    out.push_back(',');
    if (options.channel != 0) out.push_back(options.channel);
    out.push_back(',');
    out.append(payload.substr(n * per, per));
    out.push_back(',');
    out.push_back(static_cast<char>('0' + (n + 1 == count ? fill_bits % 6 : 0)));
    const unsigned sum = checksum_value(std::string_view(out).substr(start + 1));
    out.push_back('*');
    append_hex2(out, sum);
    out.append("\r\n");
  }
  return out;
}

std::string encode_nmea(const Message& msg, const NmeaOptions& options) {
  unsigned fill_bits = 0;
  const std::string payload = encode_payload(msg, &fill_bits);
  return frame_nmea(payload, fill_bits, options);
}

std::string encode_nmea(const Message& msg, char channel, int seq_id, std::string_view tag_block) {
  NmeaOptions options;
  options.channel = channel;
  options.seq_id = seq_id;
  options.tag_block = tag_block;
  return encode_nmea(msg, options);
}

}  // namespace lookout::ais
