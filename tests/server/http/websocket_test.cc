// The WebSocket side of the server core over real sockets on 127.0.0.1:
// refused and accepted upgrades, messages both ways, a client too slow to
// keep up dropped while another keeps receiving, a stream paced by drained
// notifications through a small queue, floods, oversized and binary
// messages, dead peers, and the LiveClient/LiveConnection lifetimes.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server/http/server.h"
#include "tests/server/http/http_test_support.h"

namespace lookout::server {
namespace {

using testing::Client;
using testing::get_request;
using testing::http_once;
using testing::TestServer;
using testing::wait_until;
using testing::WsFrame;

class NullHandler : public Handler {
 public:
  Response handle(const Request&) override { return json_error(404, "not_found", "no such item"); }
};

// Accepts upgrades that carry an Authorization header; each client echoes
// "echo:..." messages, closes on "close", and counts what it gets.
class TestLive : public LiveHandler {
 public:
  class Client : public LiveClient {
   public:
    Client(TestLive& owner, LiveConnection& connection, std::string name)
        : owner_(owner), connection_(connection), name_(std::move(name)) {
      owner_.clients.insert(this);
    }
    ~Client() override {
      owner_.clients.erase(this);
      // Using the connection from the destructor is allowed and a no-op.
      connection_.send(std::make_shared<const std::string>("too late"));
      ++owner_.destroyed;
    }
    void on_message(std::string_view text) override {
      ++owner_.messages;
      if (text.substr(0, 5) == "echo:") connection_.send(std::make_shared<const std::string>(text));
      if (text == "close") connection_.close(4000, "bye");
      if (text == "throw") throw std::runtime_error("boom");
      if (text == "big") connection_.send(std::make_shared<const std::string>(std::string(40000, 'x')));
      if (text.substr(0, 7) == "stream:") {
        stream_left_ = std::stoi(std::string(text.substr(7)));
        stream_next_ = 0;
        pump();
      }
      if (text == "burst") {
        // Ten map batches, then two alerts: the alerts overtake the batches
        // not yet begun and keep their own order.
        for (int i = 0; i < 10; ++i) connection_.send(std::make_shared<const std::string>("batch" + std::to_string(i)));
        connection_.send_urgent(std::make_shared<const std::string>("alert0"));
        connection_.send_urgent(std::make_shared<const std::string>("alert1"));
      }
    }
    void on_drained() override {
      ++owner_.drained;
      pump();
    }
    LiveConnection& connection() { return connection_; }
    const std::string& name() const { return name_; }

   private:
    // "stream:N": N messages of 16 KiB ("s<seq>:" then padding), queued
    // only while at most 32 KiB wait, the rest on each on_drained().
    void pump() {
      constexpr std::size_t kLow = 32 * 1024, kSize = 16 * 1024;
      while (stream_left_ > 0 && !connection_.closing() && connection_.queued_bytes() <= kLow) {
        std::string m = "s" + std::to_string(stream_next_++) + ":";
        m.resize(kSize, '.');
        connection_.send(std::make_shared<const std::string>(std::move(m)));
        owner_.max_queued = std::max<std::size_t>(owner_.max_queued, connection_.queued_bytes());
        --stream_left_;
      }
      if (stream_left_ > 0) connection_.notify_drained(kLow);
    }

    TestLive& owner_;
    LiveConnection& connection_;
    std::string name_;
    int stream_left_ = 0;
    int stream_next_ = 0;
  };

  std::variant<Response, std::unique_ptr<LiveClient>> open(const Request& request,
                                                           LiveConnection& connection) override {
    if (!request.header("authorization")) return json_error(401, "unauthenticated", "a valid bearer token is required");
    auto client = std::make_unique<Client>(*this, connection, std::string(request.param("name").value_or("")));
    connection.send(std::make_shared<const std::string>(R"({"type":"hello"})"));  // before the handshake ends
    ++opened;
    return client;
  }

  Client* find(const std::string& name) {
    for (Client* c : clients) {
      if (c->name() == name) return c;
    }
    return nullptr;
  }

  std::set<Client*> clients;  // io thread only
  std::atomic<int> opened{0};
  std::atomic<int> destroyed{0};
  std::atomic<int> messages{0};
  std::atomic<int> drained{0};
  std::atomic<std::size_t> max_queued{0};
};

constexpr const char* kAuth = "Authorization: Bearer test-token\r\n";

ServerOptions ws_options() {
  ServerOptions o;
  o.header_timeout = std::chrono::seconds(10);
  o.ws_ping_interval = std::chrono::seconds(20);
  return o;
}

// Opens /api/live?name=NAME and reads the hello.
std::unique_ptr<Client> open_live(uint16_t port, const std::string& name) {
  auto client = std::make_unique<Client>(port);
  auto reply = client->ws_handshake("/api/live?name=" + name, kAuth);
  if (!reply || reply->status != 101) return nullptr;
  auto hello = client->ws_read();
  if (!hello || hello->payload != R"({"type":"hello"})") return nullptr;
  return client;
}

// Each test: a server with the echoing TestLive, started with ws_options()
// or the options the test sets.
class HttpWebSocket : public ::testing::Test {
 protected:
  bool start(const ServerOptions& options = ws_options()) {
    server = std::make_unique<TestServer>(options, handler, &live);
    return server->ok();
  }

  NullHandler handler;
  TestLive live;
  std::unique_ptr<TestServer> server;  // first to go
};

TEST_F(HttpWebSocket, RefusedUpgradeIsAnHttpAnswer) {
  ASSERT_TRUE(start()) << server->error();
  Client client(server->port());
  auto reply = client.ws_handshake("/api/live");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 401);
  EXPECT_EQ(reply->header("content-type"), "application/json");
  EXPECT_EQ(reply->body, R"({"error":{"status":401,"code":"unauthenticated","message":"a valid bearer token is required"}})");
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(live.opened, 0);
  // A plain GET of /api/live (no upgrade) goes to the Handler.
  auto plain = http_once(server->port(), get_request("/api/live"));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->status, 404);
  EXPECT_EQ(server->stats().websocket_total, 0u);
}

TEST_F(HttpWebSocket, MessagesFlowBothWays) {
  ASSERT_TRUE(start()) << server->error();
  auto client = open_live(server->port(), "a");
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->ws_send_text("echo:hi"));
  auto frame = client->ws_read();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->opcode, 1);
  EXPECT_EQ(frame->payload, "echo:hi");
  // A fragmented message arrives whole.
  ASSERT_TRUE(client->ws_send(1, "echo:fr", false));
  ASSERT_TRUE(client->ws_send(0, "agment", true));
  frame = client->ws_read();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->payload, "echo:fragment");
  EXPECT_EQ(server->stats().websocket_open, 1u);
  // The client closes; the server answers and the LiveClient goes.
  ASSERT_TRUE(client->ws_send(8, std::string("\x03\xe8", 2)));
  frame = client->ws_read();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->opcode, 8);
  EXPECT_TRUE(client->wait_closed());
  client.reset();  // Beast's teardown waits for our end to close too
  ASSERT_TRUE(wait_until([&] { return live.destroyed == 1; }));
  const ServerStats stats = server->stats();
  EXPECT_EQ(stats.websocket_open, 0u);
  EXPECT_EQ(stats.websocket_total, 1u);
  EXPECT_EQ(stats.ws_messages_in, 2u);
  EXPECT_EQ(stats.ws_messages_out, 3u);
  EXPECT_EQ(stats.connections_open, 0u);
}

TEST_F(HttpWebSocket, AMessageGoesOutAsOneFrame) {
  // A vessel slice of tens of KB is one frame (one write), not Beast's
  // default 4 KB fragments, each a write and a turn of the event loop.
  ASSERT_TRUE(start()) << server->error();
  auto client = open_live(server->port(), "a");
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->ws_send_text("big"));
  auto frame = client->ws_read();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->opcode, 1);
  EXPECT_TRUE(frame->fin);
  EXPECT_EQ(frame->payload, std::string(40000, 'x'));
}

TEST_F(HttpWebSocket, UrgentMessagesOvertakeQueuedOnes) {
  ASSERT_TRUE(start()) << server->error();
  auto client = open_live(server->port(), "u");
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->ws_send_text("burst"));
  std::vector<std::string> got;
  for (int i = 0; i < 12; ++i) {
    auto f = client->ws_read();
    ASSERT_TRUE(f.has_value());
    got.push_back(f->payload);
  }
  // At most the first batch was already being written when the alerts came.
  auto a0 = std::find(got.begin(), got.end(), "alert0") - got.begin();
  auto a1 = std::find(got.begin(), got.end(), "alert1") - got.begin();
  EXPECT_LE(a0, 1) << ::testing::PrintToString(got);
  EXPECT_EQ(a1, a0 + 1);
  // The batches keep their order around them.
  std::vector<std::string> batches;
  for (const auto& m : got) {
    if (m.rfind("batch", 0) == 0) batches.push_back(m);
  }
  ASSERT_EQ(batches.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(batches[static_cast<std::size_t>(i)], "batch" + std::to_string(i));
}

TEST_F(HttpWebSocket, ServerCloseAndSendAfterCloseAreSafe) {
  ASSERT_TRUE(start()) << server->error();
  auto client = open_live(server->port(), "a");
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->ws_send_text("close"));
  auto frame = client->ws_read();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->opcode, 8);
  EXPECT_EQ(frame->close_code(), 4000);
  EXPECT_EQ(frame->payload.substr(2), "bye");
  // While the close handshake is open, send() is a no-op.
  std::size_t queued = 1;
  bool closing = false;
  server->run([&] {
    if (TestLive::Client* c = live.find("a")) {
      c->connection().send(std::make_shared<const std::string>("ignored"));
      queued = c->connection().queued_bytes();
      closing = c->connection().closing();
    }
  });
  EXPECT_EQ(queued, 0u);
  EXPECT_TRUE(closing);
  ASSERT_TRUE(client->ws_send(8, std::string("\x0f\xa0", 2)));
  EXPECT_TRUE(client->wait_closed());
  client.reset();  // Beast's teardown waits for our end to close too
  ASSERT_TRUE(wait_until([&] { return live.destroyed == 1; }));
}

TEST_F(HttpWebSocket, AStreamPacedByDrainedNotificationsPassesASmallQueue) {
  // 400 messages of 16 KiB (6.4 MB) through a 64 KiB queue: the client
  // queues the next only when the core says the queue has drained, so a
  // client that reads - slowly at first - is never closed as too slow.
  ServerOptions options = ws_options();
  options.ws_max_queue_bytes = 64 * 1024;
  ASSERT_TRUE(start(options)) << server->error();
  auto client = open_live(server->port(), "s");
  ASSERT_TRUE(client);
  bool open_and_idle = false;
  server->run([&] { open_and_idle = !live.find("s")->connection().closing(); });
  EXPECT_TRUE(open_and_idle);
  ASSERT_TRUE(client->ws_send_text("stream:400"));
  auto first = client->ws_read();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->payload.substr(0, 3), "s0:");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a reader that pauses
  for (int i = 1; i < 400; ++i) {
    auto f = client->ws_read();
    ASSERT_TRUE(f.has_value()) << "message " << i;
    ASSERT_EQ(f->opcode, 1);
    ASSERT_EQ(f->payload.size(), 16u * 1024);
    ASSERT_EQ(f->payload.substr(0, f->payload.find(':') + 1), "s" + std::to_string(i) + ":");
  }
  const ServerStats stats = server->stats();
  EXPECT_EQ(stats.dropped_slow_clients, 0u);
  EXPECT_EQ(stats.websocket_open, 1u);
  EXPECT_GT(live.drained, 0);
  EXPECT_LE(live.max_queued, 48u * 1024);  // the mark plus one message
}

TEST_F(HttpWebSocket, SlowClientIsDroppedWhileOthersKeepReceiving) {
  ServerOptions options = ws_options();
  options.ws_max_queue_bytes = 256 * 1024;
  options.ws_close_timeout = std::chrono::milliseconds(500);
  ASSERT_TRUE(start(options)) << server->error();
  auto slow = open_live(server->port(), "slow");
  auto fast = open_live(server->port(), "fast");
  ASSERT_TRUE(slow && fast);

  std::atomic<bool> reading{true};
  std::atomic<int> received{0};
  std::thread reader([&] {
    while (reading) {
      auto frame = fast->ws_read();
      if (!frame) break;
      if (frame->opcode == 1) ++received;
    }
  });
  // Every millisecond, when the fast client has taken everything so far,
  // 32 KiB more to everyone: the fast one never falls behind, the slow one
  // (never reading) fills its socket buffers and then its queue.
  const auto message = std::make_shared<const std::string>(std::string(32 * 1024, 'x'));
  server->every(std::chrono::milliseconds(1), [&] {
    TestLive::Client* f = live.find("fast");
    if (f == nullptr) return false;
    if (f->connection().queued_bytes() == 0) {
      for (TestLive::Client* c : live.clients) c->connection().send(message);
    }
    return true;
  });
  EXPECT_TRUE(wait_until([&] { return server->stats().dropped_slow_clients == 1; }, std::chrono::seconds(60)));
  EXPECT_TRUE(wait_until([&] { return live.destroyed == 1; }));
  const int after_drop = received;
  EXPECT_TRUE(wait_until([&] { return received >= after_drop + 20; }));
  EXPECT_TRUE(slow->wait_closed());
  const ServerStats stats = server->stats();
  EXPECT_EQ(stats.dropped_slow_clients, 1u);
  EXPECT_EQ(stats.failure(HttpFailure::kWsTooSlow), 1u);
  EXPECT_EQ(stats.websocket_open, 1u);
  bool fast_still_there = false;
  server->run([&] { fast_still_there = live.find("fast") != nullptr; });
  EXPECT_TRUE(fast_still_there);
  EXPECT_TRUE(server->stop());  // closes the fast one too; its reader ends
  reading = false;
  reader.join();
  EXPECT_EQ(live.destroyed, 2);
}

TEST_F(HttpWebSocket, ClientFloodIsReadInOrder) {
  ASSERT_TRUE(start()) << server->error();
  auto client = open_live(server->port(), "flood");
  ASSERT_TRUE(client);
  std::thread writer([&] {
    for (int i = 0; i < 20000; ++i) {
      if (!client->ws_send_text("{\"subscribe\":{\"bbox\":[0,0,1,1]}}")) break;
    }
    client->ws_send_text("echo:done");
  });
  writer.join();
  auto frame = client->ws_read();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->payload, "echo:done");
  EXPECT_EQ(live.messages, 20001);
  auto reply = http_once(server->port(), get_request("/api/x"));  // others still served
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 404);
}

TEST_F(HttpWebSocket, OversizedMessageClosesWith1009) {
  ServerOptions options = ws_options();
  options.ws_max_message_bytes = 4096;
  ASSERT_TRUE(start(options)) << server->error();
  auto client = open_live(server->port(), "big");
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->ws_send_text(std::string(4096, 'a')));  // at the limit: fine
  ASSERT_TRUE(client->ws_send_text(std::string(8192, 'a')));
  auto frame = client->ws_read();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->opcode, 8);
  EXPECT_EQ(frame->close_code(), 1009);
  EXPECT_TRUE(client->wait_closed());
  client.reset();  // Beast's teardown waits for our end to close too
  ASSERT_TRUE(wait_until([&] { return live.destroyed == 1; }));
  EXPECT_EQ(live.messages, 1);
  EXPECT_EQ(server->stats().failure(HttpFailure::kWsMessageTooBig), 1u);
}

TEST_F(HttpWebSocket, BinaryMessageClosesWith1003) {
  ASSERT_TRUE(start()) << server->error();
  auto client = open_live(server->port(), "bin");
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->ws_send(2, std::string("\x00\x01\x02", 3)));
  auto frame = client->ws_read();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->opcode, 8);
  EXPECT_EQ(frame->close_code(), 1003);
  ASSERT_TRUE(client->ws_send(8, std::string("\x03\xeb", 2)));
  EXPECT_TRUE(client->wait_closed());
  client.reset();  // Beast's teardown waits for our end to close too
  ASSERT_TRUE(wait_until([&] { return live.destroyed == 1; }));
  EXPECT_EQ(live.messages, 0);
  EXPECT_EQ(server->stats().failure(HttpFailure::kWsBinary), 1u);
}

TEST_F(HttpWebSocket, ThrowingClientIsClosedWith1011) {
  ASSERT_TRUE(start()) << server->error();
  auto client = open_live(server->port(), "t");
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->ws_send_text("throw"));
  auto frame = client->ws_read();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->close_code(), 1011);
  EXPECT_EQ(server->stats().failure(HttpFailure::kHandlerError), 1u);
}

TEST_F(HttpWebSocket, DeadPeerIsDropped) {
  ServerOptions options = ws_options();
  options.ws_ping_interval = std::chrono::milliseconds(200);
  ASSERT_TRUE(start(options)) << server->error();
  auto client = open_live(server->port(), "dead");
  ASSERT_TRUE(client);
  // Never answers the pings (never reads): dropped, and its client destroyed.
  ASSERT_TRUE(wait_until([&] { return live.destroyed == 1; }));
  EXPECT_EQ(server->stats().failure(HttpFailure::kWsTimeout), 1u);
  EXPECT_TRUE(client->wait_closed());
}

TEST_F(HttpWebSocket, StopDestroysEveryLiveClient) {
  ASSERT_TRUE(start()) << server->error();
  auto a = open_live(server->port(), "a");
  auto b = open_live(server->port(), "b");
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(wait_until([&] { return server->stats().websocket_open == 2; }));
  EXPECT_TRUE(server->stop());
  EXPECT_EQ(live.destroyed, 2);
  EXPECT_TRUE(a->wait_closed());
  EXPECT_TRUE(b->wait_closed());
}

}  // namespace
}  // namespace lookout::server
