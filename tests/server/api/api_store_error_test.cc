// Issue 16: when the history store cannot be read, the API answers 503 (busy,
// connection lost: try again) or 500 (damaged, failed), never a shorter list
// that looks complete, and its message says nothing of the store or of what
// was asked (the store's own text names files and may quote ids).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "geo/asset_index.h"
#include "server/api/api.h"
#include "server/api/auth.h"
#include "server/api/live_hub.h"
#include "server/api/node_view.h"
#include "store/store.h"
#include "tests/store/flaky_store_support.h"
#include "tests/store/store_test_support.h"

namespace lookout::server {
namespace {

using store::testing::FlakyStore;

constexpr const char* kToken = "issue-16-token";

// A node with no inputs: only its store matters here.
class StoreOnlyNode final : public NodeView {
 public:
  explicit StoreOnlyNode(store::Store& s) : store_(&s), assets_(std::vector<Asset>{}) {}
  std::string_view node_name() const override { return "test"; }
  Timestamp now() const override { return from_unix_ms(1'735'120'800'000); }
  std::vector<PartitionView> partitions() const override { return {}; }
  const AssetIndex& assets() const override { return assets_; }
  store::Store& store() override { return *store_; }
  void sync_store() override { (void)store_->commit(); }
  void write_metrics(std::string&, const Principal&) const override {}
  void use(store::Store& s) { store_ = &s; }

 private:
  store::Store* store_;
  AssetIndex assets_;
};

alert::Alert secret_alert() {
  alert::Alert a;
  a.id = "anchor_drag-230000001-secret";
  a.kind = "anchor_drag";
  a.state = alert::AlertState::kOpen;
  a.time = from_unix_ms(1'735'120'000'000);
  a.first_time = a.time;
  a.mmsi = {230000001};
  a.pos = {59.95, 25.97};
  a.score = 80;
  a.severity = alert::severity_for(80);
  a.summary = "Tanker slowed over Estlink 2";
  a.marking = {"DNK", {}};
  return a;
}

class ApiStoreError : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    real_ = store::open_store((dir_.path() / "h.db").string(), {}, error);
    ASSERT_NE(real_, nullptr) << error;
    real_->put_alert(secret_alert());
    ASSERT_TRUE(real_->commit().ok());
    node_ = std::make_unique<StoreOnlyNode>(*real_);
    tokens_.add({"dnk-admin", "DNK", Role::kAdmin}, sha256(kToken));
    hub_ = std::make_unique<LiveHub>(*node_);
    api_ = std::make_unique<Api>(*node_, tokens_, *hub_);
  }

  Response get(const std::string& path, std::vector<std::pair<std::string, std::string>> query = {}) {
    Request r;
    r.method = "GET";
    r.path = path;
    r.target = path;
    r.query = std::move(query);
    r.headers = {{"authorization", std::string("Bearer ") + kToken}};
    r.remote = "127.0.0.1:40000";
    return api_->handle(r);
  }

  // The answer to `path` with a store whose `read` fails with `failure`.
  Response failing(const std::string& path, FlakyStore::Read read, Status failure) {
    FlakyStore flaky(*real_, read, 0, std::move(failure));
    node_->use(flaky);
    Response r = get(path);
    node_->use(*real_);
    EXPECT_EQ(flaky.failures(), 1) << path;
    return r;
  }

  static void expect_says_nothing(const Response& r) {
    EXPECT_EQ(r.body.find("h.db"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("disk"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("locked"), std::string::npos) << r.body;
  }

  store::testing::ScratchDir dir_;
  std::unique_ptr<store::Store> real_;
  std::unique_ptr<StoreOnlyNode> node_;
  TokenBook tokens_;
  std::unique_ptr<LiveHub> hub_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiStoreError, ABusyStoreAnswers503WithRetryAfter) {
  ASSERT_EQ(get("/api/alerts").status, 200);
  Response r = failing("/api/alerts", FlakyStore::Read::kAlerts,
                       Status::busy("sqlite store h.db: reading alerts: database is locked"));
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("\"store_unavailable\""), std::string::npos) << r.body;
  bool retry = false;
  for (const auto& [name, value] : r.headers) retry = retry || name == "Retry-After";
  EXPECT_TRUE(retry);
  expect_says_nothing(r);
}

TEST_F(ApiStoreError, ALostConnectionAnswers503) {
  Response r = failing("/api/alerts/anchor_drag-230000001-secret", FlakyStore::Read::kAlert,
                       Status::unavailable("postgres store postgresql://db/x: server closed the connection"));
  EXPECT_EQ(r.status, 503);
  expect_says_nothing(r);
}

TEST_F(ApiStoreError, ADamagedStoreAnswers500AndNeverAShorterList) {
  Response track = failing("/api/vessels/230000001/track", FlakyStore::Read::kTrack,
                           Status::corruption("sqlite store h.db: reading a track: database disk image is malformed"));
  EXPECT_EQ(track.status, 500);
  EXPECT_NE(track.body.find("\"store_error\""), std::string::npos) << track.body;
  expect_says_nothing(track);

  Response audit = failing("/api/audit", FlakyStore::Read::kAudit,
                           Status::io_error("sqlite store h.db: reading the audit log: disk I/O error"));
  EXPECT_EQ(audit.status, 500);
  expect_says_nothing(audit);
}

TEST_F(ApiStoreError, AckOfAnAlertThatCannotBeReadIsNotAConflict) {
  Request r;
  r.method = "POST";
  r.path = r.target = "/api/alerts/anchor_drag-230000001-secret/ack";
  r.headers = {{"authorization", std::string("Bearer ") + kToken}};
  FlakyStore flaky(*real_, FlakyStore::Read::kAlert, 0, Status::busy("database is locked"));
  node_->use(flaky);
  Response resp = api_->handle(r);
  node_->use(*real_);
  EXPECT_EQ(resp.status, 503) << resp.body;
  // With the store back, the same acknowledgement goes through.
  resp = api_->handle(r);
  EXPECT_EQ(resp.status, 200) << resp.body;
}

}  // namespace
}  // namespace lookout::server
