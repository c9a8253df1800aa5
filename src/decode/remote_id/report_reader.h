// RemoteIdReportReader: lines of Remote ID text (line_decoder.h, hex or JSON
// Lines) in, merged CooperativeReports (merger.h) out - what a file in
// `lookout replay` and a UDP input of the node need, in the same shape as the
// SBS-1 decoder: a Result holding a report, or nothing for a line that
// decoded but carried no message (an empty Message Pack).
#pragma once

#include <optional>
#include <string_view>

#include "core/result.h"
#include "decode/cooperative.h"
#include "decode/remote_id/line_decoder.h"
#include "decode/remote_id/merger.h"
#include "decode/stats.h"

namespace lookout::remote_id {

class RemoteIdReportReader {
 public:
  explicit RemoteIdReportReader(std::size_t max_transmitters = 4096) : merger_(max_transmitters) {}

  // One line without its newline. Errors as RemoteIdLineDecoder::decode.
  Result<std::optional<CooperativeReport>> decode(std::string_view line) {
    auto heard = lines_.decode(line);
    if (!heard.ok()) return heard.error();
    return merger_.add(heard->time, heard->transmitter, heard->receiver, heard->payload);
  }

  const DecodeStats& stats() const { return lines_.stats(); }
  std::size_t transmitters() const { return merger_.transmitters(); }

 private:
  RemoteIdLineDecoder lines_;
  TransmitterMerger merger_;
};

}  // namespace lookout::remote_id
