// The JSON form of one decoded AIS message: gpsd's field names and scaled
// units, so that our output compares field by field with `gpsdecode -j`.
//
//   {"class":"AIS","type":1,"repeat":0,"mmsi":371798000,"scaled":true,
//    "status":0,"status_text":"Under way using engine","turn":"fastleft",
//    "speed":12.3,"accuracy":true,"lon":-123.3953833,"lat":48.3816333,
//    "course":224,"heading":215,"second":33,"maneuver":0,"raim":false,
//    "radio":34017,"time":"2024-12-25T10:31:40Z","time_source":"tag_block",
//    "channel":"A"}
//
// Where we differ from gpsd, on purpose (docs/decisions/0002-gpsd-field-names.md):
//   - a field whose value is the standard's "not available" is absent
//     (heading 511, lat 91, speed 102.3, imo 0, "" texts, ETA 00-00T24:60Z,
//     type 25/26 dest_mmsi when not addressed ...);
//   - `turn` is a number in degrees per minute, except the two codes
//     "fastright" and "fastleft" (turning faster than 5 deg per 30 s, no
//     turn indicator), written as strings as gpsd does;
//   - after gpsd's fields: "time", "time_source", "station", "channel" and
//     "own_vessel" when the observation has them; no "device";
//   - types 9, 18 and 21 also carry "assigned", type 23 "txrx", which gpsd
//     leaves out;
//   - binary application data (types 6, 8, 17, 25, 26) is always
//     "<bits>:<hex>", as gpsd writes the DAC/FID pairs it does not decode;
//   - the region corners of types 22 and 23 are numbers, not strings; type
//     17 positions have 4 decimals where gpsd has 1.
// Numbers carry gpsd's precision (lat/lon 7 decimals, 1/10-minute positions
// 4, corners 6, speed/course/draught 1) with trailing zeros trimmed.
#pragma once

#include <string>

#include "decode/observation.h"

namespace lookout::ais {

// Appends one JSON object (no newline) for `obs` to `out`. Never fails:
// every Message the decoder can produce has a JSON form; a bare
// OtherMessage (or a body added to message.h and not yet to the writer)
// gives the common header only. Allocates only when `out` must grow:
// reserve 1 KiB and reuse the string per message.
void append_json(std::string& out, const AisObservation& obs);

}  // namespace lookout::ais
