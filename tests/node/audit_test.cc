// The audit log of a live node over real sockets: every class of request -
// those the HTTP core refuses before the API (400, 405, 408, 413, 431),
// static files, the API, WebSocket upgrades that fail and succeed, and each
// WebSocket client message - is written once, with the method and status
// the client saw, and an admin reads it: its own nation's callers and every
// attempt without a valid token, however many rows other nations write.
// Also: one address holding many idle connections cannot shut others out.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "app/node/node.h"
#include "server/api/api.h"
#include "server/api/auth.h"
#include "server/http/http.h"
#include "tests/server/http/http_test_support.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using server::testing::Client;
using server::testing::HttpReply;

struct Caller {
  std::string name, nation, token;
  server::Role role;
};

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lookout-audit-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "web");
    std::ofstream(dir_ / "web" / "index.html") << "<!doctype html><title>lookout</title>";
    config_.name = "audit-test";
    config_.store = (dir_ / "history.db").string();
    config_.web_root = (dir_ / "web").string();
    config_.header_timeout_ms = 1000;
    callers_ = {{"gbr-admin", "GBR", server::new_token(), server::Role::kAdmin},
                {"gbr-view", "GBR", server::new_token(), server::Role::kViewer},
                {"dnk-admin", "DNK", server::new_token(), server::Role::kAdmin},
                {"dnk-view", "DNK", server::new_token(), server::Role::kViewer}};
    for (const auto& k : callers_) {
      config_.tokens.push_back({k.name, server::to_hex(server::sha256(k.token)), k.nation, k.role});
    }
  }

  void TearDown() override {
    if (io_thread_.joinable()) {
      boost::asio::post(io_, [this] {
        node_->stop();
        io_.stop();
      });
      io_thread_.join();
    }
    node_.reset();
    fs::remove_all(dir_);
  }

  // Opens the node; with `serve`, also its HTTP server on 127.0.0.1 and an
  // io thread of its own.
  void start(bool serve) {
    node_ = std::make_unique<Node>(config_, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
    if (!serve) return;
    ASSERT_TRUE(node_->start(error, "127.0.0.1:0")) << error;
    port_ = node_->http_port();
    ASSERT_NE(port_, 0);
    io_thread_ = std::thread([this] { io_.run(); });
  }

  const std::string& token(const std::string& who) const {
    for (const auto& k : callers_) {
      if (k.name == who) return k.token;
    }
    throw std::runtime_error("no caller " + who);
  }

  // One raw request on a new connection, and the reply.
  std::optional<HttpReply> exchange(const std::string& bytes) {
    Client c(port_);
    if (!c.connected() || !c.send(bytes)) return std::nullopt;
    return c.read_reply();
  }

  std::string get(const std::string& target, const std::string& who) {
    std::string r = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!who.empty()) r += "Authorization: Bearer " + token(who) + "\r\n";
    return r + "\r\n";
  }

  // The audit log as `admin` reads it over HTTP.
  json audit_as(const std::string& admin) {
    auto reply = exchange(get("/api/audit?limit=5000", admin));
    EXPECT_TRUE(reply);
    if (!reply) return json::array();
    EXPECT_EQ(reply->status, 200) << reply->body;
    // nlohmann refuses invalid UTF-8: parsing is the check that all is valid.
    return json::parse(reply->body)["audit"];
  }

  // The one row whose target (or action) holds `tag`; null when none or several.
  static json row_with(const json& rows, const std::string& tag) {
    json found;
    int n = 0;
    for (const auto& r : rows) {
      if (r["target"].get<std::string>().find(tag) != std::string::npos) {
        found = r;
        ++n;
      }
    }
    return n == 1 ? found : json();
  }

  fs::path dir_;
  NodeConfig config_;
  std::vector<Caller> callers_;
  boost::asio::io_context io_;
  std::unique_ptr<Node> node_;
  std::thread io_thread_;
  uint16_t port_ = 0;
};

TEST_F(AuditTest, EveryClassOfRequestIsAuditedWithItsTrueMethodAndStatus) {
  start(true);
  // Expected: tag -> (action's method, status, caller or "" for none).
  struct Want {
    std::string method;
    int status;
    std::string principal;
  };
  std::map<std::string, Want> want;

  // 400: not HTTP (a header line without a colon), refused by the core.
  EXPECT_EQ(exchange("GET /x?tag=t-400 HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n")->status, 400);
  want["t-400"] = {"GET", 400, ""};
  // 400: a target that cannot be decoded, with raw bytes above 0x7E.
  EXPECT_EQ(exchange("GET /\xFF\xFE%zz?tag=t-target HTTP/1.1\r\nHost: x\r\n\r\n")->status, 400);
  want["t-target"] = {"GET", 400, ""};
  // 405 from the core: a method it does not take, by an authenticated caller.
  EXPECT_EQ(exchange("BREW /api/vessels?tag=t-405 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token("gbr-view") +
                     "\r\n\r\n")
                ->status,
            405);
  want["t-405"] = {"BREW", 405, "gbr-view"};
  // 405 from the API: DELETE on /api/audit stays DELETE.
  EXPECT_EQ(exchange("DELETE /api/audit?tag=t-delete HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                     token("gbr-admin") + "\r\n\r\n")
                ->status,
            405);
  want["t-delete"] = {"DELETE", 405, "gbr-admin"};
  // 413: a body over the limit (refused on its Content-Length).
  EXPECT_EQ(exchange("POST /api/alerts/a-1/ack?tag=t-413 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
                ->status,
            413);
  want["t-413"] = {"POST", 413, ""};
  // 431: a header over the limit.
  EXPECT_EQ(exchange("GET /api/vessels?tag=t-431 HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') +
                     "\r\n\r\n")
                ->status,
            431);
  want["t-431"] = {"GET", 431, ""};
  // 408: a request begun and never finished, dropped at the header deadline.
  {
    Client c(port_);
    ASSERT_TRUE(c.send("GET /api/vessels?tag=t-408 HTTP/1.1\r\nHost: x\r\n"));
    EXPECT_TRUE(c.wait_closed(std::chrono::seconds(30)));
  }
  want["t-408"] = {"GET", 408, ""};
  // Static files: one there, and an app route (index.html) whose path
  // decodes to invalid UTF-8.
  EXPECT_EQ(exchange(get("/index.html?tag=t-static", ""))->status, 200);
  want["t-static"] = {"GET", 200, ""};
  EXPECT_EQ(exchange(get("/caf%E9?tag=t-nofile", ""))->status, 200);
  want["t-nofile"] = {"GET", 200, ""};
  // The API, answered and refused (a bad token; a malformed Authorization).
  EXPECT_EQ(exchange(get("/api/vessels?tag=t-api&name=%FF%FE", "gbr-view"))->status, 200);
  want["t-api"] = {"GET", 200, "gbr-view"};
  EXPECT_EQ(exchange("GET /api/vessels?tag=t-badtoken HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\n\r\n")
                ->status,
            401);
  want["t-badtoken"] = {"GET", 401, ""};
  EXPECT_EQ(exchange("GET /api/me?tag=t-badscheme HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token("gbr-view") +
                     " extra\r\n\r\n")
                ->status,
            401);
  want["t-badscheme"] = {"GET", 401, ""};
  EXPECT_EQ(exchange(get("/api/health?tag=t-health", ""))->status, 200);
  want["t-health"] = {"GET", 200, ""};
  // WebSocket upgrades: refused by the API (no token), refused by the
  // handshake (no Sec-WebSocket-Key: Beast answers 400), and accepted.
  {
    Client c(port_);
    auto reply = c.ws_handshake("/api/live?tag=t-ws401");
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 401);
  }
  want["t-ws401"] = {"GET", 401, ""};
  {
    Client c(port_);
    ASSERT_TRUE(c.send("GET /api/live?tag=t-ws400&access_token=" + token("gbr-admin") +
                       " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Version: 13\r\n\r\n"));
    auto reply = c.read_reply();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 400);
  }
  want["t-ws400"] = {"GET", 400, "gbr-admin"};
  {
    Client c(port_);
    auto reply = c.ws_handshake("/api/live?tag=t-ws101&access_token=" + token("gbr-admin"));
    ASSERT_TRUE(reply);
    ASSERT_EQ(reply->status, 101);
    auto hello = c.ws_read();
    ASSERT_TRUE(hello);
    // Client messages: a subscription, a ping, a bad one, then a binary one
    // (refused by the core: close 1003).
    ASSERT_TRUE(c.ws_send_text(R"({"subscribe":{"bbox":[10,54,13,58]},"tag":"t-wssub"})"));
    ASSERT_TRUE(c.ws_send_text(R"({"ping":"t-wsping"})"));
    ASSERT_TRUE(c.ws_send_text(R"({"hello":"t-wsbad"})"));
    ASSERT_TRUE(c.ws_send(2, "t-wsbinary"));
    EXPECT_TRUE(c.wait_closed(std::chrono::seconds(30)));
  }
  want["t-ws101"] = {"GET", 101, "gbr-admin"};
  want["t-wssub"] = {"WS", 0, "gbr-admin"};
  want["t-wsping"] = {"WS", 0, "gbr-admin"};
  want["t-wsbad"] = {"WS", 0, "gbr-admin"};

  const json rows = audit_as("gbr-admin");
  for (const auto& [tag, w] : want) {
    const json r = row_with(rows, tag);
    ASSERT_FALSE(r.is_null()) << tag << " is not in the audit log exactly once:\n" << rows.dump(1);
    const std::string action = r["action"];
    EXPECT_EQ(action.substr(0, action.find(' ')), w.method) << r.dump();
    EXPECT_EQ(r["status"], w.status) << r.dump();
    EXPECT_NE(r["remote"].get<std::string>().find("127.0.0.1:"), std::string::npos) << r.dump();
    if (w.principal.empty()) {
      EXPECT_EQ(r["principal"], "anonymous") << r.dump();
      EXPECT_TRUE(r["nation"].is_null()) << r.dump();
      EXPECT_EQ(r["role"], "") << r.dump();
    } else {
      EXPECT_EQ(r["principal"], w.principal) << r.dump();
      EXPECT_EQ(r["nation"], "GBR") << r.dump();
    }
  }
  // The outcomes the client saw, not "ok" for a failed upgrade.
  EXPECT_EQ(row_with(rows, "t-ws400")["outcome"], "bad_request");
  EXPECT_EQ(row_with(rows, "t-ws101")["outcome"], "ok");
  EXPECT_EQ(row_with(rows, "t-408")["outcome"], "timeout");
  EXPECT_EQ(row_with(rows, "t-wsbad")["action"], "WS bad");
  EXPECT_EQ(row_with(rows, "t-wsbad")["outcome"], "bad_request");
  EXPECT_EQ(row_with(rows, "t-wssub")["action"], "WS subscribe");
  EXPECT_EQ(row_with(rows, "t-delete")["action"], "DELETE /api/audit");
  EXPECT_EQ(row_with(rows, "t-405")["role"], "viewer");
  // Text is stored as valid UTF-8: the target as sent, other bytes escaped;
  // a decoded path's bad byte as U+FFFD.
  EXPECT_EQ(row_with(rows, "t-target")["target"], "/%FF%FE%zz?tag=t-target");
  EXPECT_EQ(row_with(rows, "t-api")["target"], "/api/vessels?tag=t-api&name=%FF%FE");
  EXPECT_EQ(row_with(rows, "t-nofile")["action"], "GET /caf\xEF\xBF\xBD");
  // Tokens never reach the log.
  EXPECT_EQ(row_with(rows, "t-ws101")["target"], "/api/live?tag=t-ws101&access_token=<redacted>");
  for (const auto& r : rows) {
    for (const auto& k : callers_) EXPECT_EQ(r.dump().find(k.token), std::string::npos) << r.dump();
  }
  // The binary message, refused by the core.
  bool binary = false;
  for (const auto& r : rows) {
    if (r["action"] == "WS binary" && r["status"] == 1003 && r["principal"] == "gbr-admin") binary = true;
  }
  EXPECT_TRUE(binary) << rows.dump(1);

  // Denmark's admin sees the attempts without a token, and none of Britain's callers.
  const json dnk = audit_as("dnk-admin");
  EXPECT_FALSE(row_with(dnk, "t-400").is_null());
  EXPECT_FALSE(row_with(dnk, "t-badtoken").is_null());
  EXPECT_TRUE(row_with(dnk, "t-api").is_null());
  EXPECT_TRUE(row_with(dnk, "t-ws101").is_null());
  for (const auto& r : dnk) EXPECT_TRUE(r["nation"].is_null() || r["nation"] == "DNK") << r.dump();
}

TEST_F(AuditTest, AnAdminReadsItsNationsRowsWhateverAnotherNationWrote) {
  start(false);
  auto request = [](const std::string& target, const std::string& tok) {
    server::Request r;
    r.method = "GET";
    r.target = target;
    r.path = target.substr(0, target.find('?'));
    r.headers.emplace_back("authorization", "Bearer " + tok);
    r.remote = "127.0.0.1:40000";
    return r;
  };
  // Denmark's viewer writes 30,000 rows first; then one British request.
  const auto dnk = request("/api/me", token("dnk-view"));
  for (int i = 0; i < 30000; ++i) ASSERT_EQ(node_->api().handle(dnk).status, 200);
  ASSERT_EQ(node_->api().handle(request("/api/me?tag=gbr-needle", token("gbr-view"))).status, 200);
  auto r = node_->api().handle(request("/api/audit", token("gbr-admin")));
  ASSERT_EQ(r.status, 200) << r.body;
  const json rows = json::parse(r.body)["audit"];
  EXPECT_FALSE(row_with(rows, "gbr-needle").is_null()) << rows.dump(1);
  for (const auto& row : rows) EXPECT_EQ(row["nation"], "GBR") << row.dump();
  // Denmark's admin reads its newest rows first, 5,000 at most, and is told there are more.
  auto d = node_->api().handle(request("/api/audit", token("dnk-admin")));
  ASSERT_EQ(d.status, 200);
  const json page = json::parse(d.body);
  EXPECT_EQ(page["audit"].size(), 5000u);
  EXPECT_TRUE(page["more"].get<bool>());
  EXPECT_GE(page["audit"][0]["time"].get<std::string>(), page["audit"][4999]["time"].get<std::string>());
}

// A socket from `source` (a loopback address) connected to 127.0.0.1:port.
int connect_from(const char* source, uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, source, &local.sin_addr);
  sockaddr_in peer{};
  peer.sin_family = AF_INET;
  peer.sin_port = htons(port);
  peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&peer), sizeof peer) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

TEST_F(AuditTest, ManyIdleConnectionsFromOneAddressDoNotShutOthersOut) {
  // A long header deadline, so that only the per-address cap can let the
  // request below through.
  config_.header_timeout_ms = 120000;
  start(true);
  std::vector<int> idle;
  for (int i = 0; i < 1100; ++i) {
    int fd = connect_from("127.0.0.1", port_);
    ASSERT_GE(fd, 0) << "connection " << i;
    idle.push_back(fd);
  }
  // Those over the address's share are closed at once: wait for the server
  // to have seen all 1,100 (each closed one reads as EOF).
  auto closed = [&] {
    std::size_t n = 0;
    for (int fd : idle) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 0) == 1) ++n;
    }
    return n;
  };
  EXPECT_TRUE(server::testing::wait_until([&] { return closed() >= 1100 - 64; }));
  EXPECT_EQ(closed(), 1100u - 64u);
  // Another address, with a token: answered while the 64 still wait.
  int fd = connect_from("127.0.0.2", port_);
  ASSERT_GE(fd, 0) << "binding 127.0.0.2 failed";
  timeval tv{30, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const std::string req = get("/api/me", "gbr-view");
  ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  char buf[4096];
  const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  ASSERT_GT(n, 12);
  EXPECT_EQ(std::string(buf, 12), "HTTP/1.1 200");
  ::close(fd);
  for (int f : idle) ::close(f);
}

}  // namespace
}  // namespace lookout::node
