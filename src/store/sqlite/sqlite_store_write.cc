// SqliteStore's writes: rows added through prepared statements inside one
// transaction of StoreOptions::batch_rows rows, the track chunks and
// last-seen times that go with the positions, and acknowledgements.
#include <algorithm>
#include <string>

#include "store/sqlite/sqlite_store_impl.h"
#include "store/store_text.h"

namespace lookout::store::sqlite {

uint32_t SqliteStore::intern_marking(const Marking& m) {
  if (m.owner.empty() && m.releasable_to.empty()) return 0;
  std::string rel = join_codes(m.releasable_to);
  std::string key = m.owner + "|" + rel;
  if (auto it = marking_ids_.find(key); it != marking_ids_.end()) return it->second;
  if (!begin()) return 0;
  find_marking_.reset();
  find_marking_.bind(1, m.owner).bind(2, rel);
  uint32_t id = 0;
  int rc = find_marking_.step();
  if (rc == SQLITE_ROW) {
    id = static_cast<uint32_t>(find_marking_.i64(0));
  } else if (rc != SQLITE_DONE) {
    write_status_ = db_.error("reading a marking");
    find_marking_.reset();
    return 0;
  } else {
    insert_marking_.reset();
    insert_marking_.bind(1, m.owner).bind(2, rel);
    if (!step_done(insert_marking_, "marking")) return 0;
    id = static_cast<uint32_t>(sqlite3_last_insert_rowid(db_.handle()));
  }
  find_marking_.reset();
  marking_ids_.emplace(std::move(key), id);
  return id;
}

void SqliteStore::add_position(const PositionRow& row) {
  if (!begin()) return;
  const auto& p = row.point;
  insert_position_.reset();
  insert_position_.bind(1, row.mmsi)
      .bind(2, p.time_ms)
      .bind(3, p.lat_e7)
      .bind(4, p.lon_e7)
      .bind(5, static_cast<int>(p.sog_dkn))
      .bind(6, static_cast<int>(p.cog_ddeg))
      .bind(7, static_cast<int>(p.heading))
      .bind(8, static_cast<int>(p.nav_status))
      .bind(9, static_cast<int>(p.flags))
      .bind(10, row.marking);
  if (!step_done(insert_position_, "position")) return;
  if (sqlite3_changes(db_.handle()) == 0) return;  // already stored (the same report replayed)

  if (!chunker_.knows(row.mmsi)) {
    std::optional<track::TrackPoint> prev = previous_report(row.mmsi, p.time_ms);
    chunker_.add(row.mmsi, p, prev ? &*prev : nullptr);
  } else {
    chunker_.add(row.mmsi, p, nullptr);
  }
  auto& seen = touched_[row.mmsi];
  if (seen.first == 0 || p.time_ms < seen.first) seen.first = p.time_ms;
  seen.last = std::max(seen.last, p.time_ms);
  seen.marking = row.marking;
  latest_ms_ = std::max(latest_ms_, p.time_ms);
  after_row();
}

void SqliteStore::put_vessel(const VesselRow& row) {
  if (!begin()) return;
  const VesselRow* before = cached_vessel(row.mmsi);
  if (!write_status_.ok()) return;
  if (before != nullptr && before->statics.updated_ms <= row.statics.updated_ms) {
    for (const auto& c : static_changes(before->statics, row.statics)) {
      insert_change_.reset();
      insert_change_.bind(1, row.mmsi).bind(2, row.statics.updated_ms).bind(3, c.field).bind(4, c.old_value).bind(5, c.new_value);
      if (!step_done(insert_change_, "vessel change")) return;
    }
  }
  const auto& s = row.statics;
  upsert_vessel_.reset();
  upsert_vessel_.bind(1, row.mmsi)
      .bind(2, static_cast<int>(row.cls))
      .bind(3, s.imo)
      .bind(4, s.callsign.view())
      .bind(5, s.name.view())
      .bind(6, static_cast<int>(s.shiptype))
      .bind(7, static_cast<int>(s.dim.to_bow))
      .bind(8, static_cast<int>(s.dim.to_stern))
      .bind(9, static_cast<int>(s.dim.to_port))
      .bind(10, static_cast<int>(s.dim.to_starboard))
      .bind(11, s.destination.view())
      .bind(12, static_cast<int>(s.draught_dm))
      .bind(13, s.updated_ms)
      .bind(14, row.first_seen_ms)
      .bind(15, row.last_seen_ms)
      .bind(16, row.marking);
  if (!step_done(upsert_vessel_, "vessel")) return;
  remember_vessel(row);
  after_row();
}

void SqliteStore::put_alert(const alert::Alert& a) {
  if (!begin()) return;
  const char* status = a.state == alert::AlertState::kRetracted ? "retracted" : "open";
  std::string mmsi_text = join_mmsi(a.mmsi);
  upsert_alert_.reset();
  upsert_alert_.bind(1, a.id)
      .bind(2, a.kind)
      .bind(3, std::string_view(status))
      .bind(4, to_unix_ms(a.time))
      .bind(5, to_unix_ms(a.first_time))
      .bind(6, mmsi_text);
  if (a.asset) {
    upsert_alert_.bind(7, *a.asset);
  } else {
    upsert_alert_.bind_null(7);
  }
  upsert_alert_.bind(8, a.pos.lat)
      .bind(9, a.pos.lon)
      .bind(10, a.score)
      .bind(11, std::string_view(alert::to_string(a.severity)))
      .bind(12, a.summary)
      .bind(13, alert::to_json_line(a))
      .bind(14, a.marking.owner)
      .bind(15, join_codes(a.marking.releasable_to));
  if (!step_done(upsert_alert_, "alert")) return;
  for (uint32_t m : a.mmsi) {
    insert_alert_mmsi_.reset();
    insert_alert_mmsi_.bind(1, m).bind(2, a.id);
    if (!step_done(insert_alert_mmsi_, "alert vessel")) return;
  }
  const char* event = a.state == alert::AlertState::kOpen      ? "opened"
                      : a.state == alert::AlertState::kUpdate  ? "updated"
                                                               : "retracted";
  insert_alert_event_.reset();
  insert_alert_event_.bind(1, a.id)
      .bind(2, to_unix_ms(a.time))
      .bind(3, std::string_view(event))
      .bind(4, std::string_view("lookout"))
      .bind(5, "score " + std::to_string(a.score));
  if (!step_done(insert_alert_event_, "alert event")) return;
  after_row();
}

void SqliteStore::add_audit(const AuditRow& row) {
  if (!begin()) return;
  insert_audit_.reset();
  insert_audit_.bind(1, row.time_ms)
      .bind(2, row.principal)
      .bind(4, row.action)
      .bind(5, row.target)
      .bind(6, row.outcome)
      .bind(7, row.status)
      .bind(8, row.role)
      .bind(9, row.remote);
  if (row.nation) {
    insert_audit_.bind(3, *row.nation);
  } else {
    insert_audit_.bind_null(3);
  }
  if (!step_done(insert_audit_, "audit")) return;
  after_row();
}

Status SqliteStore::commit() {
  if (!write_status_.ok()) return write_status_;
  if (!in_tx_) return {};
  flush_side_tables();
  if (!write_status_.ok()) {
    (void)db_.exec("ROLLBACK");
    in_tx_ = false;
    return write_status_;
  }
  Status s = db_.exec("COMMIT");
  in_tx_ = false;
  rows_in_tx_ = 0;
  if (!s.ok()) {
    write_status_ = s;
    (void)db_.exec("ROLLBACK");
  }
  return s;
}

Status SqliteStore::ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                            std::string_view comment, int64_t time_ms) {
  Status s = commit();
  if (!s.ok()) return s;
  auto found = alert(id);
  if (!found.ok()) return found.status();
  const auto& current = *found;
  if (!current) return Status::not_found("alert " + std::string(id) + " not found");
  if (current->status == AlertStatus::kRetracted) return Status::invalid_argument("alert " + std::string(id) + " was retracted");
  if (current->status == AlertStatus::kAcknowledged) return Status::invalid_argument("alert " + std::string(id) + " is already acknowledged");
  if (!begin()) return write_status_;
  ack_alert_.reset();
  ack_alert_.bind(1, principal).bind(2, nation).bind(3, time_ms).bind(4, comment).bind(5, id);
  step_done(ack_alert_, "acknowledge");
  insert_alert_event_.reset();
  insert_alert_event_.bind(1, id).bind(2, time_ms).bind(3, std::string_view("acknowledged")).bind(4, principal).bind(5, comment);
  step_done(insert_alert_event_, "alert event");
  return commit();
}

std::optional<track::TrackPoint> SqliteStore::previous_report(uint32_t mmsi, int64_t before_ms) {
  previous_position_.reset();
  previous_position_.bind(1, mmsi).bind(2, before_ms);
  std::optional<track::TrackPoint> out;
  Status s = each_row(previous_position_, "the previous report",
                      [&] { out = position_from(previous_position_, mmsi).point; });
  if (!s.ok() && write_status_.ok()) write_status_ = s;
  return out;
}

const VesselRow* SqliteStore::cached_vessel(uint32_t mmsi) {
  if (auto it = vessel_cache_.find(mmsi); it != vessel_cache_.end()) return &it->second;
  auto found = vessel(mmsi);
  if (!found.ok()) {
    // Without the stored row the changes cannot be told; the write stops.
    if (write_status_.ok()) write_status_ = found.status();
    return nullptr;
  }
  const auto& stored = *found;
  if (!stored || stored->statics.updated_ms == 0) return nullptr;
  return &remember_vessel(*stored);
}

const VesselRow& SqliteStore::remember_vessel(const VesselRow& row) {
  if (vessel_cache_.size() >= options_.vessel_cache_max && !vessel_cache_.contains(row.mmsi)) vessel_cache_.clear();
  return vessel_cache_[row.mmsi] = row;
}

void SqliteStore::flush_side_tables() {
  chunk_rows_.clear();
  chunker_.take_dirty(chunk_rows_);
  for (const auto& c : chunk_rows_) {
    upsert_chunk_.reset();
    upsert_chunk_.bind(1, c.id)
        .bind(2, c.min_lon)
        .bind(3, c.max_lon)
        .bind(4, c.min_lat)
        .bind(5, c.max_lat)
        .bind(6, minutes(c.from_ms))
        .bind(7, minutes(c.to_ms))
        .bind(8, c.mmsi)
        .bind(9, c.points);
    if (!step_done(upsert_chunk_, "track chunk")) return;
  }
  for (const auto& [mmsi, seen] : touched_) {
    touch_vessel_.reset();
    touch_vessel_.bind(1, mmsi).bind(2, seen.first).bind(3, seen.last).bind(4, seen.marking);
    if (!step_done(touch_vessel_, "vessel")) return;
  }
  touched_.clear();
  // Vessels silent for a day of event time release their open chunk.
  if (chunker_.open_chunks() > 4096) chunker_.evict_idle(latest_ms_ - 24LL * 3600 * 1000);
}

}  // namespace lookout::store::sqlite
