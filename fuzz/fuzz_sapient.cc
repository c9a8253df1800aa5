// libFuzzer target for SAPIENT (BSI Flex 335 v2.0): framing, decoding,
// validation and conversion to detections.
//
// Input: a TCP byte stream, cut by feed::LengthPrefixedReader (in chunks whose
// sizes come from the input, as a socket would deliver them); every frame goes
// through sapient::decode_message and, for a DetectionReport, to_detection with
// and without a node position. The whole input is also decoded as one message.
// Beyond "no crash, no sanitizer report" it checks the promises: a rejection
// always has a reason and a path; an accepted message re-validates clean after
// a serialize/parse round trip; detections carry finite values and positions on
// the globe. Every accepted Registration and StatusReport also goes to a
// SensorRegistry (app/sensor_registry.h, one per input, so a stream can
// register, place and move a node before its detections): a refusal has a
// reason, and every SensorConfig it hands on and every detection it places
// holds values in range.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "app/sensor_registry.h"
#include "decode/sapient/decoder.h"
#include "feed/length_prefixed.h"

namespace {

using namespace lookout;

void check_finite(const std::optional<double>& v) {
  if (v && !std::isfinite(*v)) std::abort();
}

void check_config(const air::SensorConfig& c) {
  const double values[] = {c.alt_m, c.sigma_range_m, c.sigma_bearing_deg, c.sigma_elevation_deg, c.sigma_m, c.pd,
                           c.clutter_per_km2, c.max_range_m, c.min_range_m, c.sector_centre_deg, c.sector_width_deg,
                           c.min_elevation_deg, c.max_elevation_deg, c.revisit_s};
  for (double v : values) {
    if (!std::isfinite(v)) std::abort();
  }
  if (!c.position.valid() || c.sigma_range_m <= 0 || c.sigma_bearing_deg <= 0 || c.pd <= 0 || c.pd > 1) std::abort();
  if (c.clutter_per_km2 <= 0 || c.max_range_m < 0 || c.revisit_s < 0) std::abort();
  if (c.sector_width_deg <= 0 || c.sector_width_deg > 360 || c.sector_centre_deg < 0 || c.sector_centre_deg >= 360) {
    std::abort();
  }
  if (c.min_elevation_deg < -90 || c.max_elevation_deg > 90 || c.min_elevation_deg > c.max_elevation_deg) std::abort();
}

void check_frame(std::string_view frame, SensorRegistry& registry) {
  std::vector<sapient::Violation> why;
  auto result = sapient::decode_message(frame, &why);
  if (!result.ok()) {
    if (why.empty() || result.error().field == nullptr) std::abort();
    for (const auto& v : why) {
      if (v.reason.empty() || v.path.empty()) std::abort();
    }
    return;
  }
  std::string again;
  if (!result->SerializeToString(&again)) std::abort();
  if (!sapient::decode_message(again).ok()) std::abort();
  if (result->has_registration() || result->has_status_report()) {
    std::string reason;
    if (!registry.on_message(*result, &reason) && reason.empty()) std::abort();
  }
  if (!result->has_detection_report()) return;
  sapient::NodeContext node;
  for (int with_position = 0; with_position < 2; ++with_position) {
    std::string reason;
    auto det = sapient::to_detection(*result, node, &reason);
    if (!det.ok()) {
      if (reason.empty()) std::abort();
    } else {
      if (det->position && !det->position->valid()) std::abort();
      check_finite(det->alt_m);
      check_finite(det->range_m);
      check_finite(det->bearing_deg);
      check_finite(det->vel_e);
      check_finite(det->vel_n);
      if (det->bearing_deg && (*det->bearing_deg < 0 || *det->bearing_deg >= 360)) std::abort();
      if (det->confidence && (*det->confidence < 0 || *det->confidence > 1)) std::abort();
      SensorDetection placed = *det;
      if (!registry.place(placed)) {
        if (placed.position && !placed.position->valid()) std::abort();
        check_finite(placed.alt_m);
        check_finite(placed.sigma_m);
      }
    }
    node.position = LatLon{55.6, 12.6};
    node.alt_m = 10;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  SensorRegistry registry({}, check_config);
  check_frame(input, registry);

  feed::LengthPrefixedReader reader(64 * 1024);
  std::size_t pos = 0;
  std::size_t chunk = size > 0 ? (data[0] % 61) + 1 : 1;
  bool too_large = false;
  while (pos < size && !too_large) {
    const std::size_t n = std::min(chunk, size - pos);
    reader.append(input.substr(pos, n));
    pos += n;
    chunk = chunk * 7 % 509 + 1;
    std::string_view frame;
    for (;;) {
      const auto status = reader.next(&frame);
      if (status == feed::LengthPrefixedReader::Status::kNeedMore) break;
      if (status == feed::LengthPrefixedReader::Status::kTooLarge) {
        if (reader.refused_length() <= 64 * 1024 || reader.buffered() != 0) std::abort();
        too_large = true;
        break;
      }
      if (frame.size() > 64 * 1024) std::abort();
      check_frame(frame, registry);
    }
  }
  return 0;
}
