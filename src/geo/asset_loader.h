// Loading the assets GeoJSON (docs/ARCHITECTURE.md, "Assets: GeoJSON").
//
// This is startup configuration: the first problem ends the load, and the
// error names the feature, its id and the field so that a person can fix the
// file ("feature 12 (id 'estlink-2'): unknown kind 'cabel' ..."). Nothing
// here throws or prints; bad bytes of any kind yield an AssetLoadError.
//
// Accepted: a FeatureCollection whose features have
//   properties.id      string, unique, not empty              (required)
//   properties.name    string, not empty                      (required)
//   properties.kind    one of AssetKind's names               (required)
//   properties.buffer_m number in [0, 100000]                 (default per kind)
//   properties.owner   string, the operating organisation     (optional)
//   properties.marking {"owner": "FIN", "releasable_to": ["JEF"]} (optional)
//   any other scalar property, kept as a text attribute ("cable_type", "note")
// and a geometry of type Point, LineString, MultiLineString, Polygon or
// MultiPolygon in WGS84 [lon, lat] (an altitude is allowed and ignored).
// Longitudes must lie in [-180, 180] and latitudes in [-90, 90]; lines need
// two positions; polygon rings four once closed. A ring whose last position
// differs from its first is closed, with a warning.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/marking.h"
#include "core/result.h"
#include "core/status.h"
#include "geo/asset.h"

namespace lookout {

// Why a file was refused.
struct AssetLoadError {
  static constexpr std::size_t kNoFeature = static_cast<std::size_t>(-1);

  ErrorCode code = ErrorCode::kBadValue;  ///< kIoError, kBadJson, kMissingField or kBadValue.
  std::size_t feature = kNoFeature;       ///< Index in `features`, or kNoFeature for the file.
  std::string id;                         ///< The feature's id when it was read, else empty.
  std::string field;                      ///< Path of the field, e.g. "properties.kind".
  std::string message;                    ///< The whole sentence, ready for a person.

  // The project's one error channel (core/status.h): kIoError for a file
  // that cannot be read, else kInvalidArgument (the file is wrong); the
  // message is `message`. The fields above stay for who needs the detail.
  Status to_status() const;
};

// What a successful load returns.
struct LoadedAssets {
  std::vector<Asset> assets;          ///< In file order.
  std::vector<std::string> warnings;  ///< Repairs made, e.g. a ring that was closed.
};

// LoadedAssets or an AssetLoadError (a Result whose error carries text).
class [[nodiscard]] AssetLoadResult {
 public:
  AssetLoadResult(LoadedAssets value) : v_(std::move(value)) {}    // NOLINT: implicit by design
  AssetLoadResult(AssetLoadError error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // REQUIRES: ok().
  LoadedAssets& value() & { return std::get<0>(v_); }
  const LoadedAssets& value() const& { return std::get<0>(v_); }
  LoadedAssets&& value() && { return std::get<0>(std::move(v_)); }

  // REQUIRES: !ok().
  const AssetLoadError& error() const { return std::get<1>(v_); }

 private:
  std::variant<LoadedAssets, AssetLoadError> v_;
};

struct AssetLoadOptions {
  // Given to every feature that has no properties.marking. The default, an
  // empty owner, leaves such assets unmarked (releasable to nobody); a node
  // usually passes its own nation here.
  Marking default_marking;
  // Upper bound on positions in the whole file (bounded memory on any input).
  std::size_t max_positions = 10'000'000;
};

// Parses GeoJSON text. Any bytes are accepted as input.
AssetLoadResult parse_assets_geojson(std::string_view text, const AssetLoadOptions& options = {});

// Reads and parses a file; a file that cannot be read is a kIoError naming it.
AssetLoadResult load_assets_file(const std::string& path, const AssetLoadOptions& options = {});

}  // namespace lookout
