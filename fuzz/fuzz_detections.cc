// libFuzzer target for the JSON Lines detections decoder
// (src/decode/detections/).
//
// Input: split on '\n' and decoded line by line. Beyond "no crash, no
// sanitizer report", it checks what the decoder promises: every accepted
// detection has a sensor, a position pair (lat/lon on the globe or a range
// and a bearing in [0, 360)), values within their documented ranges, and it
// reads back identically after append_detection_json_line; every line is
// counted.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "decode/detections/jsonl_decoder.h"

namespace {

using lookout::SensorDetection;

void check(const SensorDetection& d) {
  if (d.sensor.empty()) std::abort();
  bool absolute = d.position.has_value();
  bool relative = d.range_m.has_value() && d.bearing_deg.has_value();
  if (!absolute && !relative) std::abort();
  if (absolute && !d.position->valid()) std::abort();
  if (relative && (*d.range_m < 0 || *d.bearing_deg < 0 || *d.bearing_deg >= 360)) std::abort();
  if (d.confidence && (*d.confidence < 0 || *d.confidence > 1)) std::abort();
  if (d.sigma_m && !(*d.sigma_m > 0)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  lookout::detections::DetectionsJsonlDecoder decoder;
  lookout::detections::DetectionsJsonlDecoder reader;
  uint64_t lines = 0;
  std::string written;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    auto r = decoder.decode(text.substr(pos, end - pos));
    ++lines;
    pos = end + 1;
    if (!r.ok()) continue;
    check(*r);
    written.clear();
    lookout::append_detection_json_line(written, *r);
    written.pop_back();  // the newline
    auto again = reader.decode(written);
    if (!again.ok()) std::abort();
    if (again->time != r->time || again->sensor != r->sensor || again->position != r->position ||
        again->range_m != r->range_m || again->cls != r->cls || again->alt_m != r->alt_m) {
      std::abort();
    }
  }
  if (decoder.stats().lines() != lines) std::abort();
  return 0;
}
