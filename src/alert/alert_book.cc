#include "alert/alert_book.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <string_view>

#include "core/derived_marking.h"
#include "geo/asset_index.h"

namespace lookout::alert {

namespace {
// The alert kind of detect/watchlist_detector.h.
constexpr std::string_view kWatchlistKind = "watchlist";
}  // namespace

AlertBook::AlertBook(AlertBookParams params, const AssetIndex& assets, AlertSink sink)
    : params_(std::move(params)), assets_(assets), sink_(std::move(sink)) {}

int AlertBook::final_score(const detect::Finding& f) const {
  double s = f.score;
  bool listed = std::any_of(f.mmsi.begin(), f.mmsi.end(),
                            [&](uint32_t m) { return watchlisted(m); });
  if (listed && f.kind != kWatchlistKind) s += params_.watchlist_boost;
  return static_cast<int>(std::lround(std::clamp(s, 0.0, 100.0)));
}

std::string AlertBook::next_id(Timestamp first) {
  char date[32];
  format_iso8601(first, date);
  char buf[48];
  std::snprintf(buf, sizeof buf, "a-%c%c%c%c%c%c%c%c-", date[0], date[1], date[2], date[3], date[5], date[6],
                date[8], date[9]);
  std::string id = buf;
  ++sequence_;
  if (!params_.id_scope.empty()) {
    // 80 bits of two keyed hashes of scope and sequence: unique in practice
    // (a collision among a million ids has odds below 1e-12) and opaque.
    std::string msg = params_.id_scope + '/' + std::to_string(sequence_);
    const uint64_t h0 = siphash24(params_.id_key, msg);
    const uint64_t h1 = siphash24(params_.id_key, msg + "/2");
    std::snprintf(buf, sizeof buf, "%016llx%04llx", static_cast<unsigned long long>(h0),
                  static_cast<unsigned long long>(h1 & 0xffff));
    return id + buf;
  }
  std::snprintf(buf, sizeof buf, "%04llu", static_cast<unsigned long long>(sequence_));
  return id + buf;
}

void AlertBook::name_assets(Episode& e, const detect::Finding& f) const {
  // The marking is derived again only when the finding names an asset the
  // episode had not named (or on the first finding).
  bool fresh = !e.marked;
  auto add = [&](uint32_t idx) {
    auto at = std::lower_bound(e.named.begin(), e.named.end(), idx);
    if (at != e.named.end() && *at == idx) return;
    e.named.insert(at, idx);
    fresh = true;
  };
  if (f.asset) add(*f.asset);
  for (uint32_t idx : f.named_assets) add(idx);
  if (!fresh) return;
  e.marked = true;
  // Data of one marking about assets of others: releasable only where all
  // are (an unmarked asset adds no restriction; unmarked data, in a replay
  // without --owner, neither).
  std::vector<const Marking*> pieces;
  pieces.reserve(e.named.size() + 1);
  pieces.push_back(&params_.default_marking);
  for (uint32_t i : e.named) pieces.push_back(&assets_.asset(i).marking);
  e.alert.marking = derive_marking(pieces);
}

void AlertBook::publish(Episode& e) {
  const Alert& a = e.alert;
  if (e.shown && e.shown->marking != a.marking) {
    std::vector<std::string> was = expand_releasable_to(e.shown->marking);
    std::vector<std::string> now = expand_releasable_to(a.marking);
    std::vector<std::string> lost;
    std::set_difference(was.begin(), was.end(), now.begin(), now.end(), std::back_inserter(lost));
    if (!lost.empty()) {
      Alert w;
      w.id = a.id;
      w.kind = a.kind;
      w.state = AlertState::kRetracted;
      w.time = a.time;
      w.first_time = a.first_time;
      w.mmsi = a.mmsi;
      w.track = a.track;
      w.asset = e.shown->asset;
      w.pos = e.shown->pos;
      w.score = e.shown->score;
      w.severity = e.shown->severity;
      w.summary = "Withdrawn: this alert now rests on information not released to your nation";
      w.evidence = {{"withdrawn", true}};
      auto keep = std::find(lost.begin(), lost.end(), e.shown->marking.owner);
      w.marking.owner = keep != lost.end() ? *keep : lost.front();
      for (auto& n : lost) {
        if (n != w.marking.owner) w.marking.releasable_to.push_back(std::move(n));
      }
      if (params_.withdrawals) params_.withdrawals(w);
    }
  }
  if (e.shown && e.shown->marking != a.marking) {
    // The episode is counted under the marking it goes out with now, so that
    // a nation that lost sight of it no longer counts it among those opened.
    count_opened(e.shown->marking, a.kind, -1);
    count_opened(a.marking, a.kind, +1);
  }
  e.shown = Shown{a.marking, a.asset, a.pos, a.score, a.severity};
  sink_(a);
}

void AlertBook::handle(detect::Finding&& f) {
  std::string key = f.kind + '|' + f.episode;
  auto it = episodes_.find(key);

  if (f.action == detect::Finding::Action::kRetract) {
    if (it == episodes_.end() || !it->second.open) return;
    Episode& e = it->second;
    e.open = false;
    e.alert.state = AlertState::kRetracted;
    e.alert.time = f.time;
    if (!f.summary.empty()) e.alert.summary = f.summary;
    for (auto& [k, v] : f.evidence.items()) e.alert.evidence[k] = v;
    name_assets(e, f);
    for (uint32_t m : e.alert.mmsi) drop_risk_part(m, key);
    if (e.alert.kind == kWatchlistKind) {
      for (uint32_t m : e.alert.mmsi) clear_watchlisted(m);
    }
    ++retracted_;
    publish(e);
    return;
  }

  // A vessel on a watch list: its other alerts are raised from now on. The
  // watchlist detector says whether its match identifies the hull (a
  // name-only match does not).
  if (f.kind == kWatchlistKind) {
    const bool identifies = f.evidence.value("identifies_hull", true);
    for (uint32_t m : f.mmsi) identifies ? set_watchlisted(m) : clear_watchlisted(m);
  }
  int score = final_score(f);
  if (it == episodes_.end() || !it->second.open) {
    Episode e;
    Alert& a = e.alert;
    a.id = next_id(f.time);
    a.kind = f.kind;
    a.state = AlertState::kOpen;
    a.time = a.first_time = f.time;
    a.mmsi = f.mmsi;
    a.track = f.track;
    if (f.asset) a.asset = assets_.asset(*f.asset).id;
    name_assets(e, f);
    a.pos = f.pos;
    a.score = score;
    a.severity = severity_for(score);
    a.summary = std::move(f.summary);
    a.evidence = std::move(f.evidence);
    ++opened_by_kind_[a.kind];
    count_opened(a.marking, a.kind, +1);
    auto [pos, inserted] = episodes_.insert_or_assign(key, std::move(e));
    for (uint32_t m : pos->second.alert.mmsi) set_risk_part(m, key, pos->second.alert);
    publish(pos->second);
    return;
  }

  // An open episode develops: keep the evidence current, tell the world only
  // when the judgement changed enough (hysteresis against alert fatigue).
  Episode& e = it->second;
  Alert& a = e.alert;
  Severity sev = severity_for(score);
  bool significant = std::abs(score - a.score) >= params_.update_min_delta || sev != a.severity;
  a.time = f.time;
  a.pos = f.pos;
  a.summary = std::move(f.summary);
  a.evidence = std::move(f.evidence);
  if (f.asset && !a.asset) a.asset = assets_.asset(*f.asset).id;
  name_assets(e, f);
  if (!significant) return;
  a.score = score;
  a.severity = sev;
  a.state = AlertState::kUpdate;
  for (uint32_t m : a.mmsi) set_risk_part(m, key, a);
  ++updates_;
  publish(e);
}

void AlertBook::set_risk_part(uint32_t mmsi, const std::string& key, const Alert& a) {
  risk_parts_[mmsi][key] = RiskPart{a.score, &a.marking};
}

void AlertBook::drop_risk_part(uint32_t mmsi, const std::string& key) {
  auto it = risk_parts_.find(mmsi);
  if (it == risk_parts_.end()) return;
  it->second.erase(key);
  if (it->second.empty()) risk_parts_.erase(it);
}

std::size_t AlertBook::expire(Timestamp now) {
  const Timestamp cutoff = now - params_.forget_after;
  std::size_t n = 0;
  for (auto it = episodes_.begin(); it != episodes_.end();) {
    if (it->second.alert.time >= cutoff) {
      ++it;
      continue;
    }
    for (uint32_t m : it->second.alert.mmsi) drop_risk_part(m, it->first);
    it = episodes_.erase(it);
    ++n;
  }
  return n;
}

int AlertBook::vessel_risk(uint32_t mmsi) const {
  auto it = risk_parts_.find(mmsi);
  if (it == risk_parts_.end()) return 0;
  double keep = 1.0;
  for (const auto& [key, part] : it->second) keep *= 1.0 - part.score / 100.0;
  return static_cast<int>(std::lround(100.0 * (1.0 - keep)));
}

int AlertBook::vessel_risk(uint32_t mmsi, std::string_view nation) const {
  auto it = risk_parts_.find(mmsi);
  if (it == risk_parts_.end()) return 0;
  double keep = 1.0;
  for (const auto& [key, part] : it->second) {
    if (releasable_to_nation(*part.marking, nation)) keep *= 1.0 - part.score / 100.0;
  }
  return static_cast<int>(std::lround(100.0 * (1.0 - keep)));
}

void AlertBook::count_opened(const Marking& marking, const std::string& kind, int delta) {
  auto it = std::find_if(opened_by_marking_.begin(), opened_by_marking_.end(),
                         [&](const auto& m) { return m.first == marking; });
  if (it == opened_by_marking_.end()) {
    opened_by_marking_.emplace_back(marking, std::map<std::string, uint64_t>{});
    it = std::prev(opened_by_marking_.end());
  }
  it->second[kind] += static_cast<uint64_t>(static_cast<int64_t>(delta));
}

std::map<std::string, uint64_t> AlertBook::opened_by_kind(std::string_view nation) const {
  std::map<std::string, uint64_t> out;
  for (const auto& [marking, kinds] : opened_by_marking_) {
    if (!releasable_to_nation(marking, nation)) continue;
    for (const auto& [kind, n] : kinds) {
      if (n != 0) out[kind] += n;
    }
  }
  return out;
}

std::size_t AlertBook::open_count(std::string_view nation) const {
  return static_cast<std::size_t>(std::count_if(episodes_.begin(), episodes_.end(), [&](const auto& kv) {
    return kv.second.open && releasable_to_nation(kv.second.alert.marking, nation);
  }));
}

std::size_t AlertBook::open_count() const {
  return static_cast<std::size_t>(std::count_if(episodes_.begin(), episodes_.end(),
                                                [](const auto& kv) { return kv.second.open; }));
}

}  // namespace lookout::alert
