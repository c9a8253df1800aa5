// NationView: a store as one nation may read it. Reads answer only what is
// releasable to the nation (core/marking.h): a vessel's reports through
// visible_track, its static data when its row's marking is released, alerts
// filtered by the store. Code written for the whole store (the forensics of
// src/forensics/) run on a NationView answers an API caller without
// anything the caller may not see shaping the answer.
//
// A read view: its writes fail (the Status ones with kInvalidArgument) and
// change nothing. It holds a reference to the store it reads, which must
// outlive it; use it on the thread that owns that store.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "store/store.h"

namespace lookout::store {

class NationView final : public Store {
 public:
  NationView(Store& inner, std::string nation) : inner_(inner), nation_(std::move(nation)) {}

  std::string_view adapter() const override { return inner_.adapter(); }
  int schema_version() override { return inner_.schema_version(); }

  uint32_t intern_marking(const Marking& m) override;
  void add_position(const PositionRow& row) override;
  void put_vessel(const VesselRow& row) override;
  void put_alert(const alert::Alert& a) override;
  void add_audit(const AuditRow& row) override;
  Status commit() override;
  Status write_status() const override;
  Status ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                   std::string_view comment, int64_t time_ms) override;

  // Candidates name vessels only; their reports are read through track(),
  // which leaves out what the nation may not see.
  StatusOr<std::vector<Candidate>> candidates(const BBox& box, const TimeRange& window) override;
  StatusOr<std::vector<PositionRow>> track(uint32_t mmsi, const TimeRange& window) override;
  StatusOr<std::vector<PositionRow>> visible_track(uint32_t mmsi, const TimeRange& window,
                                                   std::string_view nation) override;
  StatusOr<std::optional<VesselRow>> vessel(uint32_t mmsi) override;
  StatusOr<std::vector<VesselChange>> vessel_changes(uint32_t mmsi, const TimeRange& window) override;
  StatusOr<std::optional<AlertRow>> alert(std::string_view id) override;
  StatusOr<std::vector<AlertRow>> alerts(const AlertFilter& filter) override;
  // The audit log is not the investigation's: nothing.
  StatusOr<std::vector<AuditRow>> audit(const TimeRange& window, std::size_t limit) override;
  StatusOr<std::vector<AuditRow>> audit_for_nation(const AuditFilter& filter) override;
  StatusOr<std::optional<Marking>> marking(uint32_t id) override;
  StatusOr<StoreCounts> counts() override;

 private:
  StatusOr<bool> visible(uint32_t marking_id);

  Store& inner_;
  std::string nation_;
  std::map<uint32_t, bool> visible_;  // marking id -> releasable to nation_
};

}  // namespace lookout::store
