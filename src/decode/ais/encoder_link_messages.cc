// Encoding of the data link messages (types 7, 10, 13, 15, 16, 20, 22, 23)
// and the binary messages (6, 8, 17, 25, 26): the inverse of
// link_messages.cc and binary_messages.cc, field for field as ITU-R
// M.1371-5 Annex 8 lays them out.
//
// Messages with optional repeated entries (7/13, 15, 16, 20) are written as
// long as their last entry in use, so that decoding gives back the same
// entries: an acknowledgement with mmsi2 = 0 and seqno2 = 0 and nothing
// after it is one entry long.
#include <algorithm>

#include "decode/ais/bit_writer.h"

namespace lookout::ais::detail {

namespace {

// Positions in 1/10 minute (types 17, 22, 23).
void put_corner(BitWriter& w, int32_t lon, int32_t lat) {
  w.put_signed(lon, 18);
  w.put_signed(lat, 17);
}

}  // namespace

void encode_body(BitWriter& w, const Message& /*msg*/, const AddressedBinary& b) {
  w.put(b.seqno, 2);
  w.put(b.dest_mmsi, 30);
  w.put_bool(b.retransmit);
  w.put(0, 1);  // spare
  w.put(b.dac, 10);
  w.put(b.fid, 6);
  w.put_binary(b.data);
}

void encode_body(BitWriter& w, const Message& /*msg*/, const BroadcastBinary& b) {
  w.put(0, 2);  // spare
  w.put(b.dac, 10);
  w.put(b.fid, 6);
  w.put_binary(b.data);
}

void encode_body(BitWriter& w, const Message& /*msg*/, const Acknowledgement& b) {
  const uint32_t mmsi[4] = {b.mmsi1, b.mmsi2, b.mmsi3, b.mmsi4};
  const uint8_t seqno[4] = {b.seqno1, b.seqno2, b.seqno3, b.seqno4};
  int entries = 1;
  for (int idx = 1; idx < 4; ++idx) {
    if (mmsi[idx] != 0 || seqno[idx] != 0) entries = idx + 1;
  }
  w.put(0, 2);  // spare
  for (int idx = 0; idx < entries; ++idx) {
    w.put(mmsi[idx], 30);
    w.put(seqno[idx], 2);
  }
}

void encode_body(BitWriter& w, const Message& /*msg*/, const UtcInquiry& b) {
  w.put(0, 2);  // spare
  w.put(b.dest_mmsi, 30);
  w.put(0, 2);  // spare
}

void encode_body(BitWriter& w, const Message& /*msg*/, const Interrogation& b) {
  const bool second_request = b.type1_2 != 0 || b.offset1_2 != 0;
  const bool second_station = b.mmsi2 != 0 || b.type2_1 != 0 || b.offset2_1 != 0;
  w.put(0, 2);  // spare
  w.put(b.mmsi1, 30);
  w.put(b.type1_1, 6);
  w.put(b.offset1_1, 12);
  if (!second_request && !second_station) return;  // 88 bits
  w.put(0, 2);  // spare
  w.put(b.type1_2, 6);
  w.put(b.offset1_2, 12);
  w.put(0, 2);  // spare
  if (!second_station) return;  // 110 bits
  w.put(b.mmsi2, 30);
  w.put(b.type2_1, 6);
  w.put(b.offset2_1, 12);
  w.put(0, 2);  // spare: 160 bits
}

void encode_body(BitWriter& w, const Message& /*msg*/, const AssignmentCommand& b) {
  w.put(0, 2);  // spare
  w.put(b.mmsi1, 30);
  w.put(b.offset1, 12);
  w.put(b.increment1, 10);
  if (b.mmsi2 == 0 && b.offset2 == 0 && b.increment2 == 0) {
    w.put(0, 4);  // spare: 96 bits
    return;
  }
  w.put(b.mmsi2, 30);
  w.put(b.offset2, 12);
  w.put(b.increment2, 10);  // 144 bits
}

void encode_body(BitWriter& w, const Message& /*msg*/, const DgnssBroadcast& b) {
  w.put(0, 2);  // spare
  put_corner(w, b.lon, b.lat);
  w.put(0, 5);  // spare
  w.put_binary(b.data);
}

void encode_body(BitWriter& w, const Message& /*msg*/, const DataLinkManagement& b) {
  // `count` reservations, at least the one every type 20 carries.
  const int count = std::clamp<int>(b.count, 1, 4);
  w.put(0, 2);  // spare
  for (int idx = 0; idx < count; ++idx) {
    const SlotReservation& slot = b.reservations[idx];
    w.put(slot.offset, 12);
    w.put(slot.number, 4);
    w.put(slot.timeout, 3);
    w.put(slot.increment, 11);
  }
  w.pad_to_byte();  // spare
}

void encode_body(BitWriter& w, const Message& /*msg*/, const ChannelManagement& b) {
  w.put(0, 2);  // spare
  w.put(b.channel_a, 12);
  w.put(b.channel_b, 12);
  w.put(b.txrx, 4);
  w.put_bool(b.power);
  if (b.addressed) {
    w.put(b.dest1, 30);
    w.put(0, 5);  // spare
    w.put(b.dest2, 30);
    w.put(0, 5);  // spare
  } else {
    put_corner(w, b.ne_lon, b.ne_lat);
    put_corner(w, b.sw_lon, b.sw_lat);
  }
  w.put_bool(b.addressed);
  w.put_bool(b.band_a);
  w.put_bool(b.band_b);
  w.put(b.zonesize, 3);
  w.put(0, 23);  // spare: 168 bits
}

void encode_body(BitWriter& w, const Message& /*msg*/, const GroupAssignment& b) {
  w.put(0, 2);  // spare
  put_corner(w, b.ne_lon, b.ne_lat);
  put_corner(w, b.sw_lon, b.sw_lat);
  w.put(b.stationtype, 4);
  w.put(b.shiptype, 8);
  w.put(0, 22);  // spare
  w.put(b.txrx, 2);
  w.put(b.interval, 4);
  w.put(b.quiet, 4);
  w.put(0, 6);  // spare: 160 bits
}

void encode_body(BitWriter& w, const Message& msg, const SlotBinary& b) {
  w.put_bool(b.addressed);
  w.put_bool(b.structured);
  if (b.addressed) w.put(b.dest_mmsi, 30);
  if (b.structured) w.put(b.app_id, 16);
  w.put_binary(b.data);
  if (msg.type == 26) w.put(b.radio, 20);
}

}  // namespace lookout::ais::detail
