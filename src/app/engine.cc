#include "app/engine.h"

#include "geo/asset_index.h"
#include "track/friendly_units.h"

namespace lookout {

Engine::Engine(EngineParams params, const AssetIndex& assets, const detect::Watchlist* watchlist,
               std::vector<std::unique_ptr<detect::Detector>> detectors, alert::AlertSink sink)
    : picture_(params.picture),
      baseline_(params.baseline ? std::make_unique<detect::RegionalBaseline>(params.baseline_params) : nullptr),
      assets_(assets),
      watchlist_(watchlist),
      detectors_(std::move(detectors)),
      book_(params.alerts, assets, std::move(sink)) {}

void Engine::observe(const AisObservation& obs) {
  ++counts_.observations;
  if (obs.time && *obs.time > now_) advance(*obs.time);
  track::Update u = picture_.apply(obs, now_);
  if (baseline_) baseline_->observe(u);

  const detect::Context ctx = context();
  auto sink = [&](detect::Finding&& f) { handle(std::move(f)); };
  switch (u.kind) {
    case track::UpdateKind::kIgnored: ++counts_.ignored; return;
    case track::UpdateKind::kDuplicate: ++counts_.duplicates; return;
    case track::UpdateKind::kStatic:
      ++counts_.statics;
      if (listener_ != nullptr) listener_->on_update(u);
      for (auto& d : detectors_) d->on_static(u, ctx, sink);
      return;
    case track::UpdateKind::kPosition: ++counts_.positions; break;
    case track::UpdateKind::kLate: ++counts_.late; break;
    case track::UpdateKind::kJump: ++counts_.jumps; break;
  }
  if (listener_ != nullptr) listener_->on_update(u);
  for (auto& d : detectors_) d->on_position(u, ctx, sink);
  if (u.imo_changed || u.name_changed) {
    for (auto& d : detectors_) d->on_static(u, ctx, sink);
  }
}

void Engine::advance(Timestamp now) {
  if (now <= now_) return;
  now_ = now;
  if (to_unix_ms(now_) >= next_tick_ms_) {
    tick();
    next_tick_ms_ = (to_unix_ms(now_) / 1000 + 1) * 1000;
  }
}

void Engine::tick() {
  // Forget vessels silent beyond the retention and alert episodes untouched
  // for a day, once per ten minutes of event time.
  if (to_unix_ms(now_) >= next_expire_ms_) {
    picture_.expire(now_);
    book_.expire(now_);
    next_expire_ms_ = to_unix_ms(now_) + 600 * 1000;
  }
  if (baseline_) baseline_->expire(now_);
  const detect::Context ctx = context();
  auto sink = [&](detect::Finding&& f) { handle(std::move(f)); };
  for (auto& d : detectors_) d->on_tick(ctx, sink);
}

detect::Context Engine::context() const {
  detect::Context ctx{picture_, assets_, watchlist_, now_};
  ctx.baseline = baseline_.get();
  return ctx;
}

void Engine::handle(detect::Finding&& f) {
  // Findings are rare (the detectors' work is per report, not this): the
  // lookup costs the hot path nothing.
  if (own_units_ != nullptr) {
    for (uint32_t mmsi : f.mmsi) {
      if (own_units_->is_own_mmsi(mmsi)) return;
    }
  }
  book_.handle(std::move(f));
}

}  // namespace lookout
