// ScanPeriod: how long one scan of a sensor lasts — a rotating radar's
// revolution, a staring sensor's reporting period — configured
// (SensorConfig::revisit_s) or learned from the plot stream.
//
// Learning: the median of the intervals between successive hits of one
// confirmed track by this sensor, over the last 31 such intervals. A target is
// seen once a revisit whatever the pattern (a rotating radar's beam passes it
// once a revolution; a staring sensor reports each object once a period), so
// the median is the revisit as long as most revisits hit (Pd > 0.5): a missed
// look gives 2P, a duplicate plot a short interval, and neither moves the
// median. The azimuth wrap of successive plots would only serve rotating
// radars with polar plots; this serves every sensor kind. Tentative tracks are
// mostly clutter, whose intervals are anything (two clutter plots of one
// revolution a fraction of a second apart): until two intervals of confirmed
// tracks are in, the estimate is the median of the intervals of tentative
// tracks with at least two hits before (the caller filters), and before two
// of those the period is unknown and the sensor charges no misses (the
// tracker's time-since-update deletion still applies).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

namespace lookout::air {

class ScanPeriod {
 public:
  static constexpr std::size_t kSamples = 31;
  static constexpr std::size_t kMinSamples = 2;

  void configure(double revisit_s) { configured_s_ = revisit_s > 0 ? revisit_s : 0; }

  // Seconds, or 0 while unknown.
  double seconds() const { return configured_s_ > 0 ? configured_s_ : learned_s_; }
  bool learned() const { return configured_s_ <= 0 && learned_s_ > 0; }

  // One interval between successive hits of a track by this sensor;
  // `confirmed`: of a confirmed track.
  void add_interval(double s, bool confirmed) {
    if (configured_s_ > 0 || !(s > 0) || s > kMaxIntervalS) return;
    Ring& r = confirmed ? trusted_ : bootstrap_;
    if (!confirmed && trusted_.count >= kMinSamples) return;
    r.add(s);
    if (r.count >= kMinSamples && (learned_s_ <= 0 || ++since_ >= 4 || !confirmed)) {
      since_ = 0;
      learned_s_ = r.quantile(0.5);
    }
  }

 private:
  static constexpr double kMaxIntervalS = 60;
  struct Ring {
    std::array<double, kSamples> v{};
    std::size_t next = 0;
    std::size_t count = 0;
    void add(double s) {
      v[next] = s;
      next = (next + 1) % kSamples;
      if (count < kSamples) ++count;
    }
    double quantile(double q) const {
      std::array<double, kSamples> tmp = v;
      auto end = tmp.begin() + static_cast<std::ptrdiff_t>(count);
      auto at = tmp.begin() + static_cast<std::ptrdiff_t>(q * static_cast<double>(count - 1) + 0.5);
      std::nth_element(tmp.begin(), at, end);
      return *at;
    }
  };
  double configured_s_ = 0;
  double learned_s_ = 0;
  Ring trusted_;
  Ring bootstrap_;
  std::size_t since_ = 0;
};

}  // namespace lookout::air
