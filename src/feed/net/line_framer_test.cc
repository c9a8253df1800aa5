#include "feed/net/line_framer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lookout::feed {
namespace {

struct Collect {
  std::vector<std::string> lines;
  void push(LineFramer& f, std::string_view bytes) {
    f.push(bytes, [&](std::string_view line) { lines.emplace_back(line); });
  }
};

TEST(LineFramer, HandsOutLinesEndingInLfOrCrLf) {
  LineFramer f(100);
  Collect c;
  c.push(f, "!AIVDM,a\r\n!AIVDM,b\n");
  EXPECT_EQ(c.lines, (std::vector<std::string>{"!AIVDM,a", "!AIVDM,b"}));
  EXPECT_EQ(f.buffered(), 0u);
}

TEST(LineFramer, JoinsALineSplitAcrossReadsEvenBetweenCrAndLf) {
  LineFramer f(100);
  Collect c;
  c.push(f, "!AIV");
  c.push(f, "DM,a\r");
  EXPECT_TRUE(c.lines.empty());
  c.push(f, "\n!AI");
  c.push(f, "VDM,b\n");
  EXPECT_EQ(c.lines, (std::vector<std::string>{"!AIVDM,a", "!AIVDM,b"}));
}

TEST(LineFramer, SkipsBlankLines) {
  LineFramer f(100);
  Collect c;
  c.push(f, "\r\n\nx\n\r\n");
  EXPECT_EQ(c.lines, (std::vector<std::string>{"x"}));
}

TEST(LineFramer, DropsAnOverLongLineInOneReadAndCountsIt) {
  LineFramer f(10);
  Collect c;
  c.push(f, std::string(11, 'x') + "\nshort\n" + std::string(10, 'y') + "\r\n");
  EXPECT_EQ(c.lines, (std::vector<std::string>{"short", std::string(10, 'y')}));
  EXPECT_EQ(f.dropped(), 1u);
}

TEST(LineFramer, DropsAnOverLongLineSpreadOverReadsAndResynchronises) {
  LineFramer f(10);
  Collect c;
  for (int i = 0; i < 100; ++i) c.push(f, "0123456789");  // 1000 bytes, no newline
  EXPECT_LE(f.buffered(), 11u);                            // memory stays bounded
  c.push(f, "tail of the long line\nnext\n");
  EXPECT_EQ(c.lines, (std::vector<std::string>{"next"}));
  EXPECT_EQ(f.dropped(), 1u);
}

TEST(LineFramer, DropsALineThatGrowsTooLongOnlyWhenItsEndArrives) {
  LineFramer f(10);
  Collect c;
  c.push(f, "012345");
  c.push(f, "6789ab\nok\n");
  EXPECT_EQ(c.lines, (std::vector<std::string>{"ok"}));
  EXPECT_EQ(f.dropped(), 1u);
}

TEST(LineFramer, FinishHandsOutAnUnterminatedTail) {
  LineFramer f(100);
  Collect c;
  c.push(f, "a\r\nb");
  f.finish([&](std::string_view line) { c.lines.emplace_back(line); });
  EXPECT_EQ(c.lines, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(f.buffered(), 0u);
}

TEST(LineFramer, ResetForgetsAnUnfinishedLine) {
  LineFramer f(100);
  Collect c;
  c.push(f, "half a sent");
  f.reset();
  c.push(f, "whole\n");
  EXPECT_EQ(c.lines, (std::vector<std::string>{"whole"}));
}

}  // namespace
}  // namespace lookout::feed
