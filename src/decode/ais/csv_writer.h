// A flat CSV form of decoded AIS messages for analysts: one row per message,
// one fixed set of columns whatever the type, empty where the message does
// not carry the field or carries "not available".
//
//   time,mmsi,type,lat,lon,speed,course,heading,status,turn,shipname,callsign,
//   imo,shiptype,to_bow,to_stern,to_port,to_starboard,draught,destination,
//   station,channel
//
// Units and precision are those of the JSON form (json_writer.h): degrees
// with 7 decimals (4 for type 27), knots, degrees, degrees per minute (or
// "fastright"/"fastleft"), metres; `time` is ISO 8601 UTC. `shipname` also
// holds the name of an aid to navigation (type 21). Fields are quoted as
// RFC 4180 says: only when they hold a comma, a double quote, CR or LF,
// with inner quotes doubled.
#pragma once

#include <string>

#include "decode/observation.h"

namespace lookout::ais {

// Appends the header row, without a line terminator.
void append_csv_header(std::string& out);

// Appends one row for `obs`, without a line terminator (the caller writes
// "\n" or "\r\n"). Never fails. Reserve 512 bytes and reuse `out`.
void append_csv(std::string& out, const AisObservation& obs);

}  // namespace lookout::ais
