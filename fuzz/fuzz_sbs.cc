// libFuzzer target for the SBS-1 "BaseStation" decoder (src/decode/sbs/).
//
// Input: split on '\n' and decoded line by line. Beyond "no crash, no
// sanitizer report", it checks what the decoder promises: every report is
// ADS-B with a 6-hex-digit address (after an optional '~'), values within
// their documented ranges, a squawk of 4 octal digits, and the emergency
// set for an emergency squawk; every line is counted, and lines = skipped +
// reports + rejects.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "decode/sbs/sbs_decoder.h"

namespace {

using lookout::CooperativeReport;

void check(const CooperativeReport& r) {
  namespace sbs = lookout::sbs;
  if (r.source != lookout::CooperativeSource::kAdsb) std::abort();
  std::string_view id = r.id.view();
  if (!id.empty() && id.front() == '~') id.remove_prefix(1);
  if (id.size() != 6) std::abort();
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) std::abort();
  }
  if (r.position && !r.position->valid()) std::abort();
  if (r.alt_m && (!std::isfinite(*r.alt_m) || *r.alt_m < sbs::kMinAltitudeFt * sbs::kFeetToMetres - 1e-6 ||
                  *r.alt_m > sbs::kMaxAltitudeFt * sbs::kFeetToMetres + 1e-6)) {
    std::abort();
  }
  if (r.ground_speed_mps && (*r.ground_speed_mps < 0 || *r.ground_speed_mps > sbs::kMaxGroundSpeedKt * sbs::kKnotsToMps + 1e-6)) {
    std::abort();
  }
  if (r.course_deg && (*r.course_deg < 0 || *r.course_deg >= 360)) std::abort();
  if (r.vertical_rate_mps && !std::isfinite(*r.vertical_rate_mps)) std::abort();
  if (!r.squawk.empty()) {
    if (r.squawk.size() != 4) std::abort();
    for (char c : r.squawk.view()) {
      if (c < '0' || c > '7') std::abort();
    }
  }
  if (sbs::is_emergency_squawk(r.squawk.view()) && !r.emergency) std::abort();
  if (r.callsign.size() > 8) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  lookout::sbs::SbsParams params;
  params.utc_offset = std::chrono::minutes(size % 2 == 0 ? 0 : 60);
  lookout::sbs::SbsDecoder decoder(params);
  uint64_t lines = 0, reports = 0, skipped = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    auto r = decoder.decode(text.substr(pos, end - pos));
    ++lines;
    pos = end + 1;
    if (!r.ok()) continue;
    if (!r->has_value()) {
      ++skipped;
      continue;
    }
    ++reports;
    check(**r);
  }
  const auto& s = decoder.stats();
  if (s.lines() != lines || s.messages() != reports || reports + skipped + s.total_errors() != lines) std::abort();
  return 0;
}
