#include "detect/watchlist_detector.h"

#include <vector>

#include "detect/episode_evidence.h"

namespace lookout::detect {

namespace {

nlohmann::json entry_json(const WatchEntry& e) {
  nlohmann::json j = nlohmann::json::object();
  j["imo"] = e.imo != 0 ? nlohmann::json(e.imo) : nlohmann::json(nullptr);
  j["mmsi"] = e.mmsi != 0 ? nlohmann::json(e.mmsi) : nlohmann::json(nullptr);
  j["name"] = e.name;
  j["reason"] = e.reason;
  return j;
}

nlohmann::json vessel_identity(const track::Vessel& v) {
  nlohmann::json j = nlohmann::json::object();
  j["mmsi"] = v.mmsi;
  j["imo"] = v.statics.imo != 0 ? nlohmann::json(v.statics.imo) : nlohmann::json(nullptr);
  j["name"] = std::string(v.statics.name.view());
  return j;
}

// Name-only matches are believed for the kinds of ship watch lists hold:
// class A cargo ships and tankers, and ships of other or unknown type.
bool name_match_plausible(const track::Vessel& v) {
  if (v.cls == track::VesselClass::kClassB) return false;
  const uint8_t t = v.statics.shiptype;
  return t == 0 || (t >= 70 && t <= 99);
}

// Does the vessel's name belong to the listed hull (any of its rows)?
NameCheck check_name(const Watchlist& wl, const track::Vessel& v, const WatchEntry& e) {
  if (v.statics.name.empty()) return NameCheck::kNoName;
  return wl.names_hull(e, v.statics.name.view()) ? NameCheck::kConfirmed : NameCheck::kDiffers;
}

const char* to_string(NameCheck c) {
  switch (c) {
    case NameCheck::kNoName: return "no_name_yet";
    case NameCheck::kConfirmed: return "confirmed";
    case NameCheck::kDiffers: return "differs";
  }
  return "no_name_yet";
}

}  // namespace

Finding WatchlistDetector::finding_for(const track::Vessel& v, const Hit& hit, const Context& ctx) const {
  const WatchEntry& e = *hit.entry;
  Finding f;
  f.kind = "watchlist";
  f.episode = std::to_string(v.mmsi);
  f.time = from_unix_ms(v.last_seen_ms);
  f.mmsi = {v.mmsi};
  f.pos = v.last.pos();
  std::string how;
  bool identifies = true;
  switch (hit.rule) {
    case WatchMatch::kImo:
      f.score = params_.score_imo;
      how = "by its IMO " + std::to_string(v.statics.imo);
      break;
    case WatchMatch::kMmsi:
      how = "by its MMSI " + std::to_string(v.mmsi);
      if (hit.name == NameCheck::kConfirmed) {
        f.score = params_.score_mmsi_confirmed;
        how += " and name";
      } else if (hit.name == NameCheck::kDiffers) {
        f.score = params_.score_mmsi_other_name;
        how += " but not its name, so the MMSI may have been reassigned";
        identifies = false;
      } else {
        f.score = params_.score_mmsi;
      }
      break;
    default:
      f.score = params_.score_name;
      how = "by name only";
      identifies = false;
      break;
  }
  const std::string listed = e.name.empty() ? std::string("a listed hull") : e.name;
  f.summary = vessel_label(v) + " matches watch-list entry " + listed +
              (e.imo != 0 ? " (IMO " + std::to_string(e.imo) + ")" : std::string()) + " " + how +
              (e.reason.empty() ? std::string() : ": " + e.reason);
  f.evidence["rule"] = to_string(hit.rule);
  if (hit.rule == WatchMatch::kMmsi) f.evidence["name_check"] = to_string(hit.name);
  f.evidence["identifies_hull"] = identifies;
  f.evidence["entry"] = entry_json(e);
  f.evidence["vessel"] = vessel_identity(v);
  std::vector<track::TrackPoint> scratch;
  EpisodeTrack seg;
  seg.seed(ctx.picture.history(v, scratch), v.last.time_ms - 30 * 60 * 1000);
  f.evidence["segment"] = seg.to_json(v.last);
  return f;
}

void WatchlistDetector::check(const track::Vessel& v, const Context& ctx, FindingSink out) {
  // An alert needs a place on the map: wait for the first position.
  if (ctx.watchlist == nullptr || v.positions == 0) return;
  const Watchlist& wl = *ctx.watchlist;
  WatchMatch rule = WatchMatch::kNone;
  const WatchEntry* e = wl.match(v.statics.imo, v.mmsi, v.statics.name.view(), &rule);
  if (e != nullptr && rule == WatchMatch::kName && !name_match_plausible(v)) e = nullptr;
  auto it = hits_.find(v.mmsi);
  if (e != nullptr) {
    Hit hit{e, rule, rule == WatchMatch::kMmsi ? check_name(wl, v, *e) : NameCheck::kNoName, v.last_seen_ms, {}};
    if (it != hits_.end() && it->second.entry == e && it->second.rule == rule && it->second.name == hit.name) {
      it->second.last_ms = v.last_seen_ms;
      return;  // nothing new: one alert per vessel
    }
    hits_[v.mmsi] = hit;
    out(finding_for(v, hit, ctx));
    return;
  }
  if (it == hits_.end()) return;

  // The vessel matched before and does not now: its identity changed.
  const WatchEntry& old = *it->second.entry;
  const bool other_hull = v.statics.imo != 0 && old.imo != 0 && v.statics.imo != old.imo;
  if (other_hull || it->second.rule == WatchMatch::kName) {
    // It reports an IMO that is not the listed one, or the name that matched
    // is gone (or was never plausible): the match was another ship.
    Finding f;
    f.action = Finding::Action::kRetract;
    f.kind = "watchlist";
    f.episode = std::to_string(v.mmsi);
    f.time = from_unix_ms(v.last_seen_ms);
    f.mmsi = {v.mmsi};
    f.pos = v.last.pos();
    f.summary = other_hull ? vessel_label(v) + " reports IMO " + std::to_string(v.statics.imo) +
                                 ", not the listed hull's IMO " + std::to_string(old.imo) + ": not on the watch list"
                           : vessel_label(v) + " no longer bears the listed name " + old.name;
    f.evidence["retracted_because"] = other_hull ? "imo_differs" : "name_differs";
    f.evidence["vessel"] = vessel_identity(v);
    hits_.erase(it);
    out(std::move(f));
    return;
  }
  // An IMO or MMSI match, then a rename with no IMO to tell otherwise: a
  // listed hull that changes its name stays listed. Keep the alert and say
  // what it is called now (once per new name).
  if (it->second.renamed_to.view() == v.statics.name.view()) return;
  it->second.renamed_to = v.statics.name;
  it->second.last_ms = v.last_seen_ms;
  Finding f = finding_for(v, it->second, ctx);
  f.summary += "; it now calls itself " + std::string(v.statics.name.view());
  f.evidence["renamed_to"] = std::string(v.statics.name.view());
  out(std::move(f));
}

void WatchlistDetector::on_position(const track::Update& u, const Context& ctx, FindingSink out) {
  // The first accepted position of a vessel (also after the picture forgot
  // and re-learned it); later positions cannot change the identity.
  if (u.kind != track::UpdateKind::kPosition || u.vessel->positions != 1) return;
  check(*u.vessel, ctx, out);
}

void WatchlistDetector::on_static(const track::Update& u, const Context& ctx, FindingSink out) {
  check(*u.vessel, ctx, out);
}

void WatchlistDetector::on_tick(const Context& ctx, FindingSink /*out*/) {
  const int64_t now = to_unix_ms(ctx.now);
  if (now < next_sweep_ms_) return;
  next_sweep_ms_ = now + 10 * 60 * 1000;
  const int64_t forget_ms = std::chrono::duration_cast<std::chrono::milliseconds>(params_.forget_after).count();
  for (auto it = hits_.begin(); it != hits_.end();) {
    bool gone = ctx.picture.find(it->first) == nullptr && now - it->second.last_ms > forget_ms;
    it = gone ? hits_.erase(it) : std::next(it);
  }
}

std::unique_ptr<Detector> make_watchlist_detector() { return std::make_unique<WatchlistDetector>(); }

}  // namespace lookout::detect
