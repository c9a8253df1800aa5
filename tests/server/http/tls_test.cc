// The server core over TLS, on real sockets on 127.0.0.1 with a certificate
// made in the test (EC P-256, self-signed for 127.0.0.1, written to a temp
// folder): HTTPS requests and a WSS session with the client verifying the
// server, the bad clients of the plain server again (plain HTTP, garbage, a
// silent or stalled handshake, an abrupt reset mid-request, a slow or dead
// WebSocket peer) each followed by a good client, the connection cap, and
// the refusals of start() for certificate and key files that cannot be used.
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "server/http/server.h"
#include "tests/server/http/http_test_support.h"

namespace lookout::server {
namespace {

using testing::Client;
using testing::get_request;
using testing::make_test_certificate;
using testing::TempDir;
using testing::TestCertificate;
using testing::TestServer;
using testing::wait_until;

class HealthHandler : public Handler {
 public:
  Response handle(const Request& r) override {
    Response resp;
    if (r.path == "/api/health") {
      resp.body = R"({"status":"ok"})";
      return resp;
    }
    if (r.path == "/api/echo") {
      resp.content_type = "text/plain";
      resp.body = r.method + " " + r.path + " x=" + std::string(r.param("x").value_or("-")) + " body=" + r.body;
      return resp;
    }
    return json_error(404, "not_found", "no such item");
  }
};

// Accepts every upgrade, says hello, echoes "echo:..." messages.
class EchoLive : public LiveHandler {
 public:
  class Client : public LiveClient {
   public:
    Client(EchoLive& owner, LiveConnection& connection) : owner_(owner), connection_(connection) {
      owner_.clients.insert(this);
    }
    ~Client() override {
      owner_.clients.erase(this);
      ++owner_.destroyed;
    }
    void on_message(std::string_view text) override {
      ++owner_.messages;
      if (text.substr(0, 5) == "echo:") connection_.send(std::make_shared<const std::string>(text));
    }
    LiveConnection& connection() { return connection_; }

   private:
    EchoLive& owner_;
    LiveConnection& connection_;
  };

  std::variant<Response, std::unique_ptr<LiveClient>> open(const Request&, LiveConnection& connection) override {
    auto client = std::make_unique<Client>(*this, connection);
    connection.send(std::make_shared<const std::string>(R"({"type":"hello"})"));
    return client;
  }

  std::set<Client*> clients;  // io thread only
  std::atomic<int> destroyed{0};
  std::atomic<int> messages{0};
};

// A certificate and its key written to a temp folder, and server options
// that use them.
struct TlsFiles {
  TlsFiles() : cert(make_test_certificate()) {
    dir.write("fullchain.pem", cert.cert_pem);
    dir.write("key.pem", cert.key_pem);
  }
  std::string cert_path() const { return dir.path() + "/fullchain.pem"; }
  std::string key_path() const { return dir.path() + "/key.pem"; }
  ServerOptions options() const {
    ServerOptions o;
    o.tls_cert_file = cert_path();
    o.tls_key_file = key_path();
    o.header_timeout = std::chrono::seconds(5);
    o.idle_timeout = std::chrono::seconds(20);
    return o;
  }

  TempDir dir;
  TestCertificate cert;
};

// A verified TLS connection, or nullptr (with a test failure).
std::unique_ptr<Client> tls_client(uint16_t port, const TlsFiles& files) {
  auto client = std::make_unique<Client>(port);
  if (!client->connected()) {
    ADD_FAILURE() << "connect failed";
    return nullptr;
  }
  if (!client->start_tls(files.cert.cert_pem)) {
    ADD_FAILURE() << "TLS handshake failed: " << client->tls_error();
    return nullptr;
  }
  return client;
}

// A good HTTPS request on a new connection is answered.
void expect_still_serving(uint16_t port, const TlsFiles& files) {
  auto client = tls_client(port, files);
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->send(get_request("/api/echo?x=alive")));
  auto reply = client->read_reply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "GET /api/echo x=alive body=");
}

TEST(HttpServerTls, AnswersHttpsWithAVerifiedCertificate) {
  TlsFiles files;
  HealthHandler handler;
  TestServer server(files.options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  auto client = tls_client(server.port(), files);
  ASSERT_TRUE(client);
  EXPECT_EQ(client->tls_version(), "TLSv1.3");
  // Two requests on the one kept-alive TLS connection.
  ASSERT_TRUE(client->send(get_request("/api/health")));
  auto health = client->read_reply();
  ASSERT_TRUE(health.has_value());
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, R"({"status":"ok"})");
  EXPECT_EQ(health->header("content-type"), "application/json");
  const std::string body = "hello";
  ASSERT_TRUE(client->send("POST /api/echo?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\n" + body));
  auto echo = client->read_reply();
  ASSERT_TRUE(echo.has_value());
  EXPECT_EQ(echo->status, 200);
  EXPECT_EQ(echo->body, "POST /api/echo x=1 body=hello");
  // A request that closes: answered, then the TLS connection ends.
  ASSERT_TRUE(client->send(get_request("/api/nothing", "Connection: close\r\n")));
  auto last = client->read_reply();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->status, 404);
  EXPECT_TRUE(client->wait_closed());  // the server's close_notify
  client.reset();
  const ServerStats stats = server.stats();
  EXPECT_EQ(stats.requests, 3u);
  EXPECT_EQ(stats.failure(HttpFailure::kTlsHandshake), 0u);
  EXPECT_TRUE(wait_until([&] { return server.stats().connections_open == 0; }));
}

TEST(HttpServerTls, ClientOfAnotherCertificateRefusesTheServer) {
  TlsFiles files;
  HealthHandler handler;
  TestServer server(files.options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  const TestCertificate other = make_test_certificate();
  Client client(server.port());
  EXPECT_FALSE(client.start_tls(other.cert_pem));  // the check is real
  EXPECT_NE(client.tls_error().find("verify"), std::string::npos) << client.tls_error();
  expect_still_serving(server.port(), files);
}

TEST(HttpServerTls, WssLiveSessionExchangesMessages) {
  TlsFiles files;
  HealthHandler handler;
  EchoLive live;
  TestServer server(files.options(), handler, &live);
  ASSERT_TRUE(server.ok()) << server.error();
  auto client = tls_client(server.port(), files);
  ASSERT_TRUE(client);
  auto reply = client->ws_handshake("/api/live");
  ASSERT_TRUE(reply.has_value());
  ASSERT_EQ(reply->status, 101);
  auto hello = client->ws_read();
  ASSERT_TRUE(hello.has_value());
  EXPECT_EQ(hello->payload, R"({"type":"hello"})");
  ASSERT_TRUE(client->ws_send_text("echo:over tls"));
  auto echo = client->ws_read();
  ASSERT_TRUE(echo.has_value());
  EXPECT_EQ(echo->opcode, 1);
  EXPECT_EQ(echo->payload, "echo:over tls");
  // Pushed by the server (as the hub does), large enough for several TLS records.
  const std::string big(100 * 1000, 'v');
  server.run([&] {
    for (EchoLive::Client* c : live.clients) c->connection().send(std::make_shared<const std::string>(big));
  });
  // Beast splits it into frames (auto-fragment); put them back together.
  std::string pushed;
  for (;;) {
    auto frame = client->ws_read();
    ASSERT_TRUE(frame.has_value());
    ASSERT_EQ(frame->opcode, pushed.empty() ? 1 : 0);
    pushed += frame->payload;
    if (frame->fin) break;
  }
  EXPECT_TRUE(pushed == big) << "got " << pushed.size() << " bytes of " << big.size();
  // A clean close from the client.
  ASSERT_TRUE(client->ws_send(8, std::string("\x03\xe8", 2)));
  auto close = client->ws_read();
  ASSERT_TRUE(close.has_value());
  EXPECT_EQ(close->opcode, 8);
  EXPECT_TRUE(client->wait_closed());
  client.reset();
  ASSERT_TRUE(wait_until([&] { return live.destroyed == 1; }));
  const ServerStats stats = server.stats();
  EXPECT_EQ(stats.websocket_total, 1u);
  EXPECT_EQ(stats.ws_messages_in, 1u);
  EXPECT_EQ(stats.failure(HttpFailure::kWsProtocol), 0u);
}

TEST(HttpServerTls, OversizedWssMessageClosesWith1009) {
  TlsFiles files;
  HealthHandler handler;
  EchoLive live;
  ServerOptions options = files.options();
  options.ws_max_message_bytes = 4096;
  TestServer server(options, handler, &live);
  ASSERT_TRUE(server.ok()) << server.error();
  auto client = tls_client(server.port(), files);
  ASSERT_TRUE(client);
  ASSERT_EQ(client->ws_handshake("/api/live")->status, 101);
  ASSERT_TRUE(client->ws_read().has_value());  // hello
  ASSERT_TRUE(client->ws_send_text(std::string(8192, 'a')));
  auto frame = client->ws_read();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->opcode, 8);
  EXPECT_EQ(frame->close_code(), 1009);
  // Our close_notify ends Beast's TLS teardown, which then reports the
  // 1009. (A client that just closes the socket is closed all the same, but
  // Beast reports the truncated TLS stream instead and it is not counted.)
  client->tls_close();
  EXPECT_TRUE(client->wait_closed());
  client.reset();
  ASSERT_TRUE(wait_until([&] { return live.destroyed == 1; }));
  EXPECT_EQ(server.stats().failure(HttpFailure::kWsMessageTooBig), 1u);
  expect_still_serving(server.port(), files);
}

TEST(HttpServerTls, SlowWssClientIsDroppedWhileAnotherKeepsReceiving) {
  TlsFiles files;
  HealthHandler handler;
  EchoLive live;
  ServerOptions options = files.options();
  options.ws_max_queue_bytes = 256 * 1024;
  options.ws_close_timeout = std::chrono::milliseconds(500);
  TestServer server(options, handler, &live);
  ASSERT_TRUE(server.ok()) << server.error();
  auto slow = tls_client(server.port(), files);
  auto fast = tls_client(server.port(), files);
  ASSERT_TRUE(slow && fast);
  ASSERT_EQ(slow->ws_handshake("/api/live")->status, 101);
  ASSERT_EQ(fast->ws_handshake("/api/live")->status, 101);
  ASSERT_TRUE(wait_until([&] { return server.stats().websocket_open == 2; }));
  // The fast client's connection, found by its queue draining first.
  std::atomic<bool> reading{true};
  std::atomic<int> received{0};
  std::thread reader([&] {
    while (reading) {
      auto frame = fast->ws_read();
      if (!frame) break;
      if (frame->opcode == 1) ++received;
    }
  });
  // Every millisecond, when one client has taken everything so far, 32 KiB
  // more to everyone: the reading one keeps up, the other (never reading)
  // fills its socket buffers and then its queue.
  const auto message = std::make_shared<const std::string>(std::string(32 * 1024, 'x'));
  server.every(std::chrono::milliseconds(1), [&] {
    if (live.clients.empty()) return false;
    bool someone_idle = false;
    for (EchoLive::Client* c : live.clients) someone_idle = someone_idle || c->connection().queued_bytes() == 0;
    if (someone_idle) {
      for (EchoLive::Client* c : live.clients) c->connection().send(message);
    }
    return true;
  });
  EXPECT_TRUE(wait_until([&] { return server.stats().dropped_slow_clients == 1; }, std::chrono::seconds(60)));
  EXPECT_TRUE(wait_until([&] { return live.destroyed == 1; }));
  const int after_drop = received;
  EXPECT_TRUE(wait_until([&] { return received >= after_drop + 20; }));
  EXPECT_EQ(server.stats().failure(HttpFailure::kWsTooSlow), 1u);
  EXPECT_EQ(server.stats().websocket_open, 1u);
  EXPECT_TRUE(server.stop());
  reading = false;
  reader.join();
  EXPECT_EQ(live.destroyed, 2);
}

TEST(HttpServerTls, DeadWssPeerIsDropped) {
  TlsFiles files;
  HealthHandler handler;
  EchoLive live;
  ServerOptions options = files.options();
  options.ws_ping_interval = std::chrono::milliseconds(200);
  TestServer server(options, handler, &live);
  ASSERT_TRUE(server.ok()) << server.error();
  auto client = tls_client(server.port(), files);
  ASSERT_TRUE(client);
  ASSERT_EQ(client->ws_handshake("/api/live")->status, 101);
  // Never reads, so never answers a ping: dropped, its client destroyed.
  ASSERT_TRUE(wait_until([&] { return live.destroyed == 1; }));
  EXPECT_EQ(server.stats().failure(HttpFailure::kWsTimeout), 1u);
  EXPECT_TRUE(client->wait_closed());
  expect_still_serving(server.port(), files);
}

TEST(HttpServerTls, PlainHttpToTheTlsPortFailsTheHandshake) {
  TlsFiles files;
  HealthHandler handler;
  TestServer server(files.options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  Client plain(server.port());
  ASSERT_TRUE(plain.send(get_request("/api/health")));
  EXPECT_FALSE(plain.read_reply().has_value());  // no HTTP answer, at most a TLS alert
  EXPECT_TRUE(plain.wait_closed());
  EXPECT_TRUE(wait_until([&] { return server.stats().failure(HttpFailure::kTlsHandshake) == 1; }));
  expect_still_serving(server.port(), files);
  EXPECT_EQ(server.stats().failure(HttpFailure::kTlsHandshake), 1u);
}

TEST(HttpServerTls, GarbageFailsTheHandshake) {
  TlsFiles files;
  HealthHandler handler;
  TestServer server(files.options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) & 0xFF));
  Client client(server.port());
  client.send(garbage);  // may fail part way: the server closes on the first record
  EXPECT_TRUE(client.wait_closed());
  // A record header that claims a handshake and then nonsense.
  Client fake(server.port());
  ASSERT_TRUE(fake.send(std::string("\x16\x03\x01\x00\x08" "nonsense", 13)));
  EXPECT_TRUE(fake.wait_closed());
  EXPECT_TRUE(wait_until([&] { return server.stats().failure(HttpFailure::kTlsHandshake) == 2; }));
  expect_still_serving(server.port(), files);
}

TEST(HttpServerTls, SilentAndStalledHandshakesAreDroppedAfterTheTimeout) {
  TlsFiles files;
  HealthHandler handler;
  ServerOptions options = files.options();
  options.header_timeout = std::chrono::milliseconds(300);
  TestServer server(options, handler);
  ASSERT_TRUE(server.ok()) << server.error();
  Client silent(server.port());
  ASSERT_TRUE(silent.connected());
  // The first bytes of a ClientHello record, then nothing.
  Client stalled(server.port());
  ASSERT_TRUE(stalled.send(std::string("\x16\x03\x01\x01\x00\x01\x00", 7)));
  // Others are served while the two hold their connections.
  expect_still_serving(server.port(), files);
  EXPECT_TRUE(silent.wait_closed());
  EXPECT_TRUE(stalled.wait_closed());
  EXPECT_TRUE(wait_until([&] { return server.stats().failure(HttpFailure::kHeaderTimeout) == 2; }));
  EXPECT_TRUE(wait_until([&] { return server.stats().connections_open == 0; }));
  expect_still_serving(server.port(), files);
}

TEST(HttpServerTls, ClientResetMidRequestLeavesOthersServed) {
  TlsFiles files;
  HealthHandler handler;
  EchoLive live;
  TestServer server(files.options(), handler, &live);
  ASSERT_TRUE(server.ok()) << server.error();
  auto half = tls_client(server.port(), files);
  ASSERT_TRUE(half);
  ASSERT_TRUE(half->send("POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nonly part"));
  auto ws = tls_client(server.port(), files);
  ASSERT_TRUE(ws);
  ASSERT_EQ(ws->ws_handshake("/api/live")->status, 101);
  ASSERT_TRUE(wait_until([&] { return server.stats().connections_open == 2; }));
  half->reset();
  ws->reset();
  ASSERT_TRUE(wait_until([&] { return server.stats().connections_open == 0; }));
  ASSERT_TRUE(wait_until([&] { return live.destroyed == 1; }));
  expect_still_serving(server.port(), files);
  EXPECT_EQ(server.stats().requests, 2u);  // the upgrade and the good one
}

TEST(HttpServerTls, ConnectionCapCountsTlsConnections) {
  TlsFiles files;
  HealthHandler handler;
  ServerOptions options = files.options();
  options.max_connections = 2;
  TestServer server(options, handler);
  ASSERT_TRUE(server.ok()) << server.error();
  auto a = tls_client(server.port(), files);
  auto b = tls_client(server.port(), files);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(wait_until([&] { return server.stats().connections_open == 2; }));
  Client over(server.port());
  EXPECT_FALSE(over.start_tls(files.cert.cert_pem));
  EXPECT_TRUE(wait_until([&] { return server.stats().failure(HttpFailure::kOverCapacity) == 1; }));
  a.reset();
  ASSERT_TRUE(wait_until([&] { return server.stats().connections_open == 1; }));
  expect_still_serving(server.port(), files);
}

TEST(HttpServerTls, MinimumVersionThirteenRefusesTlsTwelve) {
  TlsFiles files;
  HealthHandler handler;
  ServerOptions options = files.options();
  options.tls_min_version = TlsMinVersion::kTls13;
  TestServer server(options, handler);
  ASSERT_TRUE(server.ok()) << server.error();
  Client old(server.port());
  EXPECT_FALSE(old.start_tls(files.cert.cert_pem, TLS1_2_VERSION));
  EXPECT_TRUE(wait_until([&] { return server.stats().failure(HttpFailure::kTlsHandshake) == 1; }));
  expect_still_serving(server.port(), files);
}

TEST(HttpServerTls, TwelveIsAcceptedByDefault) {
  TlsFiles files;
  HealthHandler handler;
  TestServer server(files.options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  Client client(server.port());
  ASSERT_TRUE(client.start_tls(files.cert.cert_pem, TLS1_2_VERSION)) << client.tls_error();
  EXPECT_EQ(client.tls_version(), "TLSv1.2");
  ASSERT_TRUE(client.send(get_request("/api/health")));
  auto reply = client.read_reply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
}

TEST(HttpServerTls, StopClosesTlsConnectionsInEveryState) {
  TlsFiles files;
  HealthHandler handler;
  EchoLive live;
  ServerOptions options = files.options();
  options.header_timeout = std::chrono::seconds(20);
  TestServer server(options, handler, &live);
  ASSERT_TRUE(server.ok()) << server.error();
  Client handshaking(server.port());  // never starts its handshake
  auto idle = tls_client(server.port(), files);
  auto ws = tls_client(server.port(), files);
  ASSERT_TRUE(idle && ws);
  ASSERT_EQ(ws->ws_handshake("/api/live")->status, 101);
  ASSERT_TRUE(wait_until([&] { return server.stats().connections_open == 3; }));
  EXPECT_TRUE(server.stop());
  EXPECT_EQ(live.destroyed, 1);
  EXPECT_TRUE(handshaking.wait_closed());
  EXPECT_TRUE(idle->wait_closed());
}

// start() refuses TLS files it cannot use, with the file and the reason.
TEST(HttpServerTls, ARenewedCertificateIsUsedForNewConnectionsAfterAReload) {
  TlsFiles files;
  HealthHandler handler;
  TestServer server(files.options(), handler);
  ASSERT_TRUE(server.ok()) << server.error();
  auto before = tls_client(server.port(), files);  // open across the reload
  ASSERT_TRUE(before);

  // Broken files: refused with start()'s words, the old certificate stays.
  files.dir.write("key.pem", "not a key");
  EXPECT_NE(server.reload_tls().find("tls_key"), std::string::npos);
  expect_still_serving(server.port(), files);

  // The renewed pair: new connections get it, a client that trusts only
  // the old one now refuses the server, and the open connection carries on.
  const TestCertificate renewed = make_test_certificate();
  files.dir.write("fullchain.pem", renewed.cert_pem);
  files.dir.write("key.pem", renewed.key_pem);
  EXPECT_EQ(server.reload_tls(), "");
  EXPECT_EQ(server.stats().tls_reloads, 1u);
  Client trusting_renewed(server.port());
  ASSERT_TRUE(trusting_renewed.start_tls(renewed.cert_pem)) << trusting_renewed.tls_error();
  ASSERT_TRUE(trusting_renewed.send(get_request("/api/health")));
  auto reply = trusting_renewed.read_reply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  Client trusting_old(server.port());
  EXPECT_FALSE(trusting_old.start_tls(files.cert.cert_pem));
  ASSERT_TRUE(before->send(get_request("/api/health")));
  auto old_reply = before->read_reply();
  ASSERT_TRUE(old_reply.has_value());
  EXPECT_EQ(old_reply->status, 200);
}

TEST(HttpServerTls, AReloadWithoutTlsSaysSo) {
  HealthHandler handler;
  ServerOptions plain;
  TestServer server(plain, handler);
  ASSERT_TRUE(server.ok()) << server.error();
  EXPECT_NE(server.reload_tls().find("not serving TLS"), std::string::npos);
}

class TlsStartErrors : public ::testing::Test {
 protected:
  // The error of start() with these options (empty: it started).
  std::string start_error(const ServerOptions& options) {
    HealthHandler handler;
    TestServer server(options, handler);
    return server.ok() ? std::string() : server.error();
  }
  TlsFiles files;
};

TEST_F(TlsStartErrors, CertificateWithoutKey) {
  ServerOptions o = files.options();
  o.tls_key_file.clear();
  EXPECT_EQ(start_error(o), "tls_cert is given without tls_key (both are needed for TLS, or neither)");
  o = files.options();
  o.tls_cert_file.clear();
  EXPECT_EQ(start_error(o), "tls_key is given without tls_cert (both are needed for TLS, or neither)");
}

TEST_F(TlsStartErrors, MissingFiles) {
  ServerOptions o = files.options();
  o.tls_cert_file = files.dir.path() + "/nope.pem";
  EXPECT_EQ(start_error(o), "tls_cert " + files.dir.path() + "/nope.pem: does not exist");
  o = files.options();
  o.tls_key_file = files.dir.path();
  EXPECT_EQ(start_error(o), "tls_key " + files.dir.path() + ": is not a file");
}

TEST_F(TlsStartErrors, NotPem) {
  files.dir.write("junk.pem", "this is not a certificate\n");
  ServerOptions o = files.options();
  o.tls_cert_file = files.dir.path() + "/junk.pem";
  std::string error = start_error(o);
  EXPECT_EQ(error, "tls_cert " + o.tls_cert_file + ": not a PEM certificate chain (OpenSSL: no start line)");
  o = files.options();
  o.tls_key_file = files.dir.path() + "/junk.pem";
  error = start_error(o);
  EXPECT_EQ(error.rfind("tls_key " + o.tls_key_file + ": not a PEM private key", 0), 0u) << error;
  EXPECT_NE(error.find("(OpenSSL: "), std::string::npos) << error;
  // The certificate given as the key, the key as the certificate.
  o = files.options();
  std::swap(o.tls_cert_file, o.tls_key_file);
  error = start_error(o);
  EXPECT_EQ(error.rfind("tls_cert " + o.tls_cert_file + ": not a PEM certificate chain", 0), 0u) << error;
}

TEST_F(TlsStartErrors, KeyOfAnotherCertificate) {
  const TestCertificate other = make_test_certificate();
  files.dir.write("other-key.pem", other.key_pem);
  ServerOptions o = files.options();
  o.tls_key_file = files.dir.path() + "/other-key.pem";
  const std::string error = start_error(o);
  EXPECT_EQ(error, "tls_key " + o.tls_key_file + ": does not match the certificate in " + o.tls_cert_file +
                       " (OpenSSL: key values mismatch)");
}

TEST_F(TlsStartErrors, EncryptedKeyIsRefusedWithoutAPrompt) {
  files.dir.write("encrypted-key.pem", files.cert.encrypted_key_pem("secret"));
  ServerOptions o = files.options();
  o.tls_key_file = files.dir.path() + "/encrypted-key.pem";
  const std::string error = start_error(o);
  EXPECT_EQ(error.rfind("tls_key " + o.tls_key_file + ": not a PEM private key (or one encrypted", 0), 0u) << error;
}

TEST_F(TlsStartErrors, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  files.dir.write("locked.pem", files.cert.key_pem);
  const std::string locked = files.dir.path() + "/locked.pem";
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  ServerOptions o = files.options();
  o.tls_key_file = locked;
  EXPECT_EQ(start_error(o), "tls_key " + locked + ": cannot be read (Permission denied)");
}

}  // namespace
}  // namespace lookout::server
