// LiveAir: the air picture's changes for the live clients (/api/live), so
// the map follows air tracks without polling GET /api/air/tracks.
//
// What a client sees is what `GET /api/air/tracks?confirmed=true` answers
// (visit_air_tracks below): the confirmed and coasting radar tracks, each
// with the identity of the cooperative target it is tied to, and the
// cooperative targets (ADS-B, Remote ID) no radar track matches. Tentative
// tracks (mostly clutter, a few scans old) are left out.
//
// The hub calls take_changes() once per vessel batch (every 500 ms): it
// compares the picture with the one of the last call by a fingerprint per
// track (the time of its state, its status and its identity) and gives
// each track that is new or changed, as the track's JSON, and each track
// that left the picture (deleted, expired, or a cooperative target now
// shown as the radar track it is tied to) as
// {"track":"T<id>","marking":...,"ended":true}. The hub sends each client the
// items of the partitions released to its nation, as
// {"type":"air","time":...,"tracks":[...]} messages of bounded size, in
// order with the vessel batches on the client's queue; the server core
// closes a client that does not keep up (its queue bound), so a slow
// reader never holds the others back. On subscribing, a client gets the
// whole air picture it may see ("snapshot":true, the last message
// "complete":true), then the changes.
//
// The air picture is not cut to the subscribed box: it is small (tracks
// within a few sensors' range, hundreds at most) and a track leaving the
// box would need an "ended" of its own per client.
//
// Memory: one fingerprint per track shown (16 bytes), forgotten when no
// client is connected.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/api/node_view.h"
#include "track/air/track_state.h"

namespace lookout::server {

// Calls `fn` with each air track of `part` that `GET /api/air/tracks` lists:
// every radar track (or only the confirmed and coasting ones), carrying the
// identity of the cooperative target it is tied to, then the untied
// cooperative targets. `scratch` is reused between calls.
void visit_air_tracks(const PartitionView& part, bool confirmed_only, std::vector<air::TrackState>& scratch,
                      const std::function<void(const air::TrackState&)>& fn);

class LiveAir {
 public:
  // One change: the partition it belongs to and its JSON text.
  struct Item {
    std::size_t partition;
    std::string json;
  };
  // The tracks new, changed or ended since the last call (all of them on
  // the first call, or the first after forget()).
  void take_changes(std::span<const PartitionView> parts, std::vector<Item>& out);
  // No client is connected: nothing to compare with.
  void forget() { shown_.clear(); }
  // The whole picture as `nation` may see it, for a new subscription.
  static void snapshot(std::span<const PartitionView> parts, const std::string& nation, std::vector<Item>& out);
  // Whether any partition has an air picture (else no air message is sent).
  static bool any(std::span<const PartitionView> parts);

  // Joins `items` of the partitions released to `nation` into messages of
  // at most `max_bytes` (one item may exceed it alone): `head` then the
  // items, "]}" (or `last_tail` on the last message). With `always`, one
  // message even when no item is released (an empty snapshot says so).
  static void messages(std::span<const PartitionView> parts, const std::vector<Item>& items,
                       const std::string& nation, const std::string& head, std::string_view last_tail,
                       bool always, std::size_t max_bytes, std::vector<std::shared_ptr<const std::string>>& out);

 private:
  // (partition << 32 | track id) -> fingerprint of the state last sent.
  std::unordered_map<uint64_t, uint64_t> shown_;
  std::unordered_map<uint64_t, uint64_t> now_;  // reused
};

}  // namespace lookout::server
