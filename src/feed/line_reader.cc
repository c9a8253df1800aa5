#include "feed/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lookout {

namespace {

std::string_view strip_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

LineReader::LineReader(Params params) : params_(params) {}

void LineReader::consume(std::string_view block, LineSink sink) {
  const char* p = block.data();
  const char* end = p + block.size();
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (nl == nullptr) {
      // No terminator in the rest of the block: keep it for the next block.
      std::size_t room = params_.max_line_bytes > partial_.size()
                             ? params_.max_line_bytes - partial_.size()
                             : 0;
      std::size_t take = static_cast<std::size_t>(end - p);
      if (take > room) {
        take = room;
        partial_truncated_ = true;
      }
      partial_.append(p, take);
      return;
    }
    const char* line_end = static_cast<const char*>(nl);
    std::string_view piece(p, static_cast<std::size_t>(line_end - p));
    if (partial_.empty() && !partial_truncated_) {
      bool truncated = piece.size() > params_.max_line_bytes;
      if (truncated) piece = piece.substr(0, params_.max_line_bytes);
      sink(strip_cr(piece), truncated);
    } else {
      std::size_t room = params_.max_line_bytes > partial_.size()
                             ? params_.max_line_bytes - partial_.size()
                             : 0;
      if (piece.size() > room) {
        piece = piece.substr(0, room);
        partial_truncated_ = true;
      }
      partial_.append(piece);
      sink(strip_cr(partial_), partial_truncated_);
      partial_.clear();
      partial_truncated_ = false;
    }
    p = line_end + 1;
  }
}

void LineReader::flush_partial(LineSink sink) {
  if (!partial_.empty() || partial_truncated_) {
    sink(strip_cr(partial_), partial_truncated_);
    partial_.clear();
    partial_truncated_ = false;
  }
}

Result<std::size_t> LineReader::read_fd(int fd, LineSink sink, std::string_view already_read) {
  consume(already_read, sink);
  block_.resize(params_.block_bytes);
  std::size_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, block_.data(), block_.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      flush_partial(sink);
      return make_error(ErrorCode::kIoError, total);
    }
    if (n == 0) break;
    total += static_cast<std::size_t>(n);
    consume(std::string_view(block_.data(), static_cast<std::size_t>(n)), sink);
  }
  flush_partial(sink);
  return total;
}

Result<std::size_t> LineReader::read_file(const std::string& path, LineSink sink) {
  if (path == "-") return read_fd(0, sink);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(ErrorCode::kIoError, 0, "path");
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  auto result = read_fd(fd, sink);
  ::close(fd);
  return result;
}

void LineReader::read_buffer(std::string_view data, LineSink sink) {
  consume(data, sink);
  flush_partial(sink);
}

}  // namespace lookout
