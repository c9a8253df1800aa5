#include "app/node/file_replay.h"

#include <utility>  // before Asio: GCC 12 + C++20 needs std::exchange declared

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <deque>
#include <vector>

#include "app/ais_input.h"
#include "app/node/clock.h"
#include "feed/net/line_framer.h"

namespace lookout::node {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;

// A whole Digitraffic JSON document may sit on one line; the other formats
// have short lines.
std::size_t max_line_bytes(InputFormat format) {
  return format == InputFormat::kDigitrafficJson ? (512u << 20) : (64u << 10);
}

}  // namespace

struct FileReplay::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io_context, const NodeClock& node_clock, FileReplayParams p,
       ObservationHandler handler)
      : io(io_context),
        clock(node_clock),
        params(std::move(p)),
        on_observation(std::move(handler)),
        timer(io_context),
        framer(64u << 10) {}

  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  Result<InputFormat> open();
  void begin_pass();
  bool fill();
  void run();
  void post_run();
  void finish(std::string error);
  void stop();

  asio::io_context& io;
  const NodeClock& clock;
  FileReplayParams params;
  ObservationHandler on_observation;
  asio::steady_timer timer;
  feed::LineFramer framer;
  std::unique_ptr<AisDecoder> decoder;
  DecodeStats done_stats;         // the decoders of finished passes
  std::deque<AisObservation> pending;  // decoded, not yet due
  std::vector<char> block;
  std::string head;               // the sniffed first bytes, framed first in pass 1
  int fd = -1;
  bool eof = false;
  // This pass.
  Timestamp start{};
  std::optional<Timestamp> first_event;
  std::chrono::milliseconds offset{0};
  uint64_t pass_observations = 0;
  uint64_t dropped_before = 0;    // over-long lines of finished passes
  FileReplayStatus status;
  bool stopped = false;
};

Result<InputFormat> FileReplay::Impl::open() {
  fd = ::open(params.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    status.last_error = params.path + ": " + std::strerror(errno);
    return make_error(ErrorCode::kIoError, 0, "path");
  }
  head.resize(kSniffBytes);
  std::size_t got = 0;
  while (got < head.size()) {
    ssize_t n = ::read(fd, head.data() + got, head.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status.last_error = params.path + ": " + std::strerror(errno);
      return make_error(ErrorCode::kIoError, got, "path");
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  head.resize(got);
  status.format = params.format == InputFormat::kUnknown ? sniff_format(head) : params.format;
  decoder = make_ais_decoder(status.format);
  if (!decoder) {
    status.last_error = params.path + ": not a recognised AIS format";
    return make_error(ErrorCode::kBadValue, 0, "format");
  }
  framer = feed::LineFramer(max_line_bytes(status.format));
  block.resize(params.read_bytes);
  status.bytes = head.size();
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

// Decodes more of the file until something is pending or the file ends.
// Returns false at the end (everything decoded and delivered to `pending`).
bool FileReplay::Impl::fill() {
  auto sink = [this](const AisObservation& obs) { pending.push_back(obs); };
  auto line_sink = [&](std::string_view line) {
    ++status.lines;
    decoder->feed(line, sink);
  };
  if (!head.empty()) {
    framer.push(head, line_sink);
    head.clear();
    head.shrink_to_fit();
  }
  while (pending.empty() && !eof) {
    ssize_t n = ::read(fd, block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status.last_error = params.path + ": " + std::strerror(errno);
      eof = true;
      return false;
    }
    if (n == 0) {
      eof = true;
      framer.finish(line_sink);
      decoder->finish(sink);
      break;
    }
    status.bytes += static_cast<uint64_t>(n);
    framer.push(std::string_view(block.data(), static_cast<std::size_t>(n)), line_sink);
  }
  return !pending.empty();
}

void FileReplay::Impl::run() {
  if (stopped) return;
  std::size_t delivered = 0;
  Timestamp now = clock.now();
  for (;;) {
    if (pending.empty() && !fill()) {
      if (!status.last_error.empty() || !params.loop || pass_observations == 0) {
        finish(pass_observations == 0 && params.loop && status.last_error.empty()
                   ? params.path + ": no observations to loop over"
                   : status.last_error);
        return;
      }
      // Loop: the next pass reads the file again with a fresh decoder.
      done_stats.merge(decoder->stats());
      decoder = make_ais_decoder(status.format);
      dropped_before += framer.dropped();
      framer = feed::LineFramer(max_line_bytes(status.format));
      eof = false;
      if (::lseek(fd, 0, SEEK_SET) < 0) {
        finish(params.path + ": " + std::strerror(errno));
        return;
      }
      begin_pass();
      now = clock.now();
      continue;
    }
    AisObservation& obs = pending.front();
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
    pending.pop_front();
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
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void FileReplay::Impl::stop() {
  if (stopped) return;
  stopped = true;
  timer.cancel();
  pending.clear();
  if (fd >= 0) ::close(fd);
  fd = -1;
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
  s.dropped_long = impl_->dropped_before + impl_->framer.dropped();
  s.stats = impl_->done_stats;
  if (impl_->decoder) s.stats.merge(impl_->decoder->stats());
  return s;
}

}  // namespace lookout::node
