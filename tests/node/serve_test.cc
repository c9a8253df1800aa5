// `lookout serve` as a user runs it: the real binary, a configuration file,
// an NMEA feed it connects to over TCP, the HTTP API over a real socket, and
// SIGTERM at the end. Checks that what arrives becomes vessels and alerts,
// and that a clean shutdown loses nothing: every position the node accepted
// is in the store afterwards, exactly as `lookout replay --store` of the same
// data records it.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server/api/auth.h"
#include "store/store.h"

extern char** environ;

namespace lookout {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// A blocking HTTP/1.1 exchange on 127.0.0.1; returns status and body.
std::pair<int, std::string> http(uint16_t port, const std::string& method, const std::string& target,
                                 const std::string& token, const std::string& body = {}) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return {0, {}};
  }
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty()) req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  (void)::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string resp;
  char buf[65536];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) resp.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  int status = 0;
  if (resp.size() > 12) status = std::atoi(resp.c_str() + 9);
  auto split = resp.find("\r\n\r\n");
  return {status, split == std::string::npos ? std::string() : resp.substr(split + 4)};
}

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lookout-serve-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The feed the node connects to (as to AIS-catcher or a coastal server).
    feed_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(feed_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(feed_fd_, 4), 0);
    socklen_t len = sizeof addr;
    ::getsockname(feed_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    feed_port_ = ntohs(addr.sin_port);
    token_ = server::new_token();
    std::ofstream(dir_ / "node.toml")
        << "[node]\nname = \"serve-test\"\nlisten = \"127.0.0.1:0\"\n"
        << "[store]\npath = \"history.db\"\n"
        << "[[assets]]\nfile = \"" << LOOKOUT_SOURCE_DIR << "/data/assets/baltic_north_sea.geojson\"\n"
        << "owner = \"FIN\"\nreleasable_to = [\"JEF\"]\n"
        << "[[input]]\nname = \"coast\"\nkind = \"tcp_client\"\naddress = \"127.0.0.1:" << feed_port_ << "\"\n"
        << "owner = \"FIN\"\nreleasable_to = [\"JEF\"]\n"
        << "[[token]]\nname = \"fin-op\"\nsha256 = \"" << server::to_hex(server::sha256(token_)) << "\"\n"
        << "nation = \"FIN\"\nrole = \"operator\"\n";
  }

  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (feed_fd_ >= 0) ::close(feed_fd_);
    fs::remove_all(dir_);
  }

  // Starts the node; returns its HTTP port, read from its log line.
  uint16_t start_node() {
    std::string binary = LOOKOUT_BINARY;
    std::string config = (dir_ / "node.toml").string();
    std::string log = (dir_ / "serve.log").string();
    std::vector<char*> argv = {binary.data(), const_cast<char*>("serve"), const_cast<char*>("--config"), config.data(),
                               nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    EXPECT_EQ(posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
      std::ifstream in(log);
      std::stringstream ss;
      ss << in.rdbuf();
      auto text = ss.str();
      auto at = text.find("http://127.0.0.1:");
      if (at != std::string::npos) return static_cast<uint16_t>(std::atoi(text.c_str() + at + 17));
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the node did not start";
    return 0;
  }

  // SIGTERM, then the node must exit with status 0.
  void stop_node_expecting_exit_0() {
    ASSERT_EQ(::kill(pid_, SIGTERM), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid_, &status, 0), pid_);
    pid_ = -1;
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }

  fs::path dir_;
  int feed_fd_ = -1;
  uint16_t feed_port_ = 0;
  pid_t pid_ = -1;
  std::string token_;
};

TEST_F(ServeTest, FeedBecomesAlertsOverTheApiAndSigtermLosesNothing) {
  uint16_t port = start_node();
  ASSERT_NE(port, 0);
  int conn = ::accept(feed_fd_, nullptr, nullptr);  // the node's input connects
  ASSERT_GE(conn, 0);
  const std::string file = std::string(LOOKOUT_SOURCE_DIR) + "/tests/scenarios/eagle_s_estlink2/track.nmea";
  std::ifstream in(file);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t lines = static_cast<std::size_t>(std::count(data.begin(), data.end(), '\n'));
  ASSERT_EQ(::send(conn, data.data(), data.size(), MSG_NOSIGNAL), static_cast<ssize_t>(data.size()));

  // Every line framed, then the alerts are there.
  auto deadline = Clock::now() + std::chrono::seconds(60);
  std::string metrics;
  while (Clock::now() < deadline) {
    metrics = http(port, "GET", "/metrics", token_).second;
    if (metrics.find("lookout_input_lines_total{input=\"coast\",kind=\"tcp_client\"} " + std::to_string(lines)) !=
        std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_NE(metrics.find("lookout_input_lines_total{input=\"coast\",kind=\"tcp_client\"} " + std::to_string(lines)),
            std::string::npos)
      << metrics;
  auto [st, body] = http(port, "GET", "/api/alerts?kind=anchor_drag", token_);
  ASSERT_EQ(st, 200) << body;
  json alerts = json::parse(body);
  ASSERT_GT(alerts["count"].get<int>(), 0);
  bool eagle = false;
  for (const auto& a : alerts["alerts"]) {
    if (a["mmsi"].size() == 1 && a["mmsi"][0] == 518998950 && a["asset"] == "estlink-2") eagle = true;
  }
  EXPECT_TRUE(eagle) << body;
  // Acknowledge one: durable at once.
  std::string id = alerts["alerts"][0]["id"];
  auto ack = http(port, "POST", "/api/alerts/" + id + "/ack", token_, R"({"comment":"patrol boat sent"})");
  EXPECT_EQ(ack.first, 200) << ack.second;
  EXPECT_EQ(http(port, "GET", "/api/vessels", "").first, 401);
  EXPECT_EQ(http(port, "GET", "/api/health", "").first, 200);

  // SIGTERM: the node commits and exits 0.
  stop_node_expecting_exit_0();
  ::close(conn);

  // The same data through `lookout replay --store` gives the reference count.
  std::string reference = (dir_ / "reference.db").string();
  std::string cmd = std::string(LOOKOUT_BINARY) + " replay --no-progress --store " + reference + " " + file +
                    " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::string error;
  store::StoreOptions ro;
  ro.read_only = true;
  auto live = store::open_store((dir_ / "history.db").string(), ro, error);
  ASSERT_TRUE(live) << error;
  auto ref = store::open_store(reference, ro, error);
  ASSERT_TRUE(ref) << error;
  EXPECT_EQ(live->counts().value().positions, ref->counts().value().positions);
  EXPECT_EQ(live->counts().value().vessels, ref->counts().value().vessels);
  EXPECT_GT(live->counts().value().positions, 1000u);
  auto acked = live->alert(id).value();
  ASSERT_TRUE(acked.has_value());
  EXPECT_EQ(acked->status, store::AlertStatus::kAcknowledged);
  EXPECT_EQ(acked->ack_comment, "patrol boat sent");
  EXPECT_GT(live->counts().value().audit, 3u);
}

TEST_F(ServeTest, SighupReloadsTheCertificateAndNeverStopsTheNode) {
  // SIGHUP is how an operator hands the node a renewed TLS certificate; by
  // default it would kill the process. A node without TLS says there is
  // nothing to reload and goes on serving.
  uint16_t port = start_node();
  ASSERT_NE(port, 0);
  ASSERT_EQ(::kill(pid_, SIGHUP), 0);
  auto deadline = Clock::now() + std::chrono::seconds(30);
  std::string log;
  while (Clock::now() < deadline) {
    std::ifstream in(dir_ / "serve.log");
    std::stringstream ss;
    ss << in.rdbuf();
    log = ss.str();
    if (log.find("SIGHUP") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_NE(log.find("SIGHUP: TLS certificate not reloaded: not serving TLS"), std::string::npos) << log;
  EXPECT_EQ(http(port, "GET", "/api/health", "").first, 200);
  stop_node_expecting_exit_0();
}

}  // namespace
}  // namespace lookout
