// LatLon: a WGS84 position in degrees, the one position type above the
// decoders (which keep the raw units of their protocols). Doubles: a
// resolution far below a metre everywhere, and no conversion on every use.
#pragma once

namespace lookout {

struct LatLon {
  double lat = 0;  // degrees north, -90..90
  double lon = 0;  // degrees east, -180..180

  bool valid() const { return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180; }
  friend bool operator==(const LatLon&, const LatLon&) = default;
};

}  // namespace lookout
