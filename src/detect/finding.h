// Finding: what a detector reports. The alert stage turns findings into
// alerts: one alert per episode (kind + episode key), updated as the episode
// develops, retracted when a detector takes it back.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/latlon.h"
#include "core/time.h"

namespace lookout::detect {

struct Finding {
  enum class Action : uint8_t {
    kRaise,    ///< Open the episode's alert, or update it.
    kRetract,  ///< Later data contradicts the episode: withdraw its alert.
  };
  Action action = Action::kRaise;
  std::string kind;            ///< "anchor_drag", "loitering", ... (ARCHITECTURE.md alert kinds)
  std::string episode;         ///< Unique per episode within the kind, e.g. "230987654/estlink-2".
  Timestamp time{};            ///< Event time of the observation that triggered it.
  std::vector<uint32_t> mmsi;  ///< Vessels involved (empty for air tracks).
  std::optional<std::string> track;     ///< Air track id.
  std::optional<uint32_t> asset;        ///< Index into the AssetIndex.
  // Every other asset (index into the AssetIndex) the finding names or
  // rests on: in the summary, in the evidence (assets_crossed, a nearest
  // asset, a zone) or in the score. The alert book makes the alert
  // releasable only where `asset` and each of these are (markings through
  // derived data, docs/decisions/0010-derived-markings.md): an asset a
  // detector names without declaring it here leaks to nations it is not
  // released to.
  std::vector<uint32_t> named_assets;
  LatLon pos;
  double score = 0;            ///< 0..100 before vessel risk is applied.
  std::string summary;         ///< One sentence a watch officer understands.
  nlohmann::json evidence = nlohmann::json::object();  ///< The numbers behind it.
};

}  // namespace lookout::detect
