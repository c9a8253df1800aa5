#include "server/sapient/fusion_node.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unordered_map>
#include <utility>
#include <vector>

#include "feed/length_prefixed.h"

namespace lookout::sapient {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr int kReadsPerRound = 4;  // fairness between connections
constexpr std::size_t kMaxNodesPerConnection = 256;

void set_nonblocking(int fd) {
  const int flags = fcntl(fd, F_GETFL, 0);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

struct Connection {
  explicit Connection(int socket_fd, std::size_t max_frame) : fd(socket_fd), reader(max_frame) {}
  int fd;
  feed::LengthPrefixedReader reader;
  std::string out;  // framed replies not yet written
  std::size_t out_offset = 0;
  SteadyClock::time_point last_activity = SteadyClock::now();
  // Node ids registered on this connection (the node and its dependent nodes).
  std::unordered_map<std::string, NodeContext> nodes;
  bool closing = false;  // stop reading; close once `out` is written
  bool dead = false;     // close now
  int consecutive_errors = 0;

  bool has_output() const { return out_offset < out.size(); }
};

}  // namespace

struct FusionNode::Impl {
  FusionNodeOptions options;
  FusionNodeCallbacks callbacks;
  int listen_fd = -1;
  int wake_fds[2] = {-1, -1};
  uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::vector<std::unique_ptr<Connection>> connections;

  std::atomic<uint64_t> n_connections{0}, n_messages{0}, n_rejected{0}, n_detections{0}, n_registrations{0},
      n_oversize{0}, n_timeouts{0};

  ~Impl() {
    for (auto& c : connections) ::close(c->fd);
    if (listen_fd >= 0) ::close(listen_fd);
    for (int fd : wake_fds) {
      if (fd >= 0) ::close(fd);
    }
  }

  // --- replies -------------------------------------------------------------

  SapientMessage envelope(const std::string& destination) const {
    SapientMessage reply;
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
    reply.mutable_timestamp()->set_seconds(ns / 1'000'000'000);
    reply.mutable_timestamp()->set_nanos(static_cast<int32_t>(ns % 1'000'000'000));
    reply.set_node_id(options.node_id);
    if (is_uuid(destination)) reply.set_destination_id(destination);
    return reply;
  }

  void send(Connection& conn, const SapientMessage& msg) {
    std::string bytes;
    if (!msg.SerializeToString(&bytes)) return;
    if (conn.out.size() - conn.out_offset + bytes.size() + 4 > options.max_pending_output) {
      conn.dead = true;  // the client is not reading its replies
      return;
    }
    conn.out += feed::length_prefixed(bytes);
  }

  void send_error(Connection& conn, std::string_view packet, const std::string& destination,
                  const std::vector<std::string>& reasons) {
    ++n_rejected;
    SapientMessage reply = envelope(destination);
    pb::Error* error = reply.mutable_error();
    error->set_packet(packet.data(), packet.size());
    for (const auto& reason : reasons) error->add_error_message(reason);
    send(conn, reply);
    if (++conn.consecutive_errors >= options.max_consecutive_errors) conn.closing = true;
  }

  // --- one message ----------------------------------------------------------

  void handle_frame(Connection& conn, std::string_view frame) {
    ++n_messages;
    std::vector<Violation> why;
    auto decoded = decode_message(frame, &why);
    if (!decoded.ok()) {
      std::vector<std::string> reasons;
      for (const auto& v : why) reasons.push_back(v.message());
      // Address the reply to the sender if its envelope at least parsed.
      SapientMessage partial;
      std::string destination;
      if (partial.ParseFromArray(frame.data(), static_cast<int>(frame.size()))) destination = partial.node_id();
      send_error(conn, frame, destination, reasons);
      return;
    }
    const SapientMessage& msg = *decoded;
    const std::string& sender = msg.node_id();
    auto reject = [&](std::string reason) { send_error(conn, frame, sender, {std::move(reason)}); };

    if (msg.has_registration()) {
      handle_registration(conn, msg);
    } else if (msg.has_status_report() || msg.has_detection_report() || msg.has_alert()) {
      auto node = conn.nodes.find(sender);
      if (node == conn.nodes.end()) {
        reject("node_id: node " + sender + " has not registered on this connection");
        return;
      }
      if (msg.has_status_report()) {
        const pb::StatusReport& status = msg.status_report();
        if (status.has_node_location()) {
          std::optional<double> alt;
          std::string reason;
          auto pos = to_latlon(status.node_location(), &alt, nullptr, &reason);
          if (!pos.ok()) {
            reject("status_report.node_location: " + reason);
            return;
          }
          node->second.position = *pos;
          node->second.alt_m = alt;
        }
        if (status.system() == pb::StatusReport::SYSTEM_GOODBYE) conn.closing = true;
      } else if (msg.has_detection_report()) {
        std::string reason;
        auto detection = to_detection(msg, node->second, &reason);
        if (!detection.ok()) {
          reject(std::string("detection_report.") + (detection.error().field ? detection.error().field : "") +
                 ": " + reason);
          return;
        }
        ++n_detections;
        if (callbacks.on_detection) callbacks.on_detection(*detection);
      } else {
        SapientMessage ack = envelope(sender);
        ack.mutable_alert_ack()->set_alert_id(msg.alert().alert_id());
        ack.mutable_alert_ack()->set_alert_ack_status(pb::AlertAck::ALERT_ACK_STATUS_ACCEPTED);
        send(conn, ack);
      }
    }
    // Task, TaskAck, RegistrationAck, AlertAck and Error from a node need no answer.
    conn.consecutive_errors = 0;
    if (callbacks.on_message) callbacks.on_message(msg);
  }

  void handle_registration(Connection& conn, const SapientMessage& msg) {
    const pb::Registration& reg = msg.registration();
    SapientMessage ack = envelope(msg.node_id());
    if (conn.nodes.size() + 1 + static_cast<std::size_t>(reg.dependent_nodes_size()) > kMaxNodesPerConnection) {
      ack.mutable_registration_ack()->set_acceptance(false);
      ack.mutable_registration_ack()->add_ack_response_reason("too many nodes on one connection");
      send(conn, ack);
      return;
    }
    NodeContext context;
    for (const auto& mode : reg.mode_definition()) {
      for (const auto& def : mode.detection_definition()) {
        if (def.velocity_type().enu_velocity_units().east_north_rate_units() == pb::SPEED_UNITS_KPH) {
          context.velocity_in_kph = true;
        }
      }
    }
    conn.nodes[msg.node_id()] = context;
    for (const auto& child : reg.dependent_nodes()) conn.nodes.try_emplace(child, context);
    ++n_registrations;
    ack.mutable_registration_ack()->set_acceptance(true);
    send(conn, ack);
  }

  // --- sockets --------------------------------------------------------------

  void read_from(Connection& conn) {
    char buf[kReadChunk];
    for (int round = 0; round < kReadsPerRound && !conn.closing && !conn.dead; ++round) {
      const ssize_t n = ::recv(conn.fd, buf, sizeof buf, 0);
      if (n == 0) {  // orderly close (or half-close): answer what we have, then go
        conn.closing = true;
        break;
      }
      if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) conn.dead = true;
        break;
      }
      conn.last_activity = SteadyClock::now();
      conn.reader.append(std::string_view(buf, static_cast<std::size_t>(n)));
      std::string_view frame;
      for (;;) {
        const auto status = conn.reader.next(&frame);
        if (status == feed::LengthPrefixedReader::Status::kNeedMore) break;
        if (status == feed::LengthPrefixedReader::Status::kTooLarge) {
          ++n_oversize;
          ++n_messages;
          const uint32_t length = conn.reader.refused_length();
          const char header[4] = {static_cast<char>(length & 0xff), static_cast<char>((length >> 8) & 0xff),
                                  static_cast<char>((length >> 16) & 0xff), static_cast<char>(length >> 24)};
          send_error(conn, std::string_view(header, 4), std::string(),
                     {"length: frame of " + std::to_string(length) + " bytes exceeds the bound of " +
                      std::to_string(options.max_frame) + " bytes"});
          conn.closing = true;
          break;
        }
        handle_frame(conn, frame);
        if (conn.closing || conn.dead) break;
      }
      if (static_cast<std::size_t>(n) < sizeof buf) break;
    }
  }

  void write_to(Connection& conn) {
    while (conn.has_output()) {
      const ssize_t n = ::send(conn.fd, conn.out.data() + conn.out_offset, conn.out.size() - conn.out_offset,
                               MSG_NOSIGNAL);
      if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) conn.dead = true;
        return;
      }
      conn.out_offset += static_cast<std::size_t>(n);
    }
    conn.out.clear();
    conn.out_offset = 0;
  }

  void accept_all() {
    for (;;) {
      const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN, or a transient error: try again next round
      if (connections.size() >= options.max_connections) {
        ::close(fd);
        continue;
      }
      ++n_connections;
      connections.push_back(std::make_unique<Connection>(fd, options.max_frame));
    }
  }

  void run() {
    std::vector<pollfd> fds;
    while (!stopping.load()) {
      fds.clear();
      fds.push_back(pollfd{wake_fds[0], POLLIN, 0});
      fds.push_back(pollfd{listen_fd, POLLIN, 0});
      for (auto& c : connections) {
        short events = 0;
        if (!c->closing) events |= POLLIN;
        if (c->has_output()) events |= POLLOUT;
        fds.push_back(pollfd{c->fd, events, 0});
      }
      const int ready = ::poll(fds.data(), fds.size(), 200);
      if (ready < 0 && errno != EINTR) break;
      if (stopping.load()) break;
      if (fds[0].revents & POLLIN) {
        char drain[64];
        while (::read(wake_fds[0], drain, sizeof drain) > 0) {
        }
      }
      const std::size_t existing = connections.size();
      for (std::size_t i = 0; i < existing; ++i) {
        Connection& conn = *connections[i];
        const short revents = fds[i + 2].revents;
        if (revents & (POLLIN | POLLHUP | POLLERR)) read_from(conn);
        if (revents & POLLNVAL) conn.dead = true;
        if (!conn.dead && conn.has_output()) write_to(conn);
        if ((revents & POLLERR) && !(revents & POLLIN)) conn.dead = true;
      }
      if (fds[1].revents & POLLIN) accept_all();
      const auto now = SteadyClock::now();
      for (auto& c : connections) {
        if (!c->dead && now - c->last_activity > options.idle_timeout) {
          ++n_timeouts;
          c->dead = true;
        }
        if (c->closing && !c->has_output()) c->dead = true;
      }
      std::erase_if(connections, [](const std::unique_ptr<Connection>& c) {
        if (c->dead) ::close(c->fd);
        return c->dead;
      });
    }
  }
};

Result<std::unique_ptr<FusionNode>> FusionNode::listen(FusionNodeOptions options, FusionNodeCallbacks callbacks) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->callbacks = std::move(callbacks);
  if (::pipe2(impl->wake_fds, O_NONBLOCK | O_CLOEXEC) != 0) return make_error(ErrorCode::kIoError, 0, "pipe");

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port_text = std::to_string(impl->options.port);
  if (::getaddrinfo(impl->options.bind_address.c_str(), port_text.c_str(), &hints, &found) != 0 || found == nullptr) {
    return make_error(ErrorCode::kIoError, 0, "bind_address");
  }
  const int fd = ::socket(found->ai_family, found->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, found->ai_protocol);
  if (fd < 0) {
    ::freeaddrinfo(found);
    return make_error(ErrorCode::kIoError, 0, "socket");
  }
  impl->listen_fd = fd;
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  const int bound = ::bind(fd, found->ai_addr, found->ai_addrlen);
  ::freeaddrinfo(found);
  if (bound != 0) return make_error(ErrorCode::kIoError, 0, "bind");
  if (::listen(fd, SOMAXCONN) != 0) return make_error(ErrorCode::kIoError, 0, "listen");

  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return make_error(ErrorCode::kIoError, 0, "getsockname");
  }
  if (addr.ss_family == AF_INET) {
    impl->port = ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  } else {
    impl->port = ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
  }
  set_nonblocking(fd);
  return std::unique_ptr<FusionNode>(new FusionNode(std::move(impl)));
}

FusionNode::FusionNode(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FusionNode::~FusionNode() = default;

uint16_t FusionNode::port() const { return impl_->port; }

void FusionNode::run() { impl_->run(); }

void FusionNode::stop() {
  impl_->stopping.store(true);
  const char byte = 1;
  [[maybe_unused]] const ssize_t n = ::write(impl_->wake_fds[1], &byte, 1);
}

FusionNodeStats FusionNode::stats() const {
  FusionNodeStats s;
  s.connections = impl_->n_connections.load();
  s.messages = impl_->n_messages.load();
  s.rejected = impl_->n_rejected.load();
  s.detections = impl_->n_detections.load();
  s.registrations = impl_->n_registrations.load();
  s.oversize = impl_->n_oversize.load();
  s.timeouts = impl_->n_timeouts.load();
  return s;
}

}  // namespace lookout::sapient
