// libFuzzer target for Remote ID (ASTM F3411 / ASD-STAN EN 4709-002):
// decode_payload on the raw bytes, the line decoder (hex and JSON Lines) on
// the same bytes as text, and the per-transmitter merger on what decodes.
//
// Beyond "no crash, no sanitizer report" it checks the promises: a rejection
// names its field; every decoded value is finite and inside the range the
// standard allows ("unknown" encodings are left out, never turned into
// numbers); positions are on the globe; a pack holds at most 9 messages; the
// merger's reports carry the transmitter or the serial as their id.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string_view>

#include "decode/remote_id/decoder.h"
#include "decode/remote_id/line_decoder.h"
#include "decode/remote_id/merger.h"

namespace {

using namespace lookout;
using namespace lookout::remote_id;

void in_range(const std::optional<double>& v, double lo, double hi) {
  if (v && (!std::isfinite(*v) || *v < lo || *v > hi)) std::abort();
}

void check(const Payload& p) {
  if (p.count + p.skipped > kMaxPackMessages) std::abort();
  if (!p.pack && (p.count != 1 || p.skipped != 0)) std::abort();
  for (uint8_t i = 0; i < p.count; ++i) {
    const Message& m = p.messages[i];
    if (const auto* l = std::get_if<Location>(&m.body)) {
      in_range(l->direction_deg, 0, 359);
      in_range(l->speed_mps, 0, 254.25);
      in_range(l->vertical_speed_mps, -62, 62);
      in_range(l->pressure_alt_m, -999.5, 31767.5);
      in_range(l->geodetic_alt_m, -999.5, 31767.5);
      in_range(l->height_m, -999.5, 31767.5);
      in_range(l->seconds_after_hour, 0, 3600);
      if (l->position && !l->position->valid()) std::abort();
    } else if (const auto* s = std::get_if<System>(&m.body)) {
      if (s->operator_position && !s->operator_position->valid()) std::abort();
      in_range(s->operator_alt_m, -999.5, 31767.5);
    } else if (const auto* b = std::get_if<BasicId>(&m.body)) {
      for (char c : b->uas_id.view()) {
        if (c < 0x20 || c > 0x7E) std::abort();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static TransmitterMerger merger(8);
  auto p = decode_payload(std::span<const uint8_t>(data, size));
  if (p.ok()) {
    check(*p);
    auto r = merger.add(from_unix_ms(1700000000000), "fuzz", "", *p);
    if (r && (r->id.empty() || r->source != CooperativeSource::kRemoteId)) std::abort();
  } else if (p.error().field == nullptr) {
    std::abort();
  }

  RemoteIdLineDecoder lines;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto h = lines.decode(text.substr(start, end - start));
    if (h.ok()) {
      check(h->payload);
      if (h->transmitter.empty()) std::abort();
      auto r = merger.add(h->time, h->transmitter, h->receiver, h->payload);
      if (r && r->id.empty()) std::abort();
    } else if (h.error().code != ErrorCode::kEmptyLine && h.error().code != ErrorCode::kBadJson &&
               h.error().code != ErrorCode::kLineTooLong && h.error().field == nullptr) {
      std::abort();
    }
    start = end + 1;
  }
  return 0;
}
