// Evidence helpers shared by the episode detectors (anchor_drag, loitering):
// the stretch of track behind an episode, how a vessel is named in a summary
// sentence, and the speed a report stands for.
//
// An episode can last hours (Eagle S dragged for about 100 km) while the
// picture keeps a short thinned history, so a detector records the episode's
// own track. EpisodeTrack bounds it: at most kMaxPoints points; when full it
// drops every other point and doubles its spacing, so the segment always
// covers the whole episode at a resolution that coarsens with its length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "track/picture.h"
#include "track/vessel.h"

namespace lookout::detect {

class EpisodeTrack {
 public:
  static constexpr std::size_t kMaxPoints = 64;
  static constexpr int64_t kStartSpacingMs = 30'000;

  // Forgets every point and resets the spacing.
  void clear();
  // Starts the track from `history` (oldest first), keeping points at or
  // after `since_ms`.
  void seed(std::span<const track::TrackPoint> history, int64_t since_ms);
  // Appends a point if it is at least the current spacing after the last
  // one kept; older or equal times are ignored.
  void add(const track::TrackPoint& p);

  std::size_t size() const { return points_.size(); }
  bool empty() const { return points_.empty(); }
  std::span<const track::TrackPoint> points() const { return points_; }

  // [[lon, lat, "ISO time"], ...] with `last` appended when it is newer
  // than the last point kept (so the segment ends at the triggering report).
  nlohmann::json to_json(const track::TrackPoint& last) const;

 private:
  void decimate();

  std::vector<track::TrackPoint> points_;
  int64_t spacing_ms_ = kStartSpacingMs;
};

// "Tanker EAGLE S", "Cargo ship YI PENG 3", or "Vessel MMSI 230000001" when
// the name is unknown. The word comes from the ITU ship and cargo type.
std::string vessel_label(const track::Vessel& v);

// Speed over ground of a position update in knots, or the speed implied by
// the movement to it when the report carries none and the movement lasted
// 5 s to 10 min; NaN when neither is known.
double report_speed(const track::Update& u);

// Rounds to one decimal, for evidence numbers a person reads.
double round1(double x);

}  // namespace lookout::detect
