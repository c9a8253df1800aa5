// PostgresStore's writes: rows buffered in memory until commit() (or
// StoreOptions::batch_rows of them), then written in one transaction, most
// through COPY; markings and acknowledgements are immediate.
#include <algorithm>
#include <string>
#include <utility>

#include "store/postgres/postgres_store_impl.h"
#include "store/store_text.h"

namespace lookout::store::pg {

namespace {

constexpr const char* kVesselColumns =
    "mmsi, cls, imo, callsign, name, shiptype, to_bow, to_stern, to_port, to_starboard, destination, draught_dm, "
    "static_updated, first_seen, last_seen, marking";

}  // namespace

uint32_t PostgresStore::intern_marking(const Marking& m) {
  if (m.owner.empty() && m.releasable_to.empty()) return 0;
  std::string rel = join_codes(m.releasable_to);
  std::string key = m.owner + "|" + rel;
  if (auto it = marking_ids_.find(key); it != marking_ids_.end()) return it->second;
  if (!writable()) return 0;
  std::vector<Param> params = {pg::clean_text(m.owner), pg::clean_text(rel)};
  // Immediate and idempotent: a marking row no position refers to is harmless.
  Result r = db_.exec_prepared("find_marking", params);
  if (r.ok() && r.rows() == 0) r = db_.exec_prepared("insert_marking", params);
  if (r.ok() && r.rows() == 0) r = db_.exec_prepared("find_marking", params);  // a concurrent writer won
  if (!r.ok() || r.rows() != 1) {
    fail(db_.error("writing a marking", &r));
    return 0;
  }
  auto id = static_cast<uint32_t>(r.i64(0, 0));
  marking_ids_.emplace(std::move(key), id);
  return id;
}

void PostgresStore::add_position(const PositionRow& row) {
  if (!writable()) return;
  positions_.push_back(row);
  after_row();
}

void PostgresStore::put_vessel(const VesselRow& row) {
  if (!writable()) return;
  const VesselRow* before = cached_vessel(row.mmsi);
  if (!write_status_.ok()) return;
  if (before != nullptr && before->statics.updated_ms <= row.statics.updated_ms) {
    for (auto& c : static_changes(before->statics, row.statics)) {
      changes_.push_back({row.mmsi, row.statics.updated_ms, std::move(c.field), std::move(c.old_value),
                          std::move(c.new_value)});
    }
  }
  // Within a batch the last report wins, and first/last seen span them all.
  auto [it, inserted] = vessel_puts_.try_emplace(row.mmsi, row);
  if (!inserted) {
    int64_t first = std::min(it->second.first_seen_ms, row.first_seen_ms);
    int64_t last = std::max(it->second.last_seen_ms, row.last_seen_ms);
    it->second = row;
    it->second.first_seen_ms = first;
    it->second.last_seen_ms = last;
  }
  remember_vessel(row);
  after_row();
}

void PostgresStore::put_alert(const alert::Alert& a) {
  if (!writable()) return;
  PendingAlert p;
  p.id = pg::clean_text(a.id);
  p.upsert = {p.id,
              pg::clean_text(a.kind),
              std::string(a.state == alert::AlertState::kRetracted ? "retracted" : "open"),
              num(to_unix_ms(a.time)),
              num(to_unix_ms(a.first_time)),
              join_mmsi(a.mmsi),
              a.asset ? Param(pg::clean_text(*a.asset)) : Param(),
              double_text(a.pos.lat),
              double_text(a.pos.lon),
              num(a.score),
              std::string(alert::to_string(a.severity)),
              pg::clean_text(a.summary),
              pg::clean_text(alert::to_json_line(a)),
              pg::clean_text(a.marking.owner),
              pg::clean_text(join_codes(a.marking.releasable_to))};
  p.mmsi = a.mmsi;
  const char* event = a.state == alert::AlertState::kOpen      ? "opened"
                      : a.state == alert::AlertState::kUpdate  ? "updated"
                                                               : "retracted";
  p.event = {p.id, num(to_unix_ms(a.time)), std::string(event), std::string("lookout"),
             "score " + std::to_string(a.score)};
  alerts_.push_back(std::move(p));
  after_row();
}

void PostgresStore::add_audit(const AuditRow& row) {
  if (!writable()) return;
  audit_.push_back(row);
  after_row();
}

Status PostgresStore::commit() {
  if (!write_status_.ok()) return write_status_;
  if (buffered_rows_ == 0) return {};
  Status s = flush();
  if (!s.ok()) {
    Result rollback = db_.exec("ROLLBACK");
    fail(s);
  }
  clear_buffers();
  return s;
}

Status PostgresStore::ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                              std::string_view comment, int64_t time_ms) {
  Status s = commit();
  if (!s.ok()) return s;
  auto found = alert(id);
  if (!found.ok()) return found.status();
  const auto& current = *found;
  std::string name(id);
  if (!current) return Status::not_found("alert " + name + " not found");
  if (current->status == AlertStatus::kRetracted) return Status::invalid_argument("alert " + name + " was retracted");
  if (current->status == AlertStatus::kAcknowledged) return Status::invalid_argument("alert " + name + " is already acknowledged");
  if (!writable()) return write_status_;
  std::string who = pg::clean_text(principal), note = pg::clean_text(comment), key = pg::clean_text(id);
  s = db_.run("BEGIN", "acknowledging an alert");
  if (!s.ok()) return s;
  Result r = db_.exec_prepared("ack_alert", {who, pg::clean_text(nation), num(time_ms), note, key});
  if (!r.ok()) {
    s = db_.error("acknowledging an alert", &r);
  } else if (r.affected() == 0) {
    // Someone else acknowledged it, or it was retracted, since we looked.
    s = Status::invalid_argument("alert " + name + " is no longer open");
  } else {
    r = db_.exec_prepared("insert_alert_event", {key, num(time_ms), std::string("acknowledged"), who, note});
    if (!r.ok()) s = db_.error("writing an alert event", &r);
  }
  if (s.ok()) return db_.run("COMMIT", "acknowledging an alert");
  Result rollback = db_.exec("ROLLBACK");
  return s;
}

Status PostgresStore::flush() {
  Status s = db_.run("BEGIN", "starting a transaction");
  if (s.ok() && !positions_.empty()) s = write_positions();
  if (s.ok()) s = write_chunks_and_seen();
  if (s.ok() && !vessel_puts_.empty()) s = write_vessels();
  if (s.ok() && !changes_.empty()) s = write_changes();
  if (s.ok() && !alerts_.empty()) s = write_alerts();
  if (s.ok() && !audit_.empty()) s = write_audit();
  if (s.ok()) s = db_.run("COMMIT", "committing");
  return s;
}

Status PostgresStore::write_vessels() {
  copy_.clear();
  for (const auto& [mmsi, row] : vessel_puts_) {
    const auto& s = row.statics;
    put(copy_, mmsi);
    put(copy_, static_cast<int>(row.cls));
    put(copy_, s.imo);
    put_text(copy_, s.callsign.view());
    put_text(copy_, s.name.view());
    put(copy_, static_cast<int>(s.shiptype));
    put(copy_, static_cast<int>(s.dim.to_bow));
    put(copy_, static_cast<int>(s.dim.to_stern));
    put(copy_, static_cast<int>(s.dim.to_port));
    put(copy_, static_cast<int>(s.dim.to_starboard));
    put_text(copy_, s.destination.view());
    put(copy_, static_cast<int>(s.draught_dm));
    put(copy_, s.updated_ms);
    put(copy_, row.first_seen_ms);
    put(copy_, row.last_seen_ms);
    put(copy_, row.marking, '\n');
  }
  Status st = db_.copy_in(std::string("COPY stage_vessels(") + kVesselColumns + ") FROM STDIN", copy_,
                          "writing vessels");
  if (!st.ok()) return st;
  return db_.run(
      std::string("INSERT INTO vessels(") + kVesselColumns + ") SELECT " + kVesselColumns +
          " FROM stage_vessels ON CONFLICT(mmsi) DO UPDATE SET cls = excluded.cls, imo = excluded.imo, "
          "callsign = excluded.callsign, name = excluded.name, shiptype = excluded.shiptype, to_bow = "
          "excluded.to_bow, to_stern = excluded.to_stern, to_port = excluded.to_port, to_starboard = "
          "excluded.to_starboard, destination = excluded.destination, draught_dm = excluded.draught_dm, "
          "static_updated = excluded.static_updated, first_seen = least(vessels.first_seen, "
          "excluded.first_seen), last_seen = greatest(vessels.last_seen, excluded.last_seen), marking = "
          "excluded.marking",
      "writing vessels");
}

Status PostgresStore::write_changes() {
  copy_.clear();
  for (const auto& c : changes_) {
    put(copy_, c.mmsi);
    put(copy_, c.time_ms);
    put_text(copy_, c.field);
    put_text(copy_, c.old_value);
    put_text(copy_, c.new_value, '\n');
  }
  return db_.copy_in("COPY vessel_changes(mmsi, t, field, old_value, new_value) FROM STDIN", copy_,
                     "writing vessel changes");
}

Status PostgresStore::write_alerts() {
  for (const auto& a : alerts_) {
    Result r = db_.exec_prepared("upsert_alert", a.upsert);
    if (!r.ok()) return db_.error("writing an alert", &r);
    for (uint32_t m : a.mmsi) {
      r = db_.exec_prepared("insert_alert_mmsi", {num(m), a.id});
      if (!r.ok()) return db_.error("writing an alert vessel", &r);
    }
    r = db_.exec_prepared("insert_alert_event", a.event);
    if (!r.ok()) return db_.error("writing an alert event", &r);
  }
  return {};
}

Status PostgresStore::write_audit() {
  copy_.clear();
  for (const auto& a : audit_) {
    put(copy_, a.time_ms);
    put_text(copy_, a.principal);
    if (a.nation) {
      put_text(copy_, *a.nation);
    } else {
      copy_ += "\\N\t";  // NULL
    }
    put_text(copy_, a.action);
    put_text(copy_, a.target);
    put_text(copy_, a.outcome);
    put(copy_, a.status);
    put_text(copy_, a.role);
    put_text(copy_, a.remote, '\n');
  }
  return db_.copy_in("COPY audit(t, principal, nation, action, target, outcome, status, role, remote) FROM STDIN",
                     copy_, "writing audit rows");
}

const VesselRow* PostgresStore::cached_vessel(uint32_t mmsi) {
  if (auto it = vessel_cache_.find(mmsi); it != vessel_cache_.end()) return &it->second;
  auto found = vessel(mmsi);
  if (!found.ok()) {
    // Without the stored row the changes cannot be told; the write stops.
    fail(found.status());
    return nullptr;
  }
  const auto& stored = *found;
  if (!stored || stored->statics.updated_ms == 0) return nullptr;
  return &remember_vessel(*stored);
}

const VesselRow& PostgresStore::remember_vessel(const VesselRow& row) {
  if (vessel_cache_.size() >= options_.vessel_cache_max && !vessel_cache_.contains(row.mmsi)) vessel_cache_.clear();
  return vessel_cache_[row.mmsi] = row;
}

}  // namespace lookout::store::pg
