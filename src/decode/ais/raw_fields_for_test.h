// Test helper: a decoded Message as a flat JSON object of raw fields under
// gpsd's names (the `-u` unscaled output), so tests can compare the decoder
// with gpsd's expected output field by field. Booleans are written as 0/1
// because gpsd writes some flags (dte) as numbers and others as booleans;
// the type of each JSON value is the JSON writer's business, not the
// decoder's. Header-only and used by tests only (nlohmann-json is a test
// dependency).
#pragma once

#include <cstdio>
#include <string>
#include <type_traits>
#include <variant>

#include <nlohmann/json.hpp>

#include "decode/ais/message.h"

namespace lookout::ais::testing {

using nlohmann::json;

inline std::string format_timestamp(const BaseStationReport& m) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02uZ", unsigned{m.year},
                unsigned{m.month}, unsigned{m.day}, unsigned{m.hour}, unsigned{m.minute},
                unsigned{m.second});
  return buf;
}

inline std::string format_eta(const StaticVoyageData& m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02u-%02uT%02u:%02uZ", unsigned{m.month}, unsigned{m.day},
                unsigned{m.hour}, unsigned{m.minute});
  return buf;
}

inline void add_position(json& j, const Position& pos) {
  j["lon"] = pos.lon;
  j["lat"] = pos.lat;
}

inline void add_dimensions(json& j, const Dimensions& dim) {
  j["to_bow"] = dim.to_bow;
  j["to_stern"] = dim.to_stern;
  j["to_port"] = dim.to_port;
  j["to_starboard"] = dim.to_starboard;
}

inline void add_fields(json& /*j*/, const OtherMessage& /*m*/) {}

inline void add_fields(json& j, const PositionReportA& m) {
  j.update({{"status", m.status},     {"turn", m.turn},       {"speed", m.speed},
            {"accuracy", m.accuracy ? 1 : 0}, {"course", m.course}, {"heading", m.heading},
            {"second", m.second},     {"maneuver", m.maneuver}, {"raim", m.raim ? 1 : 0},
            {"radio", m.radio}});
  add_position(j, m.pos);
}

inline void add_fields(json& j, const BaseStationReport& m) {
  j.update({{"timestamp", format_timestamp(m)}, {"accuracy", m.accuracy ? 1 : 0},
            {"epfd", m.epfd}, {"raim", m.raim ? 1 : 0}, {"radio", m.radio}});
  add_position(j, m.pos);
}

inline void add_fields(json& j, const StaticVoyageData& m) {
  j.update({{"ais_version", m.ais_version}, {"imo", m.imo}, {"callsign", m.callsign.view()},
            {"shipname", m.shipname.view()}, {"shiptype", m.shiptype}, {"epfd", m.epfd},
            {"eta", format_eta(m)}, {"draught", m.draught},
            {"destination", m.destination.view()}, {"dte", m.dte ? 1 : 0}});
  add_dimensions(j, m.dim);
}

inline void add_fields(json& j, const SarAircraftReport& m) {
  j.update({{"alt", m.alt}, {"speed", m.speed}, {"accuracy", m.accuracy ? 1 : 0},
            {"course", m.course}, {"second", m.second}, {"regional", m.regional},
            {"dte", m.dte ? 1 : 0}, {"assigned", m.assigned ? 1 : 0}, {"raim", m.raim ? 1 : 0},
            {"radio", m.radio}});
  add_position(j, m.pos);
}

inline void add_fields(json& j, const SafetyMessage& m) {
  if (j["type"] == 12) {
    j.update({{"seqno", m.seqno}, {"dest_mmsi", m.dest_mmsi},
              {"retransmit", m.retransmit ? 1 : 0}});
  }
  j["text"] = m.text.view();
}

template <typename ClassB>
void add_class_b_kinematics(json& j, const ClassB& m) {
  j.update({{"reserved", m.reserved}, {"speed", m.speed}, {"accuracy", m.accuracy ? 1 : 0},
            {"course", m.course}, {"heading", m.heading}, {"second", m.second},
            {"regional", m.regional}, {"raim", m.raim ? 1 : 0},
            {"assigned", m.assigned ? 1 : 0}});
  add_position(j, m.pos);
}

inline void add_fields(json& j, const PositionReportB& m) {
  add_class_b_kinematics(j, m);
  j.update({{"cs", m.cs ? 1 : 0}, {"display", m.display ? 1 : 0}, {"dsc", m.dsc ? 1 : 0},
            {"band", m.band ? 1 : 0}, {"msg22", m.msg22 ? 1 : 0}, {"radio", m.radio}});
}

inline void add_fields(json& j, const ExtendedReportB& m) {
  add_class_b_kinematics(j, m);
  j.update({{"shipname", m.shipname.view()}, {"shiptype", m.shiptype}, {"epfd", m.epfd},
            {"dte", m.dte ? 1 : 0}});
  add_dimensions(j, m.dim);
}

inline void add_fields(json& j, const AidToNavigation& m) {
  j.update({{"aid_type", m.aid_type}, {"name", m.name.view()}, {"accuracy", m.accuracy ? 1 : 0},
            {"epfd", m.epfd}, {"second", m.second}, {"off_position", m.off_position ? 1 : 0},
            {"regional", m.regional}, {"raim", m.raim ? 1 : 0},
            {"virtual_aid", m.virtual_aid ? 1 : 0}, {"assigned", m.assigned ? 1 : 0}});
  add_position(j, m.pos);
  add_dimensions(j, m.dim);
}

inline void add_fields(json& j, const StaticDataReport& m) {
  if (m.partno == 0) {
    j.update({{"part", "A"}, {"shipname", m.shipname.view()}});
    return;
  }
  j.update({{"part", "B"}, {"shiptype", m.shiptype}, {"vendorid", m.vendorid.view()},
            {"model", m.model}, {"serial", m.serial}, {"callsign", m.callsign.view()},
            {"mothership_mmsi", m.mothership_mmsi}, {"epfd", m.epfd}});
  add_dimensions(j, m.dim);
}

inline void add_fields(json& j, const LongRangeReport& m) {
  j.update({{"accuracy", m.accuracy ? 1 : 0}, {"raim", m.raim ? 1 : 0}, {"status", m.status},
            {"lon", m.lon}, {"lat", m.lat}, {"speed", m.speed}, {"course", m.course},
            {"gnss", m.gnss ? 1 : 0}});
}

// gpsd's "bits:hex" rendering of binary data.
inline std::string format_data(const BinaryData& data) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = std::to_string(data.bitcount) + ":";
  for (std::size_t idx = 0; idx < (data.bitcount + 7u) / 8u; ++idx) {
    out.push_back(kHex[data.bytes[idx] >> 4]);
    out.push_back(kHex[data.bytes[idx] & 15]);
  }
  return out;
}

inline void add_fields(json& j, const AddressedBinary& m) {
  j.update({{"seqno", m.seqno}, {"dest_mmsi", m.dest_mmsi}, {"retransmit", m.retransmit ? 1 : 0},
            {"dac", m.dac}, {"fid", m.fid}, {"data", format_data(m.data)}});
}

inline void add_fields(json& j, const BroadcastBinary& m) {
  j.update({{"dac", m.dac}, {"fid", m.fid}, {"data", format_data(m.data)}});
}

inline void add_fields(json& j, const Acknowledgement& m) {
  j.update({{"mmsi1", m.mmsi1}, {"mmsi2", m.mmsi2}, {"mmsi3", m.mmsi3}, {"mmsi4", m.mmsi4},
            {"seqno1", m.seqno1}, {"seqno2", m.seqno2}, {"seqno3", m.seqno3},
            {"seqno4", m.seqno4}});
}

inline void add_fields(json& j, const UtcInquiry& m) { j["dest_mmsi"] = m.dest_mmsi; }

inline void add_fields(json& j, const Interrogation& m) {
  j.update({{"mmsi1", m.mmsi1}, {"type1_1", m.type1_1}, {"offset1_1", m.offset1_1},
            {"type1_2", m.type1_2}, {"offset1_2", m.offset1_2}, {"mmsi2", m.mmsi2},
            {"type2_1", m.type2_1}, {"offset2_1", m.offset2_1}});
}

inline void add_fields(json& j, const AssignmentCommand& m) {
  j.update({{"mmsi1", m.mmsi1}, {"offset1", m.offset1}, {"increment1", m.increment1},
            {"mmsi2", m.mmsi2}, {"offset2", m.offset2}, {"increment2", m.increment2}});
}

inline void add_fields(json& j, const DgnssBroadcast& m) {
  j.update({{"lon", m.lon}, {"lat", m.lat}, {"data", format_data(m.data)}});
}

inline void add_fields(json& j, const DataLinkManagement& m) {
  for (std::size_t idx = 0; idx < 4; ++idx) {
    const std::string n = std::to_string(idx + 1);
    const SlotReservation& r = m.reservations[idx];
    j.update({{"offset" + n, r.offset}, {"number" + n, r.number}, {"timeout" + n, r.timeout},
              {"increment" + n, r.increment}});
  }
}

inline void add_fields(json& j, const ChannelManagement& m) {
  j.update({{"channel_a", m.channel_a}, {"channel_b", m.channel_b}, {"txrx", m.txrx},
            {"power", m.power ? 1 : 0}, {"addressed", m.addressed ? 1 : 0},
            {"band_a", m.band_a ? 1 : 0}, {"band_b", m.band_b ? 1 : 0},
            {"zonesize", m.zonesize}});
  if (m.addressed) {
    j.update({{"dest1", m.dest1}, {"dest2", m.dest2}});
  } else {
    j.update({{"ne_lon", m.ne_lon}, {"ne_lat", m.ne_lat}, {"sw_lon", m.sw_lon},
              {"sw_lat", m.sw_lat}});
  }
}

inline void add_fields(json& j, const GroupAssignment& m) {
  j.update({{"ne_lon", m.ne_lon}, {"ne_lat", m.ne_lat}, {"sw_lon", m.sw_lon},
            {"sw_lat", m.sw_lat}, {"stationtype", m.stationtype}, {"shiptype", m.shiptype},
            {"txrx", m.txrx}, {"interval", m.interval}, {"quiet", m.quiet}});
}

inline void add_fields(json& j, const SlotBinary& m) {
  j.update({{"addressed", m.addressed ? 1 : 0}, {"structured", m.structured ? 1 : 0},
            {"dest_mmsi", m.dest_mmsi}, {"app_id", m.app_id}, {"data", format_data(m.data)}});
  if (j["type"] == 26) j["radio"] = m.radio;
}

// The raw fields of `msg` under gpsd's names.
inline json raw_fields(const Message& msg) {
  json j = {{"type", msg.type}, {"repeat", msg.repeat}, {"mmsi", msg.mmsi}};
  std::visit([&j](const auto& body) { add_fields(j, body); }, msg.body);
  return j;
}

}  // namespace lookout::ais::testing
