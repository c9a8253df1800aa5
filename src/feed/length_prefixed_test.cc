#include "feed/length_prefixed.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lookout::feed {
namespace {

using Status = LengthPrefixedReader::Status;

std::vector<std::string> drain(LengthPrefixedReader& reader) {
  std::vector<std::string> out;
  std::string_view frame;
  while (reader.next(&frame) == Status::kFrame) out.emplace_back(frame);
  return out;
}

TEST(LengthPrefixed, EncodesLittleEndian) {
  const std::string frame = length_prefixed(std::string(258, 'x'));
  ASSERT_EQ(frame.size(), 262U);
  EXPECT_EQ(frame.substr(0, 4), std::string("\x02\x01\x00\x00", 4));
}

TEST(LengthPrefixed, FramesSplitAnywhere) {
  const std::string stream = length_prefixed("one") + length_prefixed("") + length_prefixed("three");
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    LengthPrefixedReader reader(16);
    reader.append(std::string_view(stream).substr(0, cut));
    auto frames = drain(reader);
    reader.append(std::string_view(stream).substr(cut));
    for (auto& f : drain(reader)) frames.push_back(f);
    ASSERT_EQ(frames, (std::vector<std::string>{"one", "", "three"})) << "cut at " << cut;
    EXPECT_EQ(reader.buffered(), 0U);
  }
}

TEST(LengthPrefixed, ByteAtATime) {
  const std::string stream = length_prefixed("hello") + length_prefixed("world");
  LengthPrefixedReader reader(16);
  std::vector<std::string> frames;
  for (char c : stream) {
    reader.append(std::string_view(&c, 1));
    for (auto& f : drain(reader)) frames.push_back(f);
  }
  EXPECT_EQ(frames, (std::vector<std::string>{"hello", "world"}));
}

TEST(LengthPrefixed, OversizeLengthIsRefusedBeforeBuffering) {
  LengthPrefixedReader reader(1000);
  reader.append(length_prefixed("ok"));
  reader.append(std::string("\xff\xff\xff\x7f", 4));  // 2 GiB announced
  reader.append("tail");
  std::string_view frame;
  ASSERT_EQ(reader.next(&frame), Status::kFrame);
  EXPECT_EQ(frame, "ok");
  EXPECT_EQ(reader.next(&frame), Status::kTooLarge);
  EXPECT_EQ(reader.refused_length(), 0x7fffffffU);
  EXPECT_EQ(reader.buffered(), 0U);
  reader.append(length_prefixed("more"));
  EXPECT_EQ(reader.next(&frame), Status::kTooLarge);  // no resynchronisation
}

TEST(LengthPrefixed, BoundIsInclusive) {
  LengthPrefixedReader reader(4);
  reader.append(length_prefixed("four"));
  std::string_view frame;
  EXPECT_EQ(reader.next(&frame), Status::kFrame);
  reader.append(length_prefixed("five!"));
  EXPECT_EQ(reader.next(&frame), Status::kTooLarge);
}

}  // namespace
}  // namespace lookout::feed
