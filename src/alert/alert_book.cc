#include "alert/alert_book.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
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
    ++opened_by_kind_[a.kind];
    auto by_marking = std::find_if(opened_by_marking_.begin(), opened_by_marking_.end(),
                                   [&](const auto& m) { return m.first == a.marking; });
    if (by_marking == opened_by_marking_.end()) {
      opened_by_marking_.emplace_back(a.marking, std::map<std::string, uint64_t>{});
      by_marking = std::prev(opened_by_marking_.end());
    }
    ++by_marking->second[a.kind];
    auto [pos, inserted] = episodes_.insert_or_assign(key, std::move(e));
    for (uint32_t m : pos->second.alert.mmsi) set_risk_part(m, key, pos->second.alert);
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
  for (uint32_t m : a.mmsi) set_risk_part(m, key, a);
  ++updates_;
  sink_(a);
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

std::map<std::string, uint64_t> AlertBook::opened_by_kind(std::string_view nation) const {
  std::map<std::string, uint64_t> out;
  for (const auto& [marking, kinds] : opened_by_marking_) {
    if (!releasable_to_nation(marking, nation)) continue;
    for (const auto& [kind, n] : kinds) out[kind] += n;
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
