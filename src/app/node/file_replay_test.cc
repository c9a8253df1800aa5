#include "app/node/file_replay.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/node/clock.h"
#include "feed/net/net_test_util.h"

namespace lookout::node {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using feed::testing::run_until;
using feed::testing::run_until_idle;

// Real sentences (type 1 and 3 position reports from the pyais sample).
const char* kSentences[] = {
    "!AIVDM,1,1,,A,13RlIW?04F1beOVEFLB9bRvH0L0L,0*6C",
    "!AIVDM,1,1,,A,33P;Tw0tjBQO22:E7dm66DrB20UP,0*2E",
    "!AIVDM,1,1,,B,35VwAv0300QcEQ`EGcpN40jD0PUQ,0*61",
};

const int64_t kT0 = 1'420'030'798;  // 2014-12-31T13:39:58Z, seconds

// "\c:SECONDS*hh\SENTENCE": an NMEA 4.0 tag block with the event time.
std::string tagged(int64_t seconds, const char* sentence) {
  std::string body = "c:" + std::to_string(seconds);
  unsigned sum = 0;
  for (char ch : body) sum ^= static_cast<unsigned char>(ch);
  char hex[3];
  std::snprintf(hex, sizeof hex, "%02X", sum);
  return "\\" + body + "*" + hex + "\\" + sentence;
}

class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    static int counter = 0;
    path_ = (fs::temp_directory_path() /
             ("lookout_replay_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".nmea"))
                .string();
    std::ofstream(path_) << text;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { fs::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// `count` sentences `step_s` seconds apart from kT0, cycling through kSentences.
std::string timed_file(int count, int step_s) {
  std::string out;
  for (int i = 0; i < count; ++i) out += tagged(kT0 + i * step_s, kSentences[i % 3]) + "\r\n";
  return out;
}

struct Delivered {
  std::vector<Timestamp> times;
  std::vector<uint32_t> mmsi;
  std::vector<TimeSource> sources;
  ObservationHandler handler() {
    return [this](const AisObservation& obs) {
      times.push_back(*obs.time);
      sources.push_back(obs.time_source);
      mmsi.push_back(obs.msg.mmsi);
    };
  }
};

const Timestamp kOrigin = from_unix_ms(1'893'456'000'000);  // 2030-01-01, the node clock's start

TEST(FileReplay, DeliversInFileOrderWithRecordedTimesWithoutRebase) {
  TempFile file(timed_file(6, 10));
  asio::io_context io;
  NodeClock clock(1.0, kOrigin);
  Delivered got;
  FileReplay replay(io, clock, {.path = file.path(), .speed = 0, .rebase = false}, got.handler());
  auto format = replay.start();
  ASSERT_TRUE(format.ok());
  EXPECT_EQ(*format, InputFormat::kNmea);
  ASSERT_TRUE(run_until(io, [&] { return replay.status().finished; }));
  ASSERT_EQ(got.times.size(), 6u);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(got.times[i], from_unix_ms((kT0 + i * 10) * 1000)) << i;
  EXPECT_EQ(got.mmsi[0], got.mmsi[3]);
  EXPECT_EQ(got.sources[0], TimeSource::kTagBlock);
  EXPECT_NE(got.mmsi[0], got.mmsi[1]);
  auto s = replay.status();
  EXPECT_EQ(s.observations, 6u);
  EXPECT_EQ(s.lines, 6u);
  EXPECT_EQ(s.passes, 1u);
  EXPECT_EQ(s.stats.messages(), 6u);
  EXPECT_TRUE(s.last_error.empty());
  EXPECT_EQ(s.offset, std::chrono::milliseconds(0));
}

TEST(FileReplay, RebaseShiftsTheFirstEventToNowAndKeepsTheSpacing) {
  TempFile file(timed_file(5, 30));
  asio::io_context io;
  NodeClock clock(1.0, kOrigin);
  Delivered got;
  Timestamp before = clock.now();
  FileReplay replay(io, clock, {.path = file.path(), .speed = 0, .rebase = true}, got.handler());
  ASSERT_TRUE(replay.start().ok());
  ASSERT_TRUE(run_until(io, [&] { return replay.status().finished; }));
  Timestamp after = clock.now();
  ASSERT_EQ(got.times.size(), 5u);
  EXPECT_GE(got.times[0], before);
  EXPECT_LE(got.times[0], after);
  for (int i = 1; i < 5; ++i) EXPECT_EQ(got.times[i] - got.times[0], std::chrono::seconds(30 * i));
  auto offset = replay.status().offset;
  ASSERT_TRUE(offset.has_value());
  EXPECT_EQ(from_unix_ms(kT0 * 1000) + *offset, got.times[0]);
}

TEST(FileReplay, PacedReplayDeliversNothingBeforeTheNodeClockReachesIt) {
  // 40 minutes of file time on a node clock running 20,000 times as fast as
  // real time: about 0.1 s of real time.
  TempFile file(timed_file(9, 300));
  asio::io_context io;
  NodeClock clock(20'000.0, kOrigin);
  std::vector<Timestamp> times;
  std::vector<Timestamp> clock_at_delivery;
  FileReplay replay(io, clock, {.path = file.path(), .speed = 1.0, .rebase = true},
                    [&](const AisObservation& obs) {
                      times.push_back(*obs.time);
                      clock_at_delivery.push_back(clock.now());
                    });
  ASSERT_TRUE(replay.start().ok());
  ASSERT_TRUE(run_until(io, [&] { return replay.status().finished; }));
  ASSERT_EQ(times.size(), 9u);
  for (std::size_t i = 0; i < times.size(); ++i) {
    EXPECT_LE(times[i], clock_at_delivery[i]) << i;  // never early
    if (i > 0) {
      EXPECT_EQ(times[i] - times[i - 1], std::chrono::seconds(300));
    }
  }
  EXPECT_GE(clock_at_delivery.back() - kOrigin, std::chrono::seconds(8 * 300));
}

TEST(FileReplay, InputSpeedPlaysTheFileFasterThanTheNodeClock) {
  // At speed 10 the file's 40 minutes take 4 minutes of node time (1.2 s of
  // real time on a clock running 200 times as fast); the times delivered
  // keep their recorded spacing (not compressed).
  TempFile file(timed_file(9, 300));
  asio::io_context io;
  NodeClock clock(200.0, kOrigin);
  std::vector<Timestamp> times;
  std::vector<Timestamp> clock_at_delivery;
  FileReplay replay(io, clock, {.path = file.path(), .speed = 10.0, .rebase = false},
                    [&](const AisObservation& obs) {
                      times.push_back(*obs.time);
                      clock_at_delivery.push_back(clock.now());
                    });
  ASSERT_TRUE(replay.start().ok());
  ASSERT_TRUE(run_until(io, [&] { return replay.status().finished; }));
  ASSERT_EQ(times.size(), 9u);
  EXPECT_EQ(times.back() - times.front(), std::chrono::seconds(8 * 300));
  // Never early: the last is due 240 s of node time after the start (which
  // is at or after kOrigin). And well before it would be due at speed 1
  // (2400 s): only a stall of over 10 s of real time could break that.
  EXPECT_GE(clock_at_delivery.back() - kOrigin, std::chrono::seconds(8 * 30));
  EXPECT_LT(clock_at_delivery.back() - kOrigin, std::chrono::seconds(8 * 300));
}

TEST(FileReplay, LoopStartsAgainRebasedAndStopEndsIt) {
  TempFile file(timed_file(4, 10));
  asio::io_context io;
  NodeClock clock(1.0, kOrigin);
  Delivered got;
  FileReplay* self = nullptr;
  FileReplay replay(io, clock, {.path = file.path(), .speed = 0, .rebase = true, .loop = true},
                    [&](const AisObservation& obs) {
                      got.times.push_back(*obs.time);
                      if (got.times.size() == 12) self->stop();
                    });
  self = &replay;
  ASSERT_TRUE(replay.start().ok());
  // stop() from the handler leaves nothing pending: the io_context runs dry.
  ASSERT_TRUE(run_until_idle(io));
  ASSERT_EQ(got.times.size(), 12u);
  auto s = replay.status();
  EXPECT_EQ(s.passes, 3u);
  EXPECT_FALSE(s.finished);
  EXPECT_EQ(s.stats.messages(), 12u);
  for (int pass = 0; pass < 3; ++pass) {
    for (int i = 1; i < 4; ++i) {
      EXPECT_EQ(got.times[pass * 4 + i] - got.times[pass * 4], std::chrono::seconds(10 * i));
    }
  }
  // Each pass is rebased to the clock's now when it began, not to where the last one ended.
  EXPECT_LT(got.times[4], got.times[3]);
  EXPECT_GE(got.times[4], got.times[0]);
}

TEST(FileReplay, DeliversABacklogInBatchesSoOtherHandlersRun) {
  TempFile file(timed_file(12'000, 1));
  asio::io_context io;
  NodeClock clock(1.0, kOrigin);
  std::size_t delivered = 0;
  std::vector<std::size_t> seen_by_other_handler;
  FileReplay replay(io, clock, {.path = file.path(), .speed = 0, .rebase = true, .batch = 5000},
                    [&](const AisObservation&) { ++delivered; });
  ASSERT_TRUE(replay.start().ok());
  // Posted after the replay's first run: it runs after the first batch.
  asio::post(io, [&] { seen_by_other_handler.push_back(delivered); });
  ASSERT_TRUE(run_until(io, [&] { return replay.status().finished; }));
  EXPECT_EQ(delivered, 12'000u);
  ASSERT_EQ(seen_by_other_handler.size(), 1u);
  EXPECT_EQ(seen_by_other_handler[0], 5000u);
}

TEST(FileReplay, ReadsInSmallBlocksWithLinesSplitAcrossThem) {
  std::string text = timed_file(50, 2);
  TempFile file(text);
  asio::io_context io;
  NodeClock clock(1.0, kOrigin);
  Delivered got;
  FileReplay replay(io, clock, {.path = file.path(), .speed = 0, .rebase = false, .read_bytes = 7},
                    got.handler());
  ASSERT_TRUE(replay.start().ok());
  ASSERT_TRUE(run_until(io, [&] { return replay.status().finished; }));
  ASSERT_EQ(got.times.size(), 50u);
  EXPECT_EQ(got.times[49], from_unix_ms((kT0 + 98) * 1000));
  EXPECT_EQ(replay.status().bytes, text.size());
}

TEST(FileReplay, StampsObservationsWithoutTimeWithTheNodeClock) {
  TempFile file{std::string(kSentences[0]) + "\n" + kSentences[1] + "\n"};
  asio::io_context io;
  NodeClock clock(1.0, kOrigin);
  Delivered got;
  Timestamp before = clock.now();
  FileReplay replay(io, clock, {.path = file.path(), .speed = 1.0}, got.handler());
  ASSERT_TRUE(replay.start().ok());
  ASSERT_TRUE(run_until(io, [&] { return replay.status().finished; }));
  ASSERT_EQ(got.times.size(), 2u);
  EXPECT_GE(got.times[0], before);
  EXPECT_LE(got.times[1], clock.now());
  EXPECT_FALSE(replay.status().offset.has_value());
  EXPECT_EQ(got.sources[0], TimeSource::kReception);
}

TEST(FileReplay, CountsBadLines) {
  TempFile file(tagged(kT0, kSentences[0]) + "\n!AIVDM,1,1,,A,13RlIW?04F1beOVEFLB9bRvH0L0L,0*00\n" +
                std::string(70'000, 'x') + "\n" + tagged(kT0 + 1, kSentences[1]) + "\n");
  asio::io_context io;
  NodeClock clock(1.0, kOrigin);
  Delivered got;
  FileReplay replay(io, clock, {.path = file.path(), .format = InputFormat::kNmea, .speed = 0},
                    got.handler());
  ASSERT_TRUE(replay.start().ok());
  ASSERT_TRUE(run_until(io, [&] { return replay.status().finished; }));
  EXPECT_EQ(got.times.size(), 2u);
  EXPECT_EQ(replay.status().stats.errors(ErrorCode::kBadChecksum), 1u);
  EXPECT_EQ(replay.status().lines, 3u);
  EXPECT_EQ(replay.status().dropped_long, 1u);  // the 70,000-byte line
}

TEST(FileReplay, RefusesAMissingFileAndAnUnknownFormat) {
  asio::io_context io;
  NodeClock clock;
  Delivered got;
  FileReplay missing(io, clock, {.path = "/nonexistent/feed.nmea"}, got.handler());
  auto r = missing.start();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIoError);
  EXPECT_NE(missing.status().last_error.find("/nonexistent/feed.nmea"), std::string::npos);

  TempFile text("Dear diary,\nnothing happened at sea today.\n");
  FileReplay unknown(io, clock, {.path = text.path()}, got.handler());
  auto u = unknown.start();
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, ErrorCode::kBadValue);
  EXPECT_STREQ(u.error().field, "format");
}

TEST(FileReplay, LoopOverAFileWithoutObservationsFinishesWithAnError) {
  TempFile file("!AIVDM,1,1,,A,13RlIW?04F1beOVEFLB9bRvH0L0L,0*00\n");
  asio::io_context io;
  NodeClock clock(1.0, kOrigin);
  Delivered got;
  FileReplay replay(io, clock, {.path = file.path(), .format = InputFormat::kNmea, .loop = true},
                    got.handler());
  ASSERT_TRUE(replay.start().ok());
  ASSERT_TRUE(run_until(io, [&] { return replay.status().finished; }));
  EXPECT_NE(replay.status().last_error.find("no observations"), std::string::npos);
}

TEST(FileReplay, DestroyingItWhileWaitingIsSafe) {
  TempFile file(timed_file(3, 3600));
  asio::io_context io;
  NodeClock clock(1.0, kOrigin);
  Delivered got;
  {
    FileReplay replay(io, clock, {.path = file.path(), .speed = 1.0}, got.handler());
    ASSERT_TRUE(replay.start().ok());
    ASSERT_TRUE(run_until(io, [&] { return got.times.size() == 1; }));
  }
  EXPECT_TRUE(run_until_idle(io));
  EXPECT_EQ(got.times.size(), 1u);
}

}  // namespace
}  // namespace lookout::node
