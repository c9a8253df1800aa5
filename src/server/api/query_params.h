// The parsers of the API's path segments and query values (docs/api):
// numbers, MMSIs, bounding boxes. Text any caller controls, so pure
// functions that fuzz/fuzz_api_query.cc drives with the time parser
// (core/time.h parse_timestamp) beside them. Each returns nullopt for
// anything that is not exactly what it parses; none throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace lookout::server {

// The non-empty segments of a path: "/api//vessels/" -> {"api", "vessels"}.
// The views point into `path`.
std::vector<std::string_view> split_path(std::string_view path);

// Decimal digits only (at most 19), no sign, no spaces.
std::optional<uint64_t> parse_uint(std::string_view s);

// A finite decimal number (at most 32 characters), as std::from_chars reads it.
std::optional<double> parse_double(std::string_view s);

// "minLon,minLat,maxLon,maxLat" in degrees, within the world, min <= max.
std::optional<store::BBox> parse_bbox(std::string_view s);

}  // namespace lookout::server
