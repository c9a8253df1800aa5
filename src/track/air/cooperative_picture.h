// CooperativePicture: what aircraft and drones say about themselves (ADS-B,
// Remote ID), merged per transmitter into cooperative targets, and tied to
// the radar tracks they match.
//
// Merge. Reports (decode/cooperative.h) are keyed by (source, transmitter
// id): an ADS-B ICAO address and a Remote ID transmitter are different
// targets even when the text is equal. Each report carries part of the
// state (an SBS-1 MSG,3 the position, MSG,4 the velocity, MSG,1 the
// callsign, MSG,6 the squawk; a Remote ID Basic ID the serial, Location
// the position, System the operator's position): a field a report carries
// replaces the target's, a field it leaves out keeps the target's last
// value. The emergency follows the latest report that says anything about
// it (a squawk, or the emergency flag). A target's position is extrapolated
// by its last velocity; it is a track only once it has a position.
//
// Tracks. Each cooperative target is reported as a TrackState (status
// confirmed; deleted once when it expires) with `identity` set and class
// aircraft (ADS-B) or drone (Remote ID), one-hot in class_prob. Its id is
// kCooperativeIdBase + n, n counting from 1 and never reused: the radar
// tracker numbers its tracks from 1 upward, so the two ranges never meet
// (the tracker would need 2^31 tracks). A bounded trail (TrackHistory, one
// point per `history_interval`) is kept per target.
//
// Ties to radar tracks. A radar track (confirmed or coasting) whose state
// matches an untied cooperative target - horizontal distance to the
// target's extrapolated position within `gate_m` + 3 sigma of the track,
// altitudes within `alt_gate_m` (+ 3 sigma) when the track's altitude is
// measured, velocities within `speed_gate_mps` (+ 3 sigma) when the track's
// speed is known - on `tie_updates` consecutive updates of that track is
// over at least `tie_min_span`, during which the track moved as the target
// did (within `gate_m`), is tied to it: sticky, one target per track and one track per target. It
// breaks after `break_updates` consecutive updates that fail the gate, when
// the target expires, or when the track is deleted; while the target's
// position is older than `max_extrapolation` (a dropout) it holds. A drone that hovers near an airliner's path fails the speed
// gate, and, while its speed is not yet known, the motion check (it does
// not move with the airliner), so it never takes the airliner's identity.
//
// A tied pair is shown once: as the RADAR track, carrying the target's
// identity and its class (ADS-B: aircraft, never a drone, whatever the
// radar's class evidence says; Remote ID: drone). The radar track is what
// the sensors measure (a cooperative position is self-reported, and can be
// spoofed) and is the id the detectors and the UI already follow; the
// cooperative target's own state is not reported while tied and comes back
// under its own id when the tie breaks.
//
// Memory: at most `max_targets` targets (a new transmitter beyond that is
// dropped and counted); a target silent for `expire_after` is deleted; one
// tie record per radar track that has a candidate or a tie, erased with the
// track. Flat however long it runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/time.h"
#include "decode/cooperative.h"
#include "track/air/track_state.h"

namespace lookout::air {

// The first id of the cooperative targets' range (the radar tracker counts up from 1).
inline constexpr uint32_t kCooperativeIdBase = 0x80000000u;
inline bool is_cooperative_track_id(uint32_t id) { return id > kCooperativeIdBase; }

struct CooperativePictureParams {
  std::chrono::milliseconds expire_after{60000};       ///< Silent this long: deleted.
  std::size_t max_targets = 10000;                     ///< New transmitters beyond: dropped, counted.
  std::chrono::milliseconds history_interval{1000};    ///< Trail thinning.
  double gate_m = 300;                                 ///< Horizontal gate (+ 3 sigma of the radar track).
  double alt_gate_m = 400;                             ///< Vertical gate when the track's altitude is measured
  double alt_known_sigma_m = 150;                      ///< ... i.e. its sigma_alt_m is below this.
  double speed_gate_mps = 25;                          ///< Velocity gate when the track's speed is known
  double speed_known_sigma_mps = 10;                   ///< ... i.e. its sigma_speed_mps is below this.
  std::chrono::milliseconds max_extrapolation{10000};  ///< An older cooperative position matches nothing.
  int tie_updates = 3;                                 ///< Consecutive matching updates to tie,
  std::chrono::milliseconds tie_min_span{3000};        ///< ... spanning at least this long.

  int break_updates = 3;                               ///< Consecutive failing updates to break.
};

struct CooperativeStats {
  uint64_t reports = 0;          ///< Accepted.
  uint64_t rejected = 0;         ///< No source, no id, or an invalid position.
  uint64_t overflow = 0;         ///< Dropped: max_targets reached.
  uint64_t targets_started = 0;
  uint64_t targets_expired = 0;
  uint64_t ties = 0;             ///< Radar tracks tied to a target.
  uint64_t breaks = 0;           ///< Ties broken (gate, silence, expiry, deletion).
};

class CooperativePicture {
 public:
  explicit CooperativePicture(CooperativePictureParams params = {});
  ~CooperativePicture();
  CooperativePicture(const CooperativePicture&) = delete;
  CooperativePicture& operator=(const CooperativePicture&) = delete;

  // Merges one report; false when it is rejected or dropped (counted).
  bool observe(const CooperativeReport& r);
  // Event time reached `t`: targets silent for expire_after are deleted.
  void advance(Timestamp t);

  // The cooperative targets' states changed by the last observe() or
  // advance() (untied, with a position; a deleted one once). Valid, with
  // their history pointers, until the next non-const call.
  std::span<const TrackState> changed() const;

  // One radar track's new state: updates its tie (see the top) and, when
  // tied, writes the target's identity and class into `s`. Returns whether
  // it is tied. Call with every state the radar tracker reports, deleted
  // ones included (they end the tie).
  bool match(TrackState& s);
  // Writes the identity and class of the target `s` is tied to, if any,
  // without updating the tie (for a track that did not change).
  bool apply_tie(TrackState& s) const;

  // Every untied target with a position, as reported (no particular order).
  void untied_states(std::vector<TrackState>& out) const;
  std::size_t size() const;        ///< Live targets.
  std::size_t tie_count() const;   ///< Radar tracks tied now.
  const CooperativeStats& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lookout::air
