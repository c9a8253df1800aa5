// Node: the live node behind `lookout serve` - the composition root that
// turns a NodeConfig into running parts:
//
//   inputs (TCP client/server, UDP, file replay)
//     -> one AIS decoder per input -> the input's partition
//   partitions: one maritime Engine per distinct input marking (see
//     server/api/node_view.h for why markings never share a picture)
//     -> StoreRecorder (history, alert states) and LiveHub (WebSocket)
//   Api (HTTP + WebSocket, tokens, audit) served by the HTTP server core
//   timers: the node clock advances idle engines (AIS gaps are noticed on
//     the clock), live vessel batches go out in slices, the store gets the
//     rows of the last tick.
//
// Everything runs on the one io_context thread that runs io.run(), except
// the store's writer (WriteBehindStore: its own thread and connection), the
// store's readers (StoreReader: three threads, each with its own read-only
// connection; the API's reads and the node's acknowledgement refresh, their
// results posted back to the io thread) and the SAPIENT fusion node's
// sessions (they post detections to the io thread). The io thread never
// reads the store.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/node/clock.h"
#include "app/node/config.h"
#include "core/result.h"
#include "core/status.h"
#include "decode/detection.h"
#include "decode/observation.h"
#include "server/api/node_view.h"

namespace boost::asio {
class io_context;
}

namespace sapient_msg::bsi_flex_335_v2_0 {
class SapientMessage;
}

namespace lookout::alert {
struct Alert;
}

namespace lookout::store {
class StoreReader;
}

namespace lookout::server {
class Api;
class LiveHub;
class TokenBook;
class HttpServer;
}  // namespace lookout::server

namespace lookout::node {

struct HeldAlert;

class Node final : public server::NodeView {
 public:
  // `io` must outlive the node.
  Node(NodeConfig config, boost::asio::io_context& io);
  ~Node() override;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Loads assets and watch lists, opens (and migrates) the store, builds the
  // partitions, the API and the token book. No socket is opened. On failure
  // `error` says what and where.
  bool open(std::string& error);
  // Binds the HTTP server, starts every input and the timers. `listen`
  // (non-empty) overrides the configured address.
  bool start(std::string& error, std::string_view listen = {});
  // Stops the inputs and the server and commits the store. Idempotent.
  void stop();
  // The first write the store failed (the history is incomplete from then
  // on), or ok. A failure on the writer thread arrives here too.
  Status store_status() const;

  // The bound HTTP port (after start).
  uint16_t http_port() const;
  // Reads the TLS certificate and key files again (`lookout serve` does on
  // SIGHUP): new connections use the renewed certificate, open ones keep
  // theirs. False, with `error` saying why, when not serving TLS or when the
  // files cannot be used (the old certificate stays in use).
  bool reload_tls(std::string& error);

  // Feeds one observation as input `input` brought it (inputs call it;
  // tests may too). An observation without event time gets the node's now.
  void ingest(std::size_t input, const AisObservation& obs);
  // Decodes one line of input `input` and ingests what it holds.
  void ingest_line(std::size_t input, std::string_view line, Timestamp received);
  // Decodes one JSON Lines detection of input `input` and tracks it.
  void ingest_detection_line(std::size_t input, std::string_view line);
  // Feeds one sensor detection to the air picture of the input's partition
  // (a sapient input's through the partition's SensorRegistry first).
  void ingest_detection(std::size_t input, const SensorDetection& d);
  // A SAPIENT Registration or StatusReport that sapient input `input`
  // accepted: it places and describes the node's sensor (app/sensor_registry.h).
  void ingest_sapient(std::size_t input, const sapient_msg::bsi_flex_335_v2_0::SapientMessage& msg);
  // The bound port of a tcp_server, udp, detections_udp or sapient input (0 otherwise).
  uint16_t input_port(std::size_t input) const;
  // One step of the node's timers: engines to now, live batch, commit.
  void tick();
  // For tests (fault injection): wraps each read-only store connection the
  // readers open. Call before open().
  void wrap_store_readers(std::function<std::unique_ptr<store::Store>(std::unique_ptr<store::Store>)> wrap);

  server::Api& api();
  server::LiveHub& hub();
  const NodeConfig& config() const { return config_; }
  const NodeClock& clock() const { return clock_; }

  // ---- NodeView ----
  std::string_view node_name() const override { return config_.name; }
  Timestamp now() const override { return clock_.now(); }
  double clock_speed() const override { return clock_.speed(); }
  std::vector<server::PartitionView> partitions() const override;
  const AssetIndex& assets() const override;
  store::Store& store() override;
  void sync_store() override;
  StoreQueued read_store(const std::string& caller, StoreJob job) override;
  Status ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                   std::string_view comment, int64_t time_ms) override;
  void run_until(const std::function<bool()>& done) override;
  // For a caller that owns the io thread (tests, tools): runs it until the
  // node's own store read is answered and every alert message it held for
  // it has gone to the hub (see on_alert), so that what the engines raised
  // so far has reached the live clients.
  void settle();
  void alert_acknowledged(const store::AlertRow& row) override;
  const track::FriendlyUnits* friendly_units() const override;
  bool report_unit(const track::UnitReport& report) override;
  StatusOr<server::FaultAnswer> fault_suspects(store::Store& reader, const server::FaultQuery& query,
                                               std::string_view nation) const override;
  void write_metrics(std::string& out, const server::Principal& caller) const override;

 private:
  struct Impl;
  void arm_timer();
  void flush_live_step();
  void on_alert(std::size_t partition, const alert::Alert& a);
  void publish_alert(HeldAlert&& h);
  void refresh_acknowledged(Timestamp event_time);
  // Queues `job` on `reader` (after the writes buffered so far, when
  // `after_writes`) and posts its follow-up back to the io thread.
  StoreQueued post_read(store::StoreReader& reader, const std::string& caller, bool after_writes, StoreJob job);

  NodeConfig config_;
  boost::asio::io_context& io_;
  NodeClock clock_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lookout::node
