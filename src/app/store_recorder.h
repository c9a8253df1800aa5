// StoreRecorder: writes what the engine accepts - positions, static data,
// alert states - into a Store, under one marking (the input's). The store
// batches and commits; the recorder also commits at least every
// `commit_every_ms` of wall time so a live node's history is never far behind
// (0: never on its own; its owner commits, as the live node does).
#pragma once

#include <chrono>
#include <cstdint>

#include "alert/alert.h"
#include "app/engine.h"
#include "store/store.h"

namespace lookout {

class StoreRecorder final : public PictureListener {
 public:
  StoreRecorder(store::Store& store, const Marking& marking, int64_t commit_every_ms = 1000);

  void on_update(const track::Update& u) override;
  void on_alert(const alert::Alert& a);

  // Commits what is buffered; returns the store's status.
  store::Status flush();

  uint64_t positions() const { return positions_; }
  uint64_t statics() const { return statics_; }
  uint64_t alerts() const { return alerts_; }

 private:
  void maybe_commit();

  store::Store& store_;
  uint32_t marking_ = 0;
  std::chrono::milliseconds commit_every_;
  std::chrono::steady_clock::time_point last_commit_;
  uint32_t since_check_ = 0;
  uint64_t positions_ = 0, statics_ = 0, alerts_ = 0;
};

}  // namespace lookout
