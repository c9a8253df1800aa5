// WriteBehindStore beyond the conformance suite (which runs it over both
// adapters): hand-off without waiting, back-pressure, ordering of an
// acknowledgement after its alert, the destructor writing what is left, and a
// failing writer reported instead of lost.
#include "store/write_behind_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "store_test_support.h"

namespace lookout::store {
namespace {

using testing::Adapter;
using testing::ScratchDir;
using testing::open_alert;

PositionRow row(uint32_t mmsi, int64_t t_s) {
  PositionRow r;
  r.mmsi = mmsi;
  r.point.time_ms = 1'700'000'000'000 + t_s * 1000;
  r.point.lat_e7 = 590000000 + static_cast<int32_t>(t_s);
  r.point.lon_e7 = 200000000;
  r.point.sog_dkn = 100;
  return r;
}

std::unique_ptr<Store> open_reader(const std::string& where) {
  StoreOptions ro;
  ro.read_only = true;
  std::string error;
  auto s = open_store(where, ro, error);
  EXPECT_NE(s, nullptr) << error;
  return s;
}

// Waits (bounded) until `pred` holds; a correctness check, not a timing one.
template <typename Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 2000; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

class WriteBehind : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    where_ = testing::fresh_store_location(Adapter::kSqlite, dir_, why);
    ASSERT_FALSE(where_.empty()) << why;
  }
  std::unique_ptr<WriteBehindStore> open(std::size_t max_queued) {
    std::string error;
    auto s = open_write_behind_store(where_, StoreOptions{}, max_queued, error);
    EXPECT_NE(s, nullptr) << error;
    return s;
  }
  ScratchDir dir_;
  std::string where_;
};

TEST_F(WriteBehind, SubmittedRowsBecomeVisibleWithoutCommit) {
  auto s = open(1'000'000);
  for (int i = 0; i < 1000; ++i) s->add_position(row(1, i));
  auto other = open_reader(where_);
  EXPECT_EQ(other->counts().value().positions, 0u);  // only buffered so far
  s->submit();
  EXPECT_TRUE(eventually([&] { return other->counts().value().positions == 1000u; }));
  EXPECT_TRUE(eventually([&] { return s->stats().queued_rows == 0; }));
  EXPECT_EQ(s->stats().rows_written, 1000u);
  EXPECT_GE(s->stats().transactions, 1u);
  EXPECT_FALSE(s->stats().failed);
  // The store's own queries read through its reader connection.
  EXPECT_EQ(s->track(1, {0, 1'800'000'000'000}).value().size(), 1000u);
}

TEST_F(WriteBehind, BackPressureKeepsTheQueueBoundedAndLosesNothing) {
  auto s = open(100);
  uint64_t peak = 0;
  for (int b = 0; b < 200; ++b) {
    for (int i = 0; i < 50; ++i) s->add_position(row(static_cast<uint32_t>(2 + b % 7), b * 50 + i));
    s->submit();
    peak = std::max(peak, s->stats().queued_rows);
  }
  // A submit waits while 100 or more rows are queued, so at most one more
  // batch (50) can join them.
  EXPECT_LT(peak, 150u);
  ASSERT_TRUE(s->commit().ok());
  EXPECT_EQ(s->counts().value().positions, 10'000u);
}

TEST_F(WriteBehind, AnAcknowledgementFollowsItsAlertEvenUncommitted) {
  auto s = open(1'000'000);
  s->put_alert(open_alert("a-1"));
  // Neither submitted nor committed: the ack still finds it.
  auto st = s->ack_alert("a-1", "duty-officer", "FIN", "seen", 1'700'000'200'000);
  ASSERT_TRUE(st.ok()) << st.message();
  auto a = s->alert("a-1").value();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, AlertStatus::kAcknowledged);
  EXPECT_EQ(a->acked_by, "duty-officer");
  // Errors of the writing connection come back to the caller.
  EXPECT_FALSE(s->ack_alert("a-1", "duty-officer", "FIN", "again", 1'700'000'300'000).ok());
  EXPECT_FALSE(s->ack_alert("no-such", "duty-officer", "FIN", "", 1'700'000'300'000).ok());
  // An update of the acknowledged episode keeps it acknowledged.
  auto upd = open_alert("a-1");
  upd.state = alert::AlertState::kUpdate;
  upd.score = 80;
  s->put_alert(upd);
  ASSERT_TRUE(s->commit().ok());
  EXPECT_EQ(s->alert("a-1").value()->status, AlertStatus::kAcknowledged);
  EXPECT_EQ(s->alert("a-1").value()->score, 80);
}

TEST_F(WriteBehind, MarkingsAreInternedByTheWriter) {
  auto s = open(1'000'000);
  uint32_t a = s->intern_marking({"GBR", {"JEF"}});
  uint32_t b = s->intern_marking({"DNK", {}});
  EXPECT_NE(a, 0u);
  EXPECT_NE(a, b);
  EXPECT_EQ(s->intern_marking({"GBR", {"JEF"}}), a);
  EXPECT_EQ(s->intern_marking({}), 0u);
  auto m = s->marking(a).value();  // visible to the reader at once
  ASSERT_TRUE(m);
  EXPECT_EQ(m->owner, "GBR");
}

TEST_F(WriteBehind, TheDestructorWritesWhatIsLeft) {
  {
    auto s = open(1'000'000);
    for (int i = 0; i < 300; ++i) s->add_position(row(9, i));
    s->submit();
    for (int i = 300; i < 500; ++i) s->add_position(row(9, i));  // never submitted
    AuditRow r;
    r.time_ms = 1'700'000'000'000;
    r.principal = "tester";
    r.action = "GET /api/health";
    r.outcome = "ok";
    s->add_audit(r);
  }
  auto reader = open_reader(where_);
  EXPECT_EQ(reader->counts().value().positions, 500u);
  EXPECT_EQ(reader->counts().value().audit, 1u);
}

// A writer whose commits fail after the first: the failure is reported and
// sticks, and nothing waits forever.
class FailingWriter final : public Store {
 public:
  explicit FailingWriter(std::unique_ptr<Store> inner) : inner_(std::move(inner)) {}
  std::string_view adapter() const override { return inner_->adapter(); }
  int schema_version() override { return inner_->schema_version(); }
  uint32_t intern_marking(const Marking& m) override { return inner_->intern_marking(m); }
  void add_position(const PositionRow& r) override { inner_->add_position(r); }
  void put_vessel(const VesselRow& r) override { inner_->put_vessel(r); }
  void put_alert(const alert::Alert& a) override { inner_->put_alert(a); }
  void add_audit(const AuditRow& r) override { inner_->add_audit(r); }
  Status commit() override {
    if (++commits_ > 1) failed_ = Status::error("disk full (simulated)");
    return failed_.ok() ? inner_->commit() : failed_;
  }
  Status write_status() const override { return failed_; }
  Status ack_alert(std::string_view, std::string_view, std::string_view, std::string_view, int64_t) override {
    return failed_;
  }
  StatusOr<std::vector<Candidate>> candidates(const BBox& b, const TimeRange& w) override { return inner_->candidates(b, w); }
  StatusOr<std::vector<PositionRow>> track(uint32_t m, const TimeRange& w) override { return inner_->track(m, w); }
  StatusOr<std::vector<PositionRow>> visible_track(uint32_t m, const TimeRange& w, std::string_view n) override {
    return inner_->visible_track(m, w, n);
  }
  StatusOr<std::optional<VesselRow>> vessel(uint32_t m) override { return inner_->vessel(m); }
  StatusOr<std::vector<VesselChange>> vessel_changes(uint32_t m, const TimeRange& w) override {
    return inner_->vessel_changes(m, w);
  }
  StatusOr<std::optional<AlertRow>> alert(std::string_view id) override { return inner_->alert(id); }
  StatusOr<std::vector<AlertRow>> alerts(const AlertFilter& f) override { return inner_->alerts(f); }
  StatusOr<std::vector<AuditRow>> audit(const TimeRange& w, std::size_t l) override { return inner_->audit(w, l); }
  StatusOr<std::optional<Marking>> marking(uint32_t id) override { return inner_->marking(id); }
  StatusOr<StoreCounts> counts() override { return inner_->counts(); }
  StatusOr<std::vector<AuditRow>> audit_for_nation(const AuditFilter& f) override { return inner_->audit_for_nation(f); }

 private:
  std::unique_ptr<Store> inner_;
  int commits_ = 0;
  Status failed_;
};

TEST_F(WriteBehind, AFailedWriteIsReportedNotSwallowed) {
  std::string error;
  auto writer = open_store(where_, StoreOptions{}, error);
  ASSERT_NE(writer, nullptr) << error;
  WriteBehindStore s(std::make_unique<FailingWriter>(std::move(writer)), open_reader(where_), 10);
  s.add_position(row(5, 0));
  EXPECT_TRUE(s.commit().ok());
  for (int i = 1; i < 100; ++i) {
    s.add_position(row(5, i));
    s.submit();  // over the bound after the failure: must not block
  }
  auto st = s.commit();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("disk full"), std::string::npos);
  EXPECT_FALSE(s.write_status().ok());
  EXPECT_TRUE(s.stats().failed);
  EXPECT_EQ(s.counts().value().positions, 1u);
}

}  // namespace
}  // namespace lookout::store
