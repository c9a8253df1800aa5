// LiveHub: the WebSocket side of the API. Each open /api/live connection is
// a client with a caller (nation) and a subscribed bounding box. The node
// tells the hub which vessels changed and hands it every alert state; the
// hub sends each client only what its nation may see:
//   - a new or retracted alert at once, ahead of anything queued (the inbox
//     must not wait); the alerts raised in one turn of the node's event loop
//     go to a client as one `alerts` message (an `alert` message when there
//     is one), so a burst of alerts costs a client a few writes, not one
//     write per alert;
//   - updates of an open alert (its evidence grew, its score moved) at most
//     once per batch interval, the latest state, queued in order with the
//     vessel batches: a storm of updates (one MMSI shared by many
//     transmitters updates its alert on every report) must not delay the
//     next new alert behind thousands of messages;
//   - vessel changes in batches (flush_vessels(), every 500 ms by the node's
//     timer), the latest state of each vessel that changed inside the
//     client's box, so a busy feed costs a client one message per batch, not
//     one per AIS report;
//   - on each subscription, a snapshot of the vessels in its box, streamed
//     in slices under flow control (see start_snapshot below), so a
//     whole-world snapshot of any size passes through a small queue;
//   - the air picture's changes (new, updated and ended air tracks) with
//     each vessel batch, and the whole air picture on a client's first
//     subscription (live_air.h).
// A client that does not keep up is closed by the server core (its queue
// bound), never waited for.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/marking.h"
#include "server/api/auth.h"
#include "server/api/live_air.h"
#include "server/http/http.h"
#include "store/store.h"
#include "track/mmsi_map.h"

namespace lookout::server {

class NodeView;

class LiveHub {
 public:
  explicit LiveHub(NodeView& node);
  ~LiveHub();
  LiveHub(const LiveHub&) = delete;
  LiveHub& operator=(const LiveHub&) = delete;

  // A vessel of partition `partition` changed (position or static data).
  void vessel_changed(std::size_t partition, uint32_t mmsi);
  // An alert's acknowledgement and its own marking (views.h ack_marking).
  struct AlertAck {
    nlohmann::json ack;
    Marking marking;
  };
  // An alert state for every client that may see `marking`: sent now when
  // it opens or retracts an alert, with the next batch when it updates one.
  // With `ack`, the clients of the nations it is released to get the alert
  // with it (as "ack"), the others the alert as given.
  void alert(nlohmann::json alert, const Marking& marking, std::optional<AlertAck> ack = std::nullopt);
  // With a scheduler set, new and retracted alerts are held until
  // flush_alerts(), which the hub asks `schedule` to run once (the node posts
  // it to its event loop: it runs after the work already waiting, so a burst
  // goes out together). Without one (tests), they go out at once.
  void set_alert_scheduler(std::function<void()> schedule) { schedule_alerts_ = std::move(schedule); }
  void flush_alerts();
  // Sends the batched vessel changes at once (tests; a quiet node).
  void flush_vessels();
  // The same in slices, so that a busy picture never holds the thread for
  // long: begin_vessel_flush() takes the changes so far and the alert
  // updates held back (false: nothing to send, or the previous flush is not
  // finished; its changes wait for the next), then each flush_vessels_step()
  // sends up to `max_vessels` items - the held updates first, at most
  // kUpdatesPerStep a step, then the latest state of the changed vessels -
  // and says whether more remain. The node runs one step per turn of its
  // event loop, so input and alerts go between them.
  bool begin_vessel_flush();
  bool flush_vessels_step(std::size_t max_vessels);
  static constexpr std::size_t kUpdatesPerStep = 32;
  // Items (alert updates and vessels) of the flush under way not yet sent.
  std::size_t vessels_to_flush() const {
    return (flushing_.size() - flush_next_) + (updating_.size() - update_next_);
  }

  // A new client for an accepted WebSocket (the API authenticated `who`,
  // connected from `remote`). Each message it sends is written to the
  // audit log (audit_log.h) as "WS subscribe", "WS ping" or "WS bad".
  std::unique_ptr<LiveClient> attach(Principal who, LiveConnection& connection, std::string remote = {});

  struct Stats {
    uint64_t clients_total = 0;
    uint64_t messages_sent = 0;
    uint64_t vessel_batches = 0;
    uint64_t alerts_sent = 0;
    uint64_t alert_updates_merged = 0;  // updates replaced by a later one before going out
    uint64_t bad_messages = 0;
    uint64_t snapshots = 0;          // begun (one per subscription)
    uint64_t snapshot_messages = 0;  // their slices sent
    uint64_t air_batches = 0;        // air changes found and sent (one per vessel batch at most)
    uint64_t air_snapshots = 0;      // air pictures sent to new subscribers
  };
  const Stats& stats() const { return stats_; }
  std::size_t clients() const { return clients_.size(); }
  // Clients whose nation is `nation` (metrics show a caller only its own).
  std::size_t clients_of(std::string_view nation) const;
  // Clients whose snapshot is still going out.
  std::size_t snapshots_streaming() const;

  // A snapshot goes out in messages of at most kMaxMessageBytes (as vessel
  // batches do), each serialised from the live picture when its turn comes,
  // and the next is queued only while the client's queue holds at most
  // kSnapshotLowWater bytes; the server core says when a write brings it
  // there (LiveConnection::notify_drained). So a large snapshot never fills
  // the queue (a client is closed as too slow only when it does not read),
  // an alert passes it (it goes ahead of what is queued, and the slices not
  // yet serialised are not queued at all), and it holds no copy of the
  // picture's JSON: only the (partition, MMSI) keys visible to the client
  // when it subscribed. A vessel forgotten meanwhile, or gone out of the
  // box, is left out; one not yet sent goes with its state when its slice
  // is built; one changed after its slice went is in a later batch (the
  // batches and the slices share the client's queue, in order).
  static constexpr std::size_t kMaxMessageBytes = 32 * 1024;
  static constexpr std::size_t kSnapshotLowWater = 64 * 1024;

 private:
  class Client;
  friend class Client;
  // Takes the keys of the vessels `c` may see in its box and starts
  // sending them (a snapshot under way is dropped).
  void start_snapshot(Client& c);
  // Sends slices while the client's queue is low; asks to be called again
  // (Client::on_drained) while some remain.
  void pump_snapshot(Client& c);
  void send_snapshot_slice(Client& c);
  // The air picture's changes since the last batch, to every client that
  // may see them; the whole air picture `c` may see (live_air.h).
  void flush_air();
  void send_air_snapshot(Client& c);

  NodeView& node_;
  LiveAir air_;
  std::vector<Client*> clients_;
  std::vector<track::MmsiMap<uint8_t>> dirty_;  // per partition: the MMSIs changed (a set)
  std::vector<std::pair<std::size_t, uint32_t>> flushing_;  // (partition, mmsi) going out
  std::size_t flush_next_ = 0;
  std::string flush_head_;
  // Alert updates held back: the latest state of each, in first-held order.
  struct HeldUpdate {
    std::string id;
    nlohmann::json alert;
    Marking marking;
    std::optional<AlertAck> ack;
    bool dropped = false;  // a later open or retraction replaced it
  };
  std::unordered_map<std::string, HeldUpdate> held_updates_;
  std::vector<std::string> held_order_;
  std::vector<HeldUpdate> updating_;  // taken by begin_vessel_flush, going out
  std::unordered_map<std::string, std::size_t> updating_at_;  // id -> index, not yet sent
  std::size_t update_next_ = 0;
  void take_held_updates();
  void clear_updating();
  // Sends up to `max` of updating_ (those not dropped).
  void send_updates(std::size_t max);
  // New and retracted alerts waiting for flush_alerts(): their JSON text.
  struct Ready {
    std::string json;
    Marking marking;
    std::string acked_json;  // with the acknowledgement; empty: none
    Marking ack_marking;
  };
  static Ready ready(const nlohmann::json& alert, Marking marking, const std::optional<AlertAck>& ack);
  std::vector<Ready> ready_;
  std::function<void()> schedule_alerts_;
  // Sends `alerts` to every client that may see them, as few messages per
  // nation as the size bound allows.
  void send_alerts(const std::vector<Ready>& alerts, bool urgent);
  Stats stats_;
};

}  // namespace lookout::server
