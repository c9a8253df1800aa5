// Detector: one sabotage or anomaly indicator (anchor drag, AIS gap, ...).
//
// A detector sees each vessel update the picture produced and the geo
// context, and on a clock tick it can act on silence. It overrides only the
// events it cares about. Detectors are pure over their inputs plus the event
// clock in the Context: the same replay gives the same findings. They never
// include the store, the network or the alert stage.
#pragma once

#include <string_view>

#include "core/function_ref.h"
#include "core/time.h"
#include "detect/finding.h"
#include "track/picture.h"

namespace lookout {
class AssetIndex;
}

namespace lookout::detect {

class Watchlist;
class RegionalBaseline;

// What a detector may consult. References stay valid for the call.
struct Context {
  const track::Picture& picture;
  const AssetIndex& assets;
  const Watchlist* watchlist = nullptr;  ///< null when none was loaded
  Timestamp now{};                        ///< event clock: the latest event time seen
  /// How the traffic around behaves now (regional_baseline.h); null when the engine keeps none.
  const RegionalBaseline* baseline = nullptr;
};

using FindingSink = FunctionRef<void(Finding&&)>;

class Detector {
 public:
  Detector() = default;
  Detector(const Detector&) = delete;
  Detector& operator=(const Detector&) = delete;
  virtual ~Detector() = default;

  // Stable name, also the alert kind it raises ("anchor_drag").
  virtual std::string_view name() const = 0;

  // A position was merged: kPosition, kLate or kJump (see track::UpdateKind).
  virtual void on_position(const track::Update& /*u*/, const Context& /*ctx*/, FindingSink /*out*/) {}
  // Static or voyage data was merged (kStatic, or a type 19 with a position).
  virtual void on_static(const track::Update& /*u*/, const Context& /*ctx*/, FindingSink /*out*/) {}
  // The event clock advanced to ctx.now (called about once per event-time second).
  virtual void on_tick(const Context& /*ctx*/, FindingSink /*out*/) {}
};

}  // namespace lookout::detect
