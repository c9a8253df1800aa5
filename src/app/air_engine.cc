#include "app/air_engine.h"

#include <algorithm>

namespace lookout {

AirEngine::AirEngine(Engine& engine, air::TrackerParams params, std::vector<air::SensorConfig> sensors,
                     std::vector<std::unique_ptr<detect::AirDetector>> detectors)
    : engine_(engine), tracker_(params, sensors), detectors_(std::move(detectors)) {
  for (const auto& s : sensors) configured_.push_back(s.id);
}

bool AirEngine::observe(const SensorDetection& d) {
  ++detections_;
  if (!d.position && std::find(configured_.begin(), configured_.end(), d.sensor) == configured_.end()) {
    ++unknown_sensors_[std::string(d.sensor.view())];
    return false;
  }
  bool ok = tracker_.update(d);
  process_changes();
  return ok;
}

bool AirEngine::observe_cooperative(const CooperativeReport& r) {
  ++cooperative_reports_;
  // Silent targets expire on event time too (a replay never calls
  // advance()): a sweep at most once a second of it.
  if (r.time - coop_swept_ >= std::chrono::seconds(1)) {
    coop_swept_ = r.time;
    coop_.advance(r.time);
    process_cooperative();
  }
  bool ok = coop_.observe(r);
  process_cooperative();
  return ok;
}

void AirEngine::advance(Timestamp t) {
  tracker_.advance(t);
  process_changes();
  coop_.advance(t);
  process_cooperative();
}

void AirEngine::flush() {
  tracker_.flush();
  process_changes();
}

detect::AirContext AirEngine::context() {
  if (coop_.size() == 0) return {engine_.picture(), engine_.assets(), tracker_.tracks(), tracker_.now()};
  // The radar tracks with their ties applied, and the untied cooperative
  // targets (a scratch vector reused: no allocation once warm).
  context_.clear();
  for (const auto& s : tracker_.tracks()) {
    context_.push_back(s);
    coop_.apply_tie(context_.back());
  }
  coop_.untied_states(context_);
  return {engine_.picture(), engine_.assets(), context_, tracker_.now()};
}

void AirEngine::process_changes() {
  auto changed = tracker_.changed();
  if (changed.empty()) return;
  // Each radar state is matched against the cooperative targets first (a
  // tie writes identity and class into it), in order, before the context
  // is built: it shows the ties as they stand after this batch.
  scratch_.assign(changed.begin(), changed.end());
  for (auto& s : scratch_) coop_.match(s);
  detect::AirContext ctx = context();
  auto sink = [&](detect::Finding&& f) { engine_.report(std::move(f)); };
  for (const auto& s : scratch_) {
    ++track_updates_;
    if (track_listener_) track_listener_(s);
    for (auto& det : detectors_) det->on_track(s, ctx, sink);
  }
  for (auto& det : detectors_) det->on_scan(ctx, sink);
}

void AirEngine::process_cooperative() {
  auto changed = coop_.changed();
  if (changed.empty()) return;
  // context() may copy the targets' states: keep the changed ones apart.
  scratch_.assign(changed.begin(), changed.end());
  detect::AirContext ctx = context();
  ctx.now = std::max(ctx.now, scratch_.back().time);
  auto sink = [&](detect::Finding&& f) { engine_.report(std::move(f)); };
  for (const auto& s : scratch_) {
    ++track_updates_;
    if (track_listener_) track_listener_(s);
    for (auto& det : detectors_) det->on_track(s, ctx, sink);
  }
  for (auto& det : detectors_) det->on_scan(ctx, sink);
}

}  // namespace lookout
