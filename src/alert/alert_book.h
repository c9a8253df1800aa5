// AlertBook: turns detector findings into alerts a person can act on.
//
// One alert per episode (kind + episode key): the first finding opens it,
// later findings update it only when the picture really changed (the score
// moved by update_min_delta or the severity changed), so that a vessel
// hovering at a threshold does not flood the inbox; a retraction withdraws it.
// The book also keeps each vessel's risk, which combines its open alerts, and
// raises every alert of a watch-listed vessel.
// An alert's marking is derived from everything it names or carries: the
// data's marking (default_marking) and that of every asset its findings
// named, recomputed on every finding. It only narrows over an episode;
// when a state goes out to fewer nations than the one before, the nations
// that lost sight get a withdrawal first (AlertBookParams::withdrawals).
// Deterministic: ids are numbered in the order episodes open (replay), or
// drawn from a keyed hash (the live node, see AlertBookParams::id_key).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "alert/alert.h"
#include "core/function_ref.h"
#include "core/siphash.h"
#include "detect/finding.h"

namespace lookout {
class AssetIndex;
}

namespace lookout::alert {

using AlertSink = std::function<void(const Alert&)>;

struct AlertBookParams {
  int update_min_delta = 10;      ///< Score change that justifies an update.
  int watchlist_boost = 25;       ///< Added to every alert of a watch-listed vessel.
  Marking default_marking;        ///< The data's marking (the input's); narrowed by each asset named.
  // Makes ids unique beyond this book and opaque: with a scope, an id is
  // "a-20241225-<20 hex digits>", the keyed hash (id_key) of the scope and
  // the episode's sequence number, so that an id says neither which
  // partition raised it nor how many alerts exist (alerts a caller may not
  // see included). The live node sets a scope per partition and run and a
  // key drawn at random when it starts, so that partitions and restarts
  // never reuse an id in the store. Replay leaves the scope empty and keeps
  // numbered ids ("a-20241225-0001"): its output goes to one consumer who
  // sees every alert of the run, and golden files depend on them.
  std::string id_scope;
  SipKey id_key{};
  // An episode no finding has touched for this long (event time) leaves the
  // book's memory (expire()): a node running for weeks must not hold every
  // alert it ever raised. The store keeps it; a later finding with the same
  // key opens a new alert. No detector keeps an episode's state longer.
  std::chrono::hours forget_after{24};
  // Gets each withdrawal: a `retracted` state of an episode, marked for
  // exactly the nations that saw its last state and may not see the next
  // (it names an asset not released to them), repeating only what they saw;
  // it comes just before that next state, which goes to the book's sink.
  // For live clients (the node's hub); the store and the replay's alert file
  // keep each alert's latest state, whose narrower marking already hides it
  // from those nations. Empty: withdrawals are dropped.
  AlertSink withdrawals;
};

class AlertBook {
 public:
  AlertBook(AlertBookParams params, const AssetIndex& assets, AlertSink sink);

  // Applies one finding; calls the sink when an alert opens, changes enough,
  // or is retracted.
  void handle(detect::Finding&& f);

  // Marks a vessel as watch-listed (its alerts get watchlist_boost). handle()
  // does this itself for every vessel of a raised `watchlist` finding whose
  // evidence does not say "identifies_hull": false (and clears it when that
  // alert is retracted): the watchlist detector, which cannot reach the
  // book, tells it through its finding.
  void set_watchlisted(uint32_t mmsi) { watchlisted_.insert(mmsi); }
  void clear_watchlisted(uint32_t mmsi) { watchlisted_.erase(mmsi); }
  bool watchlisted(uint32_t mmsi) const { return watchlisted_.count(mmsi) != 0; }

  // 0..100: 100 * (1 - product of (1 - score/100)) over the vessel's open alerts.
  int vessel_risk(uint32_t mmsi) const;
  // The same over the open alerts whose marking is releasable to `nation`
  // only: a vessel's risk must not tell a nation of alerts it may not see.
  // Costs one hash lookup for a vessel with no open alert.
  int vessel_risk(uint32_t mmsi, std::string_view nation) const;

  // Forgets the episodes (open or retracted) last touched before
  // now - forget_after, and their part in vessel risk. Returns how many.
  std::size_t expire(Timestamp now);
  // Episodes held in memory, open or retracted.
  std::size_t episodes() const { return episodes_.size(); }

  const std::map<std::string, uint64_t>& opened_by_kind() const { return opened_by_kind_; }
  // Alert episodes opened, by kind, counting only those whose marking (the
  // one their latest state went out with) is releasable to `nation`.
  std::map<std::string, uint64_t> opened_by_kind(std::string_view nation) const;
  uint64_t updates() const { return updates_; }
  uint64_t retracted() const { return retracted_; }
  std::size_t open_count() const;
  // Open alerts whose marking is releasable to `nation`.
  std::size_t open_count(std::string_view nation) const;

 private:
  // What the nations of the last state given to the sink saw of it: what a
  // withdrawal may repeat to them.
  struct Shown {
    Marking marking;
    std::optional<std::string> asset;
    LatLon pos;
    int score = 0;
    Severity severity = Severity::kInfo;
  };
  struct Episode {
    Alert alert;
    bool open = true;
    std::vector<uint32_t> named;  // every asset its findings named, sorted
    bool marked = false;          // alert.marking derived (from the data and `named`)
    std::optional<Shown> shown;
  };
  // One open alert's part in a vessel's risk. `marking` points into the
  // episode's alert (episodes_ nodes do not move; a part is dropped before
  // its episode is forgotten), so that it follows the alert's marking.
  struct RiskPart {
    int score = 0;
    const Marking* marking = nullptr;
  };
  int final_score(const detect::Finding& f) const;
  // Adds the finding's assets to the episode's and derives its marking.
  void name_assets(Episode& e, const detect::Finding& f) const;
  // Gives the episode's alert to the sink, after a withdrawal for the
  // nations the last state went to and this one does not.
  void publish(Episode& e);
  // Adds delta (+1, -1) to the episodes opened of `kind` under `marking`.
  void count_opened(const Marking& marking, const std::string& kind, int delta);
  void set_risk_part(uint32_t mmsi, const std::string& key, const Alert& a);
  void drop_risk_part(uint32_t mmsi, const std::string& key);
  std::string next_id(Timestamp first);

  AlertBookParams params_;
  const AssetIndex& assets_;
  AlertSink sink_;
  std::unordered_map<std::string, Episode> episodes_;  // kind + '|' + episode key
  std::unordered_map<uint32_t, std::unordered_map<std::string, RiskPart>> risk_parts_;
  std::unordered_set<uint32_t> watchlisted_;
  std::map<std::string, uint64_t> opened_by_kind_;
  // The same by the marking the alert had when it opened (a few markings).
  std::vector<std::pair<Marking, std::map<std::string, uint64_t>>> opened_by_marking_;
  uint64_t updates_ = 0;
  uint64_t retracted_ = 0;
  uint64_t sequence_ = 0;
};

}  // namespace lookout::alert
