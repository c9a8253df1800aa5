// AisDecoder: the interface every AIS input format implements.
//
// Input arrives as lines (without their terminator). A decoder turns each line
// into zero or more AisObservations, handed to the sink before feed() returns;
// an observation is valid only during the sink call. Bad lines are counted in
// stats() and skipped: feed() never throws and never stops the stream.
#pragma once

#include <string_view>

#include "core/function_ref.h"
#include "decode/observation.h"
#include "decode/stats.h"

namespace lookout {

using ObservationSink = FunctionRef<void(const AisObservation&)>;

class AisDecoder {
 public:
  AisDecoder() = default;
  AisDecoder(const AisDecoder&) = delete;
  AisDecoder& operator=(const AisDecoder&) = delete;
  AisDecoder(AisDecoder&&) = delete;
  AisDecoder& operator=(AisDecoder&&) = delete;
  virtual ~AisDecoder() = default;

  // Decodes one line. `line` must not contain the '\n' terminator; a trailing
  // '\r' is allowed. The view need not outlive the call.
  virtual void feed(std::string_view line, ObservationSink sink) = 0;

  // End of input: emits what was buffered and counts what never completed.
  virtual void finish(ObservationSink /*sink*/) {}

  // Short name of the format, e.g. "nmea", "dma_csv".
  virtual const char* format_name() const = 0;

  DecodeStats& stats() { return stats_; }
  const DecodeStats& stats() const { return stats_; }

 protected:
  DecodeStats stats_;
};

}  // namespace lookout
