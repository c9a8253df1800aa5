#include "app/node/file_replay.h"

#include <utility>  // before Asio: GCC 12 + C++20 needs std::exchange declared

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "app/input_merge.h"
#include "app/node/clock.h"

namespace lookout::node {

namespace asio = boost::asio;
using boost::system::error_code;

struct FileReplay::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io_context, const NodeClock& node_clock, FileReplayParams p,
       ObservationHandler handler)
      : io(io_context),
        clock(node_clock),
        params(std::move(p)),
        on_observation(std::move(handler)),
        timer(io_context) {}

  Result<InputFormat> open();
  void begin_pass();
  void run();
  void post_run();
  void finish(std::string error);
  void stop();
  // Folds the finished pass's counts into the totals.
  void close_pass();

  asio::io_context& io;
  const NodeClock& clock;
  FileReplayParams params;
  ObservationHandler on_observation;
  asio::steady_timer timer;
  // The file, read through the event-time merge `lookout replay` uses: the
  // node gets the same order (a receiver's log a little out of order is put
  // back in order within the reorder window) and the same line framing.
  std::unique_ptr<InputMerge> merge;
  DecodeStats done_stats;         // the decoders of finished passes
  uint64_t done_bytes = 0, done_lines = 0, done_dropped = 0;
  // This pass.
  Timestamp start{};
  std::optional<Timestamp> first_event;
  std::chrono::milliseconds offset{0};
  uint64_t pass_observations = 0;
  FileReplayStatus status;
  bool stopped = false;
};

Result<InputFormat> FileReplay::Impl::open() {
  MergeParams mp;
  mp.window = params.reorder_window;
  mp.source.read_bytes = params.read_bytes;
  mp.source.drop_long_lines = true;  // a live input drops what it cannot frame
  merge = std::make_unique<InputMerge>(mp);
  auto added = merge->add(params.path, params.format);
  if (!added.ok()) {
    if (added.error().code == ErrorCode::kIoError) {
      status.last_error = params.path + ": " + std::strerror(errno);
      return make_error(ErrorCode::kIoError, 0, "path");
    }
    status.last_error = params.path + ": not a recognised AIS format";
    return make_error(ErrorCode::kBadValue, 0, "format");
  }
  status.format = *added;
  if (status.format == InputFormat::kDetectionsJsonl || status.format == InputFormat::kSbs ||
      status.format == InputFormat::kRemoteId) {
    merge.reset();
    status.last_error = params.path + ": not a recognised AIS format";
    return make_error(ErrorCode::kBadValue, 0, "format");
  }
  return status.format;
}

// A new pass: the clock's now is the new start; the first event time (and
// with it the offset) is taken from the first observation that has one.
void FileReplay::Impl::begin_pass() {
  ++status.passes;
  start = clock.now();
  first_event.reset();
  status.offset.reset();
  offset = std::chrono::milliseconds(0);
  pass_observations = 0;
}

void FileReplay::Impl::close_pass() {
  if (!merge || merge->size() == 0) return;
  const InputSource& src = merge->source(0);
  done_stats.merge(src.stats());
  done_bytes += src.bytes();
  done_lines += src.lines();
  done_dropped += src.dropped_long();
}

void FileReplay::Impl::run() {
  if (stopped) return;
  std::size_t delivered = 0;
  Timestamp now = clock.now();
  for (;;) {
    const MergedItem* item = merge->peek();
    if (item == nullptr) {
      const std::string& read_error = merge->source(0).error();
      std::string error = read_error.empty() ? std::string() : params.path + ": " + read_error;
      if (!error.empty() || !params.loop || pass_observations == 0) {
        finish(pass_observations == 0 && params.loop && error.empty()
                   ? params.path + ": no observations to loop over"
                   : error);
        return;
      }
      // Loop: the next pass reads the file again with a fresh decoder.
      close_pass();
      auto reopened = open();
      if (!reopened.ok()) {
        finish(status.last_error);
        return;
      }
      begin_pass();
      now = clock.now();
      continue;
    }
    if (item->kind != MergedItem::Kind::kAis) {  // not for a file of AIS
      merge->pop();
      continue;
    }
    AisObservation obs = *item->ais;
    if (obs.time) {
      if (!first_event) {
        first_event = *obs.time;
        if (params.rebase) offset = std::chrono::duration_cast<std::chrono::milliseconds>(start - *first_event);
        status.offset = offset;
      }
      if (params.speed > 0) {
        auto into_file = static_cast<double>((*obs.time - *first_event).count());
        Timestamp due = start + std::chrono::milliseconds(static_cast<int64_t>(std::ceil(into_file / params.speed)));
        if (due > now) now = clock.now();
        if (due > now) {
          auto wait = std::max<std::chrono::steady_clock::duration>(clock.until(due), std::chrono::milliseconds(1));
          timer.expires_after(wait);
          auto self = shared_from_this();
          timer.async_wait([self](const error_code& ec) {
            if (!ec) self->run();
          });
          return;
        }
      }
      obs.time = *obs.time + offset;
    } else {
      obs.time = now;
      obs.time_source = TimeSource::kReception;
    }
    ++status.observations;
    ++pass_observations;
    on_observation(obs);
    if (stopped) return;
    merge->pop();
    if (++delivered >= params.batch) {
      post_run();
      return;
    }
  }
}

void FileReplay::Impl::post_run() {
  auto self = shared_from_this();
  asio::post(io, [self] { self->run(); });
}

void FileReplay::Impl::finish(std::string error) {
  status.finished = true;
  status.last_error = std::move(error);
  close_pass();
  merge.reset();  // closes the file
}

void FileReplay::Impl::stop() {
  if (stopped) return;
  stopped = true;
  timer.cancel();
  close_pass();
  merge.reset();
}

FileReplay::FileReplay(asio::io_context& io, const NodeClock& clock, FileReplayParams params,
                       ObservationHandler on_observation)
    : impl_(std::make_shared<Impl>(io, clock, std::move(params), std::move(on_observation))) {}

FileReplay::~FileReplay() { impl_->stop(); }

Result<InputFormat> FileReplay::start() {
  auto format = impl_->open();
  if (!format.ok()) return format;
  impl_->begin_pass();
  impl_->post_run();
  return format;
}

void FileReplay::stop() { impl_->stop(); }

FileReplayStatus FileReplay::status() const {
  FileReplayStatus s = impl_->status;
  s.stats = impl_->done_stats;
  s.bytes = impl_->done_bytes;
  s.lines = impl_->done_lines;
  s.dropped_long = impl_->done_dropped;
  if (impl_->merge && impl_->merge->size() > 0) {
    const InputSource& src = impl_->merge->source(0);
    s.stats.merge(src.stats());
    s.bytes += src.bytes();
    s.lines += src.lines();
    s.dropped_long += src.dropped_long();
  }
  return s;
}

}  // namespace lookout::node
