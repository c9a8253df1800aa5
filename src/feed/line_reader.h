// LineReader: frames a byte stream (file, pipe, stdin) into lines.
//
// Problem: lines arrive split across reads, may end in "\n" or "\r\n", may be
// absurdly long (binary garbage has no newlines), and the last one may lack a
// terminator. The reader reads large blocks, hands out views of whole lines
// without copying when a line lies inside one block, and joins a line that
// spans two blocks in a side buffer. A line longer than max_line_bytes is
// handed out cut to that length with `truncated` set, and the rest of it is
// skipped: memory stays bounded whatever the input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/function_ref.h"
#include "core/result.h"

namespace lookout {

class LineReader {
 public:
  struct Params {
    std::size_t block_bytes = 1 << 20;      ///< Size of one read(2).
    std::size_t max_line_bytes = 1 << 16;   ///< Longer lines are cut and flagged.
  };

  // Called once per line, without the terminator ('\r' before '\n' removed).
  // The view is valid only during the call.
  using LineSink = FunctionRef<void(std::string_view line, bool truncated)>;

  explicit LineReader(Params params);
  LineReader() : LineReader(Params{}) {}

  // Reads the open file descriptor `fd` to its end, after first framing
  // `already_read` (bytes the caller took from the same stream, e.g. to sniff
  // its format). Returns the number of bytes read from `fd`, or kIoError when
  // a read fails (lines before it were handed out).
  Result<std::size_t> read_fd(int fd, LineSink sink, std::string_view already_read = {});

  // Reads the named file ("-" for standard input).
  Result<std::size_t> read_file(const std::string& path, LineSink sink);

  // Frames an in-memory buffer; the last line needs no terminator.
  void read_buffer(std::string_view data, LineSink sink);

 private:
  void consume(std::string_view block, LineSink sink);
  void flush_partial(LineSink sink);

  Params params_;
  std::vector<char> block_;
  std::string partial_;        // a line that spans blocks
  bool partial_truncated_ = false;
};

}  // namespace lookout
