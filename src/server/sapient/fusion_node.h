// FusionNode: Lookout as a SAPIENT (BSI Flex 335 v2.0) fusion node on TCP.
//
// Nodes connect and send length-prefixed SapientMessages (feed/length_prefixed.h).
// The fusion node answers a Registration with a RegistrationAck, takes
// StatusReport heartbeats (keeping the node's position for range-bearing
// detections), hands each DetectionReport to on_detection as a
// SensorDetection, answers an Alert with an AlertAck, and answers any message
// it cannot accept with an Error naming the field and the reason. A StatusReport
// with system GOODBYE ends the session.
//
// Bad clients cost a bounded amount: a length above the bound gets an Error and
// the connection is closed (the stream cannot be resynchronised); a connection
// silent for idle_timeout with a partial frame or no registration is closed; a
// client that stops reading is dropped when its pending output passes a bound;
// past max_connections new connections are refused.
//
// Plain POSIX sockets and poll(2), one thread: call run() on a thread of its
// own and stop() from anywhere. Callbacks run on that thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "decode/detection.h"
#include "decode/sapient/decoder.h"

namespace lookout::sapient {

struct FusionNodeOptions {
  std::string bind_address = "127.0.0.1";  // IPv4 or IPv6 literal
  uint16_t port = 0;                       // 0: an ephemeral port (see FusionNode::port())
  std::string node_id = "6f1b3e52-7a0c-4d8e-9b51-2c4a7d9e0f13";  // our UUID, sender of replies
  std::size_t max_frame = kMaxMessageBytes;
  std::size_t max_connections = 64;
  std::size_t max_pending_output = 4 << 20;  // bytes queued to a client that does not read
  std::chrono::milliseconds idle_timeout{60'000};
  int max_consecutive_errors = 16;  // then the connection is closed
};

struct FusionNodeCallbacks {
  std::function<void(const SensorDetection&)> on_detection;
  // Every accepted message (after the fusion node's own handling), optional.
  std::function<void(const SapientMessage&)> on_message;
};

struct FusionNodeStats {
  uint64_t connections = 0;
  uint64_t messages = 0;         // frames received
  uint64_t rejected = 0;         // answered with an Error
  uint64_t detections = 0;       // handed to on_detection
  uint64_t registrations = 0;
  uint64_t oversize = 0;         // connections closed for an oversize length
  uint64_t timeouts = 0;         // connections closed for idleness
};

class FusionNode {
 public:
  // Binds and listens. Errors: kIoError with field naming the failed call.
  static Result<std::unique_ptr<FusionNode>> listen(FusionNodeOptions options, FusionNodeCallbacks callbacks);
  ~FusionNode();
  FusionNode(const FusionNode&) = delete;
  FusionNode& operator=(const FusionNode&) = delete;

  uint16_t port() const;
  // Serves until stop(). Callable once at a time.
  void run();
  // Thread-safe and final (a stop before run() makes run() return at once).
  void stop();
  // Snapshot; thread-safe.
  FusionNodeStats stats() const;

 private:
  struct Impl;
  explicit FusionNode(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lookout::sapient
