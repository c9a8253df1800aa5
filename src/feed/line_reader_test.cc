#include "feed/line_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace lookout {
namespace {

struct Collected {
  std::vector<std::string> lines;
  std::vector<bool> truncated;
};

Collected frame(std::string_view data, LineReader::Params params = {}) {
  Collected c;
  LineReader reader(params);
  reader.read_buffer(data, [&](std::string_view line, bool trunc) {
    c.lines.emplace_back(line);
    c.truncated.push_back(trunc);
  });
  return c;
}

TEST(LineReader, SplitsOnNewlineAndStripsCarriageReturn) {
  auto c = frame("a\r\nbb\n\nccc");
  ASSERT_EQ(c.lines.size(), 4u);
  EXPECT_EQ(c.lines[0], "a");
  EXPECT_EQ(c.lines[1], "bb");
  EXPECT_EQ(c.lines[2], "");
  EXPECT_EQ(c.lines[3], "ccc");
}

TEST(LineReader, CutsOverlongLinesAndFlagsThem) {
  LineReader::Params p;
  p.max_line_bytes = 4;
  auto c = frame("123456789\nok\n", p);
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0], "1234");
  EXPECT_TRUE(c.truncated[0]);
  EXPECT_EQ(c.lines[1], "ok");
  EXPECT_FALSE(c.truncated[1]);
}

TEST(LineReader, JoinsLinesAcrossReadBlocks) {
  // A pipe delivers small blocks; lines must come out whole.
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::string data;
  for (int i = 0; i < 1000; ++i) data += "line number " + std::to_string(i) + "\n";
  ASSERT_EQ(write(fds[1], data.data(), data.size()), static_cast<ssize_t>(data.size()));
  close(fds[1]);
  LineReader::Params p;
  p.block_bytes = 7;  // splits almost every line
  LineReader reader(p);
  std::vector<std::string> lines;
  auto r = reader.read_fd(fds[0], [&](std::string_view l, bool) { lines.emplace_back(l); });
  close(fds[0]);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, data.size());
  ASSERT_EQ(lines.size(), 1000u);
  EXPECT_EQ(lines[999], "line number 999");
}

TEST(LineReader, ReportsMissingFileAsIoError) {
  LineReader reader;
  auto r = reader.read_file("/nonexistent/file.nmea", [](std::string_view, bool) {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIoError);
}

}  // namespace
}  // namespace lookout
