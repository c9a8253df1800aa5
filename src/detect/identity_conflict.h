// IdentityConflictDetector (kind `identity_conflict`): one MMSI that is not
// one ship.
//
// Two signs, two episodes per vessel:
//   - two places at once ("<mmsi>/places"): the MMSI keeps reporting from
//     two mutually implausible positions, alternating between them (the
//     picture accepts one track and rejects the other as jumps; JumpBurst in
//     position_jump.h tells the shapes apart). Two transmitters share the
//     MMSI (a copied or default MMSI, a spoofed track).
//   - a changed identity ("<mmsi>/identity"): the IMO number or the name
//     reported in static data changes. A name change alone happens (sale,
//     rename) and scores low; a new IMO number is a different hull, or a
//     false one, and scores higher; flipping back and forth between two
//     identities is two ships on one MMSI and scores highest. Names are
//     compared normalised (case, spacing, punctuation), so a re-typed name is
//     no change.
// Both episodes are updated as evidence grows; they are not retracted: a
// changed identity stays changed.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "core/fixed_string.h"
#include "detect/detector.h"
#include "detect/position_jump.h"

namespace lookout::detect {

struct IdentityConflictParams {
  BurstRule burst;                 ///< Place rules, shared with position_jump.
  /// Switches between the two places before "two places at once" is raised:
  /// four is two round trips, which a single relocation cannot make.
  uint32_t min_alternations = 4;
  /// Scores: two places; a name change; an IMO change; flipping back to an
  /// identity seen before (two ships on one MMSI).
  double score_places = 75, score_name = 30, score_imo = 60, score_flip = 75;
  /// Identity histories of vessels not seen for this long are forgotten.
  std::chrono::hours forget_after{24};
};

class IdentityConflictDetector final : public Detector {
 public:
  explicit IdentityConflictDetector(IdentityConflictParams params = {}) : params_(params) {}
  std::string_view name() const override { return "identity_conflict"; }

  void on_position(const track::Update& u, const Context& ctx, FindingSink out) override;
  void on_static(const track::Update& u, const Context& ctx, FindingSink out) override;
  void on_tick(const Context& ctx, FindingSink out) override;

  std::size_t tracked() const { return places_.size() + identities_.size(); }

 private:
  struct Places {
    JumpBurst burst;
    bool raised = false;
    uint32_t reported_alternations = 0;
  };
  // The identities an MMSI has used, newest last (bounded).
  struct Identities {
    static constexpr std::size_t kKeep = 4;
    std::array<uint32_t, kKeep> imos{};
    std::array<FixedString<20>, kKeep> names{};
    uint8_t n_imos = 0, n_names = 0;
    uint32_t changes = 0, flips = 0;
    bool reported = false;
    int64_t last_ms = 0;
  };
  void report_places(const track::Update& u, Places& p, const Context& ctx, FindingSink out);
  void report_identity(const track::Vessel& v, const Identities& id, const char* what, const std::string& from,
                       const std::string& to, const Context& ctx, FindingSink out);

  IdentityConflictParams params_;
  std::unordered_map<uint32_t, Places> places_;
  std::unordered_map<uint32_t, Identities> identities_;
  int64_t next_sweep_ms_ = 0;
};

std::unique_ptr<Detector> make_identity_conflict_detector();

}  // namespace lookout::detect
