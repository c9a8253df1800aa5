// drone_origin: where a drone came from, and which ship was there.
//
// Once a track qualifies as a drone (DroneGate) and its history holds
// at least `min_points` first points, its launch point is estimated by
// projecting the first positions back: the horizontal velocity over the
// first points, and a time back of (first altitude - launch_alt_m) / climb
// rate when the first points climb at least min_climb_mps (the drone was
// seen climbing: it left the surface that long before), else
// default_back_s; at most max_back_s either way. A track whose first
// position lies within continuation_radius_m of a drone track at least
// continuation_age older (live, or deleted within trail_keep) is that drone
// picked up again mid-flight, not a launch: it has no origin. (Altitude
// cannot tell: a radar-started track's first heights are too rough.) A vessel of the AIS
// picture whose position at the launch time (interpolated in its history,
// Picture::history) lay within `radius_m` of the launch point is named:
// the nearest one only. The finding carries its MMSI, so the alert book
// raises that vessel's risk. One episode per track, key "T12", decided once
// (no vessel near: nothing, and the track is not looked at again).
//
// A drone that broadcasts Remote ID with its operator's position needs no
// estimate: that position is a known launch point (the take-off point, or
// where the operator stands). The vessel of the AIS picture within radius_m
// of it at the time of the report is named as the launch vessel ("its
// operator broadcasts a position 40 m from X": a watch officer knows whom to
// call), with the serial and operator id in the evidence. An operator
// position with no vessel near raises nothing here: it is on the track's
// identity and in the drone's zone alerts (remote_id_note.h). Checked once
// when the operator position first appears, even after a back-projection
// found nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "detect/air/air_detector.h"

namespace lookout::detect {

struct DroneOriginParams {
  DroneGateParams gate;                 ///< When a track counts as a drone (air_detector.h).
  std::size_t min_points = 3;          ///< First history points needed for the velocity.
  double launch_alt_m = 10;            ///< Height of a ship's deck (launch height), m.
  double min_climb_mps = 1;            ///< Climb rate that says "just launched".
  double default_back_s = 10;          ///< Back-projection without a climb.
  double max_back_s = 60;              ///< Never further back than this.
  /// A track first seen within this of an older drone track (older by `continuation_age`)
  /// is that drone's track started again mid-flight, not a launch: no origin.
  double continuation_radius_m = 300;
  std::chrono::seconds continuation_age{30};
  std::chrono::seconds trail_keep{90};   ///< How long drone positions are kept for that check.
  double radius_m = 1000;              ///< A vessel this close to the launch point is its origin.
  std::chrono::seconds max_vessel_age{600};  ///< A vessel position older than this (no later one) is not used.
  double max_search_m = 50000;         ///< Vessels whose last position is farther are skipped.
  int score = 75;
};

class DroneOrigin final : public AirDetector {
 public:
  explicit DroneOrigin(DroneOriginParams params = {}) : params_(params), gate_(params.gate) {}
  std::string_view name() const override { return "drone_origin"; }
  void on_track(const air::TrackState& s, const AirContext& ctx, FindingSink out) override;

  struct Launch {
    LatLon point;
    Timestamp time{};
    double back_s = 0;
    double climb_mps = 0;
  };
  // The launch estimate for a track (nullopt without enough history).
  std::optional<Launch> launch_of(const air::TrackState& s) const;

 private:
  DroneOriginParams params_;
  DroneGate gate_;
  struct Trail {
    Timestamp first_seen{};
    std::deque<std::pair<Timestamp, LatLon>> points;  // one per second at most, last trail_keep
    std::optional<Timestamp> deleted;
  };
  void record(const air::TrackState& s, bool drone);
  // The vessel whose position at `t` lay nearest `point`, within radius_m.
  struct Near {
    const track::Vessel* vessel = nullptr;
    double distance_m = 0;
    LatLon position;
  };
  Near nearest_vessel(LatLon point, Timestamp t, const AirContext& ctx);
  void from_operator(const air::TrackState& s, const AirContext& ctx, FindingSink out);
  bool continues_older_track(const air::TrackState& s) const;

  std::set<uint32_t> decided_;
  std::set<uint32_t> operator_decided_;  // tracks whose Remote ID operator position was looked at
  std::set<uint32_t> raised_;            // tracks with an origin (one episode each)
  std::map<uint32_t, Trail> trails_;  // qualified drone tracks
  std::vector<track::TrackPoint> scratch_;
};

}  // namespace lookout::detect
