#include "alert/alert.h"

namespace lookout::alert {

const char* to_string(Severity s) noexcept {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
    case Severity::kCritical: return "critical";
  }
  return "info";
}

Severity severity_for(int score) noexcept {
  if (score >= 80) return Severity::kCritical;
  if (score >= 60) return Severity::kHigh;
  if (score >= 40) return Severity::kMedium;
  if (score >= 20) return Severity::kLow;
  return Severity::kInfo;
}

const char* to_string(AlertState s) noexcept {
  switch (s) {
    case AlertState::kOpen: return "open";
    case AlertState::kUpdate: return "update";
    case AlertState::kRetracted: return "retracted";
  }
  return "open";
}

nlohmann::json to_json(const Alert& a) {
  nlohmann::json j = nlohmann::json::object();
  j["id"] = a.id;
  j["kind"] = a.kind;
  j["state"] = to_string(a.state);
  j["time"] = format_iso8601(a.time);
  j["first_time"] = format_iso8601(a.first_time);
  j["mmsi"] = a.mmsi;
  j["track"] = a.track ? nlohmann::json(*a.track) : nlohmann::json(nullptr);
  j["asset"] = a.asset ? nlohmann::json(*a.asset) : nlohmann::json(nullptr);
  // Six decimals: 0.1 m, finer than any AIS position.
  j["lat"] = std::round(a.pos.lat * 1e6) / 1e6;
  j["lon"] = std::round(a.pos.lon * 1e6) / 1e6;
  j["score"] = a.score;
  j["severity"] = to_string(a.severity);
  j["summary"] = a.summary;
  j["evidence"] = a.evidence;
  j["marking"] = {{"owner", a.marking.owner}, {"releasable_to", a.marking.releasable_to}};
  return j;
}

std::string to_json_line(const Alert& a) {
  // Keys in contract order rather than nlohmann's sorted order would need an
  // ordered_json; sorted keys are deterministic, which is what tests need.
  return to_json(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace lookout::alert
