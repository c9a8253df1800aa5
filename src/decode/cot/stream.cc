#include "decode/cot/stream.h"

namespace lookout::cot {

namespace {
constexpr std::string_view kEnd = "</event>";
}

void CotStream::feed(std::string_view bytes) {
  if (start_ > 0) {
    buf_.erase(0, start_);
    start_ = 0;
  }
  buf_.append(bytes);
}

std::optional<std::string_view> CotStream::next() {
  for (;;) {
    while (start_ < buf_.size() && (buf_[start_] == ' ' || buf_[start_] == '\n' || buf_[start_] == '\r' ||
                                    buf_[start_] == '\t' || buf_[start_] == '\0')) {
      ++start_;
    }
    const std::size_t end = buf_.find(kEnd, start_);
    if (end == std::string::npos) {
      if (buf_.size() - start_ > max_bytes_) {
        // Keep the tail that may hold the start of the end tag.
        ++oversized_;
        start_ = buf_.size() - (kEnd.size() - 1);
        skipping_ = true;
      }
      return std::nullopt;
    }
    const std::size_t stop = end + kEnd.size();
    std::string_view doc(buf_.data() + start_, stop - start_);
    start_ = stop;
    if (skipping_) {  // the rest of a document dropped as oversized
      skipping_ = false;
      continue;
    }
    if (doc.size() > max_bytes_) {
      ++oversized_;
      continue;
    }
    return doc;
  }
}

}  // namespace lookout::cot
