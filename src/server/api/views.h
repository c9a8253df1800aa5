// The JSON shapes of the API (docs/api/openapi.yaml): vessels, alerts as
// stored, assets. Shared by the HTTP handlers and the live WebSocket hub.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

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

// An alert as stored (the JSON Lines contract plus status), as `nation` may
// see it: its acknowledgement (`ack`) only when ack_marking(row) is
// releasable to `nation`. An empty nation: never the acknowledgement.
nlohmann::json alert_json(const store::AlertRow& row, std::string_view nation);
// The marking of an alert's acknowledgement: who acknowledged it, when and
// with what comment is the acknowledging nation's information, not the
// alert's, so it is owned by that nation and released to it alone (an
// acknowledgement without a nation, from an older store, to nobody). The
// alert's status (acknowledged) stays the alert's: every nation that sees
// the alert sees that someone handled it, not who or why.
Marking ack_marking(const store::AlertRow& row);
// The acknowledgement of an acknowledged alert: by, nation, time, comment
// and its marking (ack_marking).
nlohmann::json ack_json(const store::AlertRow& row);
// An alert as the engine just raised it (status open or retracted).
nlohmann::json alert_json(const alert::Alert& a);

// A GeoJSON Feature for an asset, its geometry in lon/lat.
nlohmann::json asset_feature(const Asset& a);

}  // namespace lookout::server
