// ReplayPipeline: the engines `lookout replay` runs - the maritime Engine
// and the AirEngine beside it, sharing its picture and alert book - fed
// from an InputMerge (input_merge.h), so that every input, whatever its
// format, reaches them in one event-time order. The CLI and the in-process
// tests (tests/determinism/) build the same object, so what the tests prove
// is what the command does.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "alert/alert_book.h"
#include "app/air_engine.h"
#include "app/engine.h"
#include "app/input_merge.h"
#include "core/function_ref.h"
#include "track/air/air_tracker.h"

namespace lookout {

class AssetIndex;

namespace detect {
class Watchlist;
}

struct ReplayParams {
  EngineParams engine;
  std::vector<air::SensorConfig> sensors;  ///< The air sensors (their sites and error models).
};

class ReplayPipeline {
 public:
  // `assets` and `watchlist` (may be null) must outlive the pipeline.
  ReplayPipeline(ReplayParams params, const AssetIndex& assets, const detect::Watchlist* watchlist,
                 alert::AlertSink sink);

  // Feeds one item to the engine it belongs to.
  void feed(const MergedItem& item);
  // Feeds every item of `merge`, in its order, then finish(). `progress` is
  // called every 65,536 items.
  void run(InputMerge& merge, FunctionRef<void()> progress);
  // End of input: the air tracker closes its open scans (when it saw any detection).
  void finish();

  Engine& engine() { return engine_; }
  const Engine& engine() const { return engine_; }
  AirEngine& air() { return air_; }
  const AirEngine& air() const { return air_; }

 private:
  Engine engine_;
  AirEngine air_;
};

}  // namespace lookout
