#include "decode/stats.h"

#include "decode/observation.h"

namespace lookout {

void DecodeStats::reject(const Error& e, std::string_view input) {
  ++errors_[static_cast<std::size_t>(e.code)];
  if (samples_.size() < kMaxSamples) {
    samples_.push_back({e, std::string(input.substr(0, 200))});
  }
}

uint64_t DecodeStats::total_errors() const {
  uint64_t n = 0;
  for (auto v : errors_) n += v;
  return n;
}

void DecodeStats::merge(const DecodeStats& other) {
  lines_ += other.lines_;
  messages_ += other.messages_;
  for (std::size_t i = 0; i < kErrorCodeCount; ++i) {
    errors_[i] += other.errors_[i];
    warnings_[i] += other.warnings_[i];
  }
  for (const auto& s : other.samples_) {
    if (samples_.size() >= kMaxSamples) break;
    samples_.push_back(s);
  }
}

const char* to_string(TimeSource source) noexcept {
  switch (source) {
    case TimeSource::kNone: return "none";
    case TimeSource::kTagBlock: return "tag_block";
    case TimeSource::kPrefix: return "prefix";
    case TimeSource::kTrailer: return "trailer";
    case TimeSource::kRecord: return "record";
    case TimeSource::kReception: return "reception";
  }
  return "none";
}

}  // namespace lookout
