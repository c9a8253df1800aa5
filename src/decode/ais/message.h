// AIS messages as decoded from the air interface (ITU-R M.1371-5).
//
// Fields keep the raw integer units of the standard (lat/lon in 1/10000
// minute, speed in 1/10 knot, ...) so that nothing is lost or rounded on the
// way through; Position gives degrees, and consumers scale the rest (the
// sentinels below mark "not available").
// Historical formats (CSV, JSON snapshots) are converted into these same
// structs, so every consumer sees one shape whatever the source.
//
// Field names follow gpsd's JSON (docs/decisions/0002-gpsd-field-names.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>

#include "core/fixed_string.h"

namespace lookout::ais {

// "Not available" sentinels of the standard.
inline constexpr int32_t kLonNotAvailable = 181 * 600000;   // 1/10000 minute
inline constexpr int32_t kLatNotAvailable = 91 * 600000;
inline constexpr int32_t kLonNotAvailable27 = 181 * 600;    // type 27: 1/10 minute
inline constexpr int32_t kLatNotAvailable27 = 91 * 600;
inline constexpr uint16_t kSpeedNotAvailable = 1023;        // 1/10 knot
inline constexpr uint16_t kCourseNotAvailable = 3600;       // 1/10 degree
inline constexpr uint16_t kHeadingNotAvailable = 511;       // degrees
inline constexpr int8_t kTurnNotAvailable = -128;
inline constexpr uint8_t kSecondNotAvailable = 60;

// Position in the standard's units; valid() is false for "not available"
// and for values outside the globe.
struct Position {
  int32_t lon = kLonNotAvailable;  // 1/10000 minute, east positive
  int32_t lat = kLatNotAvailable;  // 1/10000 minute, north positive
  bool valid() const {
    return lon >= -180 * 600000 && lon <= 180 * 600000 && lat >= -90 * 600000 &&
           lat <= 90 * 600000;
  }
  double lon_deg() const { return lon / 600000.0; }
  double lat_deg() const { return lat / 600000.0; }
};

struct Dimensions {
  uint16_t to_bow = 0;        // metres; 0 = not available
  uint16_t to_stern = 0;
  uint8_t to_port = 0;
  uint8_t to_starboard = 0;
};

// Types 1, 2, 3: class A position report.
struct PositionReportA {
  uint8_t status = 15;        // navigational status; 15 = not defined
  int8_t turn = kTurnNotAvailable;  // ROT_AIS, see turn_deg_per_min()
  uint16_t speed = kSpeedNotAvailable;  // 1/10 kn; 1022 = 102.2 kn or more
  bool accuracy = false;
  Position pos;
  uint16_t course = kCourseNotAvailable;  // 1/10 degree
  uint16_t heading = kHeadingNotAvailable;
  uint8_t second = kSecondNotAvailable;   // UTC second; 60-63 special
  uint8_t maneuver = 0;
  bool raim = false;
  uint32_t radio = 0;
};

// Types 4 (base station) and 11 (UTC/date response).
struct BaseStationReport {
  uint16_t year = 0;          // 0 = not available
  uint8_t month = 0, day = 0, hour = 24, minute = 60, second = 60;
  bool accuracy = false;
  Position pos;
  uint8_t epfd = 0;
  bool raim = false;
  uint32_t radio = 0;
};

// Type 5: class A static and voyage related data.
struct StaticVoyageData {
  uint8_t ais_version = 0;
  uint32_t imo = 0;           // 0 = not available
  FixedString<7> callsign;
  FixedString<20> shipname;
  uint8_t shiptype = 0;
  Dimensions dim;
  uint8_t epfd = 0;
  uint8_t month = 0, day = 0, hour = 24, minute = 60;  // ETA; 0/24/60 = not available
  uint8_t draught = 0;        // 1/10 metre; 0 = not available
  FixedString<20> destination;
  bool dte = false;
};

// Type 9: SAR aircraft position report.
struct SarAircraftReport {
  uint16_t alt = 4095;        // metres; 4095 = not available, 4094 = 4094 m or higher
  uint16_t speed = kSpeedNotAvailable;  // knots (not tenths); 1023 = not available
  bool accuracy = false;
  Position pos;
  uint16_t course = kCourseNotAvailable;
  uint8_t second = kSecondNotAvailable;
  uint8_t regional = 0;
  bool dte = false;
  bool assigned = false;
  bool raim = false;
  uint32_t radio = 0;
};

// Types 12 (addressed) and 14 (broadcast) safety related text.
struct SafetyMessage {
  uint8_t seqno = 0;          // type 12 only
  uint32_t dest_mmsi = 0;     // type 12 only
  bool retransmit = false;    // type 12 only
  FixedString<161> text;
};

// Type 18: class B position report.
struct PositionReportB {
  uint8_t reserved = 0;
  uint16_t speed = kSpeedNotAvailable;
  bool accuracy = false;
  Position pos;
  uint16_t course = kCourseNotAvailable;
  uint16_t heading = kHeadingNotAvailable;
  uint8_t second = kSecondNotAvailable;
  uint8_t regional = 0;
  bool cs = false, display = false, dsc = false, band = false, msg22 = false;
  bool assigned = false, raim = false;
  uint32_t radio = 0;
};

// Type 19: extended class B position report.
struct ExtendedReportB {
  uint8_t reserved = 0;
  uint16_t speed = kSpeedNotAvailable;
  bool accuracy = false;
  Position pos;
  uint16_t course = kCourseNotAvailable;
  uint16_t heading = kHeadingNotAvailable;
  uint8_t second = kSecondNotAvailable;
  uint8_t regional = 0;
  FixedString<20> shipname;
  uint8_t shiptype = 0;
  Dimensions dim;
  uint8_t epfd = 0;
  bool raim = false, dte = false, assigned = false;
};

// Type 21: aid-to-navigation report. `name` includes the name extension.
struct AidToNavigation {
  uint8_t aid_type = 0;
  FixedString<34> name;
  bool accuracy = false;
  Position pos;
  Dimensions dim;
  uint8_t epfd = 0;
  uint8_t second = kSecondNotAvailable;
  bool off_position = false;
  uint8_t regional = 0;
  bool raim = false, virtual_aid = false, assigned = false;
};

// Type 24: static data report, part A (name) or part B (the rest).
struct StaticDataReport {
  uint8_t partno = 0;         // 0 = A, 1 = B
  FixedString<20> shipname;   // part A
  uint8_t shiptype = 0;       // part B from here on
  FixedString<7> vendorid;
  uint8_t model = 0;
  uint32_t serial = 0;
  FixedString<7> callsign;
  Dimensions dim;             // when the MMSI is not an auxiliary craft
  uint32_t mothership_mmsi = 0;  // when it is (MMSI 98XXXYYYY)
  uint8_t epfd = 0;           // part B, ITU-R M.1371-5 only; 0 = undefined
};

// Type 27: long-range position report (satellite).
struct LongRangeReport {
  bool accuracy = false;
  bool raim = false;
  uint8_t status = 15;
  int32_t lon = kLonNotAvailable27;  // 1/10 minute
  int32_t lat = kLatNotAvailable27;
  uint8_t speed = 63;         // knots; 63 = not available
  uint16_t course = 511;      // degrees; 511 = not available
  bool gnss = false;          // position latency bit: false = under 5 s (current GNSS fix)
};

// Any other type: recognised by type and MMSI only.
struct OtherMessage {};

// The bodies below (types 6, 7, 8, 10, 13, 15, 16, 17, 20, 22, 23, 25, 26)
// derive from OtherMessage, so a consumer that handles only OtherMessage for
// them still compiles and sees their type and MMSI.

// Application data of the binary messages, as gpsd shows it ("bits:hex").
struct BinaryData {
  static constexpr std::size_t kCapacity = 160;  // bytes: the 1280 bits of five slots
  uint16_t bitcount = 0;
  uint8_t bytes[kCapacity] = {};  // most significant bit first; last byte zero-padded
};

// Type 6: addressed binary message.
struct AddressedBinary : OtherMessage {
  uint8_t seqno = 0;
  uint32_t dest_mmsi = 0;
  bool retransmit = false;
  uint16_t dac = 0;           // designated area code
  uint8_t fid = 0;            // function identifier
  BinaryData data;
};

// Type 8: broadcast binary message.
struct BroadcastBinary : OtherMessage {
  uint16_t dac = 0;
  uint8_t fid = 0;
  BinaryData data;
};

// Types 7 (binary) and 13 (safety) acknowledgement: one to four MMSIs, 0 when
// absent (an MMSI cut by the end of the payload counts as absent).
struct Acknowledgement : OtherMessage {
  uint32_t mmsi1 = 0, mmsi2 = 0, mmsi3 = 0, mmsi4 = 0;
  uint8_t seqno1 = 0, seqno2 = 0, seqno3 = 0, seqno4 = 0;
};

// Type 10: UTC and date inquiry.
struct UtcInquiry : OtherMessage {
  uint32_t dest_mmsi = 0;
};

// Type 15: interrogation of up to two stations for up to three messages; 0
// where the payload is too short to hold a request.
struct Interrogation : OtherMessage {
  uint32_t mmsi1 = 0;
  uint8_t type1_1 = 0;        // message type requested
  uint16_t offset1_1 = 0;     // slot offset
  uint8_t type1_2 = 0;
  uint16_t offset1_2 = 0;
  uint32_t mmsi2 = 0;
  uint8_t type2_1 = 0;
  uint16_t offset2_1 = 0;
};

// Type 16: assigned mode command for one or two stations.
struct AssignmentCommand : OtherMessage {
  uint32_t mmsi1 = 0;
  uint16_t offset1 = 0;
  uint16_t increment1 = 0;
  uint32_t mmsi2 = 0;         // 0 when only one station is assigned
  uint16_t offset2 = 0;
  uint16_t increment2 = 0;
};

// Type 17: DGNSS broadcast binary message.
struct DgnssBroadcast : OtherMessage {
  int32_t lon = kLonNotAvailable27;  // 1/10 minute
  int32_t lat = kLatNotAvailable27;
  BinaryData data;
};

// Type 20: data link management, one to four slot reservations (gpsd names
// them offset1..4, number1..4, timeout1..4, increment1..4); unused ones are 0.
struct SlotReservation {
  uint16_t offset = 0;
  uint8_t number = 0;
  uint8_t timeout = 0;
  uint16_t increment = 0;
};
struct DataLinkManagement : OtherMessage {
  uint8_t count = 0;          // reservations present
  SlotReservation reservations[4] = {};
};

// Type 22: channel management, for a region or for two addressed stations.
struct ChannelManagement : OtherMessage {
  uint16_t channel_a = 0, channel_b = 0;
  uint8_t txrx = 0;
  bool power = false;
  bool addressed = false;
  int32_t ne_lon = 0, ne_lat = 0, sw_lon = 0, sw_lat = 0;  // 1/10 minute; when !addressed
  uint32_t dest1 = 0, dest2 = 0;                          // when addressed
  bool band_a = false, band_b = false;
  uint8_t zonesize = 0;
};

// Type 23: group assignment command.
struct GroupAssignment : OtherMessage {
  int32_t ne_lon = 0, ne_lat = 0, sw_lon = 0, sw_lat = 0;  // 1/10 minute
  uint8_t stationtype = 0;
  uint8_t shiptype = 0;
  uint8_t txrx = 0;
  uint8_t interval = 0;
  uint8_t quiet = 0;          // minutes
};

// Types 25 (single slot) and 26 (multiple slot) binary messages.
struct SlotBinary : OtherMessage {
  bool addressed = false;
  bool structured = false;
  uint32_t dest_mmsi = 0;     // when addressed
  uint16_t app_id = 0;        // when structured: DAC (10 bits) and FI (6 bits)
  BinaryData data;
  uint32_t radio = 0;         // type 26 only: communication state, 20 bits
};

using Body = std::variant<OtherMessage, PositionReportA, BaseStationReport, StaticVoyageData,
                          SarAircraftReport, SafetyMessage, PositionReportB, ExtendedReportB,
                          AidToNavigation, StaticDataReport, LongRangeReport, AddressedBinary,
                          BroadcastBinary, Acknowledgement, UtcInquiry, Interrogation,
                          AssignmentCommand, DgnssBroadcast, DataLinkManagement,
                          ChannelManagement, GroupAssignment, SlotBinary>;

struct Message {
  uint8_t type = 0;           // 1..27
  uint8_t repeat = 0;
  uint32_t mmsi = 0;
  Body body;
};

}  // namespace lookout::ais
