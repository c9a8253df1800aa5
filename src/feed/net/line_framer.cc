#include "feed/net/line_framer.h"

#include <cstring>

namespace lookout::feed {

void LineFramer::emit(std::string_view line, LineSink sink) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() > max_line_bytes_) {
    ++dropped_;
    return;
  }
  if (!line.empty()) sink(line);
}

void LineFramer::push(std::string_view bytes, LineSink sink) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (nl == nullptr) {
      // No terminator in the rest: keep it, up to the bound (+1 for a '\r').
      if (!discarding_) {
        partial_.append(p, static_cast<std::size_t>(end - p));
        if (partial_.size() > max_line_bytes_ + 1) {
          ++dropped_;
          partial_.clear();
          discarding_ = true;
        }
      }
      return;
    }
    const char* line_end = static_cast<const char*>(nl);
    std::string_view piece(p, static_cast<std::size_t>(line_end - p));
    if (discarding_) {
      discarding_ = false;  // the over-long line ends here; it was counted
    } else if (partial_.empty()) {
      emit(piece, sink);  // the common case: a whole line inside one read, no copy
    } else if (partial_.size() + piece.size() > max_line_bytes_ + 1) {
      ++dropped_;
      partial_.clear();
    } else {
      partial_.append(piece);
      emit(partial_, sink);
      partial_.clear();
    }
    p = line_end + 1;
  }
}

void LineFramer::finish(LineSink sink) {
  if (!discarding_ && !partial_.empty()) emit(partial_, sink);
  reset();
}

void LineFramer::reset() {
  partial_.clear();
  discarding_ = false;
}

}  // namespace lookout::feed
