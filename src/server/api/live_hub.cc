#include "server/api/live_hub.h"

#include <algorithm>
#include <limits>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "alert/alert_book.h"
#include "server/api/audit_log.h"
#include "server/api/live_message.h"
#include "server/api/node_view.h"
#include "server/api/views.h"
#include "track/picture.h"

namespace lookout::server {

namespace {

using Box = LiveBox;

std::shared_ptr<const std::string> text(const nlohmann::json& j) {
  return std::make_shared<const std::string>(dump(j));
}

// A vessel batch goes out as messages of about this size at most: a client's
// alert waits behind the message being written to it, never behind a whole
// busy picture (WebSocket messages cannot interleave).
constexpr std::size_t kMaxBatchMessageBytes = LiveHub::kMaxMessageBytes;

// Joins vessel objects into `{head ... ]}` messages of bounded size.
class BatchBuilder {
 public:
  BatchBuilder(std::string head, std::vector<std::shared_ptr<const std::string>>& out)
      : head_(std::move(head)), out_(out) {}
  void add(const std::string& vessel_json) {
    if (!current_.empty() && current_.size() + vessel_json.size() + 2 > kMaxBatchMessageBytes) emit();
    current_ += current_.empty() ? head_ : ",";
    current_ += vessel_json;
  }
  // Ends the last message (none when nothing was added).
  void finish() {
    if (!current_.empty()) emit();
  }

 private:
  void emit() {
    current_ += "]}";
    out_.push_back(std::make_shared<const std::string>(std::move(current_)));
    current_.clear();
  }
  std::string head_;
  std::vector<std::shared_ptr<const std::string>>& out_;
  std::string current_;
};

}  // namespace

class LiveHub::Client final : public LiveClient {
 public:
  Client(LiveHub& hub, Principal who, LiveConnection& conn, std::string remote)
      : hub_(hub), who_(std::move(who)), conn_(conn), remote_(std::move(remote)) {}
  ~Client() override {
    auto& v = hub_.clients_;
    v.erase(std::remove(v.begin(), v.end(), this), v.end());
  }

  void on_message(std::string_view msg) override {
    LiveMessage m = parse_live_message(msg);
    switch (m.kind) {
      case LiveMessage::Kind::kSubscribe:
        audit(m, msg, 0, "ok");
        box_ = m.box;
        send({{"type", "subscribed"}, {"bbox", {box_.min_lon, box_.min_lat, box_.max_lon, box_.max_lat}}});
        // The air picture is not cut to the box: once per client is enough.
        if (!air_sent_) {
          air_sent_ = true;
          hub_.send_air_snapshot(*this);
        }
        hub_.start_snapshot(*this);
        return;
      case LiveMessage::Kind::kPing:
        audit(m, msg, 0, "ok");
        // With the node's time and what is queued ahead of the pong: the
        // client sees how far behind the node it reads (its lag indicator).
        send({{"type", "pong"},
              {"ping", std::move(m.ping)},
              {"time", format_iso8601(hub_.node_.now())},
              {"queued", conn_.queued_bytes()}});
        return;
      case LiveMessage::Kind::kBad:
        break;
    }
    ++hub_.stats_.bad_messages;
    if (++bad_ > 20) {
      audit(m, msg, 1008, "refused");
      conn_.close(1008, "too many bad messages");
      return;
    }
    audit(m, msg, 0, "bad_request");
    send({{"type", "error"}, {"message", m.problem}});
  }

  void on_refused(std::string_view why, uint16_t close_code) override {
    write_audit(std::string("WS ") + audit_text(why, 40), {}, close_code, "refused");
  }

  void on_drained() override { hub_.pump_snapshot(*this); }

  void send(const nlohmann::json& j) { send(text(j)); }
  void send_urgent(std::shared_ptr<const std::string> t) {
    ++hub_.stats_.messages_sent;
    conn_.send_urgent(std::move(t));
  }
  void send(std::shared_ptr<const std::string> t) {
    ++hub_.stats_.messages_sent;
    conn_.send(std::move(t));
  }

  const Principal& who() const { return who_; }
  const Box& box() const { return box_; }
  LiveConnection& connection() { return conn_; }

  // The snapshot going out (LiveHub::start_snapshot): the keys of the
  // vessels it holds, (partition, MMSI), and the first not yet sent.
  struct Snapshot {
    std::vector<std::pair<uint32_t, uint32_t>> keys;
    std::size_t next = 0;
    bool active = false;
  };
  Snapshot snapshot;

 private:
  // One audit row per message: "WS subscribe" and the message's text (at
  // most 500 bytes); `status` 0 while the connection stays open, else the
  // close code the message caused.
  void audit(const LiveMessage& m, std::string_view text, int status, const char* outcome) {
    write_audit(std::string("WS ") + m.name(), audit_text(text, 500), status, outcome);
  }
  void write_audit(std::string action, std::string target, int status, const char* outcome) {
    hub_.node_.store().add_audit(audit_row(to_unix_ms(hub_.node_.now()), &who_, remote_, std::move(action),
                                           std::move(target), status, outcome));
  }

  LiveHub& hub_;
  Principal who_;
  LiveConnection& conn_;
  std::string remote_;
  Box box_;
  int bad_ = 0;
  bool air_sent_ = false;
};

LiveHub::LiveHub(NodeView& node) : node_(node) {}

LiveHub::~LiveHub() = default;

std::unique_ptr<LiveClient> LiveHub::attach(Principal who, LiveConnection& connection, std::string remote) {
  auto c = std::make_unique<Client>(*this, std::move(who), connection, std::move(remote));
  clients_.push_back(c.get());
  ++stats_.clients_total;
  c->send({{"type", "hello"},
           {"node", node_.node_name()},
           {"nation", c->who().nation},
           {"role", to_string(c->who().role)},
           {"time", format_iso8601(node_.now())},
           {"clock_speed", node_.clock_speed()}});
  return c;
}

std::size_t LiveHub::clients_of(std::string_view nation) const {
  return static_cast<std::size_t>(
      std::count_if(clients_.begin(), clients_.end(), [&](const Client* c) { return c->who().nation == nation; }));
}

void LiveHub::vessel_changed(std::size_t partition, uint32_t mmsi) {
  if (clients_.empty()) return;
  if (dirty_.size() <= partition) dirty_.resize(partition + 1);
  dirty_[partition][mmsi] = 1;
}

LiveHub::Ready LiveHub::ready(const nlohmann::json& alert, Marking marking, const std::optional<AlertAck>& ack) {
  Ready r{dump(alert), std::move(marking), {}, {}};
  if (ack) {
    nlohmann::json with = alert;
    with["ack"] = ack->ack;
    r.acked_json = dump(with);
    r.ack_marking = ack->marking;
  }
  return r;
}

void LiveHub::alert(nlohmann::json alert, const Marking& marking, std::optional<AlertAck> ack) {
  if (clients_.empty()) return;
  std::string id = alert.value("id", std::string());
  if (alert.value("state", std::string()) == "update" && !id.empty()) {
    auto [it, fresh] = held_updates_.try_emplace(id);
    if (fresh) {
      held_order_.push_back(id);
    } else {
      ++stats_.alert_updates_merged;
    }
    it->second = {std::move(id), std::move(alert), marking, std::move(ack)};
    return;
  }
  // Opened or retracted: an update held back, or taken for the batch going
  // out and not yet sent, is older than this state.
  if (!id.empty()) {
    held_updates_.erase(id);
    if (auto at = updating_at_.find(id); at != updating_at_.end()) updating_[at->second].dropped = true;
  }
  ready_.push_back(ready(alert, marking, ack));
  if (!schedule_alerts_) {
    flush_alerts();
  } else if (ready_.size() == 1) {
    schedule_alerts_();
  }
}

void LiveHub::flush_alerts() {
  if (ready_.empty()) return;
  std::vector<Ready> ready;
  ready.swap(ready_);
  send_alerts(ready, /*urgent=*/true);
}

void LiveHub::take_held_updates() {
  for (std::string& id : held_order_) {
    auto it = held_updates_.find(id);
    if (it == held_updates_.end()) continue;  // opened again or retracted meanwhile
    updating_at_[id] = updating_.size();
    updating_.push_back(std::move(it->second));
  }
  held_updates_.clear();
  held_order_.clear();
}

void LiveHub::clear_updating() {
  updating_.clear();
  updating_at_.clear();
  update_next_ = 0;
}

void LiveHub::send_updates(std::size_t max) {
  // Serialised here, once each, a slice at a time: a storm of updates held
  // over one interval must not hold the thread for milliseconds at once.
  std::size_t n = std::min(max, updating_.size() - update_next_);
  if (n == 0) return;
  std::vector<Ready> updates;
  updates.reserve(n);
  for (std::size_t i = 0; i < n; ++i, ++update_next_) {
    HeldUpdate& u = updating_[update_next_];
    updating_at_.erase(u.id);
    if (!u.dropped) updates.push_back(ready(u.alert, std::move(u.marking), u.ack));
  }
  if (update_next_ == updating_.size()) clear_updating();
  if (!updates.empty()) send_alerts(updates, /*urgent=*/false);
}

void LiveHub::send_alerts(const std::vector<Ready>& alerts, bool urgent) {
  // One alert: {"alert":{...},"type":"alert"}; several: {"alerts":[...],
  // "type":"alerts"} (keys in the order nlohmann::json writes them), cut
  // at the batch message bound. Built once per nation.
  struct Built {
    std::size_t alerts = 0;
    std::vector<std::shared_ptr<const std::string>> messages;
  };
  std::map<std::string, Built, std::less<>> by_nation;
  for (Client* c : clients_) {
    const std::string& nation = c->who().nation;
    auto [it, fresh] = by_nation.try_emplace(nation);
    if (fresh) {
      std::vector<const std::string*> mine;
      for (const auto& a : alerts) {
        if (!releasable_to_nation(a.marking, nation)) continue;
        const bool acked = !a.acked_json.empty() && releasable_to_nation(a.ack_marking, nation);
        mine.push_back(acked ? &a.acked_json : &a.json);
      }
      std::size_t i = 0;
      while (i < mine.size()) {
        std::size_t j = i + 1, bytes = mine[i]->size();
        while (j < mine.size() && bytes + mine[j]->size() + 1 <= kMaxBatchMessageBytes) bytes += mine[j++]->size() + 1;
        std::string msg;
        if (j - i == 1) {
          msg.reserve(mine[i]->size() + 26);
          msg += "{\"alert\":";
          msg += *mine[i];
          msg += ",\"type\":\"alert\"}";
        } else {
          msg.reserve(bytes + 30);
          msg += "{\"alerts\":[";
          for (std::size_t k = i; k < j; ++k) {
            if (k > i) msg += ',';
            msg += *mine[k];
          }
          msg += "],\"type\":\"alerts\"}";
        }
        it->second.messages.push_back(std::make_shared<const std::string>(std::move(msg)));
        i = j;
      }
      it->second.alerts = mine.size();
    }
    stats_.alerts_sent += it->second.alerts;
    for (const auto& msg : it->second.messages) {
      if (urgent) {
        c->send_urgent(msg);
      } else {
        c->send(msg);
      }
    }
  }
}

void LiveHub::flush_vessels() {
  if (!begin_vessel_flush()) return;
  while (flush_vessels_step(std::numeric_limits<std::size_t>::max())) {
  }
}

bool LiveHub::begin_vessel_flush() {
  if (clients_.empty()) {
    dirty_.clear();
    flushing_.clear();
    clear_updating();
    air_.forget();
    return false;
  }
  flush_air();
  if (vessels_to_flush() > 0) return false;  // the last one is still going out
  take_held_updates();
  flushing_.clear();
  flush_next_ = 0;
  for (std::size_t p = 0; p < dirty_.size(); ++p) {
    dirty_[p].for_each([&](uint32_t mmsi, uint8_t) { flushing_.push_back({p, mmsi}); });
    dirty_[p].clear();
  }
  if (flushing_.empty()) return !updating_.empty();
  flush_head_ = "{\"type\":\"vessels\",\"time\":\"" + format_iso8601(node_.now()) + "\",\"vessels\":[";
  ++stats_.vessel_batches;
  return true;
}

bool LiveHub::flush_vessels_step(std::size_t max_vessels) {
  if (clients_.empty()) {
    flushing_.clear();
    flush_next_ = 0;
    clear_updating();
    return false;
  }
  // The batch's alert updates first (queued in order ahead of its vessels),
  // at most kUpdatesPerStep of them per step: each is a whole alert.
  if (update_next_ < updating_.size()) {
    send_updates(std::min(max_vessels, kUpdatesPerStep));
    return vessels_to_flush() > 0;
  }
  if (flush_next_ >= flushing_.size()) return false;
  auto parts = node_.partitions();
  struct Item {
    std::size_t partition;
    const track::Vessel* vessel;
    double lat, lon;
    // The vessel serialised once per risk value its viewers get (a vessel's
    // risk counts only the alerts the viewer's nation may see): one entry
    // for nearly every vessel.
    std::vector<std::pair<int, std::string>> json_by_risk;
  };
  // Serialise each changed vessel of this slice once per risk shown (its
  // state now); each client then joins what it may see.
  std::vector<Item> items;
  std::size_t end = flush_next_ + std::min(max_vessels, flushing_.size() - flush_next_);
  for (; flush_next_ < end; ++flush_next_) {
    auto [p, mmsi] = flushing_[flush_next_];
    if (p >= parts.size()) continue;
    const track::Vessel* v = parts[p].picture->find(mmsi);
    if (v == nullptr || v->positions == 0) continue;
    auto pos = v->last.pos();
    items.push_back({p, v, pos.lat, pos.lon, {}});
  }
  auto json_for = [&](Item& item, std::string_view nation) -> const std::string& {
    const int risk = parts[item.partition].alerts->vessel_risk(item.vessel->mmsi, nation);
    for (const auto& [r, text] : item.json_by_risk) {
      if (r == risk) return text;
    }
    item.json_by_risk.emplace_back(risk, dump(vessel_json(*item.vessel, risk, *parts[item.partition].marking, false)));
    return item.json_by_risk.back().second;
  };
  // Clients of one nation watching the same box get the same messages: build
  // them once and share them (a wall of screens on one view costs one batch).
  std::map<std::string, std::vector<std::shared_ptr<const std::string>>> built;
  for (Client* c : clients_) {
    const Box& b = c->box();
    std::string key = c->who().nation + '|' + std::to_string(b.min_lon) + ',' + std::to_string(b.min_lat) + ',' +
                      std::to_string(b.max_lon) + ',' + std::to_string(b.max_lat);
    auto [it, fresh] = built.try_emplace(std::move(key));
    if (fresh) {
      BatchBuilder batch(flush_head_, it->second);
      for (auto& item : items) {
        if (releasable_to_nation(*parts[item.partition].marking, c->who().nation) && b.contains(item.lat, item.lon)) {
          batch.add(json_for(item, c->who().nation));
        }
      }
      batch.finish();
    }
    for (const auto& msg : it->second) c->send(msg);
  }
  if (flush_next_ < flushing_.size()) return true;
  flushing_.clear();
  flush_next_ = 0;
  return false;
}

void LiveHub::flush_air() {
  auto parts = node_.partitions();
  if (!LiveAir::any(parts)) return;
  std::vector<LiveAir::Item> items;
  air_.take_changes(parts, items);
  if (items.empty()) return;
  ++stats_.air_batches;
  const std::string head = "{\"type\":\"air\",\"time\":\"" + format_iso8601(node_.now()) + "\",\"tracks\":[";
  // Built once per nation; queued in order with the vessel batches.
  std::map<std::string, std::vector<std::shared_ptr<const std::string>>, std::less<>> by_nation;
  for (Client* c : clients_) {
    auto [it, fresh] = by_nation.try_emplace(c->who().nation);
    if (fresh) LiveAir::messages(parts, items, c->who().nation, head, "]}", false, kMaxMessageBytes, it->second);
    for (const auto& msg : it->second) c->send(msg);
  }
}

void LiveHub::send_air_snapshot(Client& c) {
  auto parts = node_.partitions();
  if (!LiveAir::any(parts)) return;
  std::vector<LiveAir::Item> items;
  LiveAir::snapshot(parts, c.who().nation, items);
  std::vector<std::shared_ptr<const std::string>> msgs;
  const std::string head =
      "{\"type\":\"air\",\"snapshot\":true,\"time\":\"" + format_iso8601(node_.now()) + "\",\"tracks\":[";
  LiveAir::messages(parts, items, c.who().nation, head, "],\"complete\":true}", true, kMaxMessageBytes, msgs);
  ++stats_.air_snapshots;
  for (auto& msg : msgs) c.send(std::move(msg));
}

std::size_t LiveHub::snapshots_streaming() const {
  return static_cast<std::size_t>(
      std::count_if(clients_.begin(), clients_.end(), [](const Client* c) { return c->snapshot.active; }));
}

void LiveHub::start_snapshot(Client& c) {
  // Only keys: 8 bytes a vessel, where the JSON would be ~300.
  Client::Snapshot& s = c.snapshot;
  s.keys.clear();
  s.next = 0;
  s.active = true;
  ++stats_.snapshots;
  auto parts = node_.partitions();
  for (std::size_t p = 0; p < parts.size(); ++p) {
    if (!releasable_to_nation(*parts[p].marking, c.who().nation)) continue;
    parts[p].picture->for_each([&](const track::Vessel& v) {
      if (v.positions == 0) return;
      auto pos = v.last.pos();
      if (c.box().contains(pos.lat, pos.lon)) s.keys.emplace_back(static_cast<uint32_t>(p), v.mmsi);
    });
  }
  pump_snapshot(c);
}

void LiveHub::pump_snapshot(Client& c) {
  LiveConnection& conn = c.connection();
  while (c.snapshot.active && !conn.closing() && conn.queued_bytes() <= kSnapshotLowWater) send_snapshot_slice(c);
  if (conn.closing()) {
    c.snapshot = {};
  } else if (c.snapshot.active) {
    conn.notify_drained(kSnapshotLowWater);
  }
}

void LiveHub::send_snapshot_slice(Client& c) {
  // {"type":"vessels","snapshot":true,"time":"...","vessels":[...]}, the
  // last with "complete":true (also when the box is empty: one message
  // that says so). Each vessel in its state now, with the risk its viewer's
  // nation may see; the same visibility checks as when the keys were taken
  // (a partition's marking does not change, the vessel may have moved).
  static constexpr std::string_view kTail = "],\"complete\":true}";
  Client::Snapshot& s = c.snapshot;
  const std::string& nation = c.who().nation;
  auto parts = node_.partitions();
  std::string msg = "{\"type\":\"vessels\",\"snapshot\":true,\"time\":\"" + format_iso8601(node_.now()) + "\",\"vessels\":[";
  std::size_t vessels = 0;
  for (; s.next < s.keys.size(); ++s.next) {
    const auto [p, mmsi] = s.keys[s.next];
    if (p >= parts.size() || !releasable_to_nation(*parts[p].marking, nation)) continue;
    const track::Vessel* v = parts[p].picture->find(mmsi);
    if (v == nullptr || v->positions == 0) continue;  // forgotten since
    auto pos = v->last.pos();
    if (!c.box().contains(pos.lat, pos.lon)) continue;
    std::string one = dump(vessel_json(*v, parts[p].alerts->vessel_risk(mmsi, nation), *parts[p].marking, false));
    // Re-serialised for the next slice when it does not fit: a copy kept
    // until then could go out behind a newer batch and undo it.
    if (vessels > 0 && msg.size() + 1 + one.size() + kTail.size() > kMaxMessageBytes) break;
    if (vessels++ > 0) msg += ',';
    msg += one;
  }
  if (s.next < s.keys.size()) {
    msg += "]}";
  } else {
    msg += kTail;
    s = {};  // done: the keys' memory goes too
  }
  ++stats_.snapshot_messages;
  c.send(std::make_shared<const std::string>(std::move(msg)));
}

}  // namespace lookout::server
