// The JSON shapes of the API (docs/api/openapi.yaml): vessels, alerts as
// stored, assets. Shared by the HTTP handlers and the live WebSocket hub.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "alert/alert.h"
#include "core/marking.h"
#include "store/store.h"
#include "track/vessel.h"

namespace lookout {
struct Asset;
}

namespace lookout::server {

// Serialises compactly; invalid UTF-8 (never expected) is replaced, not thrown.
std::string dump(const nlohmann::json& j);

nlohmann::json marking_json(const Marking& m);

// A vessel as the map needs it; `detail` adds voyage data and derived speeds.
nlohmann::json vessel_json(const track::Vessel& v, int risk, const Marking& marking, bool detail);

// An alert as stored (the JSON Lines contract plus status and ack).
nlohmann::json alert_json(const store::AlertRow& row);
// An alert as the engine just raised it (status open or retracted).
nlohmann::json alert_json(const alert::Alert& a);

// A GeoJSON Feature for an asset, its geometry in lon/lat.
nlohmann::json asset_feature(const Asset& a);

}  // namespace lookout::server
