// libFuzzer target for the CoT reader (src/decode/cot/): the strict XML
// parser, the event schema checks and the stream splitter.
//
// Input: a TAK stream, fed to CotStream in chunks whose sizes come from the
// input (as a socket delivers them); every document it hands out, and the
// whole input as one document, goes through parse_event. Beyond "no crash,
// no sanitizer report" it checks the promises: a rejection names a field and
// an offset inside the document; an accepted event has the required
// attributes, coordinates in range and a course in [0, 360); and what we
// write of it (decode/cot/writer.h) parses again to the same event.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "decode/cot/parser.h"
#include "decode/cot/stream.h"
#include "decode/cot/writer.h"

namespace {

using namespace lookout;

void check(std::string_view doc) {
  auto r = cot::parse_event(doc);
  if (!r.ok()) {
    const Error& e = r.error();
    if (e.code != ErrorCode::kEmptyLine && e.field == nullptr) std::abort();
    if (e.offset > doc.size()) std::abort();
    return;
  }
  const cot::CotEvent& ev = *r;
  if (ev.uid.empty() || ev.type.empty() || ev.how.empty()) std::abort();
  if (!(ev.point.lat >= -90 && ev.point.lat <= 90 && ev.point.lon >= -180 && ev.point.lon <= 180)) std::abort();
  if (ev.course_deg && !(*ev.course_deg >= 0 && *ev.course_deg < 360)) std::abort();
  std::string out;
  cot::write_event(ev, out);
  auto again = cot::parse_event(out);
  if (!again.ok()) std::abort();
  // The writer keeps 7 decimals of a degree; text may lose malformed UTF-8
  // and control characters (replaced), so it is compared only when clean.
  if (again->time != ev.time || again->stale != ev.stale || again->start != ev.start) std::abort();
  if (std::fabs(again->point.lat - ev.point.lat) > 1e-7 || std::fabs(again->point.lon - ev.point.lon) > 1e-7) std::abort();
  if (again->links.size() != ev.links.size() || again->force_delete != ev.force_delete) std::abort();
  if (again->remarks.has_value() != ev.remarks.has_value()) std::abort();
  std::string out2;
  cot::write_event(*again, out2);
  if (out2 != out) std::abort();  // writing is a fixed point after one round
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(text);
  cot::CotStream stream(4096);
  std::size_t at = 0;
  std::size_t chunk = size > 0 ? 1 + data[0] % 64 : 1;
  while (at < size) {
    const std::size_t n = std::min(chunk, size - at);
    stream.feed(text.substr(at, n));
    at += n;
    while (auto doc = stream.next()) {
      if (doc->size() > 4096) std::abort();
      check(*doc);
    }
    chunk = 1 + (chunk * 7 + 3) % 97;
  }
  return 0;
}
