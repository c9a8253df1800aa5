// Field-by-field comparison of AIS messages for the round-trip tests: each
// body's every field, with the field's name and both values in the failure
// message.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "decode/ais/message.h"

namespace lookout::ais::testing_support {

// Field comparison with the field's name in the failure message.
template <typename T>
inline auto show(const T& v) {
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

using ::testing::AssertionResult;
using ::testing::AssertionSuccess;

inline AssertionResult same(const OtherMessage&, const OtherMessage&) { return AssertionSuccess(); }
inline AssertionResult same(const PositionReportA& a, const PositionReportA& b) {
  SAME(status) SAME(turn) SAME(speed) SAME(accuracy) SAME_POS(pos) SAME(course) SAME(heading)
  SAME(second) SAME(maneuver) SAME(raim) SAME(radio)
  return AssertionSuccess();
}
inline AssertionResult same(const BaseStationReport& a, const BaseStationReport& b) {
  SAME(year) SAME(month) SAME(day) SAME(hour) SAME(minute) SAME(second) SAME(accuracy)
  SAME_POS(pos) SAME(epfd) SAME(raim) SAME(radio)
  return AssertionSuccess();
}
inline AssertionResult same(const StaticVoyageData& a, const StaticVoyageData& b) {
  SAME(ais_version) SAME(imo) SAME(callsign) SAME(shipname) SAME(shiptype) SAME_DIM(dim)
  SAME(epfd) SAME(month) SAME(day) SAME(hour) SAME(minute) SAME(draught) SAME(destination)
  SAME(dte)
  return AssertionSuccess();
}
inline AssertionResult same(const SarAircraftReport& a, const SarAircraftReport& b) {
  SAME(alt) SAME(speed) SAME(accuracy) SAME_POS(pos) SAME(course) SAME(second) SAME(regional)
  SAME(dte) SAME(assigned) SAME(raim) SAME(radio)
  return AssertionSuccess();
}
inline AssertionResult same(const SafetyMessage& a, const SafetyMessage& b) {
  SAME(seqno) SAME(dest_mmsi) SAME(retransmit) SAME(text)
  return AssertionSuccess();
}
inline AssertionResult same(const PositionReportB& a, const PositionReportB& b) {
  SAME(reserved) SAME(speed) SAME(accuracy) SAME_POS(pos) SAME(course) SAME(heading)
  SAME(second) SAME(regional) SAME(cs) SAME(display) SAME(dsc) SAME(band) SAME(msg22)
  SAME(assigned) SAME(raim) SAME(radio)
  return AssertionSuccess();
}
inline AssertionResult same(const ExtendedReportB& a, const ExtendedReportB& b) {
  SAME(reserved) SAME(speed) SAME(accuracy) SAME_POS(pos) SAME(course) SAME(heading)
  SAME(second) SAME(regional) SAME(shipname) SAME(shiptype) SAME_DIM(dim) SAME(epfd) SAME(raim)
  SAME(dte) SAME(assigned)
  return AssertionSuccess();
}
inline AssertionResult same(const AidToNavigation& a, const AidToNavigation& b) {
  SAME(aid_type) SAME(name) SAME(accuracy) SAME_POS(pos) SAME_DIM(dim) SAME(epfd) SAME(second)
  SAME(off_position) SAME(regional) SAME(raim) SAME(virtual_aid) SAME(assigned)
  return AssertionSuccess();
}
inline AssertionResult same(const StaticDataReport& a, const StaticDataReport& b) {
  SAME(partno) SAME(shipname) SAME(shiptype) SAME(vendorid) SAME(model) SAME(serial)
  SAME(callsign) SAME_DIM(dim) SAME(mothership_mmsi) SAME(epfd)
  return AssertionSuccess();
}
inline AssertionResult same(const LongRangeReport& a, const LongRangeReport& b) {
  SAME(accuracy) SAME(raim) SAME(status) SAME(lon) SAME(lat) SAME(speed) SAME(course) SAME(gnss)
  return AssertionSuccess();
}

inline AssertionResult same(const BinaryData& a, const BinaryData& b) {
  SAME(bitcount)
  for (std::size_t i = 0; i < (a.bitcount + 7u) / 8; ++i) SAME(bytes[i])
  return AssertionSuccess();
}
#define SAME_DATA(d) \
  if (auto r = same(a.d, b.d); !r) return r << " in " #d;
inline AssertionResult same(const AddressedBinary& a, const AddressedBinary& b) {
  SAME(seqno) SAME(dest_mmsi) SAME(retransmit) SAME(dac) SAME(fid) SAME_DATA(data)
  return AssertionSuccess();
}
inline AssertionResult same(const BroadcastBinary& a, const BroadcastBinary& b) {
  SAME(dac) SAME(fid) SAME_DATA(data)
  return AssertionSuccess();
}
inline AssertionResult same(const Acknowledgement& a, const Acknowledgement& b) {
  SAME(mmsi1) SAME(mmsi2) SAME(mmsi3) SAME(mmsi4) SAME(seqno1) SAME(seqno2) SAME(seqno3)
  SAME(seqno4)
  return AssertionSuccess();
}
inline AssertionResult same(const UtcInquiry& a, const UtcInquiry& b) {
  SAME(dest_mmsi)
  return AssertionSuccess();
}
inline AssertionResult same(const Interrogation& a, const Interrogation& b) {
  SAME(mmsi1) SAME(type1_1) SAME(offset1_1) SAME(type1_2) SAME(offset1_2) SAME(mmsi2)
  SAME(type2_1) SAME(offset2_1)
  return AssertionSuccess();
}
inline AssertionResult same(const AssignmentCommand& a, const AssignmentCommand& b) {
  SAME(mmsi1) SAME(offset1) SAME(increment1) SAME(mmsi2) SAME(offset2) SAME(increment2)
  return AssertionSuccess();
}
inline AssertionResult same(const DgnssBroadcast& a, const DgnssBroadcast& b) {
  SAME(lon) SAME(lat) SAME_DATA(data)
  return AssertionSuccess();
}
inline AssertionResult same(const DataLinkManagement& a, const DataLinkManagement& b) {
  SAME(count)
  for (int i = 0; i < 4; ++i) {
    SAME(reservations[i].offset) SAME(reservations[i].number) SAME(reservations[i].timeout)
    SAME(reservations[i].increment)
  }
  return AssertionSuccess();
}
inline AssertionResult same(const ChannelManagement& a, const ChannelManagement& b) {
  SAME(channel_a) SAME(channel_b) SAME(txrx) SAME(power) SAME(addressed) SAME(ne_lon)
  SAME(ne_lat) SAME(sw_lon) SAME(sw_lat) SAME(dest1) SAME(dest2) SAME(band_a) SAME(band_b)
  SAME(zonesize)
  return AssertionSuccess();
}
inline AssertionResult same(const GroupAssignment& a, const GroupAssignment& b) {
  SAME(ne_lon) SAME(ne_lat) SAME(sw_lon) SAME(sw_lat) SAME(stationtype) SAME(shiptype)
  SAME(txrx) SAME(interval) SAME(quiet)
  return AssertionSuccess();
}
inline AssertionResult same(const SlotBinary& a, const SlotBinary& b) {
  SAME(addressed) SAME(structured) SAME(dest_mmsi) SAME(app_id) SAME_DATA(data) SAME(radio)
  return AssertionSuccess();
}

inline AssertionResult same_message(const Message& a, const Message& b) {
  SAME(type) SAME(repeat) SAME(mmsi)
  if (a.body.index() != b.body.index()) {
    return ::testing::AssertionFailure() << "body " << a.body.index() << " != " << b.body.index();
  }
  return std::visit(
      [&](const auto& x) { return same(x, std::get<std::decay_t<decltype(x)>>(b.body)); }, a.body);
}

#undef SAME_DATA
#undef SAME_DIM
#undef SAME_POS
#undef SAME

}  // namespace lookout::ais::testing_support
