// libFuzzer target for the API's query values and path segments
// (server/api/query_params.h, core/time.h parse_timestamp) and the audit
// log's target of a request (server/api/audit_log.h). Beyond "no crash, no
// sanitizer report" it checks what they promise: numbers are digits only,
// a box is inside the world with min <= max, doubles are finite, segments
// are non-empty and slash-free, and the audit target is printable ASCII of
// at most 500 bytes that never holds a credential's value.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/time.h"
#include "server/api/audit_log.h"
#include "server/api/query_params.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace lookout::server;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto v = parse_uint(text)) {
    check(!text.empty() && text.size() <= 19);
    for (char c : text) check(c >= '0' && c <= '9');
  }
  if (auto d = parse_double(text)) check(std::isfinite(*d));
  if (auto b = parse_bbox(text)) {
    check(b->valid());
    check(b->min_lat >= -90 && b->max_lat <= 90 && b->min_lon >= -180 && b->max_lon <= 180);
  }
  (void)lookout::parse_timestamp(text);
  for (std::string_view seg : split_path(text)) {
    check(!seg.empty() && seg.find('/') == std::string_view::npos);
  }
  const std::string target = audit_target(text);
  check(target.size() <= 500);
  for (char c : target) check(c > 0x20 && c < 0x7F);
  // A secret behind access_token= never survives into the log (unless the
  // input itself holds its text).
  if (text.find("S3CR3T") == std::string_view::npos) {
    const std::string secret = "/api/live?x=" + std::string(text.substr(0, 50)) + "&access_token=S3CR3T-VALUE";
    check(audit_target(secret).find("S3CR3T") == std::string::npos);
  }
  return 0;
}
