// OutputFile: where a command's output lines go (a file, or standard output
// for "-"), with every write and the final close checked.
//
// Output that silently stops is worse than none: a full disk, a closed pipe
// or a removed mount must end the run with the reason, not exit 0 with a
// shorter file that looks complete. The first failure is kept as a Status
// ("cannot write alerts.jsonl: No space left on device"); text after it is
// dropped (it could not land either), and close() returns it.
//
// Text is appended to buffer() and handed to the sink a megabyte at a time,
// so a line costs an append, no allocation and no system call.
#pragma once

#include <cstddef>
#include <memory>
#include <streambuf>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lookout {

class OutputFile {
 public:
  // Writes to `sink` (not owned; it must outlive this), named `name` in
  // messages. The sink reports a failed write by putting fewer bytes than
  // asked (errno saying why, when it knows) and a failed flush by
  // pubsync() == -1.
  OutputFile(std::streambuf& sink, std::string name);
  // Opens `path` for writing, truncating it; "-" is standard output.
  // Errors: kIoError "cannot write PATH: <strerror>".
  static StatusOr<std::unique_ptr<OutputFile>> open(const std::string& path);

  // Writes what is buffered; a failure then is lost (call close() to see it).
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // The text not yet written: append to it, then call maybe_flush().
  std::string& buffer() { return buf_; }
  void maybe_flush() {
    if (buf_.size() >= kFlushBytes) write_buffer();
  }
  // Appends `line` and a newline.
  void write_line(std::string_view line) {
    buf_.append(line);
    buf_ += '\n';
    maybe_flush();
  }

  // Writes what is buffered and flushes the sink (and closes a file this
  // opened). The first failure of the whole run, or ok. Call once, at the end.
  Status close();

  // The first failure so far, or ok.
  const Status& status() const { return status_; }
  const std::string& name() const { return name_; }

 private:
  static constexpr std::size_t kFlushBytes = 1 << 20;
  void write_buffer();
  void fail(int error_number);

  std::unique_ptr<std::streambuf> owned_;  // the file or stdout, when this opened it
  std::streambuf* sink_;
  std::string name_;
  std::string buf_;
  Status status_;
  bool closed_ = false;
};

}  // namespace lookout
