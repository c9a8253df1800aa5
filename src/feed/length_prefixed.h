// Length-prefixed framing of a byte stream: each frame is a 4-byte
// little-endian unsigned length followed by that many bytes (SAPIENT's TCP
// framing). LengthPrefixedReader cuts frames out of whatever chunks the socket
// delivers; a length above the bound is refused before any of it is buffered,
// so memory per connection stays at most max_frame + one read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lookout::feed {

class LengthPrefixedReader {
 public:
  enum class Status : uint8_t {
    kFrame,     // *frame holds one frame (valid until the next call)
    kNeedMore,  // no complete frame buffered
    kTooLarge,  // a header announced more than max_frame bytes; the stream cannot be resynchronised
  };

  explicit LengthPrefixedReader(std::size_t max_frame) : max_frame_(max_frame) {}

  // Appends bytes received from the stream.
  void append(std::string_view bytes);
  // Takes the next complete frame, if any; the view is valid until the next
  // append() or next(). After kTooLarge every call returns kTooLarge.
  Status next(std::string_view* frame);

  // The length announced by the header that was refused (after kTooLarge).
  uint32_t refused_length() const { return refused_length_; }
  // Bytes buffered but not yet returned as frames.
  std::size_t buffered() const { return buffer_.size() - offset_; }

 private:
  std::size_t max_frame_;
  std::string buffer_;
  std::size_t offset_ = 0;  // start of the unread part of buffer_
  uint32_t refused_length_ = 0;
  bool broken_ = false;
};

// The frame for `payload`: its length (4 bytes, little-endian) then the bytes.
std::string length_prefixed(std::string_view payload);

}  // namespace lookout::feed
