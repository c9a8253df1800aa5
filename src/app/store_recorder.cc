#include "app/store_recorder.h"

namespace lookout {

StoreRecorder::StoreRecorder(store::Store& store, const Marking& marking, int64_t commit_every_ms)
    : store_(store),
      marking_(store.intern_marking(marking)),
      commit_every_(commit_every_ms),
      last_commit_(std::chrono::steady_clock::now()) {}

void StoreRecorder::on_update(const track::Update& u) {
  if (u.vessel == nullptr) return;
  switch (u.kind) {
    case track::UpdateKind::kPosition:
    case track::UpdateKind::kLate:
    case track::UpdateKind::kJump: {
      store::PositionRow row;
      row.mmsi = u.vessel->mmsi;
      row.point = u.point;
      row.point.flags = 0;
      if (u.kind == track::UpdateKind::kJump) row.point.flags |= store::kPositionJump;
      if (u.kind == track::UpdateKind::kLate) row.point.flags |= store::kPositionLate;
      row.marking = marking_;
      store_.add_position(row);
      ++positions_;
      break;
    }
    case track::UpdateKind::kStatic: {
      store::VesselRow row;
      row.mmsi = u.vessel->mmsi;
      row.cls = u.vessel->cls;
      row.statics = u.vessel->statics;
      row.first_seen_ms = u.vessel->first_seen_ms;
      row.last_seen_ms = u.vessel->last_seen_ms;
      row.marking = marking_;
      store_.put_vessel(row);
      ++statics_;
      break;
    }
    case track::UpdateKind::kIgnored:
    case track::UpdateKind::kDuplicate:
      return;
  }
  maybe_commit();
}

void StoreRecorder::on_alert(const alert::Alert& a) {
  store_.put_alert(a);
  ++alerts_;
  maybe_commit();
}

store::Status StoreRecorder::flush() {
  last_commit_ = std::chrono::steady_clock::now();
  return store_.commit();
}

void StoreRecorder::maybe_commit() {
  if (commit_every_.count() <= 0) return;  // the owner commits
  // Reading the clock costs more than a row: look every 256 rows.
  if (++since_check_ < 256) return;
  since_check_ = 0;
  auto now = std::chrono::steady_clock::now();
  if (now - last_commit_ >= commit_every_) {
    last_commit_ = now;
    (void)store_.commit();
  }
}

}  // namespace lookout
