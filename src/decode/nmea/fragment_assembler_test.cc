#include "decode/nmea/fragment_assembler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace lookout::nmea {
namespace {

// dmalib_retry_example.txt: a type 5 in two fragments.
constexpr std::string_view kPart1 = "58IIrt025jfSUKW;;:0l4E9<f18E<tiE@F22220P3iVUO6oS0>4kmE28";
constexpr std::string_view kPart2 = "0DSQH1RAC188880";

Sentence frag(uint8_t count, uint8_t number, int8_t seq, char channel, std::string_view payload,
              uint8_t fill = 0) {
  Sentence s;
  s.talker[0] = 'B';
  s.talker[1] = 'S';
  s.fragment_count = count;
  s.fragment_number = number;
  s.sequence_id = seq;
  s.channel = channel;
  s.payload = payload;
  s.fill_bits = fill;
  return s;
}

// Collects what the assembler drops.
struct Drops {
  std::map<ErrorCode, int> counts;
  auto sink() {
    return [this](const Error& e, std::string_view) { ++counts[e.code]; };
  }
  int operator[](ErrorCode c) const {
    auto it = counts.find(c);
    return it == counts.end() ? 0 : it->second;
  }
};

class FragmentAssemblerTest : public ::testing::Test {
 protected:
  // Adds and returns the payload of a completed message, "" when held, or
  // "error:<code>".
  std::string add(const Sentence& s, uint64_t line, FragmentContext ctx = {}) {
    auto sink = drops_.sink();
    auto r = asm_.add(s, ctx, line, sink);
    if (!r.ok()) return std::string("error:") + to_string(r.error().code);
    if (*r == nullptr) return "";
    last_ = **r;
    return std::string((*r)->payload);
  }
  void expire(uint64_t line, std::optional<Timestamp> now = std::nullopt,
              std::string_view station = {}) {
    auto sink = drops_.sink();
    FragmentContext ctx;
    ctx.time = now;
    ctx.station = station;
    asm_.expire(line, ctx, sink);
  }

  FragmentAssembler asm_;
  Drops drops_;
  AssembledMessage last_;
};

const std::string kWhole = std::string(kPart1) + std::string(kPart2);

TEST_F(FragmentAssemblerTest, JoinsTwoFragmentsInOrder) {
  FragmentContext first;
  first.station = "2190048";
  first.time = from_unix_ms(1384257600042);
  first.time_source = TimeSource::kPrefix;
  EXPECT_EQ(add(frag(2, 1, 3, 'A', kPart1), 1, first), "");
  EXPECT_EQ(asm_.pending(), 1u);
  EXPECT_EQ(add(frag(2, 2, 3, 'A', kPart2, 2), 2), kWhole);
  EXPECT_EQ(last_.fill_bits, 2);
  EXPECT_EQ(last_.fragments, 2);
  EXPECT_EQ(last_.channel, 'A');
  EXPECT_EQ(last_.station, "2190048");
  ASSERT_TRUE(last_.time.has_value());
  EXPECT_EQ(to_unix_ms(*last_.time), 1384257600042);
  EXPECT_EQ(last_.time_source, TimeSource::kPrefix);
  EXPECT_EQ(asm_.pending(), 0u);
}

TEST_F(FragmentAssemblerTest, JoinsThreeFragments) {
  EXPECT_EQ(add(frag(3, 1, 0, 'B', "AAA"), 1), "");
  EXPECT_EQ(add(frag(3, 2, 0, 'B', "BBB"), 2), "");
  EXPECT_EQ(add(frag(3, 3, 0, 'B', "CC", 4), 3), "AAABBBCC");
  EXPECT_EQ(last_.fill_bits, 4);
}

TEST_F(FragmentAssemblerTest, KeepsInterleavedChannelsApart) {
  EXPECT_EQ(add(frag(2, 1, 5, 'A', "A1"), 1), "");
  EXPECT_EQ(add(frag(2, 1, 5, 'B', "B1"), 2), "");
  EXPECT_EQ(add(frag(2, 2, 5, 'B', "B2"), 3), "B1B2");
  EXPECT_EQ(add(frag(2, 2, 5, 'A', "A2"), 4), "A1A2");
  EXPECT_EQ(drops_.counts.size(), 0u);
}

TEST_F(FragmentAssemblerTest, KeepsInterleavedStationsApart) {
  FragmentContext s1, s2;
  s1.station = "rEV02";
  s2.station = "rORBCOMM008";
  EXPECT_EQ(add(frag(2, 1, 1, 'A', "X1"), 1, s1), "");
  EXPECT_EQ(add(frag(2, 1, 1, 'A', "Y1"), 2, s2), "");
  EXPECT_EQ(add(frag(2, 2, 1, 'A', "X2"), 3, s1), "X1X2");
  EXPECT_EQ(last_.station, "rEV02");
  EXPECT_EQ(add(frag(2, 2, 1, 'A', "Y2"), 4, s2), "Y1Y2");
  EXPECT_EQ(last_.station, "rORBCOMM008");
}

TEST_F(FragmentAssemblerTest, KeepsTalkersAndVdoApart) {
  Sentence ab1 = frag(2, 1, 2, 'A', "AB1");
  ab1.talker[0] = 'A';
  ab1.talker[1] = 'B';
  Sentence ab2 = frag(2, 2, 2, 'A', "AB2");
  ab2.talker[0] = 'A';
  ab2.talker[1] = 'B';
  Sentence vdo1 = frag(2, 1, 2, 'A', "O1");
  vdo1.own_vessel = true;
  Sentence vdo2 = frag(2, 2, 2, 'A', "O2");
  vdo2.own_vessel = true;
  EXPECT_EQ(add(frag(2, 1, 2, 'A', "BS1"), 1), "");
  EXPECT_EQ(add(ab1, 2), "");
  EXPECT_EQ(add(vdo1, 3), "");
  EXPECT_EQ(add(ab2, 4), "AB1AB2");
  EXPECT_EQ(add(vdo2, 5), "O1O2");
  EXPECT_TRUE(last_.own_vessel);
  EXPECT_EQ(add(frag(2, 2, 2, 'A', "BS2"), 6), "BS1BS2");
}

TEST_F(FragmentAssemblerTest, JoinsByGroupWhenOnlyTheFirstFragmentNamesTheStation) {
  // risky_exact-earth-with-tag-block.txt: \g:1-2-3985,s:rEV02,c:...\ then \g:2-2-3985*5A\.
  FragmentContext first, second;
  first.station = "rEV02";
  first.group_id = 3985;
  first.time = from_unix_ms(1334337317000);
  first.time_source = TimeSource::kTagBlock;
  second.group_id = 3985;
  EXPECT_EQ(add(frag(2, 1, 9, 'B', "P1"), 1, first), "");
  EXPECT_EQ(add(frag(2, 2, 9, 'B', "P2", 2), 2, second), "P1P2");
  EXPECT_EQ(last_.station, "rEV02");
  EXPECT_EQ(last_.time_source, TimeSource::kTagBlock);
}

TEST_F(FragmentAssemblerTest, PairsEmptySequenceIdsWhenConsecutive) {
  EXPECT_EQ(add(frag(2, 1, -1, 'A', "E1"), 1), "");
  EXPECT_EQ(add(frag(2, 2, -1, 'A', "E2"), 2), "E1E2");
}

TEST_F(FragmentAssemblerTest, JoinsFragmentsThatArriveOutOfOrder) {
  EXPECT_EQ(add(frag(2, 2, 4, 'A', kPart2, 2), 1), "");
  EXPECT_EQ(add(frag(2, 1, 4, 'A', kPart1), 2), kWhole);
  EXPECT_EQ(last_.fill_bits, 2);
  EXPECT_EQ(drops_.counts.size(), 0u);
}

TEST_F(FragmentAssemblerTest, TakesTheTimeOfFragmentOneEvenWhenItCameSecond) {
  FragmentContext early, late;
  late.time = from_unix_ms(2000);
  late.time_source = TimeSource::kTrailer;
  early.time = from_unix_ms(1000);
  early.time_source = TimeSource::kTagBlock;
  EXPECT_EQ(add(frag(2, 2, 4, 'A', "b"), 1, late), "");
  EXPECT_EQ(add(frag(2, 1, 4, 'A', "a"), 2, early), "ab");
  EXPECT_EQ(to_unix_ms(*last_.time), 1000);
  EXPECT_EQ(last_.time_source, TimeSource::kTagBlock);
}

TEST_F(FragmentAssemblerTest, CallsALaterFragmentWithoutSequenceIdAnOrphanAtOnce) {
  EXPECT_EQ(add(frag(2, 2, -1, 'A', "E2"), 1), "error:orphan_fragment");
  EXPECT_EQ(asm_.pending(), 0u);
}

TEST_F(FragmentAssemblerTest, CountsAnUnansweredLaterFragmentAsOrphanAfterTheReorderWindow) {
  EXPECT_EQ(add(frag(3, 2, 6, 'A', "x"), 1), "");
  EXPECT_EQ(add(frag(3, 3, 6, 'A', "y"), 2), "");
  expire(9);  // reorder window 8: line 9 is still within it
  EXPECT_EQ(asm_.pending(), 1u);
  expire(10);
  EXPECT_EQ(asm_.pending(), 0u);
  EXPECT_EQ(drops_[ErrorCode::kOrphanFragment], 2);  // one per fragment held
  EXPECT_EQ(drops_[ErrorCode::kFragmentTimeout], 0);
}

TEST_F(FragmentAssemblerTest, RejectsADuplicateFragment) {
  EXPECT_EQ(add(frag(2, 1, 3, 'A', kPart1), 1), "");
  EXPECT_EQ(add(frag(2, 1, 3, 'A', kPart1), 2), "error:duplicate_fragment");
  EXPECT_EQ(add(frag(3, 2, 7, 'B', "q"), 3), "");
  EXPECT_EQ(add(frag(3, 2, 7, 'B', "q"), 4), "error:duplicate_fragment");
  EXPECT_EQ(add(frag(2, 2, 3, 'A', kPart2, 2), 5), kWhole);
}

TEST_F(FragmentAssemblerTest, DropsThePendingMessageWhenANewFirstFragmentTakesItsKey) {
  EXPECT_EQ(add(frag(2, 1, 3, 'A', "OLD"), 1), "");
  EXPECT_EQ(add(frag(2, 1, 3, 'A', "NEW"), 2), "");
  EXPECT_EQ(drops_[ErrorCode::kFragmentTimeout], 1);
  EXPECT_EQ(add(frag(2, 2, 3, 'A', "2"), 3), "NEW2");
  // A different fragment count also means a new message.
  EXPECT_EQ(add(frag(2, 1, 3, 'A', "TWO"), 4), "");
  EXPECT_EQ(add(frag(3, 1, 3, 'A', "THREE"), 5), "");
  EXPECT_EQ(drops_[ErrorCode::kFragmentTimeout], 2);
  // ... but a later fragment of another count does not belong to it.
  EXPECT_EQ(add(frag(2, 2, 3, 'A', "x"), 6), "error:orphan_fragment");
  EXPECT_EQ(asm_.pending(), 1u);
}

TEST_F(FragmentAssemblerTest, TimesOutAfterTheLineLimit) {
  EXPECT_EQ(add(frag(2, 1, 3, 'A', "a"), 1), "");
  expire(101);  // 100 lines later: still waiting
  EXPECT_EQ(asm_.pending(), 1u);
  EXPECT_EQ(add(frag(2, 2, 3, 'A', "b"), 101), "ab");
  EXPECT_EQ(add(frag(2, 1, 4, 'A', "a"), 200), "");
  expire(301);
  EXPECT_EQ(asm_.pending(), 0u);
  EXPECT_EQ(drops_[ErrorCode::kFragmentTimeout], 1);
  EXPECT_EQ(add(frag(2, 2, 4, 'A', "b"), 301), "");  // now held as a late orphan
}

TEST_F(FragmentAssemblerTest, TimesOutAfterTheEventTimeLimit) {
  FragmentContext ctx;
  ctx.time = from_unix_ms(1'000'000);
  EXPECT_EQ(add(frag(2, 1, 3, 'A', "a"), 1, ctx), "");
  expire(2, from_unix_ms(1'010'000));  // exactly 10 s: still waiting
  EXPECT_EQ(asm_.pending(), 1u);
  expire(3, std::nullopt);             // a line without time changes nothing
  EXPECT_EQ(asm_.pending(), 1u);
  expire(4, from_unix_ms(1'010'001));
  EXPECT_EQ(asm_.pending(), 0u);
  EXPECT_EQ(drops_[ErrorCode::kFragmentTimeout], 1);
}

TEST_F(FragmentAssemblerTest, ComparesEventTimesOfTheSameStationOnly) {
  // libais tagblock.nmea: an ORBCOMM line 41 minutes "later" from another
  // satellite sits between the two halves of a message.
  FragmentContext ctx;
  ctx.station = "rORBCOMM008";
  ctx.time = from_unix_ms(1418169601000);
  EXPECT_EQ(add(frag(2, 1, 6, 'A', "a"), 1, ctx), "");
  expire(2, from_unix_ms(1418172113000), "rORBCOMM104");
  EXPECT_EQ(asm_.pending(), 1u);
  expire(3, from_unix_ms(1418172113000), "rORBCOMM008");
  EXPECT_EQ(asm_.pending(), 0u);
}

TEST_F(FragmentAssemblerTest, FlushCountsEverythingPending) {
  EXPECT_EQ(add(frag(2, 1, 1, 'A', "a"), 1), "");
  EXPECT_EQ(add(frag(2, 1, 2, 'A', "a"), 2), "");
  EXPECT_EQ(add(frag(2, 2, 3, 'A', "b"), 3), "");
  auto sink = drops_.sink();
  asm_.flush(sink);
  EXPECT_EQ(asm_.pending(), 0u);
  EXPECT_EQ(drops_[ErrorCode::kFragmentTimeout], 2);
  EXPECT_EQ(drops_[ErrorCode::kOrphanFragment], 1);
}

TEST_F(FragmentAssemblerTest, RejectsAMessageLongerThan1008Bits) {
  const std::string half(84, '0');
  EXPECT_EQ(add(frag(3, 1, 1, 'A', half), 1), "");
  EXPECT_EQ(add(frag(3, 2, 1, 'A', half), 2), "");
  EXPECT_EQ(add(frag(3, 3, 1, 'A', "0"), 3), "error:payload_overflow");
  EXPECT_EQ(asm_.pending(), 0u);
  EXPECT_EQ(add(frag(1, 1, -1, 'A', std::string(169, '0')), 4), "error:payload_overflow");
}

TEST_F(FragmentAssemblerTest, PassesASingleSentenceThrough) {
  FragmentContext ctx;
  ctx.station = "s";
  EXPECT_EQ(add(frag(1, 1, -1, 'B', "15N0sn001>JwKINHsEk`pWA205qt"), 1, ctx),
            "15N0sn001>JwKINHsEk`pWA205qt");
  EXPECT_EQ(last_.station, "s");
  EXPECT_EQ(asm_.pending(), 0u);
}

TEST(FragmentAssembler, DropsTheOldestWhenFull) {
  FragmentAssembler::Params p;
  p.max_pending = 2;
  FragmentAssembler a(p);
  Drops drops;
  auto sink = drops.sink();
  ASSERT_TRUE(a.add(frag(2, 1, 1, 'A', "one"), {}, 1, sink).ok());
  ASSERT_TRUE(a.add(frag(2, 1, 2, 'A', "two"), {}, 2, sink).ok());
  ASSERT_TRUE(a.add(frag(2, 1, 3, 'A', "three"), {}, 3, sink).ok());
  EXPECT_EQ(a.pending(), 2u);
  EXPECT_EQ(drops[ErrorCode::kFragmentOverflow], 1);
  // The oldest (sequence 1) is gone; 2 and 3 still complete.
  auto r1 = a.add(frag(2, 2, 1, 'A', "x"), {}, 4, sink);
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(*r1, nullptr);  // held as an orphan candidate, evicting another
  auto r3 = a.add(frag(2, 2, 3, 'A', "x"), {}, 5, sink);
  ASSERT_TRUE(r3.ok());
  ASSERT_NE(*r3, nullptr);
  EXPECT_EQ((*r3)->payload, "threex");
}

TEST(FragmentAssembler, StaysConsistentUnderManyInterleavedMessages) {
  // 1000 messages of 2..4 fragments under 1000 distinct keys, fragments
  // shuffled within each message's window: every one must come out whole
  // (exercises the hash table's deletion and the reorder path).
  FragmentAssembler::Params p;
  p.max_pending = 1024;
  p.reorder_lines = 100000;
  p.timeout_lines = 100000;
  FragmentAssembler a(p);
  Drops drops;
  auto sink = drops.sink();
  std::mt19937 rng(42);
  struct Piece {
    Sentence s;
    std::string station;
    std::string payload;
  };
  std::vector<Piece> pieces;
  std::map<std::string, std::string> expected;  // station -> payload
  for (int m = 0; m < 1000; ++m) {
    const auto count = static_cast<uint8_t>(2 + m % 3);
    std::string station = "st" + std::to_string(m);
    std::string whole;
    for (uint8_t n = 1; n <= count; ++n) {
      std::string chunk = std::to_string(m) + "-" + std::to_string(n) + ";";
      whole += chunk;
      pieces.push_back({frag(count, n, static_cast<int8_t>(m % 10), 'A', ""), station, chunk});
    }
    expected[station] = whole;
  }
  std::shuffle(pieces.begin(), pieces.end(), rng);
  std::map<std::string, std::string> got;
  uint64_t line = 0;
  for (Piece& piece : pieces) {
    piece.s.payload = piece.payload;
    FragmentContext ctx;
    ctx.station = piece.station;
    auto r = a.add(piece.s, ctx, ++line, sink);
    ASSERT_TRUE(r.ok()) << r.error().message();
    if (*r != nullptr) got[std::string((*r)->station)] = std::string((*r)->payload);
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(a.pending(), 0u);
  EXPECT_TRUE(drops.counts.empty());
}

}  // namespace
}  // namespace lookout::nmea
