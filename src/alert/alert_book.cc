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
  if (!params_.id_scope.empty()) {
    id += params_.id_scope;
    id += '-';
  }
  std::snprintf(buf, sizeof buf, "%04llu", static_cast<unsigned long long>(++sequence_));
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
    for (uint32_t m : a.mmsi) risk_parts_[m][key] = score;
    ++opened_by_kind_[a.kind];
    auto [pos, inserted] = episodes_.insert_or_assign(key, std::move(e));
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
  for (uint32_t m : a.mmsi) risk_parts_[m][key] = score;
  ++updates_;
  publish(e);
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
  for (const auto& [key, score] : it->second) keep *= 1.0 - score / 100.0;
  return static_cast<int>(std::lround(100.0 * (1.0 - keep)));
}

std::size_t AlertBook::open_count() const {
  return static_cast<std::size_t>(std::count_if(episodes_.begin(), episodes_.end(),
                                                [](const auto& kv) { return kv.second.open; }));
}

}  // namespace lookout::alert
