#include "alert/alert_book.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

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
    for (uint32_t m : e.alert.mmsi) drop_risk_part(m, key);
    if (e.alert.kind == kWatchlistKind) {
      for (uint32_t m : e.alert.mmsi) clear_watchlisted(m);
    }
    ++retracted_;
    sink_(e.alert);
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
    if (f.asset) {
      const Asset& asset = assets_.asset(*f.asset);
      a.asset = asset.id;
      // Data of one marking about an asset of another: releasable only where
      // both are (an unmarked asset adds no restriction).
      a.marking = params_.default_marking.owner.empty()
                      ? asset.marking
                      : restrict_marking(params_.default_marking, asset.marking);
    } else {
      a.marking = params_.default_marking;
    }
    a.pos = f.pos;
    a.score = score;
    a.severity = severity_for(score);
    a.summary = std::move(f.summary);
    a.evidence = std::move(f.evidence);
    for (uint32_t m : a.mmsi) risk_parts_[m][key] = score;
    ++opened_by_kind_[a.kind];
    auto [pos, inserted] = episodes_.insert_or_assign(key, std::move(e));
    sink_(pos->second.alert);
    return;
  }

  // An open episode develops: keep the evidence current, tell the world only
  // when the judgement changed enough (hysteresis against alert fatigue).
  Alert& a = it->second.alert;
  Severity sev = severity_for(score);
  bool significant = std::abs(score - a.score) >= params_.update_min_delta || sev != a.severity;
  a.time = f.time;
  a.pos = f.pos;
  a.summary = std::move(f.summary);
  a.evidence = std::move(f.evidence);
  if (f.asset && !a.asset) a.asset = assets_.asset(*f.asset).id;
  if (!significant) return;
  a.score = score;
  a.severity = sev;
  a.state = AlertState::kUpdate;
  for (uint32_t m : a.mmsi) risk_parts_[m][key] = score;
  ++updates_;
  sink_(a);
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
