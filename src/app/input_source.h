// InputSource: one recorded input (a file, or standard input) read lazily,
// one line at a time, in whatever format it holds: AIS (NMEA with or without
// tag blocks, DMA/Kystverket CSV, Digitraffic JSON) or JSON Lines sensor
// detections, or SBS-1 ADS-B text (cooperative reports). It is what the event-time merge (input_merge.h) pulls from.
//
// Why pull one line at a time: the merge reads from whichever input is
// furthest behind in event time and must be able to stop after any line, so
// that an input far ahead of the others holds only the items of one line.
// Lines are framed from 1 MiB reads without copying (a line that spans two
// reads is joined in a side buffer; a line longer than the bound is cut, the
// rest skipped, as LineReader does), so memory stays flat whatever the file.
//
// Each item comes with a content key: a 64-bit hash of the raw line it was
// decoded from and its index among that line's items. The merge breaks ties
// of event time with it, so that the order of simultaneous items does not
// depend on which file they came from (see docs/decisions/0011).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/function_ref.h"
#include "core/result.h"
#include "decode/ais_decoder_base.h"
#include "decode/cooperative.h"
#include "decode/detection.h"
#include "decode/sniff.h"
#include "decode/stats.h"

namespace lookout {

namespace detections {
class DetectionsJsonlDecoder;
}
namespace sbs {
class SbsDecoder;
}
namespace remote_id {
class RemoteIdReportReader;
}

// Which line an item was decoded from: a hash of its bytes (terminator and a
// trailing '\r' excluded) and the item's index among that line's items.
struct LineKey {
  uint64_t hash = 0;
  uint32_t index = 0;
};

// The content hash of one line (stable for the same bytes on one platform).
uint64_t line_hash(std::string_view line) noexcept;

class InputSource {
 public:
  using AisSink = FunctionRef<void(const AisObservation&, LineKey)>;
  using DetectionSink = FunctionRef<void(const SensorDetection&, LineKey)>;
  using CooperativeSink = FunctionRef<void(const CooperativeReport&, LineKey)>;

  struct Params {
    std::size_t read_bytes = 1 << 20;  ///< Bytes read from the file at a time.
    // A line longer than the bound (64 KiB; 512 MiB for Digitraffic JSON):
    // false cuts it and hands out the cut line (LineReader, `lookout
    // replay`); true drops it whole and counts it (LineFramer, the node).
    bool drop_long_lines = false;
  };

  // Opens `path` ("-" = standard input) and takes its format from the first
  // 64 KiB unless `format` names it. Errors: kIoError (field "path") when it
  // cannot be opened or read; kBadValue (field "format") when the format is
  // not recognised.
  static Result<std::unique_ptr<InputSource>> open(const std::string& path,
                                                   InputFormat format = InputFormat::kUnknown);
  static Result<std::unique_ptr<InputSource>> open(const std::string& path, InputFormat format, Params params);

  InputSource(const InputSource&) = delete;
  InputSource& operator=(const InputSource&) = delete;
  InputSource(InputSource&&) = delete;
  InputSource& operator=(InputSource&&) = delete;
  ~InputSource();

  // Decodes the next line: its AIS observations go to `ais`, its detection
  // to `detection`, before it returns. At the end of the input the decoder's
  // buffered messages are handed out; then it returns false, and on every
  // later call. A read error ends the input too (error() says so).
  bool next_line(AisSink ais, DetectionSink detection);
  // The same, with cooperative reports (SBS-1) to `cooperative`.
  bool next_line(AisSink ais, DetectionSink detection, CooperativeSink cooperative);

  const std::string& path() const { return path_; }
  InputFormat format() const { return format_; }
  bool is_detections() const { return format_ == InputFormat::kDetectionsJsonl; }
  bool is_cooperative() const { return format_ == InputFormat::kSbs || format_ == InputFormat::kRemoteId; }
  uint64_t bytes() const { return bytes_; }
  uint64_t lines() const { return lines_; }          ///< Lines framed (dropped ones not counted).
  uint64_t dropped_long() const { return dropped_; }  ///< Lines dropped for their length.
  // The decoder's counts: lines, messages, rejects by reason.
  const DecodeStats& stats() const;
  // Non-empty after a read failed ("cannot be read").
  const std::string& error() const { return error_; }

 private:
  InputSource(std::string path, int fd, InputFormat format, std::string head, Params params);
  bool frame(std::string_view& line);
  void append_bounded(const char* p, std::size_t n);

  std::string path_;
  int fd_ = -1;
  InputFormat format_;
  std::unique_ptr<AisDecoder> ais_;
  std::unique_ptr<detections::DetectionsJsonlDecoder> detections_;
  std::unique_ptr<sbs::SbsDecoder> sbs_;
  std::unique_ptr<remote_id::RemoteIdReportReader> remote_id_;
  std::size_t max_line_bytes_;
  std::vector<char> block_;
  std::size_t read_bytes_ = 0;
  std::size_t pos_ = 0, end_ = 0;  // the unframed bytes of block_
  std::string partial_;            // a line that spans reads
  bool partial_cut_ = false;
  bool clear_partial_ = false;     // partial_ was handed out: forget it next time
  bool eof_ = false;
  bool finished_ = false;          // the decoder's finish() ran
  bool drop_long_;
  uint64_t bytes_ = 0;
  uint64_t lines_ = 0;
  uint64_t dropped_ = 0;
  std::string error_;
};

}  // namespace lookout
