// PositionJumpDetector (kind `position_jump`): a report no ship could have
// made from its last position (the picture's kJump: implied speed above
// PictureParams::max_speed_kn over more than jump_min_m).
//
// Jumps come in bursts: a receiver decoding garbage gives one bad report and
// the track goes on (a glitch); a failing or spoofed GNSS gives a scatter of
// bad positions; a second transmitter using the same MMSI (or a spoofed
// track) reports again and again from one second place while the real one
// goes on reporting from the first. JumpBurst follows one vessel's burst and
// tells these shapes apart; one alert per burst (episode = MMSI and the
// burst's first jump), its score rising with the shape (a report that only
// jumps because it was delivered out of order, on the ship's own track, is
// no jump at all: see out_of_order_report):
//   glitch        one or two jumps                               low
//   scattered     three or more, from no consistent second place  medium-low
//   relocated     a consistent second place, the first one silent medium
//                 (a stale or false last position: it moved in the dark,
//                 or one of the two places is false)
//   second_place  both places keep reporting, alternating        high
//                 (also raised as identity_conflict)
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "detect/detector.h"

namespace lookout::detect {

// What makes jumps one burst and reports one place.
struct BurstRule {
  int64_t gap_ms = 30 * 60 * 1000;   ///< A jump after this long without one starts a new burst.
  double same_place_m = 2000;        ///< Reports this close to the last one of a place belong to it.
  double max_speed_kn = 60;          ///< ... or reachable from it at this speed.
  uint32_t min_place_reports = 3;    ///< Reports from the second place that make it one.
  /// A jump along the vessel's own course line (within this of it, or 5% of
  /// the distance) ...
  double own_track_m = 300;
  /// ... no further than this much sailing at its speed is the vessel's own
  /// report delivered out of order (satellite batches stamped on arrival
  /// interleave with terrestrial reports), not a jump.
  int64_t own_track_window_ms = 60 * 60 * 1000;
};

// One vessel's burst of jumps: the place it jumped from (the main track, the
// picture's accepted positions) and the place it jumped to.
struct JumpBurst {
  enum class Shape : uint8_t { kGlitch, kScattered, kRelocated, kSecondPlace };

  int64_t start_ms = 0, last_jump_ms = 0;
  uint32_t jumps = 0;          ///< Rejected reports in the burst.
  uint32_t second_place = 0;   ///< Rejected reports consistent with the previous rejected one (+1 for the first).
  uint32_t main_reports = 0;   ///< Accepted reports away from the second place during the burst.
  uint32_t alternations = 0;   ///< Switches between the two places.
  track::TrackPoint first_from, first_to;  ///< The burst's first jump.
  track::TrackPoint last_to;               ///< The latest rejected report.
  double max_speed_kn = 0;
  bool last_was_jump = false;

  // Adds a kJump update. Returns true when it starts a new burst (the old
  // one, if any, is replaced).
  bool add_jump(const track::Update& u, const BurstRule& rule);
  // Adds an accepted report of the same vessel; counts it for the main
  // track when it is away from the second place.
  void add_main(const track::TrackPoint& p, const BurstRule& rule);
  Shape shape(const BurstRule& rule) const;
  // True while a report at `now_ms` would still extend the burst.
  bool live(int64_t now_ms, const BurstRule& rule) const { return jumps > 0 && now_ms - last_jump_ms <= rule.gap_ms; }
};

const char* to_string(JumpBurst::Shape s) noexcept;

// Whether b is reachable from a: within same_place_m, or at most max_speed_kn.
bool same_place(const track::TrackPoint& a, const track::TrackPoint& b, const BurstRule& rule);

// Whether a kJump update only looks like one because of its time stamp: the
// rejected position lies on the vessel's own course line through its last
// position, within own_track_window_ms of sailing at its speed. Mixed feeds
// do this all the time (the AMSA corpus of terrestrial and satellite AIS:
// hundreds of "jumps" of 2 to 30 km, all along each ship's own track).
// A moving vessel with a course is needed; a stationary one cannot do it.
// Also true when both reports carry the very same time stamp: such a pair
// has no speed to judge (whole files stamped with one time exist: 312 of
// the corpus' 339 remaining jumps came from one file stamped 13:00:01).
bool out_of_order_report(const track::Update& u, const BurstRule& rule);

struct PositionJumpParams {
  BurstRule burst;  ///< Burst and place rules (defaults as the picture's jump rules).
  /// Scores per shape: a lone glitch is low, a second place reporting on is high.
  double score_glitch = 20, score_scattered = 35, score_relocated = 50, score_second_place = 65;
};

class PositionJumpDetector final : public Detector {
 public:
  explicit PositionJumpDetector(PositionJumpParams params = {}) : params_(params) {}
  std::string_view name() const override { return "position_jump"; }

  void on_position(const track::Update& u, const Context& ctx, FindingSink out) override;
  void on_tick(const Context& ctx, FindingSink out) override;

  std::size_t tracked() const { return bursts_.size(); }

 private:
  struct State {
    JumpBurst burst;
    JumpBurst::Shape reported = JumpBurst::Shape::kGlitch;
  };
  void report(const track::Update& u, State& s, const Context& ctx, FindingSink out);

  PositionJumpParams params_;
  std::unordered_map<uint32_t, State> bursts_;
  int64_t next_sweep_ms_ = 0;
};

std::unique_ptr<Detector> make_position_jump_detector();

}  // namespace lookout::detect
