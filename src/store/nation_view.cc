#include "store/nation_view.h"

namespace lookout::store {

namespace {

Status read_only() { return Status::invalid_argument("a nation's view of the store is read-only"); }

}  // namespace

// Writes: refused. The void ones cannot say so; they change nothing and the
// next commit() reports it.
uint32_t NationView::intern_marking(const Marking&) { return 0; }
void NationView::add_position(const PositionRow&) {}
void NationView::put_vessel(const VesselRow&) {}
void NationView::put_alert(const alert::Alert&) {}
void NationView::add_audit(const AuditRow&) {}
Status NationView::commit() { return read_only(); }
Status NationView::write_status() const { return read_only(); }
Status NationView::ack_alert(std::string_view, std::string_view, std::string_view, std::string_view, int64_t) {
  return read_only();
}

StatusOr<bool> NationView::visible(uint32_t marking_id) {
  auto it = visible_.find(marking_id);
  if (it != visible_.end()) return it->second;
  auto m = inner_.marking(marking_id);
  if (!m.ok()) return m.status();
  const bool yes = m->has_value() && releasable_to_nation(**m, nation_);
  visible_.emplace(marking_id, yes);
  return yes;
}

StatusOr<std::vector<Candidate>> NationView::candidates(const BBox& box, const TimeRange& window) {
  return inner_.candidates(box, window);
}

StatusOr<std::vector<PositionRow>> NationView::track(uint32_t mmsi, const TimeRange& window) {
  return inner_.visible_track(mmsi, window, nation_);
}

StatusOr<std::vector<PositionRow>> NationView::visible_track(uint32_t mmsi, const TimeRange& window,
                                                             std::string_view nation) {
  // Only what both may see: this view's nation is the caller.
  if (nation != nation_) return std::vector<PositionRow>{};
  return inner_.visible_track(mmsi, window, nation_);
}

StatusOr<std::optional<VesselRow>> NationView::vessel(uint32_t mmsi) {
  auto row = inner_.vessel(mmsi);
  if (!row.ok() || !row->has_value()) return row;
  auto yes = visible((*row)->marking);
  if (!yes.ok()) return yes.status();
  if (!*yes) return std::optional<VesselRow>{};
  return row;
}

StatusOr<std::vector<VesselChange>> NationView::vessel_changes(uint32_t mmsi, const TimeRange& window) {
  // Changes carry no marking of their own: shown with the vessel's.
  auto row = vessel(mmsi);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return std::vector<VesselChange>{};
  return inner_.vessel_changes(mmsi, window);
}

StatusOr<std::optional<AlertRow>> NationView::alert(std::string_view id) {
  auto row = inner_.alert(id);
  if (!row.ok() || !row->has_value()) return row;
  if (!releasable_to_nation((*row)->marking, nation_)) return std::optional<AlertRow>{};
  return row;
}

StatusOr<std::vector<AlertRow>> NationView::alerts(const AlertFilter& filter) {
  AlertFilter f = filter;
  f.visible_to = nation_;
  auto rows = inner_.alerts(f);
  if (!rows.ok()) return rows;
  std::erase_if(*rows, [&](const AlertRow& r) { return !releasable_to_nation(r.marking, nation_); });
  return rows;
}

StatusOr<std::vector<AuditRow>> NationView::audit(const TimeRange&, std::size_t) { return std::vector<AuditRow>{}; }
StatusOr<std::vector<AuditRow>> NationView::audit_for_nation(const AuditFilter&) { return std::vector<AuditRow>{}; }

StatusOr<std::optional<Marking>> NationView::marking(uint32_t id) {
  auto yes = visible(id);
  if (!yes.ok()) return yes.status();
  if (!*yes) return std::optional<Marking>{};
  return inner_.marking(id);
}

StatusOr<StoreCounts> NationView::counts() { return Status::invalid_argument("counts span every nation's data"); }

}  // namespace lookout::store
