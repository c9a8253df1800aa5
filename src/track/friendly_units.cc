#include "track/friendly_units.h"

#include <array>
#include <cmath>
#include <utility>

#include "track/vessel.h"

namespace lookout::track {

namespace {

constexpr double kKnotMps = 1852.0 / 3600.0;

struct KindName {
  UnitKind kind;
  const char* name;
};
constexpr std::array<KindName, 6> kKindNames = {{
    {UnitKind::kVessel, "vessel"},
    {UnitKind::kAircraft, "aircraft"},
    {UnitKind::kHelicopter, "helicopter"},
    {UnitKind::kShoreTeam, "shore_team"},
    {UnitKind::kDrone, "drone"},
    {UnitKind::kOther, "other"},
}};

}  // namespace

const char* to_string(UnitKind kind) noexcept {
  for (const auto& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "other";
}

std::optional<UnitKind> unit_kind_from_string(std::string_view name) noexcept {
  for (const auto& k : kKindNames) {
    if (name == k.name) return k.kind;
  }
  return std::nullopt;
}

FriendlyUnits::FriendlyUnits(std::vector<DeclaredUnit> declared) : declared_(std::move(declared)) {
  for (const auto& d : declared_) own_mmsis_.insert(d.mmsi);
}

bool FriendlyUnits::report(UnitReport r) {
  for (auto& u : units_) {
    if (u.last.id != r.id || !(u.last.marking == r.marking)) continue;
    if (r.time < u.last.time) return false;
    if (r.name.empty()) r.name = std::move(u.last.name);
    if (!(r.top_speed_mps > 0)) r.top_speed_mps = u.last.top_speed_mps;
    u.last = std::move(r);
    ++u.reports;
    return true;
  }
  if (units_.size() >= kMaxUnits) return false;
  units_.push_back({std::move(r), 1});
  return true;
}

bool FriendlyUnits::report_ais(const Vessel& v, const Marking& marking) {
  if (!is_own_mmsi(v.mmsi) || v.positions == 0) return false;
  const DeclaredUnit* d = nullptr;
  for (const auto& c : declared_) {
    if (c.mmsi == v.mmsi) d = &c;
  }
  UnitReport r;
  r.id = "mmsi:" + std::to_string(v.mmsi);
  r.name = d->name;
  r.kind = d->kind;
  r.position = v.last.pos();
  r.course_deg = v.last.cog_deg();
  r.speed_mps = v.last.has_sog() ? v.last.sog_kn() * kKnotMps : std::nan("");
  r.time = v.last.time();
  r.top_speed_mps = d->top_speed_mps;
  r.marking = marking;
  r.source = "ais";
  return report(std::move(r));
}

const FriendlyUnit* FriendlyUnits::find(std::string_view id, const Marking& marking) const {
  for (const auto& u : units_) {
    if (u.last.id == id && u.last.marking == marking) return &u;
  }
  return nullptr;
}

}  // namespace lookout::track
