// NmeaDecoder over whole real logs: the golden copies in tests/golden/nmea/
// (see SOURCES.md there) and the full 112k-line corpus of the shared data set
// (../shared/data, tests/shared_data.h).
//
// The expected numbers were computed independently of this code, by a short
// Python census written for this test (regex for the sentence, XOR checksum,
// fields split on ',', fragments paired on talker, sequence id, channel with
// 1/2 read as A/B, and the tag-block group or station). "Units" are the
// single sentences plus the complete multi-sentence messages with a valid
// checksum and well-formed fields: each must end as a message or as a reject
// by the payload decoder (whose strictness is not this layer's business).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "decode/nmea/nmea_decoder.h"
#include "tests/shared_data.h"

namespace lookout::nmea {
namespace {

struct Counts {
  DecodeStats stats;
  std::map<TimeSource, uint64_t> by_time_source;
  uint64_t with_station = 0;
};

// Decodes a file line by line; nullopt when it cannot be read.
std::optional<Counts> decode_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  NmeaDecoder decoder;
  Counts counts;
  auto sink = [&counts](const AisObservation& obs) {
    ++counts.by_time_source[obs.time_source];
    if (!obs.station.empty()) ++counts.with_station;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    decoder.feed(std::string_view(text).substr(pos, end - pos), sink);
    pos = end + 1;
  }
  decoder.finish(sink);
  counts.stats = decoder.stats();
  return counts;
}

uint64_t payload_rejects(const DecodeStats& s) {
  return s.errors(ErrorCode::kEmptyPayload) + s.errors(ErrorCode::kBadArmor) +
         s.errors(ErrorCode::kBadFillBits) + s.errors(ErrorCode::kPayloadTooShort) +
         s.errors(ErrorCode::kPayloadOverflow) + s.errors(ErrorCode::kUnknownMessageType) +
         s.errors(ErrorCode::kBadValue);  // e.g. a type 24 part number of 2 or 3
}

struct Golden {
  const char* file;
  uint64_t lines;
  uint64_t empty;
  uint64_t bad_checksum;
  uint64_t missing_checksum;
  uint64_t units;         // single sentences + complete multi-sentence messages
  uint64_t orphans;       // later fragments whose first never came
  uint64_t incomplete;    // first fragments whose message never completed
  uint64_t with_station;  // units whose tag block names the station
  TimeSource time_source; // of every message, or kNone when mixed or absent
};

// From the census (see the top of this file). The files are copies or
// prefixes of the sources named in tests/golden/nmea/SOURCES.md.
constexpr Golden kGolden[] = {
    {"amsa_mixed.nmea", 1500, 0, 0, 1, 1097, 0, 0, 0, TimeSource::kNone},
    {"dma_gatehouse_si.nmea", 249, 0, 0, 0, 80, 0, 0, 0, TimeSource::kNone},
    {"dma_gatehouse_stream.nmea", 600, 0, 0, 0, 285, 0, 0, 0, TimeSource::kPrefix},
    {"dma_small_cb.nmea", 27, 5, 0, 0, 11, 1, 0, 1, TimeSource::kNone},
    {"exact_earth_augmented.nmea", 800, 0, 0, 0, 482, 0, 0, 0, TimeSource::kNone},
    {"exact_earth_tag_block.nmea", 221, 0, 0, 0, 200, 0, 0, 183, TimeSource::kTagBlock},
    {"goais_ns_prefix.nmea", 500, 0, 0, 0, 451, 2, 4, 0, TimeSource::kPrefix},
    {"gofree_extra_field.nmea", 700, 0, 0, 0, 175, 0, 0, 0, TimeSource::kNone},
    {"kystverket_tag_block.nm4", 500, 0, 0, 0, 442, 0, 0, 0, TimeSource::kTagBlock},
    // Its second $PGHP line had its year edited without a new checksum.
    {"pyais_timestamped.ais", 11, 2, 1, 0, 4, 0, 0, 0, TimeSource::kNone},
    {"tagblock.nmea", 5, 0, 0, 0, 4, 0, 0, 4, TimeSource::kTagBlock},
    {"uscg_metadata.nmea", 26, 0, 0, 0, 26, 0, 0, 0, TimeSource::kTrailer},
};

TEST(NmeaCorpus, DecodesEveryGoldenLogAsTheCensusCountedIt) {
  for (const Golden& g : kGolden) {
    SCOPED_TRACE(g.file);
    auto counts =
        decode_file(std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/nmea/" + g.file);
    ASSERT_TRUE(counts.has_value());
    const DecodeStats& s = counts->stats;
    EXPECT_EQ(s.lines(), g.lines);
    EXPECT_EQ(s.errors(ErrorCode::kEmptyLine), g.empty);
    EXPECT_EQ(s.errors(ErrorCode::kBadChecksum), g.bad_checksum);
    EXPECT_EQ(s.errors(ErrorCode::kMissingChecksum), g.missing_checksum);
    EXPECT_EQ(s.errors(ErrorCode::kBadSentenceField), 0u);
    EXPECT_EQ(s.messages() + payload_rejects(s), g.units);
    EXPECT_EQ(s.errors(ErrorCode::kOrphanFragment), g.orphans);
    EXPECT_EQ(s.errors(ErrorCode::kFragmentTimeout), g.incomplete);
    EXPECT_EQ(s.errors(ErrorCode::kDuplicateFragment), 0u);
    EXPECT_EQ(counts->with_station, g.with_station);
    if (g.time_source != TimeSource::kNone) {
      EXPECT_EQ(counts->by_time_source[g.time_source], s.messages());
    }
  }
}

TEST(NmeaCorpus, TimesTheDanishLogFromItsGatehouseWrappers) {
  // dma_gatehouse_si.nmea: each sentence follows a $PGHP line, except those
  // relayed through another network (\si:MSSIS*77\), which carry a Unix time
  // after the checksum instead.
  auto counts =
      decode_file(std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/nmea/dma_gatehouse_si.nmea");
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->by_time_source[TimeSource::kNone], 0u);
  EXPECT_GT(counts->by_time_source[TimeSource::kPrefix], 0u);
  EXPECT_GT(counts->by_time_source[TimeSource::kTrailer], 0u);
}

// The full corpus (SOURCES.md of ../shared/data/ais_nmea/corpus). Its
// census says: 112,239 valid checksums, 4 bad, 10 malformed; 105,381 single
// and 5,351 fragment sentences, 2,617 complete multi-sentence messages, 9
// orphans, about 107,900 messages. That census skipped the 1,507 GoFree lines
// with an extra field (1,411 singles and 96 fragments, 48 messages): this
// decoder accepts them, so it must find 105,381 + 1,411 = 106,792 singles and
// 2,617 + 48 = 2,665 multi-sentence messages. Of the 112,239 valid
// checksums, one line (`!AAVDM,0,1,,B,...`, fragment count 0) has a
// malformed field.
TEST(NmeaCorpus, DecodesTheFullRealCorpusAsItsCensusSays) {
  const auto path = lookout::testing::shared_data("ais_nmea/corpus/real.nmea");
  LOOKOUT_REQUIRE_SHARED_DATA(path);
  auto counts = decode_file(path.string());
  ASSERT_TRUE(counts.has_value()) << path << " cannot be read";
  const DecodeStats& s = counts->stats;
  EXPECT_EQ(s.lines(), 112253u);
  EXPECT_EQ(s.errors(ErrorCode::kBadChecksum), 4u);
  EXPECT_EQ(s.errors(ErrorCode::kMissingChecksum), 10u);
  EXPECT_EQ(s.errors(ErrorCode::kBadSentenceField), 1u);
  EXPECT_EQ(s.errors(ErrorCode::kOrphanFragment), 9u);
  // First fragments whose message never completed (the census did not count
  // them; its Python pairing, at the top of this file, finds the same 28).
  EXPECT_EQ(s.errors(ErrorCode::kFragmentTimeout), 28u);
  EXPECT_EQ(s.messages() + payload_rejects(s), 106792u + 2665u);
  EXPECT_GE(s.messages(), 107900u);
  EXPECT_EQ(s.warnings(ErrorCode::kTrailingData), 11168u);
}

}  // namespace
}  // namespace lookout::nmea
