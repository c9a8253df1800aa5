// SbsDecoder: one line of SBS-1 "BaseStation" text - the port 30003 output
// of dump1090, dump1090-fa and readsb - into a CooperativeReport
// (decode/cooperative.h), SI units.
//
// The line is 22 comma-separated fields:
//
//   MSG,<type 1-8>,<session>,<aircraft>,<hex ident>,<flight>,
//   <date generated>,<time generated>,<date logged>,<time logged>,
//   <callsign>,<altitude ft>,<ground speed kt>,<track deg>,<lat>,<lon>,
//   <vertical rate ft/min>,<squawk>,<alert>,<emergency>,<spi>,<on ground>
//
// Each line carries part of an aircraft's state, by transmission type:
// 1 identification (callsign), 2 surface position, 3 airborne position
// (altitude, lat, lon), 4 airborne velocity (speed, track, vertical rate),
// 5 surveillance altitude, 6 surveillance identity (squawk and the flags),
// 7 air-to-air, 8 all-call reply (the address only). The cooperative
// picture (track/air/cooperative_picture.h) merges them per aircraft.
//
// What the writers do, from their sources: dates "YYYY/MM/DD", times
// "HH:MM:SS.mmm"; the generated time is the message's reception time.
// readsb writes UTC; dump1090-fa and the older dump1090 write the
// receiver's LOCAL time with no zone - set SbsParams::utc_offset to the
// receiver's offset for those. Altitude is barometric (pressure altitude,
// feet), or geometric when suffixed 'H' (readsb --sbs-gnss); the vertical
// rate likewise. Squawk is four octal digits. Flags are "-1" (true), "0" or
// empty (not known). readsb prefixes a non-ICAO address (TIS-B, anonymous)
// with '~'. An empty line is a heartbeat.
//
// Other record kinds of the BaseStation protocol (SEL selection change, ID
// new id, AIR new aircraft, STA status change, CLK clock) carry no state:
// they are counted (other_records()) and skipped, not rejected.
//
// Errors: a line that is neither is rejected with the field named and
// counted in stats() by reason: fewer than 10 fields (kBadCsvRow, "fields"),
// a transmission type outside 1-8, a hex ident that is not 6 hex digits, a
// bad date or time (no time at all: kMissingField "time"), a number that
// does not parse or is out of range, a squawk that is not 4 octal digits,
// half a position, a flag other than -1/0/1. Fields after the 22nd are
// ignored (warning kTrailingData).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/fixed_string.h"
#include "core/result.h"
#include "decode/cooperative.h"
#include "decode/stats.h"

namespace lookout::sbs {

struct SbsParams {
  // The writer's clock minus UTC (dump1090-fa writes local time): +60 min
  // for a receiver on CET. Subtracted from every time read.
  std::chrono::minutes utc_offset{0};
  // Names the receiver in every report (CooperativeReport::receiver).
  FixedString<32> receiver;
};

// Value ranges accepted (inclusive); outside them the line is rejected.
inline constexpr double kMinAltitudeFt = -2000;
inline constexpr double kMaxAltitudeFt = 100000;
inline constexpr double kMaxGroundSpeedKt = 4000;
inline constexpr double kMaxVerticalRateFpm = 60000;
inline constexpr std::size_t kMaxLineBytes = 1024;

inline constexpr double kFeetToMetres = 0.3048;
inline constexpr double kKnotsToMps = 1852.0 / 3600.0;

// Is `squawk` one of the emergency codes 7500 (unlawful interference),
// 7600 (radio failure), 7700 (general emergency)?
bool is_emergency_squawk(std::string_view squawk) noexcept;

class SbsDecoder {
 public:
  explicit SbsDecoder(SbsParams params = {});

  // Decodes one line (without its newline; a trailing '\r' is ignored).
  // A report, or nullopt for a line that holds none (blank, another record
  // kind), or an Error naming the field and its byte offset. Counts the
  // line and the report or reject in stats(). No allocation.
  Result<std::optional<CooperativeReport>> decode(std::string_view line);

  const DecodeStats& stats() const { return stats_; }
  // SEL, ID, AIR, STA and CLK records skipped.
  uint64_t other_records() const { return other_; }

 private:
  SbsParams params_;
  DecodeStats stats_;
  uint64_t other_ = 0;
};

}  // namespace lookout::sbs
