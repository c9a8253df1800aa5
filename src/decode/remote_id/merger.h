// TransmitterMerger: Remote ID messages of one transmitter folded into
// CooperativeReports (decode/cooperative.h).
//
// A drone broadcasts its identity (Basic ID), its position (Location), its
// operator (System, Operator ID) and free text (Self-ID) in separate
// messages, often on separate frames, and only the transmitter address
// (Wi-Fi or Bluetooth MAC) ties them together. The merger keeps, per
// transmitter, the last identity and operator it heard, and stamps every
// payload's report with them, so each report a consumer sees carries the
// serial and the operator position even when this frame held only a
// Location. Position, altitude and velocity are never carried over: a report
// holds them only when its own payload had a Location.
//
// Report id: the serial (UAS ID) when it was known by the transmitter's
// first report, else the transmitter address; then it stays, so that the
// cooperative picture, which keys its targets by id, never splits one drone
// into two when its Basic ID arrives after its first Location (the serial is
// on every report anyway). Two radios of one drone (Wi-Fi and Bluetooth)
// whose serial is known from the start share one id.
// Bounded: beyond max_transmitters the one heard longest ago is forgotten.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "decode/cooperative.h"
#include "decode/remote_id/message.h"

namespace lookout::remote_id {

class TransmitterMerger {
 public:
  explicit TransmitterMerger(std::size_t max_transmitters = 4096)
      : max_transmitters_(max_transmitters) {}

  // Folds one payload heard at `received` from `transmitter` (by `receiver`,
  // may be empty) into that transmitter's state and returns the merged
  // report; nullopt when the payload held no message. The report's time is
  // the Location's own time stamp placed in the hour of `received` when it
  // has one within 30 s of `received`, else `received`.
  std::optional<CooperativeReport> add(Timestamp received, std::string_view transmitter,
                                       std::string_view receiver, const Payload& payload);

  std::size_t transmitters() const { return state_.size(); }

 private:
  struct State {
    FixedString<24> serial;
    uint8_t serial_rank = 0;  // which ID type gave it: a serial number beats a session id
    uint8_t ua_type = 0;
    FixedString<24> operator_id;
    std::optional<LatLon> operator_position;
    std::optional<double> operator_alt_m;
    FixedString<24> self_id;
    FixedString<24> report_id;  // fixed at the first report
    Timestamp last_heard;
  };

  void forget_oldest();

  std::size_t max_transmitters_;
  std::map<std::string, State, std::less<>> state_;
};

}  // namespace lookout::remote_id
