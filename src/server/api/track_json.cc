#include "server/api/track_json.h"

#include "core/json_out.h"
#include "core/time.h"

namespace lookout::server {

namespace {

void append_time(std::string& out, int64_t time_ms) {
  char buf[40];
  const std::size_t n = format_iso8601(from_unix_ms(time_ms), buf);
  out += '"';
  out.append(buf, n);
  out += '"';
}

}  // namespace

TrackJson::TrackJson(std::size_t expected_points) {
  coords_.reserve(expected_points * 24);
  times_.reserve(expected_points * 23);
  sog_.reserve(expected_points * 5);
  cog_.reserve(expected_points * 6);
  heading_.reserve(expected_points * 4);
}

void TrackJson::add(const track::TrackPoint& pt) {
  if (points_++ > 0) {
    coords_ += ',';
    times_ += ',';
    sog_ += ',';
    cog_ += ',';
    heading_ += ',';
  }
  // Degrees * 1e7 to six decimals, halves away from zero as std::round did.
  coords_ += '[';
  append_quotient(coords_, pt.lon_e7, 10'000'000, 6);
  coords_ += ',';
  append_quotient(coords_, pt.lat_e7, 10'000'000, 6);
  coords_ += ']';
  append_time(times_, pt.time_ms);
  if (pt.has_sog()) {
    append_decimal(sog_, pt.sog_dkn, 1);
  } else {
    sog_ += "null";
  }
  if (pt.has_cog()) {
    append_decimal(cog_, pt.cog_ddeg, 1);
  } else {
    cog_ += "null";
  }
  if (pt.has_heading()) {
    append_unsigned(heading_, pt.heading);
  } else {
    heading_ += "null";
  }
}

std::string TrackJson::finish(uint32_t mmsi, int64_t from_ms, int64_t to_ms) {
  std::string out;
  out.reserve(coords_.size() + times_.size() + sog_.size() + cog_.size() + heading_.size() + 256);
  out += R"({"geometry":{"coordinates":[)";
  out += coords_;
  out += R"(],"type":"LineString"},"properties":{"cog":[)";
  out += cog_;
  out += R"(],"from":)";
  append_time(out, from_ms);
  out += R"(,"heading":[)";
  out += heading_;
  out += R"(],"mmsi":)";
  append_unsigned(out, mmsi);
  out += R"(,"sog":[)";
  out += sog_;
  out += R"(],"times":[)";
  out += times_;
  out += R"(],"to":)";
  append_time(out, to_ms);
  out += R"(},"type":"Feature"})";
  return out;
}

}  // namespace lookout::server
