#include "decode/remote_id/merger.h"

#include <chrono>
#include <type_traits>

#include "decode/remote_id/decoder.h"

namespace lookout::remote_id {

namespace {

// How far a Location's own time stamp may lie from the time it was heard.
constexpr std::chrono::seconds kMaxStampSkew{30};

// How much an ID type says about the aircraft: the manufacturer's serial is
// the lasting identity, a registration next, a UTM or session id least.
uint8_t rank(IdType t) {
  switch (t) {
    case IdType::kSerialNumber: return 4;
    case IdType::kCaaRegistration: return 3;
    case IdType::kUtmUuid: return 2;
    case IdType::kSpecificSession: return 1;
    case IdType::kNone: return 0;
  }
  return 0;
}

}  // namespace

std::optional<CooperativeReport> TransmitterMerger::add(Timestamp received,
                                                        std::string_view transmitter,
                                                        std::string_view receiver,
                                                        const Payload& payload) {
  if (payload.count == 0) return std::nullopt;
  auto it = state_.find(transmitter);
  if (it == state_.end()) {
    if (state_.size() >= max_transmitters_ && max_transmitters_ > 0) forget_oldest();
    it = state_.emplace(std::string(transmitter), State{}).first;
  }
  State& s = it->second;
  s.last_heard = received;

  CooperativeReport r;
  r.time = received;
  r.source = CooperativeSource::kRemoteId;
  r.receiver.assign(receiver);
  for (uint8_t i = 0; i < payload.count; ++i) {
    std::visit(
        [&](const auto& m) {
          using T = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<T, BasicId>) {
            const uint8_t k = rank(m.id_type);
            if (!m.uas_id.empty() && k >= s.serial_rank) {
              s.serial.assign(m.uas_id.view());
              s.serial_rank = k;
            }
            if (m.ua_type != 0) s.ua_type = m.ua_type;
          } else if constexpr (std::is_same_v<T, Location>) {
            if (m.seconds_after_hour) {
              // A stamp far from the time heard is a transmitter's clock, not
              // the event (the shared test transmitter sends 0 every time):
              // the time heard is then the better event time.
              const Timestamp stamped = resolve_time(received, *m.seconds_after_hour);
              if (std::chrono::abs(stamped - received) <= kMaxStampSkew) r.time = stamped;
            }
            r.position = m.position;
            r.alt_m = m.geodetic_alt_m ? m.geodetic_alt_m : m.pressure_alt_m;
            r.baro_alt_m = m.pressure_alt_m;
            r.ground_speed_mps = m.speed_mps;
            r.course_deg = m.direction_deg;
            r.vertical_rate_mps = m.vertical_speed_mps;
            if (m.status == 1) r.on_ground = true;
            if (m.status == 2) r.on_ground = false;
            r.emergency = m.status == 3;
          } else if constexpr (std::is_same_v<T, SelfId>) {
            if (!m.description.empty()) s.self_id.assign(m.description.view());
          } else if constexpr (std::is_same_v<T, System>) {
            // A System message without an operator position still says who
            // flies; a known position is kept rather than erased by it.
            if (m.operator_position) {
              s.operator_position = m.operator_position;
              s.operator_alt_m = m.operator_alt_m;
            }
          } else if constexpr (std::is_same_v<T, OperatorId>) {
            if (!m.id.empty()) s.operator_id.assign(m.id.view());
          }
        },
        payload.messages[i].body);
  }
  if (s.report_id.empty()) s.report_id.assign(s.serial.empty() ? transmitter : s.serial.view());
  r.id = s.report_id;
  r.serial = s.serial;
  r.ua_type = s.ua_type;
  r.operator_id = s.operator_id;
  r.operator_position = s.operator_position;
  r.operator_alt_m = s.operator_alt_m;
  r.self_id = s.self_id;
  return r;
}

void TransmitterMerger::forget_oldest() {
  auto oldest = state_.begin();
  for (auto it = state_.begin(); it != state_.end(); ++it) {
    if (it->second.last_heard < oldest->second.last_heard) oldest = it;
  }
  if (oldest != state_.end()) state_.erase(oldest);
}

}  // namespace lookout::remote_id
