// What the CoT tests share: AIS observations shaped as the decoders make
// them, and an alert as the alert book makes one.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "alert/alert.h"
#include "decode/observation.h"

namespace lookout::cot_testing {

inline constexpr int64_t kT0 = 1735120800000;  // 2024-12-25T10:00:00Z

inline AisObservation position(uint32_t mmsi, int64_t t_ms, double lat, double lon, double sog_kn, double cog = 90,
                               uint8_t status = 0) {
  AisObservation obs;
  obs.time = from_unix_ms(t_ms);
  obs.msg.type = 1;
  obs.msg.mmsi = mmsi;
  ais::PositionReportA r;
  r.pos.lat = static_cast<int32_t>(std::lround(lat * 600000));
  r.pos.lon = static_cast<int32_t>(std::lround(lon * 600000));
  r.speed = static_cast<uint16_t>(std::lround(sog_kn * 10));
  r.course = static_cast<uint16_t>(std::lround(cog * 10));
  r.heading = static_cast<uint16_t>(cog);
  r.status = status;
  obs.msg.body = r;
  return obs;
}

inline AisObservation static_data(uint32_t mmsi, int64_t t_ms, std::string_view name) {
  AisObservation obs;
  obs.time = from_unix_ms(t_ms);
  obs.msg.type = 5;
  obs.msg.mmsi = mmsi;
  ais::StaticVoyageData s;
  s.imo = 9000001;
  s.shipname.assign(name);
  s.shiptype = 80;
  s.dim = {200, 28, 16, 16};
  obs.msg.body = s;
  return obs;
}

inline alert::Alert make_alert(std::string id, std::string kind, uint32_t mmsi, Marking marking,
                               alert::AlertState state = alert::AlertState::kOpen) {
  alert::Alert a;
  a.id = std::move(id);
  a.kind = std::move(kind);
  a.state = state;
  a.time = from_unix_ms(kT0 + 60'000);
  a.first_time = a.time;
  a.mmsi = {mmsi};
  a.pos = {55.5, 12.5};
  a.score = 80;
  a.severity = alert::severity_for(80);
  a.summary = "Tanker slowed over the cable";
  a.marking = std::move(marking);
  return a;
}

}  // namespace lookout::cot_testing
