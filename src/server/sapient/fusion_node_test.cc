// Drives real TCP sessions against a FusionNode on 127.0.0.1 (ephemeral port):
// the happy path from registration to goodbye, and clients that misbehave.
#include "server/sapient/fusion_node.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/geodesy.h"
#include "decode/sapient/test_messages.h"
#include "feed/length_prefixed.h"

namespace lookout::sapient {
namespace {

// A blocking test client. The receive timeout only keeps a broken server from
// hanging the test; nothing is timed.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool connected() const { return connected_; }

  void send_raw(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  void send(const SapientMessage& msg) {
    std::string bytes;
    msg.SerializeToString(&bytes);
    send_raw(feed::length_prefixed(bytes));
  }
  // The next message, or nullopt at end of stream.
  std::optional<SapientMessage> receive() {
    std::string header;
    if (!read_exact(4, &header)) return std::nullopt;
    const auto* p = reinterpret_cast<const unsigned char*>(header.data());
    const uint32_t length = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
    std::string body;
    if (!read_exact(length, &body)) return std::nullopt;
    SapientMessage msg;
    if (!msg.ParseFromString(body)) return std::nullopt;
    return msg;
  }
  // True when the server has closed the connection (after any pending replies).
  bool closed_by_server() {
    char c;
    for (;;) {
      const ssize_t n = ::recv(fd_, &c, 1, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
    }
  }
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }
  void reset() {  // abrupt close: RST instead of FIN
    linger lg{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    ::close(fd_);
    fd_ = -1;
  }

 private:
  bool read_exact(std::size_t n, std::string* out) {
    out->resize(n);
    std::size_t got = 0;
    while (got < n) {
      const ssize_t r = ::recv(fd_, out->data() + got, n - got, 0);
      if (r <= 0) return false;
      got += static_cast<std::size_t>(r);
    }
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
};

class FusionNodeTest : public ::testing::Test {
 protected:
  void start(FusionNodeOptions options = {}) {
    FusionNodeCallbacks callbacks;
    callbacks.on_detection = [this](const SensorDetection& d) {
      std::lock_guard lock(mutex_);
      detections_.push_back(d);
    };
    auto node = FusionNode::listen(std::move(options), std::move(callbacks));
    ASSERT_TRUE(node.ok()) << node.error().message();
    node_ = std::move(*node);
    thread_ = std::thread([this] { node_->run(); });
  }
  void TearDown() override {
    if (node_) node_->stop();
    if (thread_.joinable()) thread_.join();
  }
  std::vector<SensorDetection> detections() {
    std::lock_guard lock(mutex_);
    return detections_;
  }

  std::unique_ptr<FusionNode> node_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<SensorDetection> detections_;
};

TEST_F(FusionNodeTest, RegisterHeartbeatDetectAlertInvalidGoodbye) {
  start();
  Client client(node_->port());
  ASSERT_TRUE(client.connected());

  client.send(testing::registration());
  auto ack = client.receive();
  ASSERT_TRUE(ack.has_value());
  ASSERT_TRUE(ack->has_registration_ack());
  EXPECT_TRUE(ack->registration_ack().acceptance());
  EXPECT_EQ(ack->destination_id(), testing::kNodeId);
  EXPECT_TRUE(validate(*ack).empty());

  client.send(testing::status_report(55.0, 12.0, 20));  // heartbeat with the node's position
  client.send(testing::detection_at(55.01, 12.02, 150));
  client.send(testing::detection_polar(1000, 90, 0));

  client.send(testing::alert());
  auto alert_ack = client.receive();
  ASSERT_TRUE(alert_ack.has_value());
  ASSERT_TRUE(alert_ack->has_alert_ack());
  EXPECT_EQ(alert_ack->alert_ack().alert_id(), "01GGYFBAXH4VYRQYEX7S3XGK3K");
  EXPECT_EQ(alert_ack->alert_ack().alert_ack_status(), pb::AlertAck::ALERT_ACK_STATUS_ACCEPTED);

  // The detections were handled before the alert (one connection, in order).
  const auto seen = detections();
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[0].cls, ObjectClass::kDrone);
  EXPECT_DOUBLE_EQ(seen[0].position->lat, 55.01);
  EXPECT_EQ(seen[1].cls, ObjectClass::kBird);
  ASSERT_TRUE(seen[1].position.has_value());
  EXPECT_NEAR(distance_m(LatLon{55.0, 12.0}, *seen[1].position), 1000, 0.5);

  auto invalid = testing::detection_at(55.01, 12.02, 150);
  invalid.mutable_detection_report()->clear_object_id();
  std::string invalid_bytes;
  invalid.SerializeToString(&invalid_bytes);
  client.send(invalid);
  auto error = client.receive();
  ASSERT_TRUE(error.has_value());
  ASSERT_TRUE(error->has_error());
  ASSERT_GE(error->error().error_message_size(), 1);
  EXPECT_EQ(error->error().error_message(0), "detection_report.object_id: missing");
  EXPECT_EQ(error->error().packet(), invalid_bytes);
  EXPECT_TRUE(validate(*error).empty());

  client.send(testing::goodbye());
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_EQ(detections().size(), 2U);

  const auto stats = node_->stats();
  EXPECT_EQ(stats.registrations, 1U);
  EXPECT_EQ(stats.detections, 2U);
  EXPECT_EQ(stats.rejected, 1U);
  EXPECT_EQ(stats.messages, 7U);
}

TEST_F(FusionNodeTest, DetectionBeforeRegistrationIsAnError) {
  start();
  Client client(node_->port());
  client.send(testing::detection_at(55.0, 12.0, 100));
  auto error = client.receive();
  ASSERT_TRUE(error.has_value() && error->has_error());
  EXPECT_EQ(error->error().error_message(0),
            std::string("node_id: node ") + testing::kNodeId + " has not registered on this connection");
  EXPECT_TRUE(detections().empty());
}

TEST_F(FusionNodeTest, GarbageFrameGetsAnErrorAndTheSessionGoesOn) {
  start();
  Client client(node_->port());
  client.send_raw(feed::length_prefixed(std::string("\xff\xff\xff\xff\xff\xff", 6)));
  auto error = client.receive();
  ASSERT_TRUE(error.has_value() && error->has_error());
  EXPECT_EQ(error->error().error_message(0), "(message): not a serialized SapientMessage (protobuf parse failed)");
  EXPECT_FALSE(error->has_destination_id());
  client.send(testing::registration());
  auto ack = client.receive();
  ASSERT_TRUE(ack.has_value() && ack->has_registration_ack());
}

TEST_F(FusionNodeTest, OversizeLengthGetsAnErrorThenClose) {
  FusionNodeOptions options;
  options.max_frame = 4096;
  start(options);
  Client client(node_->port());
  client.send_raw(std::string("\x00\x00\x10\x00", 4));  // 1 MiB announced
  auto error = client.receive();
  ASSERT_TRUE(error.has_value() && error->has_error());
  EXPECT_EQ(error->error().error_message(0), "length: frame of 1048576 bytes exceeds the bound of 4096 bytes");
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_EQ(node_->stats().oversize, 1U);
}

TEST_F(FusionNodeTest, SurvivesAbruptAndHalfClosedClients) {
  start();
  const std::string frame = [] {
    std::string bytes;
    testing::registration().SerializeToString(&bytes);
    return feed::length_prefixed(bytes);
  }();
  {
    Client rude(node_->port());
    rude.send_raw(std::string_view(frame).substr(0, frame.size() / 2));
    rude.reset();
  }
  {
    Client half(node_->port());
    half.send_raw(std::string_view(frame).substr(0, frame.size() / 2));
    half.shutdown_write();  // half-closed with a partial frame
    EXPECT_TRUE(half.closed_by_server());
  }
  Client good(node_->port());
  good.send(testing::registration());
  auto ack = good.receive();
  ASSERT_TRUE(ack.has_value() && ack->has_registration_ack());
  EXPECT_EQ(node_->stats().registrations, 1U);
}

TEST_F(FusionNodeTest, SilentConnectionIsClosed) {
  FusionNodeOptions options;
  options.idle_timeout = std::chrono::milliseconds(20);
  start(options);
  Client silent(node_->port());
  silent.send_raw(std::string("\x10\x00", 2));  // half a header, then nothing
  EXPECT_TRUE(silent.closed_by_server());
  EXPECT_EQ(node_->stats().timeouts, 1U);
}

TEST_F(FusionNodeTest, RefusesConnectionsPastTheLimit) {
  FusionNodeOptions options;
  options.max_connections = 1;
  start(options);
  Client first(node_->port());
  first.send(testing::registration());
  ASSERT_TRUE(first.receive().has_value());
  Client second(node_->port());
  EXPECT_TRUE(second.closed_by_server());
}

}  // namespace
}  // namespace lookout::sapient
