// Engine: the maritime pipeline in one object - picture, detectors, alert
// book - fed with observations in event-time order. `lookout replay` and the
// live node share it; only where observations come from differs.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "alert/alert_book.h"
#include "decode/observation.h"
#include "detect/detector.h"
#include "detect/regional_baseline.h"
#include "track/picture.h"

namespace lookout {

class AssetIndex;

namespace detect {
class Watchlist;
}
namespace track {
class FriendlyUnits;
}

// Sees every change the engine accepts into the picture: new, late and
// suspect positions and static data (the history store records them).
class PictureListener {
 public:
  virtual ~PictureListener() = default;
  virtual void on_update(const track::Update& u) = 0;
};

struct EngineParams {
  track::PictureParams picture;
  alert::AlertBookParams alerts;
  // The regional baseline the detectors weigh a vessel against (issue 21);
  // Pipeline sets it from DetectorParams::regional_slowdown.
  bool baseline = true;
  detect::RegionalBaselineParams baseline_params;
};

class Engine {
 public:
  // `assets` and `watchlist` (may be null) must outlive the engine.
  Engine(EngineParams params, const AssetIndex& assets, const detect::Watchlist* watchlist,
         std::vector<std::unique_ptr<detect::Detector>> detectors, alert::AlertSink sink);

  // Feeds one observation: merges it into the picture, runs the detectors on
  // what changed, advances the event clock (ticking detectors once per
  // event-time second) and hands findings to the alert book.
  void observe(const AisObservation& obs);

  // Sets (or clears, with null) the listener; it must outlive its use.
  void set_listener(PictureListener* listener) { listener_ = listener; }

  // Own units (may be null; must outlive its use): a finding that involves
  // one of their MMSIs is dropped, so that an own patrol vessel loitering
  // over a cable, or alongside a suspect it is boarding, raises nothing.
  void set_own_units(const track::FriendlyUnits* units) { own_units_ = units; }

  // Advances the clock to `now` without data (live node: wall clock when idle).
  void advance(Timestamp now);

  Timestamp now() const { return now_; }
  const track::Picture& picture() const { return picture_; }
  const alert::AlertBook& alerts() const { return book_; }
  // Null when the engine keeps no regional baseline.
  const detect::RegionalBaseline* baseline() const { return baseline_.get(); }

  // Hands a finding from outside the maritime detectors (the air engine's
  // detectors) to the alert book, so that both sides share alerts and vessel risk.
  void report(detect::Finding&& f) { book_.handle(std::move(f)); }
  const AssetIndex& assets() const { return assets_; }

  struct Counts {
    uint64_t observations = 0;
    uint64_t positions = 0, duplicates = 0, late = 0, jumps = 0, statics = 0, ignored = 0;
  };
  const Counts& counts() const { return counts_; }

 private:
  void tick();
  detect::Context context() const;
  void handle(detect::Finding&& f);

  track::Picture picture_;
  std::unique_ptr<detect::RegionalBaseline> baseline_;  // one per engine: its partition's vessels only
  const AssetIndex& assets_;
  const detect::Watchlist* watchlist_;
  std::vector<std::unique_ptr<detect::Detector>> detectors_;
  alert::AlertBook book_;
  Timestamp now_{};
  int64_t next_tick_ms_ = 0;
  int64_t next_expire_ms_ = 0;
  Counts counts_;
  PictureListener* listener_ = nullptr;
  const track::FriendlyUnits* own_units_ = nullptr;
};

}  // namespace lookout
