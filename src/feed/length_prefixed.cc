#include "feed/length_prefixed.h"

namespace lookout::feed {

void LengthPrefixedReader::append(std::string_view bytes) {
  if (broken_) return;
  // Drop what was already handed out before growing the buffer.
  if (offset_ > 0 && (offset_ == buffer_.size() || offset_ >= buffer_.size() / 2)) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  buffer_.append(bytes);
}

LengthPrefixedReader::Status LengthPrefixedReader::next(std::string_view* frame) {
  if (broken_) return Status::kTooLarge;
  const std::size_t available = buffer_.size() - offset_;
  if (available < 4) return Status::kNeedMore;
  const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data() + offset_);
  const uint32_t length = static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
                          (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
  if (length > max_frame_) {
    broken_ = true;
    refused_length_ = length;
    buffer_.clear();
    buffer_.shrink_to_fit();
    offset_ = 0;
    return Status::kTooLarge;
  }
  if (available - 4 < length) return Status::kNeedMore;
  *frame = std::string_view(buffer_.data() + offset_ + 4, length);
  offset_ += 4 + length;
  return Status::kFrame;
}

std::string length_prefixed(std::string_view payload) {
  std::string out;
  out.reserve(4 + payload.size());
  const auto n = static_cast<uint32_t>(payload.size());
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((n >> shift) & 0xffU));
  out.append(payload);
  return out;
}

}  // namespace lookout::feed
