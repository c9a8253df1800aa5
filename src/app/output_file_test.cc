#include "app/output_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lookout {
namespace {

// A disk that fills: keeps the first `capacity` bytes, then refuses with
// ENOSPC, as write(2) does on a full file system.
class FullDiskBuf final : public std::streambuf {
 public:
  explicit FullDiskBuf(std::size_t capacity) : capacity_(capacity) {}
  std::string kept;
  int syncs = 0;
  bool fail_sync = false;

 protected:
  std::streamsize xsputn(const char* p, std::streamsize n) override {
    std::size_t room = capacity_ - kept.size();
    std::size_t take = std::min(room, static_cast<std::size_t>(n));
    kept.append(p, take);
    if (take < static_cast<std::size_t>(n)) errno = ENOSPC;
    return static_cast<std::streamsize>(take);
  }
  int sync() override {
    ++syncs;
    if (fail_sync) {
      errno = EIO;
      return -1;
    }
    return 0;
  }

 private:
  std::size_t capacity_;
};

std::string line_of(std::size_t n, char c) { return std::string(n, c); }

TEST(OutputFile, WritesEveryLineAndClosesOk) {
  FullDiskBuf disk(1 << 22);
  OutputFile out(disk, "alerts.jsonl");
  out.write_line("{\"a\":1}");
  out.write_line("{\"a\":2}");
  EXPECT_TRUE(out.close().ok());
  EXPECT_EQ(disk.kept, "{\"a\":1}\n{\"a\":2}\n");
  EXPECT_EQ(disk.syncs, 1);
}

TEST(OutputFile, DiskFullAtCloseIsAnErrorNamingTheFile) {
  FullDiskBuf disk(10);
  OutputFile out(disk, "alerts.jsonl");
  out.write_line("0123456789abcdef");  // buffered: nothing written yet
  EXPECT_TRUE(out.status().ok());
  Status s = out.close();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.message(), "cannot write alerts.jsonl: " + std::string(std::strerror(ENOSPC)));
  EXPECT_EQ(disk.kept, "0123456789");
}

TEST(OutputFile, DiskFullMidRunKeepsTheFirstFailureAndDropsTheRest) {
  // Two and a half megabytes of lines against a disk that takes one and a
  // half: the first megabyte lands, the second fails, later lines are dropped.
  FullDiskBuf disk(3 << 19);
  OutputFile out(disk, "tracks.jsonl");
  std::string line = line_of(1023, 'x');
  for (int i = 0; i < 2500; ++i) out.write_line(line);
  ASSERT_FALSE(out.status().ok());  // failed before the end, not only at close
  for (int i = 0; i < 1500; ++i) out.write_line(line);
  Status s = out.close();
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("tracks.jsonl"), std::string::npos);
  EXPECT_EQ(disk.kept.size(), 3u << 19);
}

TEST(OutputFile, FailedFlushAtCloseIsAnError) {
  FullDiskBuf disk(1 << 20);
  disk.fail_sync = true;
  OutputFile out(disk, "out.csv");
  out.write_line("a,b");
  Status s = out.close();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "cannot write out.csv: " + std::string(std::strerror(EIO)));
}

TEST(OutputFile, DevFullFailsWithNoSpaceLeft) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  auto out = OutputFile::open("/dev/full");
  ASSERT_TRUE(out.ok()) << out.status().message();
  (*out)->write_line("{}");
  Status s = (*out)->close();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "cannot write /dev/full: " + std::string(std::strerror(ENOSPC)));
}

TEST(OutputFile, RealFileGetsEveryByte) {
  auto path = std::filesystem::temp_directory_path() / ("lookout_output_file_" + std::to_string(::getpid()));
  {
    auto out = OutputFile::open(path.string());
    ASSERT_TRUE(out.ok());
    for (int i = 0; i < 100000; ++i) (*out)->write_line(std::to_string(i));
    ASSERT_TRUE((*out)->close().ok());
  }
  std::ifstream in(path);
  std::string last, line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    last = line;
    ++n;
  }
  EXPECT_EQ(n, 100000u);
  EXPECT_EQ(last, "99999");
  std::filesystem::remove(path);
}

TEST(OutputFile, UnwritablePathIsRefusedAtOpen) {
  auto out = OutputFile::open("/nonexistent-dir/alerts.jsonl");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message(), "cannot write /nonexistent-dir/alerts.jsonl: " + std::string(std::strerror(ENOENT)));
}

}  // namespace
}  // namespace lookout
