#include "geo/asset.h"

#include <algorithm>
#include <array>

namespace lookout {

namespace {

constexpr std::array<const char*, kAssetKindCount> kKindNames = {
    "cable",   "pipeline",    "windfarm",      "platform",  "port",
    "airport", "energy_site", "military_site", "anchorage", "airspace",
};

// Default protection corridors, metres, in AssetKind order.
constexpr std::array<double, kAssetKindCount> kDefaultBuffers = {
    // cable: open cable routes are schematic, with errors of kilometres
    // (../shared/data SOURCES.md, "Notes on use", advises buffering by 2 to
    // 5 km); 2 km keeps false alarms in busy lanes down.
    2000,
    // pipeline: public pipeline routes are as approximate as cable routes.
    2000,
    // windfarm: UNCLOS article 60(5) safety zones reach 500 m from installations.
    500,
    // platform: the same 500 m UNCLOS safety zone.
    500,
    // port: drawn as a point at the harbour; 1 km covers the basins and quays.
    1000,
    // airport: the common European drone exclusion distance around aerodromes
    // (the UK's flight restriction zone reaches 5 km beyond each runway end).
    5000,
    // energy_site: a perimeter for drone and loitering warnings; no standard,
    // so set buffer_m per site when the outline is known.
    1000,
    // military_site: as energy_site; restricted areas differ per site.
    1000,
    // anchorage: the polygon is the water where anchoring is normal; a margin
    // would excuse anchoring outside it.
    0,
    // airspace: the polygon already is the protected footprint.
    0,
};

constexpr std::array<const char*, 5> kGeometryNames = {
    "Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
};

}  // namespace

const char* to_string(AssetKind kind) noexcept {
  auto idx = static_cast<std::size_t>(kind);
  return idx < kKindNames.size() ? kKindNames[idx] : "unknown";
}

std::optional<AssetKind> parse_asset_kind(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (name == kKindNames[i]) return static_cast<AssetKind>(i);
  }
  return std::nullopt;
}

double default_buffer_m(AssetKind kind) noexcept {
  auto idx = static_cast<std::size_t>(kind);
  return idx < kDefaultBuffers.size() ? kDefaultBuffers[idx] : 0;
}

const char* to_string(GeometryType type) noexcept {
  auto idx = static_cast<std::size_t>(type);
  return idx < kGeometryNames.size() ? kGeometryNames[idx] : "unknown";
}

std::optional<std::string_view> Asset::attribute(std::string_view key) const {
  auto it = std::lower_bound(attributes.begin(), attributes.end(), key,
                             [](const auto& kv, std::string_view k) { return kv.first < k; });
  if (it == attributes.end() || it->first != key) return std::nullopt;
  return std::string_view(it->second);
}

}  // namespace lookout
