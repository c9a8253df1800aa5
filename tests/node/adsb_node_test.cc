// The live node's ADS-B input: a tcp_client (format = "sbs") connected to a
// dump1090/readsb-like server on loopback, a real socket. Reports become
// cooperative aircraft in the partition's air picture; garbage is counted,
// never fatal; a peer that hangs up is reconnected to; a peer that stalls
// holds nothing up.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "app/node/config.h"
#include "alert/alert_book.h"
#include "app/node/node.h"
#include "core/time.h"
#include "server/api/api.h"
#include "server/api/auth.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;

// "MSG,3,...": a readsb line for now + `dt_ms` (UTC, as readsb writes it).
std::string sbs_line(int type, std::string_view rest_after_times, int64_t dt_ms = 0) {
  auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()) +
             std::chrono::milliseconds(dt_ms);
  std::string iso = format_iso8601(now);  // "2026-12-07T20:41:00.123Z" or without millis
  std::string date = iso.substr(0, 10);
  date[4] = date[7] = '/';
  std::string time = iso.substr(11, iso.size() - 12);
  std::string t = date + "," + time;
  return "MSG," + std::to_string(type) + ",1,1,4AB179,1," + t + "," + t + "," + std::string(rest_after_times) + "\r\n";
}

class AdsbNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lookout-adsb-node-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(listen_fd_, 4), 0);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);

    NodeConfig c;
    c.name = "adsb-test";
    c.listen = "127.0.0.1:0";
    c.store = (dir_ / "history.db").string();
    InputConfig in;
    in.name = "readsb";
    in.kind = InputKind::kTcpClient;
    in.format = InputFormat::kSbs;
    in.address = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    in.marking = {"DNK", {"JEF"}};
    c.inputs = {in};
    token_ = server::new_token();
    c.tokens.push_back({"dnk-viewer", server::to_hex(server::sha256(token_)), "DNK", server::Role::kViewer});
    usa_token_ = server::new_token();
    c.tokens.push_back({"usa-viewer", server::to_hex(server::sha256(usa_token_)), "USA", server::Role::kViewer});
    node_ = std::make_unique<Node>(c, io_);
    std::string error;
    ASSERT_TRUE(node_->open(error)) << error;
    ASSERT_TRUE(node_->start(error)) << error;
  }

  void TearDown() override {
    if (node_) node_->stop();
    node_.reset();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    fs::remove_all(dir_);
  }

  // Runs the node's io until `done` holds (at most 10 s of wall time).
  bool run_until(const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      io_.run_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  // Accepts the node's connection while running its io.
  int accept_node() {
    int fd = -1;
    run_until([&] {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 0) == 1) fd = ::accept(listen_fd_, nullptr, nullptr);
      return fd >= 0;
    });
    return fd;
  }

  std::string metrics() {
    std::string out;
    node_->write_metrics(out, server::Principal{"admin", "DNK", server::Role::kAdmin});
    return out;
  }
  bool has(const std::string& metric) { return metrics().find(metric) != std::string::npos; }

  // GET /api/air/tracks as `token`.
  nlohmann::json air_tracks(const std::string& token) {
    server::Request r;
    r.method = "GET";
    r.target = r.path = "/api/air/tracks";
    r.headers.emplace_back("authorization", "Bearer " + token);
    auto resp = node_->api().handle(r);
    EXPECT_EQ(resp.status, 200) << resp.body;
    return nlohmann::json::parse(resp.body);
  }

  fs::path dir_;
  std::string token_;
  std::string usa_token_;
  int listen_fd_ = -1;
  boost::asio::io_context io_;
  std::unique_ptr<Node> node_;
};

TEST_F(AdsbNodeTest, ReportsArriveGarbageIsCountedAndAHangUpIsReconnected) {
  int conn = accept_node();
  ASSERT_GE(conn, 0);
  std::string data = sbs_line(1, "CFL12,,,,,,,,,,,0") +
                     "hello, this is not SBS\r\n" +
                     std::string("\x01\x02\xff garbage \x7f\r\n") +
                     "\r\n" +  // a heartbeat
                     sbs_line(3, ",3025,,,55.06119,14.76704,,,,,,0", 1) +
                     "MSG,3,1,1,4AB179,1,2018/13/26,09:38:16.000,,,,3025,,,55.06,14.76,,,,,,0\r\n" +
                     sbs_line(6, ",3025,,,,,,7700,0,-1,0,0", 2);
  ASSERT_EQ(::send(conn, data.data(), data.size(), MSG_NOSIGNAL), static_cast<ssize_t>(data.size()));
  const std::string label = "{input=\"readsb\",kind=\"tcp_client\"}";
  ASSERT_TRUE(run_until([&] { return has("lookout_input_observations_total" + label + " 3\n"); })) << metrics();
  EXPECT_TRUE(has("lookout_input_lines_total" + label + " 6\n")) << metrics();  // the heartbeat is not a line
  EXPECT_TRUE(has("lookout_input_rejected_total" + label + " 3\n")) << metrics();
  EXPECT_TRUE(has("lookout_input_connected" + label + " 1\n")) << metrics();

  // The aircraft is in the partition's air picture, and its squawk raised the alert.
  auto parts = node_->partitions();
  ASSERT_EQ(parts.size(), 1u);
  ASSERT_NE(parts[0].alerts, nullptr);
  EXPECT_EQ(parts[0].alerts->opened_by_kind().count("emergency_squawk"), 1u);
  // No radar sees it: the aircraft is a track of its own on the map, named by
  // its ADS-B; a nation the partition is not released to gets none of it.
  auto tracks = air_tracks(token_)["tracks"];
  ASSERT_EQ(tracks.size(), 1u) << tracks.dump();
  EXPECT_EQ(tracks[0]["class"], "aircraft");
  EXPECT_EQ(tracks[0]["identity"]["source"], "adsb");
  EXPECT_EQ(tracks[0]["identity"]["id"], "4AB179");
  EXPECT_EQ(tracks[0]["identity"]["callsign"], "CFL12");
  EXPECT_EQ(tracks[0]["identity"]["squawk"], "7700");
  EXPECT_TRUE(air_tracks(usa_token_)["tracks"].empty());

  // The peer hangs up; the node connects again and reads on.
  ::close(conn);
  conn = accept_node();
  ASSERT_GE(conn, 0);
  EXPECT_TRUE(has("lookout_input_reconnects_total" + label + " 1\n")) << metrics();
  // A peer that stalls (connected, silent) holds nothing up: the node's
  // timers still run.
  io_.run_for(std::chrono::milliseconds(300));
  data = sbs_line(3, ",3000,,,55.05957,14.77079,,,,,,0", 1000);
  ASSERT_EQ(::send(conn, data.data(), data.size(), MSG_NOSIGNAL), static_cast<ssize_t>(data.size()));
  ASSERT_TRUE(run_until([&] { return has("lookout_input_observations_total" + label + " 4\n"); })) << metrics();
  ::close(conn);
}

}  // namespace
}  // namespace lookout::node
