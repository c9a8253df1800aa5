#include "detect/registry.h"

#include "detect/ais_gap.h"
#include "detect/anchor_drag.h"
#include "detect/identity_conflict.h"
#include "detect/loitering.h"
#include "detect/position_jump.h"
#include "detect/rendezvous.h"
#include "detect/watchlist_detector.h"

// Each detector's factory is declared in its own header.

namespace lookout::detect {

namespace {

// One line per detector, in the order they run on each update.
const DetectorInfo kDetectors[] = {
    {"", "", nullptr},  // placeholder so the array is never empty; skipped below
    // watchlist first: its alert marks the vessel listed before the others raise theirs.
    {"watchlist", "A hull on a watch list (IMO, MMSI or name) is in the picture", make_watchlist_detector},
    {"anchor_drag", "A ship far below its cruise speed, yawing, across a cable or pipeline", make_anchor_drag},
    {"loitering", "A vessel under 2 kn for 30 min or more over an asset, outside anchorages and ports", make_loitering},
    {"ais_gap", "A vessel near or heading to a cable or pipeline falls silent", make_ais_gap_detector},
    {"position_jump", "A report no ship could make from its last position", make_position_jump_detector},
    {"identity_conflict", "One MMSI in two places at once, or a changed IMO or name", make_identity_conflict_detector},
    {"rendezvous", "Two slow vessels together at sea for 30 min or more", make_rendezvous_detector},
};

}  // namespace

std::span<const DetectorInfo> detector_table() {
  std::span<const DetectorInfo> all(kDetectors);
  return all.subspan(1);
}

std::vector<std::unique_ptr<Detector>> make_all_detectors() {
  std::vector<std::unique_ptr<Detector>> out;
  for (const auto& info : detector_table()) out.push_back(info.make());
  return out;
}

}  // namespace lookout::detect
