#include "app/pipeline.h"

#include "detect/air/air_detector.h"
#include "detect/registry.h"

namespace lookout {

namespace {

air::TrackerParams tracker_params(const std::vector<air::SensorConfig>& sensors) {
  air::TrackerParams p;
  if (!sensors.empty()) p.origin = sensors.front().position;
  return p;
}

// The engine's regional baseline takes its cells from the regional_slowdown
// parameters, which the node configuration and /api/health show.
EngineParams engine_params(const PipelineParams& params) {
  EngineParams p = params.engine;
  p.baseline_params = params.detectors.regional_slowdown.baseline;
  return p;
}

}  // namespace

Pipeline::Pipeline(PipelineParams params, const AssetIndex& assets, const detect::Watchlist* watchlist,
                   alert::AlertSink sink)
    : engine_(engine_params(params), assets, watchlist, detect::make_all_detectors(params.detectors), std::move(sink)) {
  if (params.air) {
    air_ = std::make_unique<AirEngine>(engine_, tracker_params(params.sensors), params.sensors,
                                       detect::make_air_detectors(params.detectors));
  }
}

void Pipeline::feed(const MergedItem& item) {
  if (item.kind == MergedItem::Kind::kAis) {
    engine_.observe(*item.ais);
  } else if (item.kind == MergedItem::Kind::kCooperative) {
    if (air_) {
      air_->observe_cooperative(*item.cooperative);
    } else {
      ++air_dropped_;
    }
  } else if (air_) {
    air_->observe(*item.detection);
  } else {
    ++air_dropped_;
  }
}

void Pipeline::run(InputMerge& merge, FunctionRef<void()> progress) {
  uint64_t n = 0;
  while (const MergedItem* item = merge.peek()) {
    feed(*item);
    merge.pop();
    if ((++n & 0xFFFF) == 0) progress();
  }
  finish();
}

void Pipeline::finish() {
  if (air_ && air_->detections() > 0) air_->flush();
}

}  // namespace lookout
