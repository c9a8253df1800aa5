// The HTTP side of the server core over real sockets on 127.0.0.1: round
// trips through a Handler, keep-alive, static files and path safety, bad
// clients (each followed by a normal request on a new connection), the
// connection limit and stop().
#include "server/http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "server/http/static_files.h"
#include "tests/server/http/http_test_support.h"

namespace lookout::server {
namespace {

using testing::Client;
using testing::get_request;
using testing::http_once;
using testing::TestServer;
using testing::wait_until;

class EchoHandler : public Handler {
 public:
  Response handle(const Request& r) override {
    ++calls;
    if (r.path == "/api/throw") throw std::runtime_error("boom");
    if (r.path == "/api/inject") {
      Response resp;
      resp.body = "{}";
      resp.headers = {{"X-Good", "yes"}, {"X-Bad", "a\r\nSet-Cookie: evil=1"}, {"Bad Name", "x"}};
      return resp;
    }
    if (r.path == "/metrics") {
      Response resp;
      resp.content_type = "text/plain; version=0.0.4";
      resp.body = "lookout_up 1\n";
      return resp;
    }
    if (r.path == "/api/echo") {
      Response resp;
      resp.content_type = "text/plain";
      resp.body = r.method + " " + r.path + " x=" + std::string(r.param("x").value_or("-")) + " body=" + r.body +
                  " remote_ok=" + (r.remote.rfind("127.0.0.1:", 0) == 0 || r.remote.rfind("[::1]:", 0) == 0 ? "1" : "0");
      return resp;
    }
    return json_error(404, "not_found", "no such item");
  }
  std::atomic<int> calls{0};
};

ServerOptions small_options() {
  ServerOptions o;
  o.header_timeout = std::chrono::milliseconds(200);
  o.idle_timeout = std::chrono::seconds(20);
  return o;
}

// A normal request on a new connection still gets its answer.
void expect_still_serving(uint16_t port) {
  auto reply = http_once(port, get_request("/api/echo?x=alive"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body.substr(0, 23), "GET /api/echo x=alive b");
}

TEST(HttpServer, GetAndPostRoundTrip) {
  EchoHandler handler;
  TestServer server(small_options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();

  auto reply = http_once(server.port(), get_request("/api/echo?x=a%20b+c"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "GET /api/echo x=a b c body= remote_ok=1");
  EXPECT_EQ(reply->header("content-length"), std::to_string(reply->body.size()));
  EXPECT_EQ(reply->header("content-type"), "text/plain");
  EXPECT_EQ(reply->header("cache-control"), "no-store");
  EXPECT_EQ(reply->header("x-content-type-options"), "nosniff");

  reply = http_once(server.port(),
                    "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 18\r\n\r\n"
                    "{\"comment\":\"ok\"}\r\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "POST /api/echo x=- body={\"comment\":\"ok\"}\r\n remote_ok=1");

  reply = http_once(server.port(), get_request("/metrics"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "lookout_up 1\n");

  reply = http_once(server.port(), get_request("/api/nothing"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 404);
  EXPECT_EQ(reply->body, R"({"error":{"status":404,"code":"not_found","message":"no such item"}})");
  EXPECT_EQ(handler.calls, 4);
  const ServerStats stats = server.stats();
  EXPECT_EQ(stats.requests, 4u);
  EXPECT_GT(stats.bytes_in, 0u);
  EXPECT_GT(stats.bytes_out, 0u);
}

TEST(HttpServer, KeepsAliveAndAnswersPipelinedRequests) {
  EchoHandler handler;
  TestServer server(small_options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  Client client(server.port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send(get_request("/api/echo?x=1")));
  auto first = client.read_reply();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->status, 200);
  EXPECT_FALSE(first->header("connection") == "close");
  ASSERT_TRUE(client.send(get_request("/api/echo?x=2")));
  auto second = client.read_reply();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->body.substr(0, 19), "GET /api/echo x=2 b");
  // Two more in one write.
  ASSERT_TRUE(client.send(get_request("/api/echo?x=3") + get_request("/api/echo?x=4", "Connection: close\r\n")));
  auto third = client.read_reply();
  auto fourth = client.read_reply();
  ASSERT_TRUE(third.has_value() && fourth.has_value());
  EXPECT_EQ(third->body.substr(0, 19), "GET /api/echo x=3 b");
  EXPECT_EQ(fourth->body.substr(0, 19), "GET /api/echo x=4 b");
  EXPECT_EQ(fourth->header("connection"), "close");
  EXPECT_TRUE(client.wait_closed());
  const ServerStats stats = server.stats();
  EXPECT_EQ(stats.connections_total, 1u);
  EXPECT_EQ(stats.requests, 4u);
}

TEST(HttpServer, HandlerExceptionsAndUnsafeHeadersStayInside) {
  EchoHandler handler;
  TestServer server(small_options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  auto reply = http_once(server.port(), get_request("/api/throw"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 500);
  EXPECT_EQ(reply->body.find("boom"), std::string::npos);
  EXPECT_NE(reply->body.find("\"code\":\"internal\""), std::string::npos);

  reply = http_once(server.port(), get_request("/api/inject"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->header("x-good"), "yes");
  EXPECT_FALSE(reply->header("x-bad").has_value());
  EXPECT_FALSE(reply->header("set-cookie").has_value());
  EXPECT_EQ(server.stats().failure(HttpFailure::kHandlerError), 1u);
  expect_still_serving(server.port());
}

TEST(HttpServer, RefusesUnsupportedMethods) {
  EchoHandler handler;
  TestServer server(small_options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  auto reply = http_once(server.port(), "BREW /api/echo HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 405);
  reply = http_once(server.port(), "TRACE /api/echo HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 405);
  reply = http_once(server.port(), "POST /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 405);
  EXPECT_EQ(reply->header("allow"), "GET, HEAD");
  EXPECT_EQ(handler.calls, 0);
  EXPECT_EQ(server.stats().failure(HttpFailure::kMethodNotAllowed), 3u);
}

class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("root/index.html", "<!doctype html><title>Lookout</title>");
    dir_.write("root/assets/app-1234.js", "console.log('lookout');");
    dir_.write("root/assets/app-1234.css", "body{}");
    dir_.write("root/assets/logo.svg", "<svg/>");
    dir_.write("root/assets/app.js.map", "{}");
    dir_.write("root/.hidden", "no");
    dir_.write("secret.txt", "root:x:0:0 SECRET");
    namespace fs = std::filesystem;
    const fs::path root = dir_.path() + "/root";
    fs::create_directory_symlink("/etc", root / "etc");
    fs::create_symlink(dir_.path() + "/secret.txt", root / "secret.txt");
    options_ = small_options();
    options_.web_root = root.string();
  }

  testing::TempDir dir_;
  ServerOptions options_;
  EchoHandler handler_;
};

TEST_F(StaticFiles, ServesFilesWithTypesAndSecurityHeaders) {
  TestServer server(options_, handler_);
  ASSERT_TRUE(server.ok()) << server.error();
  auto reply = http_once(server.port(), get_request("/"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "<!doctype html><title>Lookout</title>");
  EXPECT_EQ(reply->header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(reply->header("content-security-policy"), std::string(kContentSecurityPolicy));
  EXPECT_EQ(reply->header("x-content-type-options"), "nosniff");
  EXPECT_FALSE(reply->header("cache-control") == "no-store");

  const std::pair<const char*, const char*> files[] = {{"/assets/app-1234.js", "text/javascript; charset=utf-8"},
                                                       {"/assets/app-1234.css", "text/css; charset=utf-8"},
                                                       {"/assets/logo.svg", "image/svg+xml"},
                                                       {"/assets/app.js.map", "application/json"}};
  for (const auto& [path, type] : files) {
    reply = http_once(server.port(), get_request(path));
    ASSERT_TRUE(reply.has_value()) << path;
    EXPECT_EQ(reply->status, 200) << path;
    EXPECT_EQ(reply->header("content-type"), type) << path;
  }
  // HEAD: the length of the file, no body.
  reply = http_once(server.port(), "HEAD /assets/app-1234.js HTTP/1.1\r\nHost: x\r\n\r\n", true);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->header("content-length"), "23");
  EXPECT_TRUE(reply->body.empty());
  EXPECT_EQ(handler_.calls, 0);
}

TEST_F(StaticFiles, FallsBackToIndexForAppRoutes) {
  TestServer server(options_, handler_);
  ASSERT_TRUE(server.ok()) << server.error();
  for (const char* path : {"/alerts", "/vessels/230123456", "/assets", "/alerts/a-1?tab=evidence"}) {
    auto reply = http_once(server.port(), get_request(path));
    ASSERT_TRUE(reply.has_value()) << path;
    EXPECT_EQ(reply->status, 200) << path;
    EXPECT_EQ(reply->body, "<!doctype html><title>Lookout</title>") << path;
  }
  auto reply = http_once(server.port(), get_request("/missing.js"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 404);
  EXPECT_EQ(reply->header("content-type"), "application/json");
  EXPECT_NE(reply->body.find("\"not_found\""), std::string::npos);
}

TEST_F(StaticFiles, NeverEscapesTheRoot) {
  TestServer server(options_, handler_);
  ASSERT_TRUE(server.ok()) << server.error();
  for (const char* path : {"/../etc/passwd", "/../../../../etc/passwd", "/%2e%2e/", "/%2e%2e/secret.txt",
                           "/%2E%2E/%2E%2E/etc/passwd", "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
                           "/etc/passwd", "/etc/hostname", "/secret.txt", "/.hidden", "/assets/./logo.svg",
                           "/..%5c..%5csecret.txt", "/etc/nonexistent-route"}) {
    auto reply = http_once(server.port(), get_request(path));
    ASSERT_TRUE(reply.has_value()) << path;
    EXPECT_EQ(reply->status, 404) << path;
    EXPECT_EQ(reply->body.find("root:"), std::string::npos) << path;
    EXPECT_EQ(reply->body.find("SECRET"), std::string::npos) << path;
  }
  expect_still_serving(server.port());
}

TEST(HttpServer, WithoutWebRootEverythingElseIs404) {
  EchoHandler handler;
  TestServer server(small_options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  auto reply = http_once(server.port(), get_request("/"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 404);
}

TEST(HttpServerBadClients, MalformedRequestLineGets400AndClose) {
  EchoHandler handler;
  TestServer server(small_options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  for (const std::string& bad : {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/9.9\r\n\r\n"),
                                std::string("GET /a b c HTTP/1.1\r\n\r\n"),
                                std::string("GET / HTTP/1.1\r\nNo Colon Header\r\n\r\n")}) {
    Client client(server.port());
    ASSERT_TRUE(client.send(bad));
    auto reply = client.read_reply();
    ASSERT_TRUE(reply.has_value()) << bad;
    EXPECT_EQ(reply->status, 400) << bad;
    EXPECT_EQ(reply->header("content-type"), "application/json");
    EXPECT_EQ(reply->header("connection"), "close");
    EXPECT_TRUE(client.wait_closed()) << bad;
    expect_still_serving(server.port());
  }
  EXPECT_EQ(server.stats().failure(HttpFailure::kMalformed), 4u);
  // A bad escape is a well-formed message with a bad target: 400 too.
  auto reply = http_once(server.port(), get_request("/api/echo?x=%zz"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 400);
  reply = http_once(server.port(), get_request("/api/echo%00"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(server.stats().failure(HttpFailure::kBadTarget), 2u);
  EXPECT_EQ(handler.calls, 4);  // only the liveness probes
}

TEST(HttpServerBadClients, BinaryGarbageIsRefused) {
  EchoHandler handler;
  TestServer server(small_options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  std::string garbage;
  uint32_t x = 12345;
  for (int i = 0; i < 4096; ++i) {
    x = x * 1103515245u + 12345u;
    garbage.push_back(static_cast<char>(x >> 24));
  }
  garbage += "\r\n\r\n";
  Client client(server.port());
  client.send(garbage);  // the server may close before all of it is read
  auto reply = client.read_reply();
  if (reply) {
    EXPECT_EQ(reply->status, 400);
  }
  EXPECT_TRUE(client.wait_closed());
  expect_still_serving(server.port());
  const ServerStats stats = server.stats();
  EXPECT_EQ(stats.failure(HttpFailure::kMalformed) + stats.failure(HttpFailure::kHeaderTooLarge) +
                stats.failure(HttpFailure::kHeaderTimeout),
            1u);
}

TEST(HttpServerBadClients, HugeHeaderGets431) {
  EchoHandler handler;
  TestServer server(small_options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  Client client(server.port());
  client.send("GET /api/echo HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(100 * 1024, 'a') + "\r\n\r\n");
  auto reply = client.read_reply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 431);
  EXPECT_TRUE(client.wait_closed());
  expect_still_serving(server.port());
  EXPECT_EQ(server.stats().failure(HttpFailure::kHeaderTooLarge), 1u);
  EXPECT_EQ(handler.calls, 1);
}

TEST(HttpServerBadClients, OversizedBodyGets413) {
  EchoHandler handler;
  TestServer server(small_options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  {
    Client client(server.port());
    client.send("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + std::string(70000, 'b'));
    auto reply = client.read_reply();
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->status, 413);
    EXPECT_TRUE(client.wait_closed());
  }
  {  // chunked: the limit holds for the decoded body too
    Client client(server.port());
    std::string chunked = "POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 20; ++i) chunked += "1000\r\n" + std::string(4096, 'c') + "\r\n";
    client.send(chunked);
    auto reply = client.read_reply();
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->status, 413);
    EXPECT_TRUE(client.wait_closed());
  }
  expect_still_serving(server.port());
  EXPECT_EQ(server.stats().failure(HttpFailure::kBodyTooLarge), 2u);
  EXPECT_EQ(handler.calls, 1);
}

TEST(HttpServerBadClients, HalfOpenClientIsDropped) {
  EchoHandler handler;
  TestServer server(small_options(), handler);  // header_timeout 200 ms
  ASSERT_TRUE(server.ok()) << server.error();
  Client partial_header(server.port());
  ASSERT_TRUE(partial_header.send("GET /api/echo HTTP/1.1\r\nHost: x\r\nX-Slow: "));
  Client partial_body(server.port());
  ASSERT_TRUE(partial_body.send("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"));
  EXPECT_TRUE(partial_header.wait_closed());
  EXPECT_TRUE(partial_body.wait_closed());
  expect_still_serving(server.port());
  EXPECT_EQ(server.stats().failure(HttpFailure::kHeaderTimeout), 2u);
  EXPECT_EQ(handler.calls, 1);
}

// Records what the core answered itself (Handler::record).
class RecordingHandler final : public EchoHandler {
 public:
  void record(const Request& r, int status) override {
    recorded.push_back(r.method + " " + r.target + " " + std::to_string(status));
  }
  std::vector<std::string> recorded;  // io thread; read after the server stopped
};

TEST(HttpServerAudit, TheCoreHandsEveryRequestItAnswersToTheHandler) {
  RecordingHandler handler;
  TestServer server(small_options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  EXPECT_EQ(http_once(server.port(), "GET /a?t=1 HTTP/1.1\r\nno colon\r\n\r\n")->status, 400);
  EXPECT_EQ(http_once(server.port(), "BREW /api/echo?t=2 HTTP/1.1\r\nHost: x\r\n\r\n")->status, 405);
  EXPECT_EQ(http_once(server.port(), "GET /api/echo?t=3 HTTP/1.1\r\nX: " + std::string(9000, 'a') + "\r\n\r\n")->status,
            431);
  EXPECT_EQ(http_once(server.port(), "POST /api/echo?t=4 HTTP/1.1\r\nContent-Length: 99999\r\n\r\n")->status, 413);
  EXPECT_EQ(http_once(server.port(), get_request("/index.html?t=5"))->status, 404);  // no web_root
  EXPECT_EQ(http_once(server.port(), get_request("/api/echo?t=6"))->status, 200);    // the Handler's own
  {
    Client slow(server.port());
    ASSERT_TRUE(slow.send("PUT /api/echo?t=7 HTTP/1.1\r\n"));
    EXPECT_TRUE(slow.wait_closed());
  }
  ASSERT_TRUE(server.stop());
  EXPECT_EQ(handler.recorded,
            (std::vector<std::string>{"GET /a?t=1 400", "BREW /api/echo?t=2 405", "GET /api/echo?t=3 431",
                                      "POST /api/echo?t=4 413", "GET /index.html?t=5 404", "PUT /api/echo?t=7 408"}));
}

// A socket from `source` (a loopback address) connected to 127.0.0.1:port; -1 on failure.
int connect_from(const char* source, uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
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
  timeval tv{30, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

TEST(HttpServerBadClients, ConnectionsOverAnAddressShareAreClosedAtOnce) {
  EchoHandler handler;
  ServerOptions options = small_options();
  options.header_timeout = std::chrono::seconds(30);  // nothing here times out
  options.max_connections_per_address = 3;
  TestServer server(options, handler);
  ASSERT_TRUE(server.ok()) << server.error();
  std::vector<std::unique_ptr<Client>> mine;
  for (int i = 0; i < 3; ++i) {
    mine.push_back(std::make_unique<Client>(server.port()));
    ASSERT_TRUE(mine.back()->send(get_request("/api/echo")));
    ASSERT_EQ(mine.back()->read_reply()->status, 200);  // kept alive
  }
  {
    Client over(server.port());
    EXPECT_TRUE(over.wait_closed());
  }
  EXPECT_EQ(server.stats().failure(HttpFailure::kAddressOverCapacity), 1u);
  // Another address has its own share.
  int fd = connect_from("127.0.0.2", server.port());
  ASSERT_GE(fd, 0);
  const std::string req = get_request("/api/echo");
  ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  char buf[64];
  ASSERT_GE(::recv(fd, buf, sizeof buf, 0), 12);
  EXPECT_EQ(std::string(buf, 12), "HTTP/1.1 200");
  ::close(fd);
  // A connection that closes gives its address's slot back.
  mine.pop_back();
  EXPECT_TRUE(wait_until([&] { return server.stats().connections_open == 2; }));
  expect_still_serving(server.port());
  EXPECT_EQ(server.stats().failure(HttpFailure::kAddressOverCapacity), 1u);
}

TEST(HttpServerBadClients, ANewConnectionThatSendsNothingIsDroppedAtTheHeaderDeadline) {
  EchoHandler handler;
  TestServer server(small_options(), handler);  // header_timeout 200 ms, idle_timeout 20 s
  ASSERT_TRUE(server.ok()) << server.error();
  Client silent(server.port());
  ASSERT_TRUE(silent.connected());
  // Well before the idle timeout: the header deadline runs from the accept.
  EXPECT_TRUE(silent.wait_closed(std::chrono::seconds(10)));
  // After a request, a kept-alive connection waits for the next for idle_timeout.
  Client kept(server.port());
  ASSERT_TRUE(kept.send(get_request("/api/echo?x=1")));
  ASSERT_EQ(kept.read_reply()->status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // longer than header_timeout
  ASSERT_TRUE(kept.send(get_request("/api/echo?x=2")));
  auto second = kept.read_reply();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->status, 200);
}

TEST(HttpServerBadClients, ConnectionsOverTheLimitAreClosedAtOnce) {
  EchoHandler handler;
  ServerOptions options = small_options();
  options.max_connections = 3;
  TestServer server(options, handler);
  ASSERT_TRUE(server.ok()) << server.error();
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<Client>(server.port()));
    ASSERT_TRUE(clients.back()->send(get_request("/api/echo")));
    auto reply = clients.back()->read_reply();
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->status, 200);
  }
  for (int i = 0; i < 5; ++i) {
    Client over(server.port());
    over.send(get_request("/api/echo"));
    EXPECT_TRUE(over.wait_closed());
  }
  EXPECT_EQ(server.stats().failure(HttpFailure::kOverCapacity), 5u);
  EXPECT_EQ(server.stats().connections_open, 3u);
  // The kept-alive ones still work.
  ASSERT_TRUE(clients[1]->send(get_request("/api/echo")));
  auto reply = clients[1]->read_reply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  // One leaves: room for a new one.
  clients[0].reset();
  ASSERT_TRUE(wait_until([&] { return server.stats().connections_open == 2; }));
  expect_still_serving(server.port());
  EXPECT_EQ(handler.calls, 5);
}

TEST(HttpServer, StopClosesEveryConnection) {
  EchoHandler handler;
  TestServer server(small_options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  Client idle(server.port());
  ASSERT_TRUE(idle.send(get_request("/api/echo")));
  ASSERT_TRUE(idle.read_reply().has_value());
  Client partial(server.port());
  ASSERT_TRUE(partial.send("GET /api/ec"));
  ASSERT_TRUE(wait_until([&] { return server.stats().connections_open == 2; }));
  EXPECT_TRUE(server.stop());  // the io thread runs out of work: nothing left open
  EXPECT_TRUE(idle.wait_closed());
  EXPECT_TRUE(partial.wait_closed());
  Client after(server.port());
  EXPECT_FALSE(after.connected() && after.send(get_request("/")) && after.read_reply().has_value());
}

TEST(HttpServer, ListensOnIpv6Loopback) {
  EchoHandler handler;
  ServerOptions options = small_options();
  options.listen = "[::1]:0";
  TestServer server(options, handler);
  if (!server.ok()) GTEST_SKIP() << "no IPv6 loopback here: " << server.error();
  Client client(server.port(), "::1");
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send(get_request("/api/echo?x=v6")));
  auto reply = client.read_reply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->body, "GET /api/echo x=v6 body= remote_ok=1");
}

TEST(HttpServer, StartReportsBadAddressesAndBusyPorts) {
  EchoHandler handler;
  ServerOptions options = small_options();
  options.listen = "nowhere:80";
  TestServer bad(options, handler);
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("nowhere"), std::string::npos);

  TestServer first(small_options(), handler);
  ASSERT_TRUE(first.ok()) << first.error();
  options.listen = "127.0.0.1:" + std::to_string(first.port());
  TestServer second(options, handler);
  EXPECT_FALSE(second.ok());
  EXPECT_NE(second.error().find("bind"), std::string::npos) << second.error();

  options = small_options();
  options.web_root = "/nonexistent/web/root";
  TestServer no_root(options, handler);
  EXPECT_FALSE(no_root.ok());
  EXPECT_NE(no_root.error().find("web_root"), std::string::npos);
}

}  // namespace
}  // namespace lookout::server
