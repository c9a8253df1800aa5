// FlakyStore: a Store decorator over a real store whose reads of one kind
// fail after a given number of them have been answered, with a chosen
// Status (kIoError for a disk that went bad, kBusy for a locked store, ...).
// For the callers' tests (forensics, the API): a store read error must reach
// them as an error, never as a shorter answer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace lookout::store::testing {

class FlakyStore final : public Store {
 public:
  enum class Read { kNone, kCandidates, kTrack, kVessel, kAlert, kAlerts, kAudit, kMarking };

  // Reads of kind `fail` error with `failure` once `pass` of them were answered.
  FlakyStore(Store& inner, Read fail, int pass,
             Status failure = Status::io_error("sqlite store h.db: reading: disk I/O error"))
      : inner_(inner), fail_(fail), pass_(pass), failure_(std::move(failure)) {}

  std::string_view adapter() const override { return inner_.adapter(); }
  int schema_version() override { return inner_.schema_version(); }
  uint32_t intern_marking(const Marking& m) override { return inner_.intern_marking(m); }
  void add_position(const PositionRow& r) override { inner_.add_position(r); }
  void put_vessel(const VesselRow& r) override { inner_.put_vessel(r); }
  void put_alert(const alert::Alert& a) override { inner_.put_alert(a); }
  void add_audit(const AuditRow& r) override { inner_.add_audit(r); }
  Status commit() override { return inner_.commit(); }
  Status write_status() const override { return inner_.write_status(); }
  Status ack_alert(std::string_view id, std::string_view p, std::string_view n, std::string_view c,
                   int64_t t) override {
    return inner_.ack_alert(id, p, n, c, t);
  }
  StatusOr<std::vector<Candidate>> candidates(const BBox& b, const TimeRange& w) override {
    if (trip(Read::kCandidates)) return failure_;
    return inner_.candidates(b, w);
  }
  StatusOr<std::vector<PositionRow>> track(uint32_t m, const TimeRange& w) override {
    if (trip(Read::kTrack)) return failure_;
    return inner_.track(m, w);
  }
  StatusOr<std::vector<PositionRow>> visible_track(uint32_t m, const TimeRange& w, std::string_view n) override {
    if (trip(Read::kTrack)) return failure_;
    return inner_.visible_track(m, w, n);
  }
  StatusOr<std::optional<VesselRow>> vessel(uint32_t m) override {
    if (trip(Read::kVessel)) return failure_;
    return inner_.vessel(m);
  }
  StatusOr<std::vector<VesselChange>> vessel_changes(uint32_t m, const TimeRange& w) override {
    return inner_.vessel_changes(m, w);
  }
  StatusOr<std::optional<AlertRow>> alert(std::string_view id) override {
    if (trip(Read::kAlert)) return failure_;
    return inner_.alert(id);
  }
  StatusOr<std::vector<AlertRow>> alerts(const AlertFilter& f) override {
    if (trip(Read::kAlerts)) return failure_;
    return inner_.alerts(f);
  }
  StatusOr<std::vector<AuditRow>> audit(const TimeRange& w, std::size_t l) override {
    if (trip(Read::kAudit)) return failure_;
    return inner_.audit(w, l);
  }
  StatusOr<std::vector<AuditRow>> audit_for_nation(const AuditFilter& f) override {
    if (trip(Read::kAudit)) return failure_;
    return inner_.audit_for_nation(f);
  }
  StatusOr<std::optional<Marking>> marking(uint32_t id) override {
    if (trip(Read::kMarking)) return failure_;
    return inner_.marking(id);
  }
  StatusOr<StoreCounts> counts() override { return inner_.counts(); }

  // Reads refused so far.
  int failures() const { return failures_; }

 private:
  bool trip(Read r) {
    if (r != fail_) return false;
    if (seen_++ < pass_) return false;
    ++failures_;
    return true;
  }

  Store& inner_;
  Read fail_;
  int pass_;
  Status failure_;
  int seen_ = 0;
  int failures_ = 0;
};

}  // namespace lookout::store::testing
