#include "app/input_merge.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "decode/ais/encoder.h"
#include "detect/episode_test_util.h"

namespace lookout {
namespace {

namespace fs = std::filesystem;
using detect::testing::kT0;
using detect::testing::position_report;

// One NMEA line of a position report of `mmsi` at `t_ms`, with a tag block
// (`c:` in seconds) unless `timed` is false.
std::string line(uint32_t mmsi, int64_t t_ms, bool timed = true) {
  AisObservation obs = position_report(mmsi, t_ms, {59.9, 25.9}, 10, 90, 0, false);
  std::string tag = "c:" + std::to_string(t_ms / 1000);
  std::string s = ais::encode_nmea(obs.msg, 'A', -1, timed ? std::string_view(tag) : std::string_view());
  return s;
}

class InputMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lookout_merge_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string file(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  struct Out {
    int64_t time_ms;
    uint32_t mmsi;
    std::size_t source;
  };
  // Everything the merge hands out, in order.
  static std::vector<Out> drain(InputMerge& m) {
    std::vector<Out> out;
    while (const MergedItem* item = m.peek()) {
      if (item->kind == MergedItem::Kind::kAis) {
        out.push_back({item->ais->time ? to_unix_ms(*item->ais->time) : -1, item->ais->msg.mmsi, item->source});
      } else {
        out.push_back({to_unix_ms(item->detection->time), 0, item->source});
      }
      m.pop();
    }
    return out;
  }

  fs::path dir_;
};

TEST_F(InputMergeTest, InterleavesTwoReceiversInEventTimeOrder) {
  std::string a, b;
  for (int i = 0; i < 100; ++i) (i % 2 == 0 ? a : b) += line(230000000u + static_cast<uint32_t>(i % 7), kT0 + i * 1000);
  InputMerge m;
  ASSERT_TRUE(m.add(file("a.nmea", a)).ok());
  ASSERT_TRUE(m.add(file("b.nmea", b)).ok());
  auto out = drain(m);
  ASSERT_EQ(out.size(), 100u);
  for (std::size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i].time_ms, kT0 + static_cast<int64_t>(i) * 1000);
    EXPECT_EQ(out[i].source, i % 2);
  }
  EXPECT_EQ(m.counts().items, 100u);
  EXPECT_EQ(m.counts().late, 0u);
}

TEST_F(InputMergeTest, TheOrderDoesNotDependOnTheOrderOfTheInputs) {
  // Ten vessels reporting in the same seconds: ties of time are broken by
  // the content, never by which file a line came from.
  std::string a, b, whole;
  for (int s = 0; s < 20; ++s) {
    for (uint32_t v = 0; v < 10; ++v) {
      std::string l = line(230000000u + v, kT0 + s * 1000);
      whole += l;
      ((v * 7 + static_cast<uint32_t>(s)) % 3 == 0 ? a : b) += l;
    }
  }
  auto run = [&](std::vector<std::string> files) {
    InputMerge m;
    for (const auto& f : files) EXPECT_TRUE(m.add(f).ok());
    std::vector<std::pair<int64_t, uint32_t>> seq;
    for (const auto& o : drain(m)) seq.emplace_back(o.time_ms, o.mmsi);
    return seq;
  };
  std::string fa = file("a.nmea", a), fb = file("b.nmea", b), fw = file("whole.nmea", whole);
  auto one = run({fw});
  ASSERT_EQ(one.size(), 200u);
  EXPECT_EQ(run({fa, fb}), one);
  EXPECT_EQ(run({fb, fa}), one);
}

TEST_F(InputMergeTest, PutsAnInputBackInOrderWithinTheWindow) {
  // Receiver clocks: each line up to 20 s out of place.
  std::string text;
  for (int i = 0; i < 60; ++i) {
    int shift = (i % 3 == 1) ? 20 : 0;
    text += line(230000001, kT0 + (i + shift) * 1000);
  }
  InputMerge m(MergeParams{.window = std::chrono::seconds(30), .source = {}});
  ASSERT_TRUE(m.add(file("jitter.nmea", text)).ok());
  auto out = drain(m);
  ASSERT_EQ(out.size(), 60u);
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_LE(out[i - 1].time_ms, out[i].time_ms) << i;
  EXPECT_EQ(m.counts().late, 0u);
}

TEST_F(InputMergeTest, AppliesWhatIsLaterThanTheWindowAndCountsIt) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += line(230000001, kT0 + i * 1000);
  text += line(230000002, kT0 + 10'000);  // 89 s behind the input
  InputMerge m(MergeParams{.window = std::chrono::seconds(30), .source = {}});
  ASSERT_TRUE(m.add(file("late.nmea", text)).ok());
  auto out = drain(m);
  ASSERT_EQ(out.size(), 101u);
  EXPECT_EQ(m.counts().late, 1u);
  int found = 0;
  for (const auto& o : out) found += o.mmsi == 230000002u ? 1 : 0;
  EXPECT_EQ(found, 1) << "a late item is applied, never dropped";
}

TEST_F(InputMergeTest, LinesWithoutTimeGoOutAtOnceInFileOrder) {
  // They have no place in event time: held, they could wait for ever.
  std::string a = line(230000001, 0, false) + line(230000002, 0, false) + line(230000003, kT0 + 5000) +
                  line(230000004, 0, false);
  std::string b = line(230000009, kT0 + 2000);
  InputMerge m;
  ASSERT_TRUE(m.add(file("a.nmea", a)).ok());
  ASSERT_TRUE(m.add(file("b.nmea", b)).ok());
  auto out = drain(m);
  std::vector<uint32_t> mmsi;
  for (const auto& o : out) mmsi.push_back(o.mmsi);
  EXPECT_EQ(mmsi, (std::vector<uint32_t>{230000001, 230000002, 230000004, 230000009, 230000003}));
  EXPECT_EQ(m.counts().late, 0u);
}

TEST_F(InputMergeTest, AFileWithoutTimesStreamsThroughWithoutBeingHeld) {
  std::string text = line(230000001, kT0);
  for (int i = 0; i < 5000; ++i) text += line(230000002u + static_cast<uint32_t>(i % 50), 0, false);
  InputMerge m;
  ASSERT_TRUE(m.add(file("untimed.nmea", text)).ok());
  EXPECT_EQ(drain(m).size(), 5001u);
  EXPECT_LE(m.counts().peak_buffered, 2u);
}

TEST_F(InputMergeTest, MergesDetectionsAndAisOfDifferentFormats) {
  // A DMA CSV row, an NMEA line and detections, each in its own file.
  std::string csv =
      "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,"
      "Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data source type\n"
      "25/12/2024 10:00:03,Class A,219014851,55.075200,8.341003,Under way using engine,0.0,3.2,190.1,196,Unknown,,,"
      "Undefined,,,,Undefined,,,,AIS\n";
  std::string dets =
      R"({"time":"2024-12-25T10:00:01Z","sensor":"rf-1","lat":55.6391,"lon":12.7102})"
      "\n"
      R"({"time":"2024-12-25T10:00:02Z","sensor":"rf-1","lat":55.6392,"lon":12.7102})"
      "\n";
  std::string nmea = line(230000001, kT0 + 2000) + line(230000001, kT0 + 4000);
  InputMerge m;
  EXPECT_EQ(m.add(file("a.csv", csv)).value(), InputFormat::kDmaCsv);
  EXPECT_EQ(m.add(file("d.jsonl", dets)).value(), InputFormat::kDetectionsJsonl);
  EXPECT_EQ(m.add(file("n.nmea", nmea)).value(), InputFormat::kNmea);
  auto out = drain(m);
  ASSERT_EQ(out.size(), 5u);
  std::vector<std::pair<int64_t, std::size_t>> got;
  for (const auto& o : out) got.emplace_back(o.time_ms - kT0, o.source);
  // At 10:00:02 the detection goes before the AIS of the same time.
  EXPECT_EQ(got, (std::vector<std::pair<int64_t, std::size_t>>{{1000, 1}, {2000, 1}, {2000, 2}, {3000, 0}, {4000, 2}}));
}

TEST_F(InputMergeTest, AnInputFarAheadHoldsOnlyALine) {
  // b starts three hours after a ends: while a is read, b holds one line,
  // and a holds no more than a window of its own items.
  std::string a, b;
  for (int i = 0; i < 2000; ++i) a += line(230000001, kT0 + i * 1000);
  for (int i = 0; i < 2000; ++i) b += line(230000002, kT0 + (4 * 3600 + i) * 1000);
  InputMerge m(MergeParams{.window = std::chrono::seconds(60), .source = {}});
  ASSERT_TRUE(m.add(file("b.nmea", b)).ok());
  ASSERT_TRUE(m.add(file("a.nmea", a)).ok());
  auto out = drain(m);
  ASSERT_EQ(out.size(), 4000u);
  EXPECT_LE(m.counts().peak_buffered, 60u + 3u);
  EXPECT_EQ(m.counts().late, 0u);
}

TEST_F(InputMergeTest, SaysWhyAnInputCannotBeAdded) {
  InputMerge m;
  auto missing = m.add((dir_ / "missing.nmea").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kIoError);
  auto unknown = m.add(file("x.txt", "hello\nworld\n"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kBadValue);
  EXPECT_EQ(m.size(), 0u);
  EXPECT_EQ(m.peek(), nullptr);
}

}  // namespace
}  // namespace lookout
