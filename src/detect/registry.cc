#include "detect/registry.h"

#include "detect/detector_params.h"

namespace lookout::detect {

namespace {

// Builds detector T with its member of DetectorParams.
template <typename T, auto Member>
std::unique_ptr<Detector> make(const DetectorParams& params) {
  return std::make_unique<T>(params.*Member);
}

// One line per detector, in the order they run on each update.
const DetectorInfo kDetectors[] = {
    {"", "", nullptr},  // placeholder so the array is never empty; skipped below
    // watchlist first: its alert marks the vessel listed before the others raise theirs.
    {"watchlist", "A hull on a watch list (IMO, MMSI or name) is in the picture",
     make<WatchlistDetector, &DetectorParams::watchlist>},
    {"anchor_drag", "A ship far below its cruise speed, yawing, across a cable or pipeline",
     make<AnchorDrag, &DetectorParams::anchor_drag>},
    {"loitering", "A vessel under 2 kn for 30 min or more over an asset, outside anchorages and ports",
     make<Loitering, &DetectorParams::loitering>},
    {"ais_gap", "A vessel near or heading to a cable or pipeline falls silent",
     make<AisGapDetector, &DetectorParams::ais_gap>},
    {"position_jump", "A report no ship could make from its last position",
     make<PositionJumpDetector, &DetectorParams::position_jump>},
    {"identity_conflict", "One MMSI in two places at once, or a changed IMO or name",
     make<IdentityConflictDetector, &DetectorParams::identity_conflict>},
    {"rendezvous", "Two slow vessels together at sea for 30 min or more",
     make<RendezvousDetector, &DetectorParams::rendezvous>},
    {"regional_slowdown", "Merchant traffic of an area slows together (weather): one low notice, not an alert a ship",
     make<RegionalSlowdown, &DetectorParams::regional_slowdown>},
};

}  // namespace

std::span<const DetectorInfo> detector_table() {
  std::span<const DetectorInfo> all(kDetectors);
  return all.subspan(1);
}

std::vector<std::unique_ptr<Detector>> make_all_detectors() { return make_all_detectors(DetectorParams{}); }

std::vector<std::unique_ptr<Detector>> make_all_detectors(const DetectorParams& params) {
  std::vector<std::unique_ptr<Detector>> out;
  for (const auto& info : detector_table()) out.push_back(info.make(params));
  return out;
}

}  // namespace lookout::detect
