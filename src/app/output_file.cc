#include "app/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace lookout {

namespace {

// A streambuf over a file descriptor with no buffer of its own (OutputFile
// buffers): every sputn is write(2) until done or failed, errno kept.
class FdSink final : public std::streambuf {
 public:
  FdSink(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FdSink() override {
    if (owned_ && fd_ >= 0) ::close(fd_);
  }
  FdSink(const FdSink&) = delete;
  FdSink& operator=(const FdSink&) = delete;

 protected:
  std::streamsize xsputn(const char* p, std::streamsize n) override {
    std::streamsize done = 0;
    while (done < n) {
      ssize_t w = ::write(fd_, p + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) break;  // errno says why (ENOSPC, EPIPE, EIO...)
      done += w;
    }
    return done;
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    char ch = traits_type::to_char_type(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
  }
  // A file this opened is closed here: some file systems (NFS) report a
  // failed write only at close(2).
  int sync() override {
    if (!owned_ || fd_ < 0) return 0;
    int fd = std::exchange(fd_, -1);
    return ::close(fd) == 0 ? 0 : -1;
  }

 private:
  int fd_;
  bool owned_;
};

}  // namespace

OutputFile::OutputFile(std::streambuf& sink, std::string name) : sink_(&sink), name_(std::move(name)) {
  buf_.reserve(kFlushBytes + 64 * 1024);
}

StatusOr<std::unique_ptr<OutputFile>> OutputFile::open(const std::string& path) {
  std::unique_ptr<std::streambuf> sink;
  std::string name = path;
  if (path == "-") {
    sink = std::make_unique<FdSink>(1, false);
    name = "standard output";
  } else {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Status::io_error("cannot write " + path + ": " + std::strerror(errno));
    sink = std::make_unique<FdSink>(fd, true);
  }
  auto out = std::make_unique<OutputFile>(*sink, std::move(name));
  out->owned_ = std::move(sink);
  return out;
}

OutputFile::~OutputFile() {
  if (!closed_) close().ignore();
}

void OutputFile::fail(int error_number) {
  if (!status_.ok()) return;
  std::string why = error_number != 0 ? std::strerror(error_number) : "the write failed";
  status_ = Status::io_error("cannot write " + name_ + ": " + why);
}

void OutputFile::write_buffer() {
  if (buf_.empty()) return;
  if (status_.ok()) {
    errno = 0;
    auto n = sink_->sputn(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    if (n != static_cast<std::streamsize>(buf_.size())) fail(errno);
  }
  buf_.clear();
}

Status OutputFile::close() {
  if (closed_) return status_;
  closed_ = true;
  write_buffer();
  errno = 0;
  if (sink_->pubsync() == -1) fail(errno);
  return status_;
}

}  // namespace lookout
