// LineFramer: cuts the bytes of a network stream into lines, incrementally.
//
// Problem: a socket hands out whatever the kernel has, so a sentence arrives
// split over reads, or several arrive in one; lines end in "\n" or "\r\n"; a
// broken or hostile peer may send megabytes without a newline. The framer
// keeps the unfinished tail of the last read (at most max_line_bytes + 1
// bytes), hands out complete lines, and drops a line longer than the bound
// whole - counting it - then resynchronises at the next newline. Blank lines
// (keep-alives) are skipped.
//
// Why not LineReader (feed/line_reader.h): it reads a file descriptor to its
// end and cuts over-long lines rather than dropping them; a live stream needs
// push-style framing and a cut sentence would only fail its checksum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/function_ref.h"

namespace lookout::feed {

class LineFramer {
 public:
  // Called once per line without its terminator ("\r\n" or "\n"). The view
  // is valid only during the call.
  using LineSink = FunctionRef<void(std::string_view line)>;

  explicit LineFramer(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  // Frames the next bytes of the stream.
  void push(std::string_view bytes, LineSink sink);

  // End of a message that ends a line without a terminator (a UDP datagram):
  // hands out the unfinished tail as a line, if any, and forgets it.
  void finish(LineSink sink);

  // Forgets an unfinished line (the connection ended mid-line).
  void reset();

  // Lines dropped because they were longer than max_line_bytes.
  uint64_t dropped() const { return dropped_; }
  // Bytes of an unfinished line held.
  std::size_t buffered() const { return partial_.size(); }

 private:
  void emit(std::string_view line, LineSink sink);

  std::size_t max_line_bytes_;
  std::string partial_;    // the unfinished line (never more than max + 1 bytes)
  bool discarding_ = false;  // inside an over-long line: skip to the next '\n'
  uint64_t dropped_ = 0;
};

}  // namespace lookout::feed
