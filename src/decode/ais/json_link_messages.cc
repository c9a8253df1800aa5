// JSON of the data link messages (types 7, 10, 13, 15, 16, 20, 22, 23) and
// the binary messages (6, 8, 17, 25, 26), with gpsd's field names.
//
// Binary application data is written as gpsd writes data it does not
// interpret, "<bit count>:<hex bytes>" ("48:eb2f118f7ff1"); we interpret
// none (gpsd decodes a few DAC/FID pairs into named fields). Region corners
// of types 22 and 23 are numbers at gpsd's 6 decimals, where gpsd writes
// them as strings. Repeated entries are written as gpsd writes them, all of
// them, 0 where unused.
#include <algorithm>
#include <charconv>

#include "decode/ais/json_fields.h"
#include "decode/ais/legends.h"

namespace lookout::ais::json_detail {

namespace {

constexpr int64_t kMinute10PerDegree = 600;

void put_data(JsonOut& j, const BinaryData& data) {
  static constexpr char kHex[] = "0123456789abcdef";
  char buf[8 + 2 * BinaryData::kCapacity];
  const auto res = std::to_chars(buf, buf + 8, data.bitcount);
  char* p = res.ptr;
  *p++ = ':';
  const std::size_t bytes = std::min<std::size_t>((data.bitcount + 7) / 8, BinaryData::kCapacity);
  for (std::size_t i = 0; i < bytes; ++i) {
    *p++ = kHex[data.bytes[i] >> 4];
    *p++ = kHex[data.bytes[i] & 0xF];
  }
  j.key("data").plain_string(std::string_view(buf, static_cast<std::size_t>(p - buf)));
}

// A region corner, 1/10 minute, at gpsd's 6 decimals.
void put_corner(JsonOut& j, std::string_view lon_name, int32_t lon, std::string_view lat_name,
                int32_t lat) {
  put_degrees<kMinute10PerDegree, 6>(j, lon_name, lon, 180);
  put_degrees<kMinute10PerDegree, 6>(j, lat_name, lat, 90);
}

}  // namespace

void write_body(JsonOut& j, const Message& /*msg*/, const AddressedBinary& b) {
  j.field_int("seqno", b.seqno);
  j.field_int("dest_mmsi", b.dest_mmsi);
  j.field("retransmit", b.retransmit);
  j.field_int("dac", b.dac);
  j.field_int("fid", b.fid);
  put_data(j, b.data);
}

void write_body(JsonOut& j, const Message& /*msg*/, const BroadcastBinary& b) {
  j.field_int("dac", b.dac);
  j.field_int("fid", b.fid);
  put_data(j, b.data);
}

void write_body(JsonOut& j, const Message& /*msg*/, const Acknowledgement& b) {
  j.field_int("mmsi1", b.mmsi1);
  j.field_int("mmsi2", b.mmsi2);
  j.field_int("mmsi3", b.mmsi3);
  j.field_int("mmsi4", b.mmsi4);
}

void write_body(JsonOut& j, const Message& /*msg*/, const UtcInquiry& b) {
  j.field_int("dest_mmsi", b.dest_mmsi);
}

void write_body(JsonOut& j, const Message& /*msg*/, const Interrogation& b) {
  j.field_int("mmsi1", b.mmsi1);
  j.field_int("type1_1", b.type1_1);
  j.field_int("offset1_1", b.offset1_1);
  j.field_int("type1_2", b.type1_2);
  j.field_int("offset1_2", b.offset1_2);
  j.field_int("mmsi2", b.mmsi2);
  j.field_int("type2_1", b.type2_1);
  j.field_int("offset2_1", b.offset2_1);
}

void write_body(JsonOut& j, const Message& /*msg*/, const AssignmentCommand& b) {
  j.field_int("mmsi1", b.mmsi1);
  j.field_int("offset1", b.offset1);
  j.field_int("increment1", b.increment1);
  j.field_int("mmsi2", b.mmsi2);
  j.field_int("offset2", b.offset2);
  j.field_int("increment2", b.increment2);
}

void write_body(JsonOut& j, const Message& /*msg*/, const DgnssBroadcast& b) {
  // gpsd prints 1 decimal; the field's resolution (1/600 degree) needs 4.
  put_degrees<kMinute10PerDegree, 4>(j, "lon", b.lon, 180);
  put_degrees<kMinute10PerDegree, 4>(j, "lat", b.lat, 90);
  put_data(j, b.data);
}

void write_body(JsonOut& j, const Message& /*msg*/, const DataLinkManagement& b) {
  static constexpr std::string_view kNames[4][4] = {
      {"offset1", "number1", "timeout1", "increment1"},
      {"offset2", "number2", "timeout2", "increment2"},
      {"offset3", "number3", "timeout3", "increment3"},
      {"offset4", "number4", "timeout4", "increment4"}};
  for (int idx = 0; idx < 4; ++idx) {
    const SlotReservation& slot = b.reservations[idx];
    j.field_int(kNames[idx][0], slot.offset);
    j.field_int(kNames[idx][1], slot.number);
    j.field_int(kNames[idx][2], slot.timeout);
    j.field_int(kNames[idx][3], slot.increment);
  }
}

void write_body(JsonOut& j, const Message& /*msg*/, const ChannelManagement& b) {
  j.field_int("channel_a", b.channel_a);
  j.field_int("channel_b", b.channel_b);
  j.field_int("txrx", b.txrx);
  j.field("power", b.power);
  if (b.addressed) {
    j.field_int("dest1", b.dest1);
    j.field_int("dest2", b.dest2);
  } else {
    put_corner(j, "ne_lon", b.ne_lon, "ne_lat", b.ne_lat);
    put_corner(j, "sw_lon", b.sw_lon, "sw_lat", b.sw_lat);
  }
  j.field("addressed", b.addressed);
  j.field("band_a", b.band_a);
  j.field("band_b", b.band_b);
  j.field_int("zonesize", b.zonesize);
}

void write_body(JsonOut& j, const Message& /*msg*/, const GroupAssignment& b) {
  put_corner(j, "ne_lon", b.ne_lon, "ne_lat", b.ne_lat);
  put_corner(j, "sw_lon", b.sw_lon, "sw_lat", b.sw_lat);
  j.field_int("stationtype", b.stationtype);
  j.key("stationtype_text").plain_string(stationtype_text(b.stationtype));
  // Here 0 selects every ship type; it is not "not available".
  j.field_int("shiptype", b.shiptype);
  j.key("shiptype_text").plain_string(shiptype_text(b.shiptype));
  j.field_int("txrx", b.txrx);  // gpsd leaves it out
  j.field_int("interval", b.interval);
  j.field_int("quiet", b.quiet);
}

void write_body(JsonOut& j, const Message& msg, const SlotBinary& b) {
  j.field("addressed", b.addressed);
  j.field("structured", b.structured);
  if (b.addressed) j.field_int("dest_mmsi", b.dest_mmsi);
  if (b.structured) j.field_int("app_id", b.app_id);
  put_data(j, b.data);
  if (msg.type == 26) j.field_int("radio", b.radio);
}

}  // namespace lookout::ais::json_detail
