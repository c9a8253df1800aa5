#include "app/ais_summary.h"

#include <algorithm>
#include <cstdio>
#include <variant>

namespace lookout {

namespace {

// The position a message reports, if any.
const ais::Position* position_of(const ais::Body& body) {
  return std::visit(
      [](const auto& m) -> const ais::Position* {
        if constexpr (requires { m.pos; }) {
          return &m.pos;
        } else {
          return nullptr;
        }
      },
      body);
}

bool carries_name(const ais::Body& body) {
  return std::visit(
      [](const auto& m) -> bool {
        if constexpr (requires { m.shipname; }) {
          return !m.shipname.empty();
        } else {
          return false;
        }
      },
      body);
}

}  // namespace

void AisSummary::add(const AisObservation& obs) {
  ++messages_;
  if (obs.msg.type < by_type_.size()) ++by_type_[obs.msg.type];
  mmsis_.insert(obs.msg.mmsi);
  if (carries_name(obs.msg.body)) named_.insert(obs.msg.mmsi);
  if (const ais::Position* p = position_of(obs.msg.body); p != nullptr && p->valid()) {
    ++positions_;
    min_lat_ = std::min(min_lat_, p->lat_deg());
    max_lat_ = std::max(max_lat_, p->lat_deg());
    min_lon_ = std::min(min_lon_, p->lon_deg());
    max_lon_ = std::max(max_lon_, p->lon_deg());
  }
  if (obs.time) {
    if (!first_ || *obs.time < *first_) first_ = obs.time;
    if (!last_ || *obs.time > *last_) last_ = obs.time;
  }
}

std::string AisSummary::report(const DecodeStats& stats, double seconds) const {
  std::string out;
  char buf[256];
  auto line = [&](const char* fmt, auto... args) {
    std::snprintf(buf, sizeof buf, fmt, args...);
    out += buf;
  };
  line("lines            %llu\n", static_cast<unsigned long long>(stats.lines()));
  line("messages         %llu\n", static_cast<unsigned long long>(messages_));
  line("vessels (MMSI)   %zu, %zu with a name\n", mmsis_.size(), named_.size());
  line("positions        %llu\n", static_cast<unsigned long long>(positions_));
  if (positions_ > 0) {
    line("area             lat %.3f..%.3f, lon %.3f..%.3f\n", min_lat_, max_lat_, min_lon_,
         max_lon_);
  }
  if (first_ && last_) {
    out += "time span        " + format_iso8601(*first_) + " .. " + format_iso8601(*last_) + "\n";
  }
  out += "by type         ";
  for (unsigned t = 1; t < by_type_.size(); ++t) {
    if (by_type_[t] == 0) continue;
    line(" %u:%llu", t, static_cast<unsigned long long>(by_type_[t]));
  }
  out += "\n";
  line("rejected         %llu\n", static_cast<unsigned long long>(stats.total_errors()));
  for (std::size_t c = 1; c < kErrorCodeCount; ++c) {
    auto code = static_cast<ErrorCode>(c);
    if (stats.errors(code) > 0) {
      line("  %-22s %llu\n", to_string(code), static_cast<unsigned long long>(stats.errors(code)));
    }
  }
  bool any_warning = false;
  for (std::size_t c = 1; c < kErrorCodeCount; ++c) {
    auto code = static_cast<ErrorCode>(c);
    if (stats.warnings(code) == 0) continue;
    if (!any_warning) out += "accepted with remarks\n";
    any_warning = true;
    line("  %-22s %llu\n", to_string(code),
         static_cast<unsigned long long>(stats.warnings(code)));
  }
  if (seconds > 0) {
    line("throughput       %.2f M lines/s (%.3f s)\n",
         static_cast<double>(stats.lines()) / seconds / 1e6, seconds);
  }
  return out;
}

}  // namespace lookout
