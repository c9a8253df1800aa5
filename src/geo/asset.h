// Asset: one piece of protected infrastructure (a cable, a pipeline, a port,
// an airport, ...) as the assets GeoJSON describes it (docs/ARCHITECTURE.md,
// "Assets: GeoJSON"). Plain data: the loader fills it, the index reads it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/latlon.h"
#include "core/marking.h"

namespace lookout {

// What an asset is. Serialised as its snake_case name in the GeoJSON
// `properties.kind`; the numeric values are stable (they index tables).
enum class AssetKind : uint8_t {
  kCable = 0,     ///< Submarine telecom or power cable (properties.cable_type says which).
  kPipeline,      ///< Submarine gas or oil pipeline.
  kWindfarm,      ///< Offshore wind farm: its area or its turbines.
  kPlatform,      ///< Offshore platform (oil, gas, converter, substation).
  kPort,          ///< Port or harbour.
  kAirport,       ///< Airport or airfield (counter-drone).
  kEnergySite,    ///< Onshore energy site: power plant, LNG terminal, landing station.
  kMilitarySite,  ///< Base or other military site.
  kAnchorage,     ///< Water where anchoring is normal (a designated anchorage).
  kAirspace,      ///< Protected or restricted airspace volume, drawn as its footprint.
  kCount          ///< Number of kinds; not a kind.
};

inline constexpr std::size_t kAssetKindCount = static_cast<std::size_t>(AssetKind::kCount);

// "cable", "pipeline", "windfarm", "platform", "port", "airport",
// "energy_site", "military_site", "anchorage", "airspace". Never null.
const char* to_string(AssetKind kind) noexcept;

// The inverse of to_string (exact, lower case); nullopt for anything else.
std::optional<AssetKind> parse_asset_kind(std::string_view name) noexcept;

// The protection corridor, in metres around the geometry, used when the
// GeoJSON gives no `buffer_m`. Each value and its reason is in asset.cc.
double default_buffer_m(AssetKind kind) noexcept;

// The GeoJSON geometry type the asset was drawn with.
enum class GeometryType : uint8_t {
  kPoint,
  kLineString,
  kMultiLineString,
  kPolygon,
  kMultiPolygon,
};

const char* to_string(GeometryType type) noexcept;

// A polygon: rings[0] is the outer ring, the rest are holes. Each ring is
// closed (front() == back()) and has at least four positions.
struct AssetPolygon {
  std::vector<std::vector<LatLon>> rings;
};

struct Asset {
  std::string id;    ///< Unique within a file, e.g. "estlink-2". Alerts cite it.
  std::string name;  ///< Human name, e.g. "Estlink 2".
  AssetKind kind = AssetKind::kCable;
  std::string owner;    ///< Operating organisation, e.g. "Elering, Fingrid"; may be empty.
  double buffer_m = 0;  ///< Protection corridor around the geometry, metres, >= 0.
  Marking marking;      ///< Who owns the record and who may see it (empty owner: unmarked).

  GeometryType geometry = GeometryType::kPoint;
  // Exactly one of the following is filled, as `geometry` says.
  LatLon point;                            ///< kPoint.
  std::vector<std::vector<LatLon>> lines;  ///< kLineString (one part) or kMultiLineString.
  std::vector<AssetPolygon> polygons;      ///< kPolygon (one) or kMultiPolygon.

  // Further scalar properties of the feature ("cable_type", "note", ...),
  // as text, sorted by key. Numbers and booleans are written as in the file.
  std::vector<std::pair<std::string, std::string>> attributes;

  bool is_line() const {
    return geometry == GeometryType::kLineString || geometry == GeometryType::kMultiLineString;
  }
  bool is_polygon() const {
    return geometry == GeometryType::kPolygon || geometry == GeometryType::kMultiPolygon;
  }
  // The value of an attribute, or nullopt. The view lives as long as the asset.
  std::optional<std::string_view> attribute(std::string_view key) const;
};

}  // namespace lookout
