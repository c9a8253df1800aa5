// WatchlistDetector (kind `watchlist`): a hull on a watch list is in the
// picture.
//
// A vessel is checked against the Watchlist (IMO, then MMSI, then name; see
// watchlist.h) on its first position and on every static report, because
// identities arrive late (a class A vessel sends its IMO and name every six
// minutes, positions every few seconds) and change (renamed shadow-fleet
// tankers). One alert per vessel (episode = MMSI): raised on the first match,
// updated when the matching entry or rule changes, retracted when the vessel
// turns out to be another hull (an MMSI match whose vessel later reports an
// IMO that is not the listed one: MMSIs are reassigned).
//
// Name-only matches are taken only for class A cargo ships, tankers and
// vessels of other or unknown type: on the Digitraffic snapshot of the
// northern Baltic the OpenSanctions names alone match 737 vessels, tugs,
// yachts and ferries called NOVA, AURA or ZEUS among them.
//
// The alert book learns from an open `watchlist` alert whose evidence says
// `identifies_hull` (an IMO match, or an MMSI match not contradicted by the
// vessel's name) that the vessel is listed (AlertBook::handle), which raises
// the vessel's other alerts. A name-only match does not: it asks a person to
// look, it does not identify the hull.
//
// State: one small record per matched vessel only, forgotten with the
// vessel. Unlisted vessels cost one to three hash lookups per static report
// and one per first position.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/fixed_string.h"
#include "detect/detector.h"
#include "detect/watchlist.h"

namespace lookout::detect {

struct WatchlistParams {
  /// Score of an IMO match: the IMO number is the hull's permanent identity.
  double score_imo = 90;
  /// Score of an MMSI match whose vessel also bears a name the list gives that hull.
  double score_mmsi_confirmed = 85;
  /// Score of an MMSI match before the vessel has sent its name.
  double score_mmsi = 75;
  /// Score of an MMSI match whose vessel bears another name: MMSIs are
  /// reassigned when a ship changes flag or owner, so it may be another hull.
  double score_mmsi_other_name = 55;
  /// Score of a name-only match: names repeat (two MARIAs on the EU list
  /// alone), so it asks a person to look (low) and does not raise the
  /// vessel's other alerts.
  double score_name = 35;
  /// Matched vessels the picture no longer holds are forgotten after this.
  std::chrono::hours forget_after{24};
};

// Whether the vessel's name agrees with the list for an MMSI match.
enum class NameCheck : uint8_t { kNoName, kConfirmed, kDiffers };

class WatchlistDetector final : public Detector {
 public:
  explicit WatchlistDetector(WatchlistParams params = {}) : params_(params) {}
  std::string_view name() const override { return "watchlist"; }

  void on_position(const track::Update& u, const Context& ctx, FindingSink out) override;
  void on_static(const track::Update& u, const Context& ctx, FindingSink out) override;
  void on_tick(const Context& ctx, FindingSink out) override;

  std::size_t tracked() const { return hits_.size(); }

 private:
  struct Hit {
    const WatchEntry* entry = nullptr;
    WatchMatch rule = WatchMatch::kNone;
    NameCheck name = NameCheck::kNoName;
    int64_t last_ms = 0;   // last time the vessel was checked
    FixedString<20> renamed_to;  // the last new name reported in an update
  };
  void check(const track::Vessel& v, const Context& ctx, FindingSink out);
  Finding finding_for(const track::Vessel& v, const Hit& hit, const Context& ctx) const;

  WatchlistParams params_;
  std::unordered_map<uint32_t, Hit> hits_;
  int64_t next_sweep_ms_ = 0;
};

std::unique_ptr<Detector> make_watchlist_detector();

}  // namespace lookout::detect
