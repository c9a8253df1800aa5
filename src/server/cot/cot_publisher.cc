#include "server/cot/cot_publisher.h"

#include <algorithm>

#include "core/marking.h"
#include "decode/cot/writer.h"
#include "server/api/node_view.h"
#include "track/air/air_tracker.h"
#include "track/air/cooperative_picture.h"
#include "track/picture.h"

namespace lookout::server::cot {

namespace {
// Ended vessels (forgotten by the picture) are looked for this often.
constexpr auto kSweepPeriod = std::chrono::seconds(5);
constexpr uint64_t kPartitionMask = (uint64_t{1} << 28) - 1;
}  // namespace

const char* to_string(CotTransport t) noexcept {
  switch (t) {
    case CotTransport::kTcp: return "tcp";
    case CotTransport::kTls: return "tls";
    case CotTransport::kUdp: return "udp";
  }
  return "tcp";
}

CotPublisher::CotPublisher(CotOutputConfig config, const NodeView& node, CotSink& sink)
    : config_(std::move(config)), node_(node), sink_(sink), node_name_(node.node_name()) {
  capacity_ = config_.burst > 0 ? config_.burst : std::max(1.0, config_.max_events_per_second);
  tokens_ = capacity_;
  for (const auto& p : node_.partitions()) {
    released_.push_back(p.marking != nullptr && releasable_to_nation(*p.marking, config_.nation) ? 1 : 0);
    parts_.push_back(p);
  }
}

CotPublisher::~CotPublisher() = default;

bool CotPublisher::partition_released(std::size_t partition) const {
  return partition < released_.size() && released_[partition] != 0;
}

std::size_t CotPublisher::waiting() const { return urgent_order_.size() + changed_order_.size(); }

Affiliation CotPublisher::affiliation(uint64_t vessel_key) const {
  if (auto it = hostile_.find(vessel_key); it != hostile_.end() && it->second > 0) return Affiliation::kHostile;
  if (auto it = suspect_.find(vessel_key); it != suspect_.end() && it->second > 0) return Affiliation::kSuspect;
  return Affiliation::kUnknown;
}

void CotPublisher::queue_track(uint64_t k) {
  if (changed_.insert(k).second) {
    changed_order_.push_back(k);
  } else {
    ++stats_.coalesced;
  }
}

void CotPublisher::queue_alert_event(const std::string& uid, std::string xml) {
  auto [it, fresh] = urgent_.try_emplace(uid);
  if (fresh) {
    urgent_order_.push_back(uid);
  } else {
    ++stats_.coalesced;
  }
  it->second = std::move(xml);
}

void CotPublisher::queue_delete(const std::string& uid, Timestamp time) {
  delete_event(uid, time, event_);
  std::string xml;
  lookout::cot::write_event(event_, xml);
  queue_alert_event(uid, std::move(xml));
}

void CotPublisher::vessel_changed(std::size_t partition, uint32_t mmsi) {
  if (!config_.vessels || !partition_released(partition)) return;
  queue_track(key(Kind::kVessel, partition, mmsi));
}

void CotPublisher::alert(std::size_t partition, const alert::Alert& a) {
  alert_uid(node_name_, a.id, uid_);
  const bool released = a.state != alert::AlertState::kRetracted && releasable_to_nation(a.marking, config_.nation);
  auto it = alerts_.find(uid_);
  // The vessels it makes suspect (or hostile) change: their type follows.
  auto count = [this](const SentAlert& s, int delta) {
    auto& counts = s.watchlist ? hostile_ : suspect_;
    for (uint64_t k : s.vessels) {
      const Affiliation before = affiliation(k);
      uint16_t& n = counts[k];
      n = static_cast<uint16_t>(n + delta);
      if (n == 0) counts.erase(k);
      if (affiliation(k) != before && config_.vessels) queue_track(k);
    }
  };
  if (!released) {
    if (it == alerts_.end()) return;  // never sent: nothing to take back
    count(it->second, -1);
    alerts_.erase(it);
    queue_delete(uid_, a.time);
    pump();
    return;
  }
  SentAlert next;
  next.partition = partition;
  next.watchlist = a.kind == "watchlist";
  for (uint32_t mmsi : a.mmsi) next.vessels.push_back(key(Kind::kVessel, partition, mmsi));
  alert_event(node_name_, partition, a, event_);
  lookout::cot::write_event(event_, next.xml);
  if (it != alerts_.end()) {
    count(it->second, -1);
    it->second = std::move(next);
  } else {
    it = alerts_.emplace(uid_, std::move(next)).first;
  }
  count(it->second, +1);
  queue_alert_event(uid_, it->second.xml);
  pump();
}

void CotPublisher::scan_air() {
  if (!config_.air) return;
  ++air_generation_;
  auto consider = [this](std::size_t p, air::TrackState& s) {
    const uint64_t k = key(Kind::kAir, p, s.id);
    auto it = air_sent_.find(k);
    if (it != air_sent_.end()) {
      it->second.generation = air_generation_;
      if (it->second.time >= s.time) return;
    }
    if (!air_event(node_name_, p, s, event_)) {
      // Sent before and not to be sent now (a track the classifier now
      // calls a bird): unmark it, so that the sweep below deletes it.
      if (it != air_sent_.end()) it->second.generation = 0;
      return;
    }
    std::string& xml = air_xml_[k];
    xml.clear();
    lookout::cot::write_event(event_, xml);
    air_sent_[k] = {s.time, air_generation_};
    queue_track(k);
  };
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    const PartitionView& part = parts_[p];
    if (!partition_released(p) || part.air == nullptr) continue;
    for (const air::TrackState& t : part.air->tracks()) {
      air::TrackState s = t;
      if (part.cooperative != nullptr) part.cooperative->apply_tie(s);
      consider(p, s);
    }
    if (part.cooperative != nullptr) {
      scratch_.clear();
      part.cooperative->untied_states(scratch_);
      for (air::TrackState& s : scratch_) consider(p, s);
    }
  }
  // Tracks not seen in this scan have ended (deleted, or tied to a radar
  // track and shown as it): their uids are deleted.
  const Timestamp now = node_.now();
  for (auto it = air_sent_.begin(); it != air_sent_.end();) {
    if (it->second.generation == air_generation_) {
      ++it;
      continue;
    }
    const uint64_t k = it->first;
    air_uid(node_name_, (k >> 32) & kPartitionMask, static_cast<uint32_t>(k), uid_);
    air_xml_.erase(k);
    if (changed_.erase(k) > 0) {
      changed_order_.erase(std::find(changed_order_.begin(), changed_order_.end(), k));
    }
    queue_delete(uid_, now);
    it = air_sent_.erase(it);
  }
}

void CotPublisher::sweep_vessels() {
  const Timestamp now = node_.now();
  for (auto it = vessels_sent_.begin(); it != vessels_sent_.end();) {
    const std::size_t p = (*it >> 32) & kPartitionMask;
    const auto mmsi = static_cast<uint32_t>(*it);
    if (parts_[p].picture != nullptr && parts_[p].picture->find(mmsi) != nullptr) {
      ++it;
      continue;
    }
    vessel_uid(node_name_, mmsi, uid_);
    queue_delete(uid_, now);
    it = vessels_sent_.erase(it);
  }
}

void CotPublisher::resync() {
  ++stats_.resyncs;
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    if (!config_.vessels || !partition_released(p) || parts_[p].picture == nullptr) continue;
    parts_[p].picture->for_each([&](const track::Vessel& v) {
      if (v.positions > 0) queue_track(key(Kind::kVessel, p, v.mmsi));
    });
  }
  for (auto& [k, sent] : air_sent_) sent.time = Timestamp::min();  // the next scan queues them again
  for (const auto& [uid, a] : alerts_) queue_alert_event(uid, a.xml);
}

bool CotPublisher::build_track(uint64_t k, std::string& xml) {
  xml.clear();
  const auto kind = static_cast<Kind>(k >> 60);
  const std::size_t p = (k >> 32) & kPartitionMask;
  if (kind == Kind::kAir) {
    auto it = air_xml_.find(k);
    if (it == air_xml_.end()) return false;
    xml.swap(it->second);
    air_xml_.erase(it);
    return true;
  }
  if (p >= parts_.size() || parts_[p].picture == nullptr) return false;
  const track::Vessel* v = parts_[p].picture->find(static_cast<uint32_t>(k));
  if (v == nullptr || v->positions == 0) return false;
  vessel_event(node_name_, *v, affiliation(k), event_);
  lookout::cot::write_event(event_, xml);
  vessels_sent_.insert(k);
  return true;
}

bool CotPublisher::send(const std::string& xml) {
  if (!sink_.send(xml)) {
    ++stats_.send_failures;
    return false;
  }
  ++stats_.events_sent;
  tokens_ -= 1;
  return true;
}

bool CotPublisher::check_ready() {
  // The sink has come (back): everything visible goes again, coalesced
  // with what waits, so the far side's picture is whole.
  const bool ready = sink_.ready();
  if (ready && !was_ready_) resync();
  was_ready_ = ready;
  return ready;
}

void CotPublisher::pump() {
  if (!check_ready()) return;
  while (tokens_ >= 1 && sink_.ready()) {
    if (!urgent_order_.empty()) {
      std::string uid = std::move(urgent_order_.front());
      urgent_order_.pop_front();
      auto it = urgent_.find(uid);
      if (it == urgent_.end()) continue;
      std::string xml = std::move(it->second);
      urgent_.erase(it);
      if (!send(xml)) {
        // Put back: it goes first when the sink can take it again.
        urgent_.emplace(uid, std::move(xml));
        urgent_order_.push_front(std::move(uid));
        return;
      }
      if (xml.find("type=\"t-x-d-d\"") != std::string::npos) {
        ++stats_.deletes_sent;
      } else {
        ++stats_.alerts_sent_out;
      }
      continue;
    }
    if (changed_order_.empty()) return;
    const uint64_t k = changed_order_.front();
    changed_order_.pop_front();
    changed_.erase(k);
    if (!build_track(k, xml_)) continue;
    if (!send(xml_)) {
      // A track's latest state is sent again on the resync that follows
      // the sink's return; it need not wait here.
      return;
    }
  }
}

void CotPublisher::tick(std::chrono::steady_clock::time_point wall) {
  if (refilled_ != std::chrono::steady_clock::time_point{}) {
    const double dt = std::chrono::duration<double>(wall - refilled_).count();
    tokens_ = std::min(capacity_, tokens_ + std::max(0.0, dt) * config_.max_events_per_second);
  }
  refilled_ = wall;
  const bool ready = check_ready();
  scan_air();
  if (wall - swept_ >= kSweepPeriod) {
    swept_ = wall;
    sweep_vessels();
  }
  pump();
  if (waiting() > 0 && ready) ++stats_.rate_limited;
}

}  // namespace lookout::server::cot
