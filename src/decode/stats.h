// DecodeStats: what a decoder accepted and rejected, by reason.
// Every reject increments a counter labelled by its ErrorCode, and the first
// few raw rejects are kept for debugging.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lookout {

class DecodeStats {
 public:
  static constexpr std::size_t kMaxSamples = 8;

  struct Sample {
    Error error;
    std::string input;  // at most 200 bytes of the offending line
  };

  void count_line() { ++lines_; }
  void count_message() { ++messages_; }
  // Records a rejected input; keeps a copy of the first kMaxSamples.
  void reject(const Error& e, std::string_view input);
  // Records a remark on an input that was still accepted.
  void warn(ErrorCode code) { ++warnings_[static_cast<std::size_t>(code)]; }

  uint64_t lines() const { return lines_; }
  uint64_t messages() const { return messages_; }
  uint64_t errors(ErrorCode code) const { return errors_[static_cast<std::size_t>(code)]; }
  uint64_t warnings(ErrorCode code) const { return warnings_[static_cast<std::size_t>(code)]; }
  uint64_t total_errors() const;
  const std::vector<Sample>& samples() const { return samples_; }

  // Adds another decoder's counts into this one.
  void merge(const DecodeStats& other);

 private:
  uint64_t lines_ = 0;
  uint64_t messages_ = 0;
  std::array<uint64_t, kErrorCodeCount> errors_{};
  std::array<uint64_t, kErrorCodeCount> warnings_{};
  std::vector<Sample> samples_;
};

}  // namespace lookout
