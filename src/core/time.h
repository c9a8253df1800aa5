// Event time: the one time type of the data path.
//
// Lookout runs on event time taken from the data (tag block `c:`, a logger's
// leading time stamp, a CSV column). Millisecond resolution covers every AIS
// source seen in practice; sub-millisecond digits are truncated.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace lookout {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

// Milliseconds since 1970-01-01T00:00:00Z.
inline int64_t to_unix_ms(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp from_unix_ms(int64_t ms) { return Timestamp{std::chrono::milliseconds{ms}}; }

// Days since 1970-01-01 for a proleptic Gregorian civil date (no range check).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day) noexcept;

// Builds a Timestamp from civil UTC fields; nullopt when a field is out of range
// (month 1-12, day 1-31 and valid for the month, hour 0-23, minute 0-59, second 0-60).
std::optional<Timestamp> make_timestamp(int year, int month, int day, int hour, int minute,
                                        int second, int millisecond = 0) noexcept;

// Writes "YYYY-MM-DDTHH:MM:SSZ", or with ".mmm" before the Z when the
// millisecond part is not zero. `out` must hold at least 25 bytes.
// Returns the number of bytes written.
std::size_t format_iso8601(Timestamp t, char* out) noexcept;
std::string format_iso8601(Timestamp t);

// Parses ISO 8601 UTC date-times as data sources write them:
// "2024-12-25T10:31:40Z", "2024-12-25 10:31:40", fractional seconds,
// "+00:00" offsets (any offset is applied), and "25/12/2024 10:31:40"
// (day first, as the Danish Maritime Authority CSV writes it).
Result<Timestamp> parse_timestamp(std::string_view text) noexcept;

}  // namespace lookout
