// Handler::handle_async: an answer given later (the API's store reads come
// back from a reader thread) reaches its connection; the connection reads
// no further request meanwhile, so pipelined requests are answered in
// order; an answer to a connection that went away, or after the server
// stopped, is dropped; a handle_async that throws is answered 500 and
// recorded, once.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "server/http/http.h"
#include "tests/server/http/http_test_support.h"

namespace lookout::server {
namespace {

using testing::Client;
using testing::http_once;
using testing::TestServer;
using testing::wait_until;

// Keeps every request and its Reply until the test answers it (io thread).
class LaterHandler final : public Handler {
 public:
  Response handle(const Request& /*r*/) override { return json_error(500, "internal", "not used"); }
  void handle_async(Request r, Reply reply) override {
    if (r.path == "/api/throw") throw std::runtime_error("boom");
    if (r.path == "/api/now") {
      reply(Response{200, "text/plain", "now", {}});
      return;
    }
    waiting.emplace_back(std::move(r), std::move(reply));
  }
  void record(const Request& r, int status) override { recorded.push_back(r.target + " " + std::to_string(status)); }

  std::vector<std::pair<Request, Reply>> waiting;  // io thread
  std::vector<std::string> recorded;               // io thread
};

ServerOptions options() {
  ServerOptions o;
  o.header_timeout = std::chrono::milliseconds(200);  // shorter than the waits below may be
  o.idle_timeout = std::chrono::seconds(20);
  return o;
}

std::size_t waiting(TestServer& server, LaterHandler& handler) {
  std::size_t n = 0;
  server.run([&] { n = handler.waiting.size(); });
  return n;
}

// Answers the oldest waiting request with its own path as the body.
void answer_oldest(TestServer& server, LaterHandler& handler) {
  server.run([&] {
    auto [request, reply] = std::move(handler.waiting.front());
    handler.waiting.erase(handler.waiting.begin());
    reply(Response{200, "text/plain", "answer to " + request.path, {}});
    reply(Response{500, "text/plain", "a second answer is ignored", {}});
  });
}

TEST(HttpServerAsync, PipelinedRequestsWaitForTheAnswerBeforeThem) {
  LaterHandler handler;
  TestServer server(options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  Client c(server.port());
  ASSERT_TRUE(c.send("GET /api/a HTTP/1.1\r\nHost: x\r\n\r\nGET /api/b HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(wait_until([&] { return waiting(server, handler) == 1; }));
  std::string first;
  server.run([&] { first = handler.waiting.front().first.path; });
  EXPECT_EQ(first, "/api/a");
  answer_oldest(server, handler);
  auto a = c.read_reply();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 200);
  EXPECT_EQ(a->body, "answer to /api/a");
  // Only now is the second request read.
  ASSERT_TRUE(wait_until([&] { return waiting(server, handler) == 1; }));
  answer_oldest(server, handler);
  auto b = c.read_reply();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->body, "answer to /api/b");
  // An answer given at once works as before, on the same connection.
  ASSERT_TRUE(c.send("GET /api/now HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto now = c.read_reply();
  ASSERT_TRUE(now);
  EXPECT_EQ(now->body, "now");
  ASSERT_TRUE(server.stop());
  EXPECT_TRUE(handler.recorded.empty()) << "the Handler audits its own answers";
}

TEST(HttpServerAsync, AnAnswerToAConnectionThatWentAwayIsDropped) {
  LaterHandler handler;
  TestServer server(options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  {
    Client c(server.port());
    ASSERT_TRUE(c.send("GET /api/gone HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(wait_until([&] { return waiting(server, handler) == 1; }));
    c.reset();
  }
  answer_oldest(server, handler);
  // The server goes on serving.
  Client d(server.port());
  ASSERT_TRUE(d.send("GET /api/now HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = d.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  ASSERT_TRUE(server.stop());
}

TEST(HttpServerAsync, AnAnswerAfterTheServerStoppedIsDropped) {
  LaterHandler handler;
  TestServer server(options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  Client c(server.port());
  ASSERT_TRUE(c.send("GET /api/late HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(wait_until([&] { return waiting(server, handler) == 1; }));
  ASSERT_TRUE(server.stop());  // the connection is closed; its request still waits here
  EXPECT_FALSE(c.read_reply());
  // The io thread has ended: nothing else runs while the late answer comes.
  ASSERT_EQ(handler.waiting.size(), 1u);
  handler.waiting.front().second(Response{200, "text/plain", "too late", {}});
  handler.waiting.clear();
}

TEST(HttpServerAsync, AHandlerThatThrowsIsAnswered500AndRecordedOnce) {
  LaterHandler handler;
  TestServer server(options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  auto r = http_once(server.port(), "GET /api/throw HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  ASSERT_TRUE(server.stop());
  EXPECT_EQ(handler.recorded, (std::vector<std::string>{"/api/throw 500"}));
}

}  // namespace
}  // namespace lookout::server
