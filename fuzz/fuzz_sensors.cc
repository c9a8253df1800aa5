// libFuzzer target for the air sensors file (src/app/sensors_file.h), the
// JSON an operator writes to place radars and RF sensors.
//
// Beyond "no crash, no sanitizer report", it checks what the reader
// promises: a refused file is described in words; an accepted one holds
// sensors with distinct, non-empty ids, sites on the globe and every value
// inside its documented range (clutter_per_scan turned into a positive
// density).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "app/sensors_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sensors = lookout::parse_sensors_json(text);
  if (!sensors.ok()) {
    if (lookout::describe_sensors_error(sensors.error()).empty()) std::abort();
    return 0;
  }
  for (std::size_t i = 0; i < sensors->size(); ++i) {
    const auto& s = (*sensors)[i];
    if (s.id.empty() || !s.position.valid()) std::abort();
    for (std::size_t j = 0; j < i; ++j) {
      if ((*sensors)[j].id == s.id) std::abort();
    }
    if (!(s.pd > 0 && s.pd <= 1) || !(s.sigma_m > 0) || !(s.sigma_alt_m > 0) || !(s.sigma_range_m > 0)) {
      std::abort();
    }
    if (!(s.sigma_bearing_deg > 0) || !(s.sigma_elevation_deg > 0)) std::abort();
    if (!std::isfinite(s.clutter_per_km2) || s.clutter_per_km2 < 0 || s.max_range_m < 0) std::abort();
    if (s.class_weight < 0 || s.class_weight > 1 || s.default_confidence < 0 || s.default_confidence > 1) {
      std::abort();
    }
  }
  return 0;
}
