// AisObservation: one decoded AIS message with where and when it was seen.
// Every AIS source (NMEA with or without tag blocks, CSV, JSON snapshots)
// produces these; the picture consumes them.
#pragma once

#include <cstdint>
#include <optional>

#include "core/fixed_string.h"
#include "core/time.h"
#include "decode/ais/message.h"

namespace lookout {

// Where the event time came from, best first.
enum class TimeSource : uint8_t {
  kNone = 0,      ///< The data carried no time.
  kTagBlock,      ///< NMEA 4.0 tag block `c:`.
  kPrefix,        ///< A logger's time stamp before the sentence (or a $PGHP wrapper).
  kTrailer,       ///< Receiver metadata after the checksum (a Unix time field).
  kRecord,        ///< A column of a historical record (CSV, JSON).
  kReception,     ///< None in the data: the live node's clock when it arrived.
};

const char* to_string(TimeSource source) noexcept;

struct AisObservation {
  std::optional<Timestamp> time;   // event time, when the data has one
  TimeSource time_source = TimeSource::kNone;
  FixedString<24> station;         // receiving station (tag block `s:`), may be empty
  char channel = 0;                // 'A', 'B', ... or 0 when unknown
  bool own_vessel = false;         // VDO rather than VDM
  ais::Message msg;
};

}  // namespace lookout
