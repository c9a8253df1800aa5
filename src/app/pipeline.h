// Pipeline: the engines behind one picture - the maritime Engine and, when
// the picture takes air sensors, the AirEngine beside it sharing its alert
// book - and the one place that builds them. `lookout replay` runs one fed
// from an InputMerge (input_merge.h), so that every input, whatever its
// format, reaches it in one event-time order; the live node (`lookout
// serve`, src/app/node/) runs one per partition (input marking), fed from
// its inputs as they arrive and from an InputMerge for its files. The CLI,
// the node and the in-process tests (tests/determinism/) build the same
// object, so what the tests prove is what both commands do.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "alert/alert_book.h"
#include "app/air_engine.h"
#include "app/engine.h"
#include "app/input_merge.h"
#include "core/function_ref.h"
#include "detect/detector_params.h"
#include "track/air/air_tracker.h"

namespace lookout {

class AssetIndex;

namespace detect {
class Watchlist;
}

struct PipelineParams {
  EngineParams engine;
  // Every detector's parameters (maritime and air); default: the documented defaults.
  detect::DetectorParams detectors;
  // An air picture beside the maritime one (the node builds it only for a
  // partition with air inputs; replay always has one).
  bool air = true;
  std::vector<air::SensorConfig> sensors;  ///< The air sensors (their sites and error models).
};

class Pipeline {
 public:
  // `assets` and `watchlist` (may be null) must outlive the pipeline.
  Pipeline(PipelineParams params, const AssetIndex& assets, const detect::Watchlist* watchlist, alert::AlertSink sink);

  // Feeds one item to the engine it belongs to (an air item with no air
  // picture is dropped and counted: see air_dropped()).
  void feed(const MergedItem& item);
  // Feeds every item of `merge`, in its order, then finish(). `progress` is
  // called every 65,536 items.
  void run(InputMerge& merge, FunctionRef<void()> progress);
  // End of input: the air tracker closes its open scans (when it saw any detection).
  void finish();

  Engine& engine() { return engine_; }
  const Engine& engine() const { return engine_; }
  // Null when the pipeline has no air picture.
  AirEngine* air() { return air_.get(); }
  const AirEngine* air() const { return air_.get(); }
  uint64_t air_dropped() const { return air_dropped_; }

 private:
  Engine engine_;
  std::unique_ptr<AirEngine> air_;
  uint64_t air_dropped_ = 0;
};

}  // namespace lookout
