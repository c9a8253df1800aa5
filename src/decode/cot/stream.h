// CotStream: splits a TAK stream (TCP, TLS: events back to back, each
// perhaps with its own XML declaration, no other framing) into documents
// of one event each, for parse_event().
//
// An event ends at the first "</event>" after its start: "<" cannot occur
// unescaped in CoT text or attribute values. (A comment or CDATA section
// holding "</event>" would cut an event short; TAK writes neither, and the
// cut document then fails to parse, it is never misread.) Bounded: a
// document that grows past max_bytes without its end is dropped and counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lookout::cot {

class CotStream {
 public:
  explicit CotStream(std::size_t max_bytes = 64 * 1024) : max_bytes_(max_bytes) {}

  // Appends bytes as they arrive (any split).
  void feed(std::string_view bytes);
  // The next complete document (leading space removed), or nullopt until
  // more bytes arrive. The view is valid until the next feed() or next().
  std::optional<std::string_view> next();

  // Documents dropped for exceeding max_bytes.
  uint64_t oversized() const { return oversized_; }
  // Bytes held waiting for the end of a document.
  std::size_t pending() const { return buf_.size() - start_; }

 private:
  std::size_t max_bytes_;
  std::string buf_;
  std::size_t start_ = 0;  // consumed prefix of buf_
  uint64_t oversized_ = 0;
  bool skipping_ = false;  // inside a document dropped as oversized
};

}  // namespace lookout::cot
