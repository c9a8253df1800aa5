// Property: encode_payload and decode_payload are inverses.
//
// For every body of message.h, thousands of random messages (fixed seed)
// with every field drawn over its full bit width, plus the boundary values
// (extreme and "not available" positions, widest texts), must decode back
// field for field. Texts use the six-bit alphabet without '@' and without
// trailing spaces, the two things decoding removes on purpose (bit_reader.h).
// Then the real messages of the gpsd corpus must survive decode -> encode ->
// decode, and long messages must survive encode_nmea -> split into
// sentences -> reassembly, by hand and through the NMEA decoder.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "ais_message_compare.h"
#include "ais_random_messages.h"
#include "decode/ais/decoder.h"
#include "decode/ais/encoder.h"
#include "decode/nmea/nmea_decoder.h"

namespace lookout::ais {
namespace {

using namespace testing_support;  // NOLINT: the test helpers of this file

constexpr int kIterations = 4000;

// encode_payload then decode_payload; the decoder must accept without remark.
AssertionResult round_trips(const Message& m) {
  unsigned fill = 0;
  const std::string payload = encode_payload(m, &fill);
  ErrorCode warning = ErrorCode::kOk;
  const auto back = decode_payload(payload, fill, &warning);
  if (!back.ok()) {
    return ::testing::AssertionFailure() << back.error().message() << " for " << payload;
  }
  if (warning != ErrorCode::kOk) return ::testing::AssertionFailure() << to_string(warning);
  return same_message(m, *back) << " (payload " << payload << "," << fill << ")";
}

using Maker = Message (*)(Gen&);

// Runs kIterations random messages of one maker; stops at the first failure.
void check_maker(Maker make, uint64_t seed) {
  Gen g(seed);
  for (int i = 0; i < kIterations; ++i) {
    const Message m = make(g);
    ASSERT_TRUE(round_trips(m)) << "iteration " << i << ", type " << int{m.type};
  }
}

TEST(AisRoundTrip, PositionReportAKeepsEveryField) { check_maker(random_position_a, 1); }
TEST(AisRoundTrip, BaseStationReportKeepsEveryField) { check_maker(random_base_station, 2); }
TEST(AisRoundTrip, StaticVoyageDataKeepsEveryField) { check_maker(random_static_voyage, 3); }
TEST(AisRoundTrip, SarAircraftReportKeepsEveryField) { check_maker(random_sar_aircraft, 4); }
TEST(AisRoundTrip, SafetyMessageKeepsEveryField) { check_maker(random_safety, 5); }
TEST(AisRoundTrip, PositionReportBKeepsEveryField) { check_maker(random_position_b, 6); }
TEST(AisRoundTrip, ExtendedReportBKeepsEveryField) { check_maker(random_extended_b, 7); }
TEST(AisRoundTrip, AidToNavigationKeepsEveryField) { check_maker(random_aid_to_navigation, 8); }
TEST(AisRoundTrip, StaticDataReportKeepsEveryField) { check_maker(random_static_data, 9); }
TEST(AisRoundTrip, LongRangeReportKeepsEveryField) { check_maker(random_long_range, 10); }
TEST(AisRoundTrip, AddressedBinaryKeepsEveryField) { check_maker(random_addressed_binary, 15); }
TEST(AisRoundTrip, BroadcastBinaryKeepsEveryField) { check_maker(random_broadcast_binary, 16); }
TEST(AisRoundTrip, AcknowledgementKeepsEveryField) { check_maker(random_acknowledgement, 17); }
TEST(AisRoundTrip, UtcInquiryKeepsEveryField) { check_maker(random_utc_inquiry, 18); }
TEST(AisRoundTrip, InterrogationKeepsEveryField) { check_maker(random_interrogation, 19); }
TEST(AisRoundTrip, AssignmentCommandKeepsEveryField) { check_maker(random_assignment, 20); }
TEST(AisRoundTrip, DgnssBroadcastKeepsEveryField) { check_maker(random_dgnss, 21); }
TEST(AisRoundTrip, DataLinkManagementKeepsEveryField) { check_maker(random_data_link, 22); }
TEST(AisRoundTrip, ChannelManagementKeepsEveryField) { check_maker(random_channel_management, 23); }
TEST(AisRoundTrip, GroupAssignmentKeepsEveryField) { check_maker(random_group_assignment, 24); }
TEST(AisRoundTrip, SlotBinaryKeepsEveryField) { check_maker(random_slot_binary, 25); }

// A bare OtherMessage of any type is written as its header plus zeros up to
// the type's shortest length: the decoder accepts it, with the header kept.
TEST(AisRoundTrip, OtherMessagesKeepTheirHeader) {
  Gen g(11);
  for (uint8_t type = 1; type <= 27; ++type) {
    const Message m = with_header(g, type, OtherMessage{});
    unsigned fill = 0;
    const auto back = decode_payload(encode_payload(m, &fill), fill);
    ASSERT_TRUE(back.ok()) << "type " << int{type} << ": " << back.error().message();
    EXPECT_EQ(back->type, m.type);
    EXPECT_EQ(back->repeat, m.repeat);
    EXPECT_EQ(back->mmsi, m.mmsi);
  }
}

TEST(AisRoundTrip, KeepsBoundaryValues) {
  Gen g(12);
  for (int32_t lon : {-180 * 600000, 180 * 600000, kLonNotAvailable, -(1 << 27), (1 << 27) - 1}) {
    for (int32_t lat : {-90 * 600000, 90 * 600000, kLatNotAvailable, -(1 << 26), (1 << 26) - 1}) {
      PositionReportA a;  // every other field at its "not available" default
      a.pos = Position{lon, lat};
      Message m = with_header(g, 1, a);
      m.mmsi = (1U << 30) - 1;
      m.repeat = 3;
      EXPECT_TRUE(round_trips(m));
    }
  }
  for (int8_t turn : {int8_t{-128}, int8_t{-127}, int8_t{0}, int8_t{126}, int8_t{127}}) {
    PositionReportA a;
    a.turn = turn;
    a.speed = 1022;
    a.course = 3599;
    a.heading = 359;
    EXPECT_TRUE(round_trips(with_header(g, 3, a)));
  }
  AidToNavigation widest;  // the longest name: 20 characters and a 14-character extension
  widest.name.assign("ABCDEFGHIJKLMNOPQRST0123456789?>=<");
  EXPECT_TRUE(round_trips(with_header(g, 21, widest)));
  SafetyMessage longest;  // 1006 bits, the most a type 14 holds in whole characters
  for (int i = 0; i < 161; ++i) longest.text.push_back(Gen::char_of(1 + i % 63));
  EXPECT_TRUE(round_trips(with_header(g, 14, longest)));
  BaseStationReport none;  // all date parts "not available"
  EXPECT_TRUE(round_trips(with_header(g, 4, none)));
}

std::vector<std::string> fields_of(const std::string& sentence) {
  std::vector<std::string> out(1);
  for (char c : sentence) {
    if (c == ',') {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

// Every real message the decoder accepts must come back from its own
// encoding unchanged: decode(encode(decode(p))) == decode(p).
TEST(AisRoundTrip, RealMessagesSurviveDecodeEncodeDecode) {
  std::ifstream in(std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/ais/gpsd_cases.jsonl");
  ASSERT_TRUE(in);
  int decoded = 0, bit_exact = 0;
  std::string line;
  while (std::getline(in, line)) {
    const auto c = nlohmann::json::parse(line);
    const auto inputs = c["input"].get<std::vector<std::string>>();
    // Type 24 inputs are separate messages; the others one message's fragments.
    std::vector<std::vector<std::string>> messages;
    if (c["payload_type"] == 24) {
      for (const auto& s : inputs) messages.push_back({s});
    } else {
      messages.push_back(inputs);
    }
    for (const auto& sentences : messages) {
      std::string payload;
      unsigned fill = 0;
      for (const auto& s : sentences) {
        const auto f = fields_of(s);
        if (f.size() < 7) continue;
        payload += f[5];
        fill = static_cast<unsigned>(f[6][0] - '0');
      }
      const auto first = decode_payload(payload, fill);
      if (!first.ok()) continue;
      ++decoded;
      unsigned fill2 = 0;
      const std::string again = encode_payload(*first, &fill2);
      if (again == payload && fill2 == fill) ++bit_exact;
      const auto second = decode_payload(again, fill2);
      ASSERT_TRUE(second.ok()) << payload;
      EXPECT_TRUE(same_message(*first, *second)) << "case " << c["id"] << ": " << payload;
    }
  }
  EXPECT_GT(decoded, 2000);
  std::cout << "[ real messages ] " << decoded << " decoded, " << bit_exact
            << " re-encoded bit for bit\n";
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = text.find("\r\n", pos);
    EXPECT_NE(end, std::string::npos) << "every sentence ends in CR LF";
    if (end == std::string::npos) break;
    out.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

// Long messages through encode_nmea, checked sentence by sentence, then
// reassembled by hand and by the NMEA decoder.
TEST(AisRoundTrip, LongMessagesSurviveSplittingIntoSentences) {
  Gen g(13);
  nmea::NmeaDecoder decoder;
  constexpr Maker kLong[] = {random_static_voyage,    random_safety,
                             random_aid_to_navigation, random_extended_b,
                             random_addressed_binary,  random_broadcast_binary,
                             random_slot_binary,       random_dgnss};
  for (int i = 0; i < kIterations; ++i) {
    const Message m = kLong[i % std::size(kLong)](g);
    NmeaOptions options;
    options.channel = g.flag() ? 'A' : 'B';
    options.seq_id = static_cast<int>(g.bits(8) % 10);
    options.max_payload_chars = g.one_in(2) ? 60 : static_cast<unsigned>(19 + g.bits(8) % 42);
    const std::string text = encode_nmea(m, options);
    const auto lines = split_lines(text);
    ASSERT_FALSE(lines.empty());

    std::string payload;
    unsigned fill = 0;
    for (std::size_t n = 0; n < lines.size(); ++n) {
      const std::string& s = lines[n];
      if (options.max_payload_chars == 60) {
        ASSERT_LE(s.size(), 80U) << s;  // NMEA: 82 with CR LF
      }
      const std::size_t star = s.find('*');
      ASSERT_NE(star, std::string::npos);
      ASSERT_EQ(s.substr(star + 1), nmea_checksum(s.substr(1, star - 1))) << s;
      const auto f = fields_of(s.substr(0, star));
      ASSERT_EQ(f.size(), 7U) << s;
      EXPECT_EQ(f[0], "!AIVDM");
      EXPECT_EQ(f[1], std::to_string(lines.size()));
      EXPECT_EQ(f[2], std::to_string(n + 1));
      EXPECT_EQ(f[3], std::to_string(options.seq_id));
      EXPECT_EQ(f[4], std::string(1, options.channel));
      ASSERT_LE(f[5].size(), options.max_payload_chars);
      if (n + 1 < lines.size()) {
        EXPECT_EQ(f[6], "0");
      }
      payload += f[5];
      fill = static_cast<unsigned>(f[6][0] - '0');
    }
    const auto back = decode_payload(payload, fill);
    ASSERT_TRUE(back.ok()) << text;
    ASSERT_TRUE(same_message(m, *back)) << text;

    // The NMEA reassembler holds at most 1008 bits (168 characters), the
    // standard's longest message; only a type 26 of more slots is longer.
    if (payload.size() > 168) continue;
    const AisObservation* obs = nullptr;
    for (const auto& s : lines) obs = decoder.decode(s);
    ASSERT_NE(obs, nullptr) << text;
    EXPECT_EQ(obs->channel, options.channel);
    ASSERT_TRUE(same_message(m, obs->msg)) << text;
  }
}

TEST(AisRoundTrip, TagBlockTimeReachesTheObservation) {
  Gen g(14);
  nmea::NmeaDecoder decoder;
  const Message m = random_static_voyage(g);
  const std::string text = encode_nmea(m, 'B', 3, "s:r003669945,c:1325394060");
  const AisObservation* obs = nullptr;
  for (const auto& s : split_lines(text)) obs = decoder.decode(s);
  ASSERT_NE(obs, nullptr) << text;
  ASSERT_TRUE(obs->time.has_value());
  EXPECT_EQ(to_unix_ms(*obs->time), int64_t{1325394060000});
  EXPECT_EQ(obs->station.view(), "r003669945");
  EXPECT_TRUE(same_message(m, obs->msg));
}

}  // namespace
}  // namespace lookout::ais
