// Alert: the JSON Lines contract of docs/ARCHITECTURE.md, one object a line:
// id, kind, time, mmsi[], track, asset, lat, lon, score, severity, summary,
// evidence, marking - plus `state` (open, update, retracted) and `first_time`
// so that a consumer can follow an episode.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/latlon.h"
#include "core/marking.h"
#include "core/time.h"

namespace lookout::alert {

enum class Severity : uint8_t { kInfo, kLow, kMedium, kHigh, kCritical };
const char* to_string(Severity s) noexcept;
// info < 20 <= low < 40 <= medium < 60 <= high < 80 <= critical.
Severity severity_for(int score) noexcept;

enum class AlertState : uint8_t { kOpen, kUpdate, kRetracted };
const char* to_string(AlertState s) noexcept;

struct Alert {
  std::string id;                 ///< Stable for the whole episode: "a-20241225-0001" (alert_book.h).
  std::string kind;
  AlertState state = AlertState::kOpen;
  Timestamp time{};               ///< Observation that triggered this state.
  Timestamp first_time{};         ///< When the episode was first raised.
  std::vector<uint32_t> mmsi;
  std::optional<std::string> track;
  std::optional<std::string> asset;  ///< Asset id.
  LatLon pos;
  // 0..100: the detector's score, plus AlertBookParams::watchlist_boost when
  // a vessel named is watch-listed. Nothing else raises it (not the vessel's
  // other alerts): a watch-list alert has its partition's marking, at least
  // as wide as any other alert of the partition, so whoever sees a boosted
  // score may see the alert that boosted it.
  int score = 0;
  Severity severity = Severity::kInfo;
  std::string summary;
  nlohmann::json evidence = nlohmann::json::object();
  Marking marking;
};

nlohmann::json to_json(const Alert& a);
// One line of JSON, no newline.
std::string to_json_line(const Alert& a);

}  // namespace lookout::alert
