#include "app/input_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>

#include "app/ais_input.h"
#include "decode/detections/jsonl_decoder.h"
#include "decode/remote_id/report_reader.h"
#include "decode/sbs/sbs_decoder.h"

namespace lookout {

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;

uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

uint64_t line_hash(std::string_view line) noexcept {
  // Eight bytes at a time, one multiply and a rotation each, one final mix:
  // a few instructions per word, for every line that holds a message.
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ line.size();
  const char* p = line.data();
  std::size_t n = line.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = std::rotl((h ^ w) * 0xbf58476d1ce4e5b9ULL, 29);
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  if (n != 0) std::memcpy(&w, p, n);  // an empty line's data() may be null
  return mix(h ^ w);
}

Result<std::unique_ptr<InputSource>> InputSource::open(const std::string& path, InputFormat format) {
  return open(path, format, Params{});
}

Result<std::unique_ptr<InputSource>> InputSource::open(const std::string& path, InputFormat format, Params params) {
  int fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(ErrorCode::kIoError, 0, "path");
#ifdef POSIX_FADV_SEQUENTIAL
  if (fd != 0) ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  std::string head(kSniffBytes, '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    ssize_t n = ::read(fd, head.data() + got, head.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (fd != 0) ::close(fd);
      return make_error(ErrorCode::kIoError, got, "path");
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  head.resize(got);
  InputFormat f = format == InputFormat::kUnknown ? sniff_format(head) : format;
  if (f == InputFormat::kUnknown) {
    if (fd != 0) ::close(fd);
    return make_error(ErrorCode::kBadValue, 0, "format");
  }
  return std::unique_ptr<InputSource>(new InputSource(path, fd, f, std::move(head), params));
}

InputSource::InputSource(std::string path, int fd, InputFormat format, std::string head, Params params)
    : path_(std::move(path)),
      fd_(fd),
      format_(format),
      // A whole JSON document may sit on one line; other formats have short lines.
      max_line_bytes_(format == InputFormat::kDigitrafficJson ? (512u << 20) : (1u << 16)),
      drop_long_(params.drop_long_lines) {
  if (format == InputFormat::kDetectionsJsonl) {
    detections_ = std::make_unique<detections::DetectionsJsonlDecoder>();
  } else if (format == InputFormat::kSbs) {
    sbs_ = std::make_unique<sbs::SbsDecoder>();
  } else if (format == InputFormat::kRemoteId) {
    remote_id_ = std::make_unique<remote_id::RemoteIdReportReader>();
  } else {
    ais_ = make_ais_decoder(format);
  }
  // The sniffed bytes are framed first.
  block_.resize(std::max(std::max<std::size_t>(params.read_bytes, 1), head.size()));
  std::memcpy(block_.data(), head.data(), head.size());
  end_ = head.size();
  read_bytes_ = std::max<std::size_t>(params.read_bytes, 1);
  bytes_ = head.size();
}

InputSource::~InputSource() {
  if (fd_ > 0) ::close(fd_);
}

const DecodeStats& InputSource::stats() const {
  if (sbs_) return sbs_->stats();
  if (remote_id_) return remote_id_->stats();
  return ais_ ? ais_->stats() : detections_->stats();
}

void InputSource::append_bounded(const char* p, std::size_t n) {
  std::size_t room = max_line_bytes_ > partial_.size() ? max_line_bytes_ - partial_.size() : 0;
  if (n > room) {
    n = room;
    partial_cut_ = true;
  }
  partial_.append(p, n);
}

// The next line without its terminator (and '\r'); false at the end.
bool InputSource::frame(std::string_view& line) {
  if (clear_partial_) {
    partial_.clear();
    partial_cut_ = false;
    clear_partial_ = false;
  }
  for (;;) {
    if (pos_ < end_) {
      const char* p = block_.data() + pos_;
      const std::size_t n = end_ - pos_;
      const void* nl = std::memchr(p, '\n', n);
      if (nl != nullptr) {
        const std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - p);
        pos_ += len + 1;
        if (partial_.empty() && !partial_cut_) {
          if (len > max_line_bytes_ && drop_long_) {
            ++dropped_;
            continue;
          }
          line = std::string_view(p, std::min(len, max_line_bytes_));
        } else {
          append_bounded(p, len);
          if (partial_cut_ && drop_long_) {
            ++dropped_;
            partial_.clear();
            partial_cut_ = false;
            continue;
          }
          line = partial_;
          clear_partial_ = true;
        }
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ++lines_;
        return true;
      }
      append_bounded(p, n);
      pos_ = end_;
    }
    if (eof_) {
      if (partial_.empty() && !partial_cut_) return false;
      if (partial_cut_ && drop_long_) {
        ++dropped_;
        partial_.clear();
        partial_cut_ = false;
        return false;
      }
      ++lines_;
      line = partial_;
      clear_partial_ = true;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return true;
    }
    ssize_t n = ::read(fd_, block_.data(), std::min(block_.size(), read_bytes_));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n < 0) error_ = "cannot be read";
      eof_ = true;
      continue;
    }
    pos_ = 0;
    end_ = static_cast<std::size_t>(n);
    bytes_ += end_;
  }
}

bool InputSource::next_line(AisSink ais, DetectionSink detection) {
  auto none = [](const CooperativeReport&, LineKey) {};
  return next_line(ais, detection, none);
}

bool InputSource::next_line(AisSink ais, DetectionSink detection, CooperativeSink cooperative) {
  if (finished_) return false;
  std::string_view line;
  if (!frame(line)) {
    finished_ = true;
    if (ais_) {
      LineKey key{line_hash({}), 0};
      ais_->finish([&](const AisObservation& obs) {
        ais(obs, key);
        ++key.index;
      });
    }
    if (fd_ > 0) ::close(fd_);
    fd_ = -1;
    return false;
  }
  if (ais_) {
    // The hash is taken once, and only for a line that holds a message.
    LineKey key;
    bool hashed = false;
    ais_->feed(line, [&](const AisObservation& obs) {
      if (!hashed) {
        key.hash = line_hash(line);
        hashed = true;
      }
      ais(obs, key);
      ++key.index;
    });
  } else if (sbs_) {
    auto r = sbs_->decode(line);
    if (r.ok() && r->has_value()) cooperative(**r, LineKey{line_hash(line), 0});
  } else if (remote_id_) {
    auto r = remote_id_->decode(line);
    if (r.ok() && r->has_value()) cooperative(**r, LineKey{line_hash(line), 0});
  } else {
    auto d = detections_->decode(line);
    if (d.ok()) detection(d.value(), LineKey{line_hash(line), 0});
  }
  return true;
}

}  // namespace lookout
