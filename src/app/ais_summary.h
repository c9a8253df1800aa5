// AisSummary: what a stream of AIS observations contained - messages by type,
// distinct vessels, the time span and the area covered. Printed at the end of
// `lookout decode --summary` and by the demo.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>

#include "core/time.h"
#include "decode/observation.h"
#include "decode/stats.h"

namespace lookout {

class AisSummary {
 public:
  void add(const AisObservation& obs);

  uint64_t messages() const { return messages_; }
  uint64_t by_type(unsigned type) const { return type < by_type_.size() ? by_type_[type] : 0; }
  std::size_t vessels() const { return mmsis_.size(); }
  std::size_t named_vessels() const { return named_.size(); }
  uint64_t positions() const { return positions_; }
  std::optional<Timestamp> first_time() const { return first_; }
  std::optional<Timestamp> last_time() const { return last_; }

  // A human report of several lines, ending in a newline. `stats` adds the
  // line counts and rejects by reason; `seconds` the throughput when > 0.
  std::string report(const DecodeStats& stats, double seconds) const;

 private:
  uint64_t messages_ = 0;
  uint64_t positions_ = 0;
  std::array<uint64_t, 28> by_type_{};
  std::unordered_set<uint32_t> mmsis_;
  std::unordered_set<uint32_t> named_;
  std::optional<Timestamp> first_, last_;
  double min_lat_ = 91, max_lat_ = -91, min_lon_ = 181, max_lon_ = -181;
};

}  // namespace lookout
