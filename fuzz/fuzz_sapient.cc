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
// the globe.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "decode/sapient/decoder.h"
#include "feed/length_prefixed.h"

namespace {

using namespace lookout;

void check_finite(const std::optional<double>& v) {
  if (v && !std::isfinite(*v)) std::abort();
}

void check_frame(std::string_view frame) {
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
    }
    node.position = LatLon{55.6, 12.6};
    node.alt_m = 10;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_frame(input);

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
      check_frame(frame);
    }
  }
  return 0;
}
