// FixedString<N>: an inline string of at most N bytes, for names and call
// signs on the hot path where a heap allocation per message would dominate.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lookout {

template <std::size_t N>
class FixedString {
  static_assert(N < 256, "length is stored in one byte");

 public:
  constexpr FixedString() = default;
  // Copies at most N bytes of `s`; the rest is dropped.
  constexpr explicit FixedString(std::string_view s) { assign(s); }

  constexpr void assign(std::string_view s) {
    size_ = static_cast<uint8_t>(std::min(s.size(), N));
    std::copy_n(s.data(), size_, data_);
  }
  // Appends one byte; ignored when full.
  constexpr void push_back(char c) {
    if (size_ < N) data_[size_++] = c;
  }
  constexpr void clear() { size_ = 0; }
  constexpr void resize(std::size_t n) { size_ = static_cast<uint8_t>(std::min(n, std::size_t{size_})); }

  constexpr std::string_view view() const { return {data_, size_}; }
  constexpr operator std::string_view() const { return view(); }  // NOLINT: a string is a string
  constexpr std::size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  static constexpr std::size_t capacity() { return N; }

  friend constexpr bool operator==(const FixedString& a, const FixedString& b) {
    return a.view() == b.view();
  }

 private:
  char data_[N] = {};
  uint8_t size_ = 0;
};

}  // namespace lookout
