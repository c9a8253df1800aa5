// CotPublisher: decides what one CoT output sends and when - the picture
// released to its nation, alerts first, within its rate limit.
//
// Release: a vessel or air track goes out only when its partition's marking
// is releasable to the output's nation, an alert only when the alert's own
// marking is (it already covers every asset and vessel it names: alert.h,
// docs/decisions/0010). A vessel turns suspect or hostile (its CoT type) only
// for alerts this output may send, so the type never hints at an alert the
// nation may not see. An alert sent and then withdrawn from the nation (its
// marking narrowed) or retracted is deleted (t-x-d-d).
//
// Rate limit: a token bucket of max_events_per_second, refilled on tick().
// What waits is kept once per uid, the latest state (coalescing): a vessel
// that moved ten times while the link was busy goes once, as it is now, so
// the queue is bounded by the objects, not by the reports. Order: alerts
// (opened, updated, deleted), then deletes of ended tracks, then changed
// vessels and air tracks in the order they first changed.
//
// On the io thread only. The sink is given the bytes of each event.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/time.h"
#include "decode/cot/event.h"
#include "server/cot/cot_events.h"
#include "server/api/node_view.h"
#include "server/cot/cot_output_config.h"

namespace lookout::server::cot {

// Where the events go. send() takes one event's bytes; false: not sent (the
// sink counts why). ready(): the sink can take events now (a stream is
// connected); while it cannot, events wait, coalesced.
class CotSink {
 public:
  virtual ~CotSink() = default;
  virtual bool ready() const = 0;
  virtual bool send(std::string_view event) = 0;
};

struct CotPublisherStats {
  uint64_t events_sent = 0;     ///< Events the sink took.
  uint64_t alerts_sent_out = 0; ///< Of which alert events (open and update).
  uint64_t deletes_sent = 0;    ///< Of which t-x-d-d.
  uint64_t send_failures = 0;   ///< Events the sink refused (they wait for the next try).
  uint64_t coalesced = 0;       ///< States replaced by a later one of the same object before going out.
  uint64_t rate_limited = 0;    ///< Ticks that ended with events waiting for tokens.
  uint64_t resyncs = 0;         ///< Whole pictures queued again (the sink came back).
};

class CotPublisher {
 public:
  // `node` and `sink` must outlive the publisher.
  CotPublisher(CotOutputConfig config, const NodeView& node, CotSink& sink);
  ~CotPublisher();
  CotPublisher(const CotPublisher&) = delete;
  CotPublisher& operator=(const CotPublisher&) = delete;

  // A vessel of partition `partition` changed (position or static data).
  void vessel_changed(std::size_t partition, uint32_t mmsi);
  // An alert state of partition `partition` (open, update, retraction, or a
  // withdrawal: a state whose marking no longer lists the nation).
  void alert(std::size_t partition, const alert::Alert& a);
  // Refills the bucket (by `wall`, steady time), looks for changed and
  // ended air tracks and ended vessels (the picture forgot them), queues the
  // whole picture again when the sink has come back, and sends what the
  // bucket allows.
  void tick(std::chrono::steady_clock::time_point wall);
  // Sends what the bucket allows now (after alerts, without waiting for the
  // next tick).
  void pump();

  const CotOutputConfig& config() const { return config_; }
  const CotPublisherStats& stats() const { return stats_; }
  // Events waiting (alerts, deletes, changed tracks).
  std::size_t waiting() const;

 private:
  // A key for one object: kind in the top bits, then partition, then id.
  enum class Kind : uint8_t { kVessel = 1, kAir = 2 };
  static uint64_t key(Kind k, std::size_t partition, uint32_t id) {
    return (static_cast<uint64_t>(k) << 60) | (static_cast<uint64_t>(partition) << 32) | id;
  }
  bool partition_released(std::size_t partition) const;
  Affiliation affiliation(uint64_t vessel_key) const;
  void queue_alert_event(const std::string& uid, std::string xml);
  void queue_delete(const std::string& uid, Timestamp time);
  void queue_track(uint64_t k);
  void scan_air();
  void sweep_vessels();
  void resync();
  // Reads the sink's state; queues the whole picture when it became ready.
  bool check_ready();
  // Builds the event of a changed track; false when it is gone or not sent.
  bool build_track(uint64_t k, std::string& xml);
  bool send(const std::string& xml);

  CotOutputConfig config_;
  const NodeView& node_;
  CotSink& sink_;
  std::string node_name_;
  std::vector<PartitionView> parts_;  // the node's partitions (fixed once it is open)
  std::vector<char> released_;        // per partition: releasable to the nation
  CotPublisherStats stats_;

  // The bucket.
  double tokens_ = 0;
  double capacity_ = 1;
  std::chrono::steady_clock::time_point refilled_{};
  bool was_ready_ = false;

  // Alerts and deletes: the latest XML per uid, in first-queued order.
  std::deque<std::string> urgent_order_;
  std::unordered_map<std::string, std::string> urgent_;
  // Changed tracks, in first-changed order; air tracks carry their XML
  // (built at the scan: the tracker's state is not kept for later).
  std::deque<uint64_t> changed_order_;
  std::unordered_set<uint64_t> changed_;
  std::unordered_map<uint64_t, std::string> air_xml_;

  // What this output has sent, for ends, withdrawals and resyncs.
  std::unordered_set<uint64_t> vessels_sent_;
  struct AirSent {
    Timestamp time;            // of the state sent or queued
    uint64_t generation = 0;   // the last scan that saw the track
  };
  std::unordered_map<uint64_t, AirSent> air_sent_;
  uint64_t air_generation_ = 0;
  struct SentAlert {
    std::size_t partition = 0;
    std::vector<uint64_t> vessels;  // keys of the vessels it names
    bool watchlist = false;
    std::string xml;                // its latest event (sent again on a resync)
  };
  std::unordered_map<std::string, SentAlert> alerts_;  // open alerts released to the nation, by uid
  std::unordered_map<uint64_t, uint16_t> suspect_;     // vessel key -> open alerts naming it
  std::unordered_map<uint64_t, uint16_t> hostile_;     // vessel key -> open watch-list alerts
  std::chrono::steady_clock::time_point swept_{};

  CotEvent event_;  // reused
  std::string uid_, xml_;
  std::vector<air::TrackState> scratch_;
};

}  // namespace lookout::server::cot
