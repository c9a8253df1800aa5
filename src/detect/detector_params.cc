#include "detect/detector_params.h"

#include <charconv>
#include <limits>

namespace lookout::detect {

namespace {

// One row of a parameter table: the member's path inside the detector's
// Params is its configuration name, so the two cannot drift apart.
#define LOOKOUT_PARAM(detector, path, doc) \
  ParamInfo { #path, doc, [](DetectorParams& d) -> ParamRef { return &d.detector.path; } }

const ParamInfo kWatchlist[] = {
    LOOKOUT_PARAM(watchlist, score_imo, "Score of an IMO match (the hull's permanent number)"),
    LOOKOUT_PARAM(watchlist, score_mmsi_confirmed, "Score of an MMSI match whose vessel bears a name the list gives"),
    LOOKOUT_PARAM(watchlist, score_mmsi, "Score of an MMSI match before the vessel has sent its name"),
    LOOKOUT_PARAM(watchlist, score_mmsi_other_name, "Score of an MMSI match whose vessel bears another name"),
    LOOKOUT_PARAM(watchlist, score_name, "Score of a name-only match (names repeat)"),
    LOOKOUT_PARAM(watchlist, forget_after, "Matched vessels the picture no longer holds are forgotten after this"),
};

const ParamInfo kAnchorDrag[] = {
    LOOKOUT_PARAM(anchor_drag, band_min_kn, "Slower is stopped or swinging at anchor, not dragging"),
    LOOKOUT_PARAM(anchor_drag, band_max_kn, "Faster is a passage: a dragging anchor holds a ship to a few knots"),
    LOOKOUT_PARAM(anchor_drag, enter_drop, "Opens at speed <= cruise * (1 - enter_drop)"),
    LOOKOUT_PARAM(anchor_drag, exit_drop, "Continues while speed <= cruise * (1 - exit_drop)"),
    LOOKOUT_PARAM(anchor_drag, exit_margin_kn, "... and speed <= band_max_kn + exit_margin_kn"),
    LOOKOUT_PARAM(anchor_drag, min_cruise_kn, "A slower cruise is no passage speed to compare with"),
    LOOKOUT_PARAM(anchor_drag, min_slow, "Slow (outside ports and anchorages) this long before an alert"),
    LOOKOUT_PARAM(anchor_drag, min_reports, "... over at least this many reports"),
    LOOKOUT_PARAM(anchor_drag, min_progress, "Net distance over path while slow (hovering is loitering)"),
    LOOKOUT_PARAM(anchor_drag, min_way_m, "... and at least this net distance from the first slow position"),
    LOOKOUT_PARAM(anchor_drag, end_after, "The episode closes after this long without a slow report"),
    LOOKOUT_PARAM(anchor_drag, recent, "The slowdown must be this recent when the episode opens"),
    LOOKOUT_PARAM(anchor_drag, lookback, "Crossings this long before the slowdown count too"),
    LOOKOUT_PARAM(anchor_drag, max_step, "Longest step counted as slow time"),
    LOOKOUT_PARAM(anchor_drag, yaw_tau, "Time constant of the mean heading that yaw is measured about"),
    LOOKOUT_PARAM(anchor_drag, port_approach_m, "Slow within this of a port is an arrival or a departure"),
    LOOKOUT_PARAM(anchor_drag, anchorage_margin_m, "Slow within this of an anchorage is a manoeuvre to or from it"),
    LOOKOUT_PARAM(anchor_drag, retract_window, "A stop this soon after the last corridor report retracts the alert"),
    LOOKOUT_PARAM(anchor_drag, retract_max_slow, "... unless the vessel was slow for longer than this"),
    LOOKOUT_PARAM(anchor_drag, retract_max_crossed, "... or crossed more assets than this"),
    LOOKOUT_PARAM(anchor_drag, stop_confirm, "Away from ports and anchorages, a stop must last this long"),
    LOOKOUT_PARAM(anchor_drag, stop_radius_m, "... within this distance, outside every corridor"),
    LOOKOUT_PARAM(anchor_drag, zigzag_yaw_deg, "Yaw RMS from which the summary says zig-zagged"),
    LOOKOUT_PARAM(anchor_drag, update_interval, "Longest time between updates of a raised alert"),
    LOOKOUT_PARAM(anchor_drag, update_min_delta, "A score change this large is sent at once"),
    LOOKOUT_PARAM(anchor_drag, include_class_b, "Class B craft are watched too"),
    LOOKOUT_PARAM(anchor_drag, exempt_types, "ITU ship types exempt (their work is slow)"),
    LOOKOUT_PARAM(anchor_drag, forget_after, "A vessel silent this long leaves the detector's memory"),
    LOOKOUT_PARAM(anchor_drag, max_vessels, "Open episodes at most; more are not opened (and counted)"),
    LOOKOUT_PARAM(anchor_drag, peers.enabled, "Weigh the slowdown against the merchant ships around (a gale is no drag)"),
    LOOKOUT_PARAM(anchor_drag, peers.radius_cells, "Peers: the (2r+1) x (2r+1) baseline cells around the vessel"),
    LOOKOUT_PARAM(anchor_drag, peers.prior, "Calm peers assumed besides those seen (a few slowed ships are no trend)"),
    LOOKOUT_PARAM(anchor_drag, peers.shared_from, "Share of slowed peers from which the slowdown counts as shared"),
    LOOKOUT_PARAM(anchor_drag, peers.shared_full, "... and at which it is wholly shared"),
    LOOKOUT_PARAM(anchor_drag, peers.far_ratio, "At this fraction of the slowed peers' speed ratio or less, no discount"),
    LOOKOUT_PARAM(anchor_drag, peers.memory, "A shared slowdown seen this recently still weighs (peers recover one by one)"),
    LOOKOUT_PARAM(anchor_drag, min_score, "A drag its peers weigh below this score is not raised"),
};

const ParamInfo kLoitering[] = {
    LOOKOUT_PARAM(loitering, enter_speed_kn, "A report this slow starts an episode"),
    LOOKOUT_PARAM(loitering, exit_speed_kn, "Reports below this keep an episode going"),
    LOOKOUT_PARAM(loitering, max_mean_speed_kn, "Raised only if the time-weighted mean speed is at most this"),
    LOOKOUT_PARAM(loitering, min_duration, "Time over the asset before an alert"),
    LOOKOUT_PARAM(loitering, fishing_min_duration, "The same for fishing vessels (type 30)"),
    LOOKOUT_PARAM(loitering, grace, "Non-qualifying reports tolerated this long within an episode"),
    LOOKOUT_PARAM(loitering, max_gap, "A silence longer than this between qualifying reports restarts"),
    LOOKOUT_PARAM(loitering, max_step, "Longest step counted in the mean speed"),
    LOOKOUT_PARAM(loitering, port_radius_m, "Waiting within this of a port is normal"),
    LOOKOUT_PARAM(loitering, made_fast_radius_m, "Lying within this of one spot for made_fast_after is made fast; 0 = off"),
    LOOKOUT_PARAM(loitering, made_fast_after, "See made_fast_radius_m"),
    LOOKOUT_PARAM(loitering, update_interval, "Longest time between updates of a raised episode"),
    LOOKOUT_PARAM(loitering, update_min_delta, "A score change this large is sent at once"),
    LOOKOUT_PARAM(loitering, include_class_b, "Class B craft are watched too"),
    LOOKOUT_PARAM(loitering, exempt_types, "ITU ship types exempt (waiting is their job)"),
    LOOKOUT_PARAM(loitering, forget_after, "A vessel silent this long leaves the detector's memory"),
    LOOKOUT_PARAM(loitering, max_vessels, "Vessels tracked at most; more are not tracked (and counted)"),
};

const ParamInfo kAisGap[] = {
    LOOKOUT_PARAM(ais_gap, near_asset_m, "Near: within this of a cable or pipeline centre line"),
    LOOKOUT_PARAM(ais_gap, lookahead, "Heading toward: the course crosses an asset within this much sailing"),
    LOOKOUT_PARAM(ais_gap, lookahead_max_m, "... but never further ahead than this"),
    LOOKOUT_PARAM(ais_gap, min_gap, "Shortest silence ever raised"),
    LOOKOUT_PARAM(ais_gap, interval_factor, "Silence threshold in reporting intervals"),
    LOOKOUT_PARAM(ais_gap, feed_silence, "No message from any vessel for this long: the feed is down"),
    LOOKOUT_PARAM(ais_gap, recheck, "The proximity test is repeated after this much time"),
    LOOKOUT_PARAM(ais_gap, recheck_m, "... or this much movement since the last test"),
    LOOKOUT_PARAM(ais_gap, forget_after, "Vessels silent longer than this are forgotten"),
    LOOKOUT_PARAM(ais_gap, score_heading, "Base score when heading toward an asset"),
    LOOKOUT_PARAM(ais_gap, score_near, "Base score when near an asset"),
    LOOKOUT_PARAM(ais_gap, score_in_corridor, "Base score when inside an asset's corridor"),
    LOOKOUT_PARAM(ais_gap, score_long, "Added when the silence reaches three thresholds"),
    LOOKOUT_PARAM(ais_gap, score_crossed, "Added on reappearance when the gap's line crosses an asset"),
    LOOKOUT_PARAM(ais_gap, class_b_penalty, "Subtracted for class B"),
};

const ParamInfo kPositionJump[] = {
    LOOKOUT_PARAM(position_jump, burst.gap_ms, "A jump after this long (ms) without one starts a new burst"),
    LOOKOUT_PARAM(position_jump, burst.same_place_m, "Reports this close to the last one of a place belong to it"),
    LOOKOUT_PARAM(position_jump, burst.max_speed_kn, "... or reachable from it at this speed"),
    LOOKOUT_PARAM(position_jump, burst.min_place_reports, "Reports from the second place that make it one"),
    LOOKOUT_PARAM(position_jump, burst.own_track_m, "A jump within this of the vessel's own course line ..."),
    LOOKOUT_PARAM(position_jump, burst.own_track_window_ms, "... and within this much sailing (ms) is its own late report"),
    LOOKOUT_PARAM(position_jump, score_glitch, "Score of a lone glitch"),
    LOOKOUT_PARAM(position_jump, score_scattered, "Score of scattered jumps"),
    LOOKOUT_PARAM(position_jump, score_relocated, "Score of a relocation"),
    LOOKOUT_PARAM(position_jump, score_second_place, "Score of a second place reporting on"),
};

const ParamInfo kIdentityConflict[] = {
    LOOKOUT_PARAM(identity_conflict, burst.gap_ms, "A jump after this long (ms) without one starts a new burst"),
    LOOKOUT_PARAM(identity_conflict, burst.same_place_m, "Reports this close to the last one of a place belong to it"),
    LOOKOUT_PARAM(identity_conflict, burst.max_speed_kn, "... or reachable from it at this speed"),
    LOOKOUT_PARAM(identity_conflict, burst.min_place_reports, "Reports from the second place that make it one"),
    LOOKOUT_PARAM(identity_conflict, burst.own_track_m, "A jump within this of the vessel's own course line ..."),
    LOOKOUT_PARAM(identity_conflict, burst.own_track_window_ms, "... and within this much sailing (ms) is its own late report"),
    LOOKOUT_PARAM(identity_conflict, min_alternations, "Switches between two places before two places at once is raised"),
    LOOKOUT_PARAM(identity_conflict, score_places, "Score of two places at once"),
    LOOKOUT_PARAM(identity_conflict, score_name, "Score of a name change"),
    LOOKOUT_PARAM(identity_conflict, score_imo, "Score of an IMO change"),
    LOOKOUT_PARAM(identity_conflict, score_flip, "Score of flipping back to an identity seen before"),
    LOOKOUT_PARAM(identity_conflict, forget_after, "Identity histories of vessels not seen for this long are forgotten"),
};

const ParamInfo kRendezvous[] = {
    LOOKOUT_PARAM(rendezvous, max_distance_m, "Closer than this, two vessels are together"),
    LOOKOUT_PARAM(rendezvous, break_distance_m, "A pair already together parts only beyond this"),
    LOOKOUT_PARAM(rendezvous, max_speed_kn, "Slow enough to join a pair"),
    LOOKOUT_PARAM(rendezvous, leave_speed_kn, "A slow vessel counts as under way again only above this"),
    LOOKOUT_PARAM(rendezvous, min_duration, "Together this long before the alert"),
    LOOKOUT_PARAM(rendezvous, max_silence, "Not seen together for this long: the pair has parted"),
    LOOKOUT_PARAM(rendezvous, max_crowd, "More other slow vessels than this nearby: a crowd, no pairs"),
    LOOKOUT_PARAM(rendezvous, cell_m, "Spatial hash cell; must exceed max_distance_m and break_distance_m"),
    LOOKOUT_PARAM(rendezvous, recheck, "Exclusion of anchorages and ports is re-tested after this long"),
    LOOKOUT_PARAM(rendezvous, search_every, "A slow vessel looks for partners at most this often"),
    LOOKOUT_PARAM(rendezvous, score_base, "Base score"),
    LOOKOUT_PARAM(rendezvous, score_tanker, "Added when a tanker takes part"),
    LOOKOUT_PARAM(rendezvous, score_long, "Added when together over two hours"),
    LOOKOUT_PARAM(rendezvous, score_on_asset, "Added inside a cable or pipeline corridor"),
};

// The drone gate, the same five rows for each air detector.
#define LOOKOUT_GATE_PARAMS(detector)                                                                        \
  LOOKOUT_PARAM(detector, gate.min_probability, "Fused drone probability to qualify"),                       \
      LOOKOUT_PARAM(detector, gate.exit_probability, "Below this a qualified track stops qualifying"),       \
      LOOKOUT_PARAM(detector, gate.min_hits, "Detections, at least"),                                        \
      LOOKOUT_PARAM(detector, gate.min_updates, "Consecutive drone updates to qualify"),                     \
      LOOKOUT_PARAM(detector, gate.min_age, "Track age (since its first detection) to qualify")

const ParamInfo kDroneIncursion[] = {
    LOOKOUT_GATE_PARAMS(drone_incursion),
    LOOKOUT_PARAM(drone_incursion, exit_margin_m, "Outside the zone by this much ends the episode"),
    LOOKOUT_PARAM(drone_incursion, base_score, "Score of an incursion (+15 at airports and military sites)"),
    LOOKOUT_PARAM(drone_incursion, remote_id_discount, "Taken off the score when the drone broadcasts Remote ID"),
};

const ParamInfo kDroneApproach[] = {
    LOOKOUT_GATE_PARAMS(drone_approach),
    LOOKOUT_PARAM(drone_approach, min_speed_mps, "Slower tracks are hovering: no prediction"),
    LOOKOUT_PARAM(drone_approach, horizon, "How far ahead to predict"),
    LOOKOUT_PARAM(drone_approach, step, "Prediction step"),
    LOOKOUT_PARAM(drone_approach, confirm_updates, "Consecutive updates predicting the same zone"),
    LOOKOUT_PARAM(drone_approach, base_score, "Score of an approach"),
    LOOKOUT_PARAM(drone_approach, remote_id_discount, "Taken off the score when the drone broadcasts Remote ID"),
};

const ParamInfo kSwarm[] = {
    LOOKOUT_GATE_PARAMS(swarm),
    LOOKOUT_PARAM(swarm, min_members, "Tracks in a swarm, at least"),
    LOOKOUT_PARAM(swarm, radius_m, "Linking distance between members"),
    LOOKOUT_PARAM(swarm, max_velocity_diff_mps, "Linking velocity difference"),
    LOOKOUT_PARAM(swarm, min_duration, "The group holds this long before an alert"),
    LOOKOUT_PARAM(swarm, forget_after, "Unseen this long: the episode is over"),
};

const ParamInfo kDroneOrigin[] = {
    LOOKOUT_GATE_PARAMS(drone_origin),
    LOOKOUT_PARAM(drone_origin, min_points, "First history points needed for the velocity"),
    LOOKOUT_PARAM(drone_origin, launch_alt_m, "Height of a ship's deck (launch height)"),
    LOOKOUT_PARAM(drone_origin, min_climb_mps, "Climb rate that says just launched"),
    LOOKOUT_PARAM(drone_origin, default_back_s, "Back-projection without a climb, seconds"),
    LOOKOUT_PARAM(drone_origin, max_back_s, "Never further back than this, seconds"),
    LOOKOUT_PARAM(drone_origin, continuation_radius_m, "A new track this close to an older drone track continues it"),
    LOOKOUT_PARAM(drone_origin, continuation_age, "... when that track is older by this"),
    LOOKOUT_PARAM(drone_origin, trail_keep, "How long drone positions are kept for that check"),
    LOOKOUT_PARAM(drone_origin, radius_m, "A vessel this close to the launch point is its origin"),
    LOOKOUT_PARAM(drone_origin, max_vessel_age, "A vessel position older than this is not used"),
    LOOKOUT_PARAM(drone_origin, max_search_m, "Vessels whose last position is farther are skipped"),
    LOOKOUT_PARAM(drone_origin, score, "Score of an origin"),
};

const ParamInfo kEmergencySquawk[] = {
    LOOKOUT_PARAM(emergency_squawk, score_7500, "Score of squawk 7500 (unlawful interference)"),
    LOOKOUT_PARAM(emergency_squawk, score_7700, "Score of squawk 7700 (general emergency)"),
    LOOKOUT_PARAM(emergency_squawk, score_7600, "Score of squawk 7600 (radio failure)"),
    LOOKOUT_PARAM(emergency_squawk, score_flag, "Score of the emergency flag without an emergency code"),
    LOOKOUT_PARAM(emergency_squawk, near_m, "A protected zone this close is named in the alert"),
};

const ParamInfo kRegionalSlowdown[] = {
    LOOKOUT_PARAM(regional_slowdown, min_vessels, "Merchant ships under way in a cluster of cells before a notice"),
    LOOKOUT_PARAM(regional_slowdown, min_share, "Share of them slowed that opens a notice"),
    LOOKOUT_PARAM(regional_slowdown, keep_share, "A cell with this share slowed belongs to a cluster"),
    LOOKOUT_PARAM(regional_slowdown, end_after, "A notice closes after this long without its cluster"),
    LOOKOUT_PARAM(regional_slowdown, update_interval, "Longest time between updates of an open notice"),
    LOOKOUT_PARAM(regional_slowdown, max_notices, "Open notices at most"),
    LOOKOUT_PARAM(regional_slowdown, harbour_margin_m, "A cell this close to a port or anchorage is left out"),
    LOOKOUT_PARAM(regional_slowdown, baseline.cell_lat_deg, "Baseline cell height in degrees (0.25: about 28 km)"),
    LOOKOUT_PARAM(regional_slowdown, baseline.cell_lon_deg, "Baseline cell width in degrees (0.5: about 28 km at 60 N)"),
    LOOKOUT_PARAM(regional_slowdown, baseline.min_speed_kn, "Slower is stopped or at anchor: not under way, not counted"),
    LOOKOUT_PARAM(regional_slowdown, baseline.min_cruise_kn, "A slower reference cruise is no passage speed"),
    LOOKOUT_PARAM(regional_slowdown, baseline.slowed_ratio, "A ship at most this fraction of its cruise has slowed"),
    LOOKOUT_PARAM(regional_slowdown, baseline.hold, "A ship's reference cruise is held this long while it is slowed"),
    LOOKOUT_PARAM(regional_slowdown, baseline.member_ttl, "A ship silent this long leaves the baseline"),
    LOOKOUT_PARAM(regional_slowdown, baseline.cell_ttl, "A cell with no ship for this long is freed"),
    LOOKOUT_PARAM(regional_slowdown, baseline.max_members, "Ships counted at most"),
    LOOKOUT_PARAM(regional_slowdown, baseline.max_cells, "Cells held at most"),
    LOOKOUT_PARAM(regional_slowdown, baseline.exempt_types, "ITU ship types not counted (their work is slow)"),
};

#undef LOOKOUT_GATE_PARAMS
#undef LOOKOUT_PARAM

const DetectorParamsInfo kTable[] = {
    {"watchlist", kWatchlist},
    {"anchor_drag", kAnchorDrag},
    {"loitering", kLoitering},
    {"ais_gap", kAisGap},
    {"position_jump", kPositionJump},
    {"identity_conflict", kIdentityConflict},
    {"rendezvous", kRendezvous},
    {"regional_slowdown", kRegionalSlowdown},
    {"drone_incursion", kDroneIncursion},
    {"drone_approach", kDroneApproach},
    {"swarm", kSwarm},
    {"drone_origin", kDroneOrigin},
    {"emergency_squawk", kEmergencySquawk},
};

std::string problem(std::string_view detector, std::string_view key, std::string_view what) {
  std::string out(detector);
  out += ": ";
  out += key;
  out += ": ";
  out += what;
  return out;
}

std::optional<std::string> gate_problem(std::string_view detector, const DroneGateParams& g) {
  if (g.min_probability > 1) return problem(detector, "gate.min_probability", "must be at most 1");
  if (g.exit_probability > g.min_probability) {
    return problem(detector, "gate.exit_probability", "must be at most gate.min_probability");
  }
  return std::nullopt;
}

}  // namespace

std::span<const DetectorParamsInfo> detector_params_table() { return kTable; }

const DetectorParamsInfo* find_detector_params(std::string_view detector) {
  for (const auto& info : kTable) {
    if (info.detector == detector) return &info;
  }
  return nullptr;
}

std::optional<std::string> detector_params_problem(const DetectorParams& p) {
  const auto& ad = p.anchor_drag;
  if (ad.band_min_kn > ad.band_max_kn) return problem("anchor_drag", "band_min_kn", "must be at most band_max_kn");
  if (ad.enter_drop >= 1) return problem("anchor_drag", "enter_drop", "must be below 1 (a fraction of cruise speed)");
  if (ad.exit_drop > ad.enter_drop) return problem("anchor_drag", "exit_drop", "must be at most enter_drop");
  if (ad.min_progress > 1) return problem("anchor_drag", "min_progress", "must be at most 1 (net distance over path)");
  const auto& lo = p.loitering;
  if (lo.enter_speed_kn > lo.exit_speed_kn) {
    return problem("loitering", "enter_speed_kn", "must be at most exit_speed_kn");
  }
  const auto& rv = p.rendezvous;
  if (rv.break_distance_m < rv.max_distance_m) {
    return problem("rendezvous", "break_distance_m", "must be at least max_distance_m");
  }
  if (rv.cell_m <= rv.break_distance_m) {
    return problem("rendezvous", "cell_m", "must exceed max_distance_m and break_distance_m");
  }
  if (rv.max_speed_kn > rv.leave_speed_kn) return problem("rendezvous", "max_speed_kn", "must be at most leave_speed_kn");
  const auto& rb = p.regional_slowdown.baseline;
  if (!(rb.cell_lat_deg >= 0.01 && rb.cell_lat_deg <= 10)) {
    return problem("regional_slowdown", "baseline.cell_lat_deg", "must be 0.01 to 10 degrees");
  }
  if (!(rb.cell_lon_deg >= 0.01 && rb.cell_lon_deg <= 10)) {
    return problem("regional_slowdown", "baseline.cell_lon_deg", "must be 0.01 to 10 degrees");
  }
  if (p.anchor_drag.peers.shared_from >= p.anchor_drag.peers.shared_full) {
    return problem("anchor_drag", "peers.shared_from", "must be below peers.shared_full");
  }
  if (p.anchor_drag.peers.radius_cells < 0 || p.anchor_drag.peers.radius_cells > 5) {
    return problem("anchor_drag", "peers.radius_cells", "must be 0 to 5");
  }
  if (auto g = gate_problem("drone_incursion", p.drone_incursion.gate)) return g;
  if (auto g = gate_problem("drone_approach", p.drone_approach.gate)) return g;
  if (auto g = gate_problem("swarm", p.swarm.gate)) return g;
  if (auto g = gate_problem("drone_origin", p.drone_origin.gate)) return g;
  if (p.drone_approach.step.count() <= 0) return problem("drone_approach", "step", "must be above 0");
  return std::nullopt;
}

std::optional<int64_t> parse_duration_ms(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  uint64_t scale = 0;
  if (unit == "ms") {
    scale = 1;
  } else if (unit == "s") {
    scale = 1000;
  } else if (unit == "min") {
    scale = 60 * 1000;
  } else if (unit == "h") {
    scale = 3600 * 1000;
  } else {
    return std::nullopt;
  }
  // Ten years is more than any detector waits; the bound keeps the product in range.
  constexpr uint64_t kMaxMs = 10ull * 366 * 24 * 3600 * 1000;
  if (value > kMaxMs / scale) return std::nullopt;
  return static_cast<int64_t>(value * scale);
}

std::string format_duration_ms(int64_t ms) {
  if (ms != 0 && ms % (3600 * 1000) == 0) return std::to_string(ms / (3600 * 1000)) + "h";
  if (ms != 0 && ms % (60 * 1000) == 0) return std::to_string(ms / (60 * 1000)) + "min";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace lookout::detect
