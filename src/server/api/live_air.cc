#include "server/api/live_air.h"

#include "core/marking.h"
#include "server/api/air_track_json.h"
#include "server/api/views.h"
#include "track/air/air_tracker.h"
#include "track/air/cooperative_picture.h"

namespace lookout::server {

namespace {

uint64_t key(std::size_t partition, uint32_t id) { return (static_cast<uint64_t>(partition) << 32) | id; }

// What makes a client redraw a track: a new state (it moved, or coasted a
// scan further), a new status, a new or lost identity, a new cooperative
// report (a callsign, a squawk, an operator position).
uint64_t fingerprint(const air::TrackState& s) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](uint64_t v) {
    h ^= v;
    h *= 1099511628211ull;
  };
  mix(static_cast<uint64_t>(to_unix_ms(s.time)));
  mix(static_cast<uint64_t>(s.status));
  mix(static_cast<uint64_t>(s.identity.source));
  mix(static_cast<uint64_t>(to_unix_ms(s.identity.last_report)));
  mix(std::hash<std::string_view>{}(s.identity.id.view()));
  return h;
}

}  // namespace

void visit_air_tracks(const PartitionView& part, bool confirmed_only, std::vector<air::TrackState>& scratch,
                      const std::function<void(const air::TrackState&)>& fn) {
  if (part.air == nullptr) return;
  for (const air::TrackState& t : part.air->tracks()) {
    // Checked before the copy: most tracks of a cluttered sky are tentative.
    if (t.status == air::TrackStatus::kDeleted) continue;
    if (confirmed_only && t.status == air::TrackStatus::kTentative) continue;
    // A radar track tied to an aircraft's ADS-B or a drone's Remote ID
    // carries its identity and class, as the detectors saw it.
    air::TrackState s = t;
    if (part.cooperative != nullptr) part.cooperative->apply_tie(s);
    fn(s);
  }
  // Cooperative targets no radar track matches are tracks of their own.
  if (part.cooperative != nullptr) {
    scratch.clear();
    part.cooperative->untied_states(scratch);
    for (const air::TrackState& s : scratch) fn(s);
  }
}

bool LiveAir::any(std::span<const PartitionView> parts) {
  for (const auto& p : parts) {
    if (p.air != nullptr) return true;
  }
  return false;
}

void LiveAir::take_changes(std::span<const PartitionView> parts, std::vector<Item>& out) {
  now_.clear();
  std::vector<air::TrackState> scratch;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const PartitionView& part = parts[p];
    visit_air_tracks(part, /*confirmed_only=*/true, scratch, [&](const air::TrackState& s) {
      const uint64_t k = key(p, s.id);
      const uint64_t f = fingerprint(s);
      now_[k] = f;
      auto it = shown_.find(k);
      if (it != shown_.end() && it->second == f) return;
      out.push_back({p, dump(air_track_json(s, *part.marking, part.air->sensors()))});
    });
  }
  for (const auto& [k, f] : shown_) {
    if (now_.count(k) != 0) continue;
    const auto p = static_cast<std::size_t>(k >> 32);
    if (p >= parts.size()) continue;
    // The track's id as its JSON says it (track_state_json.cc).
    nlohmann::json ended{{"track", "T" + std::to_string(static_cast<uint32_t>(k & 0xffffffffu))},
                         {"marking", marking_json(*parts[p].marking)},
                         {"ended", true}};
    out.push_back({p, dump(ended)});
  }
  shown_.swap(now_);
}

void LiveAir::snapshot(std::span<const PartitionView> parts, const std::string& nation, std::vector<Item>& out) {
  std::vector<air::TrackState> scratch;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const PartitionView& part = parts[p];
    if (part.air == nullptr || !releasable_to_nation(*part.marking, nation)) continue;
    visit_air_tracks(part, /*confirmed_only=*/true, scratch, [&](const air::TrackState& s) {
      out.push_back({p, dump(air_track_json(s, *part.marking, part.air->sensors()))});
    });
  }
}

void LiveAir::messages(std::span<const PartitionView> parts, const std::vector<Item>& items, const std::string& nation,
                       const std::string& head, std::string_view last_tail, bool always, std::size_t max_bytes,
                       std::vector<std::shared_ptr<const std::string>>& out) {
  std::string msg;
  auto emit = [&](std::string_view tail) {
    msg += tail;
    out.push_back(std::make_shared<const std::string>(std::move(msg)));
    msg.clear();
  };
  for (const Item& item : items) {
    if (item.partition >= parts.size() || !releasable_to_nation(*parts[item.partition].marking, nation)) continue;
    if (!msg.empty() && msg.size() + 1 + item.json.size() + last_tail.size() > max_bytes) emit("]}");
    msg += msg.empty() ? head : ",";
    msg += item.json;
  }
  if (msg.empty() && always) msg = head;
  if (!msg.empty()) emit(last_tail);
}

}  // namespace lookout::server
