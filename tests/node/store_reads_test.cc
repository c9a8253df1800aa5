// Issue 16 item 4: the io thread never waits for the store. A live node on
// loopback whose store reader connections block every track read on a gate
// (a real SQLite file behind them): while a 31-day track request is held,
// other connections get /api/health, /api/vessels and the alert list, and
// the WebSocket keeps delivering alerts; when the gate opens the track
// arrives whole. An acknowledgement is read back at once by the next
// request (read-your-writes); one caller flooding track requests is refused
// with 429 (audited) while another caller is served; and the node stops
// with a read blocked and others queued, dropping their answers.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <atomic>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/node/node.h"
#include "server/api/auth.h"
#include "store/store.h"
#include "tests/server/http/http_test_support.h"
#include "tests/node/leak_support.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using server::testing::Client;
using server::testing::HttpReply;

constexpr uint32_t kEagleS = 518998950;
constexpr const char* kEagleSTrack = "/tests/scenarios/eagle_s_estlink2/track.nmea";
constexpr std::size_t kMorning = 1000;  // lines before any alert, Eagle S under way

// A gate the readers' track reads wait at while it is closed.
class Gate {
 public:
  void pass() {
    std::unique_lock lock(mu_);
    if (open_) return;
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return open_; });
    --waiting_;
  }
  void wait_waiting(int n) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return waiting_ >= n; });
  }
  void open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void close() {
    std::lock_guard lock(mu_);
    open_ = false;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int waiting_ = 0;
  bool open_ = true;
};

// A reader connection whose track reads pass the gate first.
class GatedStore final : public store::Store {
 public:
  GatedStore(std::unique_ptr<store::Store> inner, Gate& gate) : inner_(std::move(inner)), gate_(gate) {}
  std::string_view adapter() const override { return inner_->adapter(); }
  int schema_version() override { return inner_->schema_version(); }
  uint32_t intern_marking(const Marking& m) override { return inner_->intern_marking(m); }
  void add_position(const store::PositionRow& r) override { inner_->add_position(r); }
  void put_vessel(const store::VesselRow& r) override { inner_->put_vessel(r); }
  void put_alert(const alert::Alert& a) override { inner_->put_alert(a); }
  void add_audit(const store::AuditRow& r) override { inner_->add_audit(r); }
  Status commit() override { return inner_->commit(); }
  Status write_status() const override { return inner_->write_status(); }
  Status ack_alert(std::string_view id, std::string_view p, std::string_view n, std::string_view c,
                   int64_t t) override {
    return inner_->ack_alert(id, p, n, c, t);
  }
  StatusOr<std::vector<store::Candidate>> candidates(const store::BBox& b, const store::TimeRange& w) override {
    return inner_->candidates(b, w);
  }
  StatusOr<std::vector<store::PositionRow>> track(uint32_t m, const store::TimeRange& w) override {
    gate_.pass();
    return inner_->track(m, w);
  }
  StatusOr<std::vector<store::PositionRow>> visible_track(uint32_t m, const store::TimeRange& w,
                                                          std::string_view n) override {
    gate_.pass();
    return inner_->visible_track(m, w, n);
  }
  StatusOr<std::optional<store::VesselRow>> vessel(uint32_t m) override { return inner_->vessel(m); }
  StatusOr<std::vector<store::VesselChange>> vessel_changes(uint32_t m, const store::TimeRange& w) override {
    return inner_->vessel_changes(m, w);
  }
  StatusOr<std::optional<store::AlertRow>> alert(std::string_view id) override { return inner_->alert(id); }
  StatusOr<std::vector<store::AlertRow>> alerts(const store::AlertFilter& f) override { return inner_->alerts(f); }
  StatusOr<std::vector<store::AuditRow>> audit(const store::TimeRange& w, std::size_t l) override {
    return inner_->audit(w, l);
  }
  StatusOr<std::vector<store::AuditRow>> audit_for_nation(const store::AuditFilter& f) override {
    return inner_->audit_for_nation(f);
  }
  StatusOr<std::optional<Marking>> marking(uint32_t id) override { return inner_->marking(id); }
  StatusOr<store::StoreCounts> counts() override { return inner_->counts(); }

 private:
  std::unique_ptr<store::Store> inner_;
  Gate& gate_;
};

struct Caller {
  std::string name, nation, token;
  server::Role role;
};

class StoreReads : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = leak::fresh_test_dir("lookout-reads");
    NodeConfig c;
    c.name = "reads-test";
    c.nation = "DNK";
    c.store = (dir_ / "history.db").string();
    c.assets.push_back({std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson", {"DNK", {"NATO"}}});
    InputConfig dnk;
    dnk.name = "dnk-feed";
    dnk.kind = InputKind::kUdp;
    dnk.address = "127.0.0.1:0";
    dnk.marking = {"DNK", {}};
    c.inputs = {dnk};
    callers_ = {{"dnk-view", "DNK", server::new_token(), server::Role::kViewer},
                {"dnk-op", "DNK", server::new_token(), server::Role::kOperator},
                {"dnk-admin", "DNK", server::new_token(), server::Role::kAdmin}};
    for (const auto& k : callers_) {
      c.tokens.push_back({k.name, server::to_hex(server::sha256(k.token)), k.nation, k.role});
    }
    node_ = std::make_unique<Node>(c, io_);
    node_->wrap_store_readers([this](std::unique_ptr<store::Store> s) -> std::unique_ptr<store::Store> {
      return std::make_unique<GatedStore>(std::move(s), gate_);
    });
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
    ASSERT_TRUE(node_->start(error, "127.0.0.1:0")) << error;
    port_ = node_->http_port();
    io_thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    gate_.open();
    stop_node();
    node_.reset();
    fs::remove_all(dir_);
  }

  void stop_node() {
    if (!io_thread_.joinable()) return;
    boost::asio::post(io_, [this] {
      stopping_ = true;
      node_->stop();
      io_.stop();
    });
    io_thread_.join();
  }

  const std::string& token(const std::string& who) const {
    for (const auto& k : callers_) {
      if (k.name == who) return k.token;
    }
    throw std::runtime_error("no caller " + who);
  }

  static std::string request(const std::string& method, const std::string& target, const std::string& tok,
                             const std::string& body = "") {
    std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!tok.empty()) r += "Authorization: Bearer " + tok + "\r\n";
    if (!body.empty() || method == "POST") {
      r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    return r + "\r\n" + body;
  }

  // One request on a new connection, and its answer.
  std::optional<HttpReply> exchange(const std::string& method, const std::string& target, const std::string& who,
                                    const std::string& body = "") {
    Client c(port_);
    if (!c.connected() || !c.send(request(method, target, who.empty() ? "" : token(who), body))) return std::nullopt;
    return c.read_reply();
  }

  // Feeds lines [from, to) of the Eagle S recording (time-ordered; its
  // anchor drag is in the afternoon) on the io thread and returns once they
  // are in the picture.
  void feed(std::size_t from = 0, std::size_t to = SIZE_MAX) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      std::ifstream in(std::string(LOOKOUT_SOURCE_DIR) + kEagleSTrack);
      std::string line;
      for (std::size_t n = 0; n < to && std::getline(in, line); ++n) {
        if (n >= from) node_->ingest_line(0, line, node_->now());
      }
      done.set_value();
    });
    done.get_future().wait();
  }

  // The 31-day window around the recording.
  std::string track_target() const {
    return "/api/vessels/" + std::to_string(kEagleS) + "/track?from=2024-12-01T00:00:00Z&to=2024-12-31T00:00:00Z";
  }

  // The number the node's metrics give for `series` (as the node's admin).
  double metric(const std::string& series) {
    auto r = exchange("GET", "/metrics", "dnk-admin");
    if (!r || r->status != 200) return -1;
    auto at = r->body.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(r->body.substr(at + series.size() + 2));
  }

  // A track answer complete: as many times as coordinates, more than `min`.
  static void expect_whole_track(const HttpReply& r, std::size_t min) {
    ASSERT_EQ(r.status, 200) << r.body;
    const json j = json::parse(r.body);
    const auto& coords = j["geometry"]["coordinates"];
    EXPECT_GT(coords.size(), min);
    EXPECT_EQ(j["properties"]["times"].size(), coords.size());
    EXPECT_EQ(j["properties"]["mmsi"], kEagleS);
  }

  fs::path dir_;
  Gate gate_;  // before node_: its connections use it until they close
  std::vector<Caller> callers_;
  boost::asio::io_context io_;
  std::unique_ptr<Node> node_;
  std::thread io_thread_;
  std::atomic<bool> stopping_{false};
  uint16_t port_ = 0;
};

TEST_F(StoreReads, ABlockedTrackReadStallsNobodyElse) {
  feed(0, kMorning);
  // The track as the store has it now, for comparison.
  auto before = exchange("GET", track_target(), "dnk-view");
  ASSERT_TRUE(before);
  expect_whole_track(*before, 10);
  const std::size_t points = json::parse(before->body)["geometry"]["coordinates"].size();

  Client live(port_);
  auto up = live.ws_handshake("/api/live?access_token=" + token("dnk-op"));
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 101);

  gate_.close();
  Client held(port_);
  ASSERT_TRUE(held.send(request("GET", track_target(), token("dnk-view"))));
  gate_.wait_waiting(1);  // the read is on a reader thread, held

  auto health = exchange("GET", "/api/health", "");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto vessels = exchange("GET", "/api/vessels", "dnk-op");
  ASSERT_TRUE(vessels);
  ASSERT_EQ(vessels->status, 200) << vessels->body;
  EXPECT_GT(json::parse(vessels->body)["count"].get<int>(), 0);
  // A store read of another caller: the second reader thread answers it.
  auto alerts = exchange("GET", "/api/alerts", "dnk-op");
  ASSERT_TRUE(alerts);
  EXPECT_EQ(alerts->status, 200) << alerts->body;

  // The rest of the recording opens alerts; they reach the WebSocket.
  feed(kMorning);
  bool alert_seen = false;
  for (int frames = 0; frames < 10000 && !alert_seen; ++frames) {
    auto f = live.ws_read();
    ASSERT_TRUE(f) << "the live feed stopped";
    if (f->opcode != 1) continue;
    const json m = json::parse(f->payload);
    alert_seen = m["type"] == "alert" || m["type"] == "alerts";
  }
  EXPECT_TRUE(alert_seen);

  gate_.open();
  auto track = held.read_reply();
  ASSERT_TRUE(track);
  expect_whole_track(*track, points - 1);
}

TEST_F(StoreReads, AnAcknowledgementIsReadBackByTheNextRequest) {
  feed();
  auto list = exchange("GET", "/api/alerts?state=open", "dnk-op");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  const json open = json::parse(list->body)["alerts"];
  ASSERT_FALSE(open.empty());
  const std::string id = open[0]["id"];
  // One connection, three requests in a row: each answer must see the
  // writes of the ones before it, with no commit in between but the node's.
  Client c(port_);
  ASSERT_TRUE(c.send(request("POST", "/api/alerts/" + id + "/ack", token("dnk-op"), R"({"comment":"on it"})")));
  auto ack = c.read_reply();
  ASSERT_TRUE(ack);
  ASSERT_EQ(ack->status, 200) << ack->body;
  EXPECT_EQ(json::parse(ack->body)["status"], "acknowledged");
  ASSERT_TRUE(c.send(request("GET", "/api/alerts/" + id, token("dnk-op"))));
  auto got = c.read_reply();
  ASSERT_TRUE(got);
  ASSERT_EQ(got->status, 200) << got->body;
  EXPECT_EQ(json::parse(got->body)["status"], "acknowledged");
  EXPECT_EQ(json::parse(got->body)["ack"]["comment"], "on it");
  // The audit rows of those requests are buffered on the io thread; the
  // admin's read waits for them on its reader thread.
  ASSERT_TRUE(c.send(request("GET", "/api/audit?limit=5000", token("dnk-admin"))));
  auto audit = c.read_reply();
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->status, 200) << audit->body;
  int acks = 0, gets = 0;
  const json rows = json::parse(audit->body)["audit"];
  for (const auto& row : rows) {
    if (row["action"] == "POST /api/alerts/{id}/ack" && row["status"] == 200) ++acks;
    if (row["action"] == "GET /api/alerts/{id}" && row["status"] == 200) ++gets;
  }
  EXPECT_EQ(acks, 1);
  EXPECT_EQ(gets, 1);
}

TEST_F(StoreReads, AFloodingCallerIsRefusedWhileAnotherIsServed) {
  feed(0, kMorning);
  gate_.close();
  // dnk-view fills its queue: one read on a reader thread (a caller holds at
  // most one of the two), seven waiting behind it.
  std::vector<std::unique_ptr<Client>> held;
  for (int i = 0; i < 8; ++i) {
    held.push_back(std::make_unique<Client>(port_));
    ASSERT_TRUE(held.back()->send(request("GET", track_target(), token("dnk-view"))));
    if (i == 0) gate_.wait_waiting(1);
  }
  ASSERT_TRUE(server::testing::wait_until([&] { return metric("lookout_store_reads_queued") == 7; },
                                          std::chrono::seconds(30)));
  // The ninth and tenth: refused at once, with a reason and a retry hint.
  for (int i = 0; i < 2; ++i) {
    auto refused = exchange("GET", track_target(), "dnk-view");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 429) << refused->body;
    EXPECT_EQ(json::parse(refused->body)["error"]["code"], "too_many_requests");
    EXPECT_TRUE(refused->header("retry-after"));
  }
  // Another caller's store read is answered meanwhile.
  auto other = exchange("GET", "/api/alerts", "dnk-op");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200) << other->body;
  // And the refusals are in the audit log, as what they were.
  auto audit = exchange("GET", "/api/audit?limit=5000", "dnk-admin");
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->status, 200) << audit->body;
  int refusals = 0;
  const json rows = json::parse(audit->body)["audit"];
  for (const auto& row : rows) {
    if (row["action"] == "GET /api/vessels/{mmsi}/track" && row["status"] == 429) ++refusals;
  }
  EXPECT_EQ(refusals, 2);

  gate_.open();
  for (auto& c : held) {
    auto r = c->read_reply();
    ASSERT_TRUE(r);
    expect_whole_track(*r, 10);
  }
}

TEST_F(StoreReads, TheNodeStopsWithAReadBlockedAndOthersQueued) {
  feed(0, kMorning);
  gate_.close();
  Client first(port_), second(port_);
  ASSERT_TRUE(first.send(request("GET", track_target(), token("dnk-view"))));
  gate_.wait_waiting(1);
  ASSERT_TRUE(second.send(request("GET", track_target(), token("dnk-view"))));
  ASSERT_TRUE(server::testing::wait_until([&] { return metric("lookout_store_reads_queued") == 1; },
                                          std::chrono::seconds(30)));
  // stop() drops the queued read and waits for the running one, which the
  // gate holds: open it once the stop has begun.
  std::thread opener([&] {
    while (!stopping_) std::this_thread::yield();
    gate_.open();
  });
  stop_node();
  opener.join();
  // Neither connection gets an answer: they are closed.
  EXPECT_FALSE(first.read_reply());
  EXPECT_FALSE(second.read_reply());
}

}  // namespace
}  // namespace lookout::node
