#include "decode/nmea/tag_block.h"

#include <gtest/gtest.h>

#include <fstream>
#include <simdjson.h>
#include <sstream>
#include <string>
#include <vector>

#include "core/time.h"

namespace lookout::nmea {
namespace {

TEST(NmeaTagBlock, ReadsGroupStationTimeAndChecksum) {
  // libais tagblock.nmea line 1
  auto tb = parse_tag_block("g:1-2-1604,s:rORBCOMM008,c:1418169601,T:2014-12-10 00.00.01*37");
  ASSERT_TRUE(tb.ok()) << tb.error().message();
  EXPECT_TRUE(tb->checksum_ok);
  EXPECT_EQ(tb->source, "rORBCOMM008");
  EXPECT_EQ(tb->unix_ms, int64_t{1418169601000});
  ASSERT_TRUE(tb->group.has_value());
  EXPECT_EQ(tb->group->sentence, 1);
  EXPECT_EQ(tb->group->total, 2);
  EXPECT_EQ(tb->group->id, 1604u);
}

TEST(NmeaTagBlock, ReadsLineCountRelativeTimeTextAndDestination) {
  // real.nmea (USCG via AISHub): n: and s: with a group.
  auto usc = parse_tag_block("g:1-2-27300,n:636994,s:b003669710,c:1428621738*5F");
  ASSERT_TRUE(usc.ok()) << usc.error().message();
  EXPECT_TRUE(usc->checksum_ok);
  EXPECT_EQ(usc->line_count, 636994u);
  EXPECT_EQ(usc->source, "b003669710");
  // aisdb_test_data_20211101.nm4: t: holds the logger's own time as text.
  auto aisdb = parse_tag_block("s:42809,c:1635731889,t:1635731965*6A");
  ASSERT_TRUE(aisdb.ok());
  EXPECT_TRUE(aisdb->checksum_ok);
  EXPECT_EQ(aisdb->text, "1635731965");
  // The standard's other keys (no real sample at hand).
  auto other = parse_tag_block("d:SHORE1,r:12345,t:hello world");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->destination, "SHORE1");
  EXPECT_EQ(other->relative, 12345);
  EXPECT_EQ(other->text, "hello world");
  EXPECT_FALSE(other->checksum_ok);  // no checksum at all
}

TEST(NmeaTagBlock, ReadsThirteenDigitTimeAsMilliseconds) {
  auto tb = parse_tag_block("c:1418169601123");
  ASSERT_TRUE(tb.ok());
  EXPECT_EQ(tb->unix_ms, int64_t{1418169601123});
}

TEST(NmeaTagBlock, AcceptsLowerCaseChecksumHex) {
  // real.nmea (risky, ORBCOMM feed)
  auto tb = parse_tag_block("g:1-2-4874,s:rORBCOMM000,c:1411921225*5a");
  ASSERT_TRUE(tb.ok());
  EXPECT_TRUE(tb->checksum_ok);
}

TEST(NmeaTagBlock, KeepsTheFieldsWhenTheChecksumIsWrong) {
  // risky_nmea-timestamped.txt writes *00 whatever the content (true: 5B).
  auto tb = parse_tag_block("c:1420030798*00");
  ASSERT_TRUE(tb.ok());
  EXPECT_FALSE(tb->checksum_ok);
  EXPECT_EQ(tb->unix_ms, int64_t{1420030798000});
}

TEST(NmeaTagBlock, KeepsTheFieldsWhenTheChecksumIsMalformed) {
  // real.nmea: a one-digit checksum.
  auto tb = parse_tag_block("g:1-2-73874*A");
  ASSERT_TRUE(tb.ok());
  EXPECT_FALSE(tb->checksum_ok);
  EXPECT_EQ(tb->group->id, 73874u);
  EXPECT_FALSE(parse_tag_block("c:1420030798*5B0")->checksum_ok);
  EXPECT_FALSE(parse_tag_block("c:1420030798*")->checksum_ok);
}

TEST(NmeaTagBlock, ReadsTheDraftGroupForm) {
  // real.nmea (dmalib_small_cb_example.txt): "1G2:0125" = sentence 1 of 2, id 125.
  auto tb = parse_tag_block("1G2:0125,c:1354719387*0D");
  ASSERT_TRUE(tb.ok()) << tb.error().message();
  EXPECT_TRUE(tb->checksum_ok);
  ASSERT_TRUE(tb->group.has_value());
  EXPECT_EQ(tb->group->sentence, 1);
  EXPECT_EQ(tb->group->total, 2);
  EXPECT_EQ(tb->group->id, 125u);
}

TEST(NmeaTagBlock, SkipsUnknownAndEmptyKeys) {
  // Danish logs: "si:" on its own line; real.nmea: an empty key, a ':' in a value.
  auto si = parse_tag_block("si:AISD*3F");
  ASSERT_TRUE(si.ok());
  EXPECT_TRUE(si->checksum_ok);
  EXPECT_FALSE(si->unix_ms.has_value());
  EXPECT_TRUE(si->source.empty());
  auto empty_key = parse_tag_block(":,c:1364272372*4E");
  ASSERT_TRUE(empty_key.ok());
  EXPECT_TRUE(empty_key->checksum_ok);
  EXPECT_EQ(empty_key->unix_ms, int64_t{1364272372000});
  auto colon = parse_tag_block("s:b:2,c:1364272372*57");
  ASSERT_TRUE(colon.ok());
  EXPECT_EQ(colon->source, "b:2");
  EXPECT_TRUE(parse_tag_block("").ok());
}

TEST(NmeaTagBlock, RejectsAFieldWithoutKey) {
  auto tb = parse_tag_block("c:1418169601,garbage*00");
  ASSERT_FALSE(tb.ok());
  EXPECT_EQ(tb.error().code, ErrorCode::kBadTagBlock);
  EXPECT_EQ(tb.error().offset, 13u);
  EXPECT_STREQ(tb.error().field, "key");
}

TEST(NmeaTagBlock, RejectsTimesOfNoKnownLength) {
  // real.nmea: an 11-digit c: (year 2363 as seconds, 1970 as milliseconds).
  auto tb = parse_tag_block("g:1-2-73874,n:157036,s:r003669945,c:12415440354*A");
  ASSERT_FALSE(tb.ok());
  EXPECT_EQ(tb.error().code, ErrorCode::kBadTagBlock);
  EXPECT_STREQ(tb.error().field, "c");
  EXPECT_EQ(tb.error().offset, 36u);
  EXPECT_FALSE(parse_tag_block("c:14181696x1").ok());
  EXPECT_FALSE(parse_tag_block("c:").ok());
}

TEST(NmeaTagBlock, RejectsMalformedGroupsAndCounts) {
  EXPECT_STREQ(parse_tag_block("g:1-2").error().field, "g");
  EXPECT_STREQ(parse_tag_block("g:3-2-7").error().field, "g");
  EXPECT_STREQ(parse_tag_block("g:0-2-7").error().field, "g");
  EXPECT_STREQ(parse_tag_block("g:a-2-7").error().field, "g");
  EXPECT_STREQ(parse_tag_block("n:x").error().field, "n");
  EXPECT_STREQ(parse_tag_block("r:-5").error().field, "r");
  EXPECT_STREQ(parse_tag_block("3G2:0125").error().field, "group");
}

// libais' own parse of tagblock.nmea (tests/golden/nmea/tagblock.json): every
// object's station, time, quality and group must come out of the tag block
// of the line(s) it was decoded from.
TEST(NmeaTagBlock, AgreesWithLibaisOnItsTagBlockSamples) {
  const std::string dir = std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/nmea/";
  std::ifstream nmea(dir + "tagblock.nmea");
  ASSERT_TRUE(nmea) << "missing " << dir << "tagblock.nmea";
  std::vector<TagBlock> blocks;
  std::vector<std::string> lines;
  for (std::string line; std::getline(nmea, line);) lines.push_back(line);
  for (const std::string& line : lines) {
    const std::size_t close = line.find('\\', 1);
    ASSERT_NE(close, std::string::npos);
    auto tb = parse_tag_block(std::string_view(line).substr(1, close - 1));
    ASSERT_TRUE(tb.ok()) << line;
    EXPECT_TRUE(tb->checksum_ok) << line;
    blocks.push_back(*tb);
  }

  simdjson::dom::parser parser;
  simdjson::dom::document_stream docs;
  ASSERT_EQ(parser.load_many(dir + "tagblock.json").get(docs), simdjson::SUCCESS);
  int checked = 0;
  for (auto doc : docs) {
    simdjson::dom::element obj;
    ASSERT_EQ(doc.get(obj), simdjson::SUCCESS);
    std::string_view station = obj["tagblock_station"];
    std::string_view stamp = obj["tagblock_timestamp"];
    auto expected_time = parse_timestamp(stamp);
    ASSERT_TRUE(expected_time.ok()) << stamp;
    // A grouped message was decoded from two lines; check both.
    int matched = 0;
    for (const TagBlock& tb : blocks) {
      const bool grouped = obj["tagblock_group"].error() == simdjson::SUCCESS;
      if (grouped != tb.group.has_value()) continue;
      if (grouped) {
        if (tb.group->id != uint64_t(obj["tagblock_group"]["id"])) continue;
        EXPECT_EQ(tb.group->total, uint64_t(obj["tagblock_group"]["groupsize"]));
        if (tb.group->sentence != uint64_t(obj["tagblock_group"]["sentence"])) continue;
      } else if (tb.source != station || tb.unix_ms != to_unix_ms(*expected_time)) {
        continue;
      }
      EXPECT_EQ(tb.source, station);
      EXPECT_EQ(tb.unix_ms, to_unix_ms(*expected_time));
      std::string_view q;
      if (obj["tagblock_q"].get(q) == simdjson::SUCCESS) {
        EXPECT_EQ(tb.quality, q);
      }
      ++matched;
    }
    EXPECT_EQ(matched, 1) << station << " " << stamp;
    ++checked;
  }
  EXPECT_EQ(checked, 4);  // tagblock.json holds 4 messages (one of them in two sentences)
}

}  // namespace
}  // namespace lookout::nmea
