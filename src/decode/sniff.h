// Guessing the format of an input file from its first bytes.
//
// Files carry no declaration of what they hold, so `lookout decode` looks at
// the first few KB: NMEA logs start with '!', '\' (a tag block) or '$',
// possibly after a logger's time stamp; the historical exports start with a
// recognisable CSV header or JSON key; SBS-1 lines with "MSG,<type>," (or
// another BaseStation record: SEL, ID, AIR, STA, CLK). Comments ('#'), blank lines and a short
// text preamble before the first sentence are tolerated.
#pragma once

#include <cstdint>
#include <string_view>

namespace lookout {

enum class InputFormat : uint8_t {
  kUnknown,           ///< Nothing recognised.
  kNmea,              ///< NMEA 0183 AIVDM/AIVDO, with or without tag blocks or time stamps.
  kDmaCsv,            ///< Danish Maritime Authority aisdk CSV ("# Timestamp,Type of mobile,...").
  kKystverketCsv,     ///< Norwegian Coastal Administration CSV ("mmsi;...;date_time_utc;...").
  kDigitrafficJson,   ///< Finnish Digitraffic snapshot ({"vessels": [...]}) or locations GeoJSON.
  kDetectionsJsonl,   ///< JSON Lines of air-side detections ({"sensor": ..., "time": ...}).
  kSbs,               ///< SBS-1 "BaseStation" text, ADS-B (dump1090/readsb port 30003: "MSG,3,...").
  kRemoteId,          ///< Remote ID (ASTM F3411): "TIME TRANSMITTER HEX" lines or JSON Lines with "payload".
};

// The format of a stream whose first bytes are `head` (a few KB is enough;
// the last line may be cut). kUnknown when nothing matches. Never fails.
InputFormat sniff_format(std::string_view head) noexcept;

// Stable name: "unknown", "nmea", "dma_csv", "kystverket_csv",
// "digitraffic_json", "detections_jsonl", "sbs", "remote_id". Never null.
const char* to_string(InputFormat format) noexcept;

}  // namespace lookout
