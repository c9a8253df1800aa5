// round_half_away(): std::llround without the call into libm, for the
// per-report conversions (degrees to 1e-7 degree units, reporting
// intervals to milliseconds) where the call showed in replay profiles.
//
// Same result as std::llround for every finite |x| < 2^62: truncate, then
// step away from zero when the dropped fraction is at least one half. The
// fraction x - trunc(x) is exact in double arithmetic, so halves are judged
// exactly (0.49999999999999994 rounds to 0, as llround does; adding 0.5
// first would give 1).
#pragma once

#include <cstdint>

namespace lookout::track {

inline int64_t round_half_away(double x) noexcept {
  const auto whole = static_cast<int64_t>(x);  // truncates toward zero
  const double fraction = x - static_cast<double>(whole);
  if (fraction >= 0.5) return whole + 1;
  if (fraction <= -0.5) return whole - 1;
  return whole;
}

// An AIS position field (1/10000 minute, ITU-R M.1371) in 1e-7 degree units,
// rounded to nearest: the exact rational value is units * 50 / 3, whose
// fraction is 0, 1/3 or 2/3, never a half. Integer arithmetic gives what
// round_half_away(units / 600000.0 * 1e7) gives (the double error is below
// 1e-6 there, far from a half) without two dependent divisions per report.
inline int32_t ais_to_e7(int32_t units) noexcept {
  const int64_t x = int64_t{units} * 50;
  return static_cast<int32_t>(x >= 0 ? (x + 1) / 3 : -((-x + 1) / 3));
}

}  // namespace lookout::track
