// FileReplay: plays a recorded AIS file into the live node as if it were
// arriving now.
//
// The file is read a block at a time (a multi-gigabyte log is never loaded
// whole), decoded with the AisDecoder its sniffed format needs and put in
// event-time order by the same merge `lookout replay` reads through
// (app/input_merge.h: a reorder window, ties broken by content), and each
// observation is delivered when the node clock reaches it:
//
//   due(e) = start + (e - first) / speed      (node time)
//
// where e is the observation's event time, first the first event time in
// the file, start the node clock's now when the pass began and speed the
// input's speed-up relative to the node clock (1: the file plays at the
// node clock's pace; 0: as fast as possible). With rebase the delivered
// observation's time is shifted by offset = start - first, so at speed 1 its
// time is the node's now when it is delivered; without rebase it keeps the
// time it was recorded with. An observation without event time is stamped
// with the node's now (time_source kReception) and is due at once. A timer sleeps until the next observation is due;
// whatever is due is delivered at once, in batches (params.batch per handler
// run, the rest posted), so a large backlog never starves the io_context.
// With loop the file starts again at its end, rebased again.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "decode/observation.h"
#include "decode/sniff.h"
#include "decode/stats.h"

namespace boost::asio {
class io_context;
}

namespace lookout::node {

class NodeClock;

struct FileReplayParams {
  std::string path;
  InputFormat format = InputFormat::kUnknown;  ///< kUnknown: sniffed from the first 64 KiB.
  double speed = 1.0;        ///< File time per node-clock time; 0 = as fast as possible.
  bool rebase = true;        ///< Shift event times so that the first is the node's now.
  bool loop = false;         ///< Start again at the end (rebased again).
  std::size_t batch = 5000;  ///< Observations delivered per handler run at most.
  std::size_t read_bytes = 64 * 1024;  ///< Bytes read from the file at a time.
  /// How far out of order the file may be: it is read through the event-time
  /// merge of `lookout replay` (app/input_merge.h), so observations are
  /// delivered in event-time order within this window.
  std::chrono::milliseconds reorder_window{60'000};
};

struct FileReplayStatus {
  InputFormat format = InputFormat::kUnknown;
  uint64_t bytes = 0;          ///< Bytes read (all passes).
  uint64_t lines = 0;          ///< Lines framed (all passes).
  uint64_t dropped_long = 0;   ///< Lines dropped for being too long (64 KiB; 512 MiB for JSON).
  uint64_t observations = 0;   ///< Observations delivered (all passes).
  uint64_t passes = 0;         ///< Passes begun (1 + loops).
  DecodeStats stats;           ///< The decoders' counts (all passes).
  std::optional<std::chrono::milliseconds> offset;  ///< This pass's rebase offset, once known.
  bool finished = false;       ///< The end was reached (never with loop) or reading failed.
  std::string last_error;
};

// Receives each observation with its time already shifted (and never empty).
// The observation is valid only during the call. It may call stop().
using ObservationHandler = std::function<void(const AisObservation& obs)>;

class FileReplay {
 public:
  // `io` and `clock` must outlive the replay's pending operations.
  FileReplay(boost::asio::io_context& io, const NodeClock& clock, FileReplayParams params,
             ObservationHandler on_observation);
  FileReplay(const FileReplay&) = delete;
  FileReplay& operator=(const FileReplay&) = delete;
  FileReplay(FileReplay&&) = delete;
  FileReplay& operator=(FileReplay&&) = delete;
  ~FileReplay();

  // Opens the file, sniffs its format and schedules the first delivery on
  // the io_context. Returns the format. Errors: kIoError (field "path") when
  // the file cannot be opened or read; kBadValue (field "format") when the
  // format cannot be recognised or carries no AIS. Call once.
  Result<InputFormat> start();

  // Stops at once: no observation is delivered after it returns. Idempotent.
  void stop();

  FileReplayStatus status() const;

 private:
  struct Impl;
  // Shared with the pending timer wait and posted batches, which may run
  // (and do nothing) after this object is gone.
  std::shared_ptr<Impl> impl_;
};

}  // namespace lookout::node
