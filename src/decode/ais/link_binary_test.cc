// decode_payload on the less common types (6, 7, 8, 10, 13, 15, 16, 17, 20,
// 22, 23, 25, 26): real payloads from gpsd's regression data (values as gpsd
// gives them unless a comment says why not) and the length rules of their
// repeated and optional parts.
#include <type_traits>

#include <gtest/gtest.h>

#include "decode/ais/decoder.h"
#include "decode/ais/payload_builder_for_test.h"

namespace lookout::ais {
namespace {

using testing::PayloadBuilder;

template <typename Body>
Body decode_as(std::string_view payload, unsigned fill_bits, uint8_t type) {
  auto result = decode_payload(payload, fill_bits);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message());
  if (!result.ok() || !std::holds_alternative<Body>(result->body)) {
    ADD_FAILURE() << "not decoded as the expected body";
    return Body{};
  }
  EXPECT_EQ(result->type, type);
  return std::get<Body>(result->body);
}

const char* cut_field(std::string_view payload, unsigned fill_bits) {
  auto result = decode_payload(payload, fill_bits);
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "(decoded)";
  EXPECT_EQ(result.error().code, ErrorCode::kPayloadTooShort);
  return result.error().field;
}

// An overload set written before the less common bodies existed.
int handler_of(const OtherMessage&) { return 0; }
int handler_of(const PositionReportA&) { return 1; }

TEST(AisDecoder, KeepsEveryLessCommonBodyAnOtherMessage) {
  // Consumers written before these bodies existed handle them as OtherMessage.
  static_assert(std::is_base_of_v<OtherMessage, AddressedBinary>);
  static_assert(std::is_base_of_v<OtherMessage, BroadcastBinary>);
  static_assert(std::is_base_of_v<OtherMessage, Acknowledgement>);
  static_assert(std::is_base_of_v<OtherMessage, UtcInquiry>);
  static_assert(std::is_base_of_v<OtherMessage, Interrogation>);
  static_assert(std::is_base_of_v<OtherMessage, AssignmentCommand>);
  static_assert(std::is_base_of_v<OtherMessage, DgnssBroadcast>);
  static_assert(std::is_base_of_v<OtherMessage, DataLinkManagement>);
  static_assert(std::is_base_of_v<OtherMessage, ChannelManagement>);
  static_assert(std::is_base_of_v<OtherMessage, GroupAssignment>);
  static_assert(std::is_base_of_v<OtherMessage, SlotBinary>);
  EXPECT_EQ(handler_of(Acknowledgement{}), 0);
  EXPECT_EQ(handler_of(SlotBinary{}), 0);
  EXPECT_EQ(handler_of(PositionReportA{}), 1);
}

TEST(AisDecoder, DecodesAddressedBinaryWithItsDataAsBits) {
  const auto m = decode_as<AddressedBinary>("6B?n;be:cbapalgc;i6?Ow4", 2, 6);
  EXPECT_EQ(m.seqno, 3);
  EXPECT_EQ(m.dest_mmsi, 313240222u);
  EXPECT_FALSE(m.retransmit);
  EXPECT_EQ(m.dac, 669);
  EXPECT_EQ(m.fid, 11);
  ASSERT_EQ(m.data.bitcount, 48);
  const uint8_t expected[] = {0xeb, 0x2f, 0x11, 0x8f, 0x7f, 0xf1};
  for (std::size_t idx = 0; idx < 6; ++idx) EXPECT_EQ(m.data.bytes[idx], expected[idx]);
}

TEST(AisDecoder, RejectsBinaryMessagesWithoutDacAndFid) {
  PayloadBuilder six;
  six.header(6, 0, 211000001).put(0, 2).put(211000002, 30).put(0, 2);  // 72 bits
  EXPECT_STREQ(cut_field(six.payload(), six.fill_bits()), "dac");
  PayloadBuilder eight;
  eight.header(8, 0, 211000001).put(0, 2).put(1, 10);  // 50 bits
  EXPECT_STREQ(cut_field(eight.payload(), eight.fill_bits()), "fid");
}

TEST(AisDecoder, DecodesAcknowledgementsCountingOnlyWholeEntries) {
  const auto one = decode_as<Acknowledgement>("702R5`hwCjq8", 0, 7);
  EXPECT_EQ(one.mmsi1, 265538450u);
  EXPECT_EQ(one.mmsi2, 0u);
  const auto safety = decode_as<Acknowledgement>("=39UOj0jFs9R", 0, 13);
  EXPECT_EQ(safety.mmsi1, 211217560u);
  // 124 bits: two whole entries, the third MMSI cut after 20 of 30 bits.
  const auto cut = decode_as<Acknowledgement>("7`0Pv1L:Ac8rbgPKHA8`P", 2, 7);
  EXPECT_EQ(cut.mmsi1, 43101326u);
  EXPECT_EQ(cut.mmsi2, 717096664u);
  EXPECT_EQ(cut.mmsi3, 0u);  // gpsd: 76161024, read from zero-filled bits
  EXPECT_STREQ(cut_field("702R5`hwCjq", 0), "mmsi1");
}

TEST(AisDecoder, DecodesUtcInquiry) {
  EXPECT_EQ(decode_as<UtcInquiry>(":5MlU41GMK6@", 0, 10).dest_mmsi, 366832740u);
}

TEST(AisDecoder, DecodesInterrogationRequestsTheLengthHolds) {
  // 112 bits: two requests to the first station, none to a second.
  const auto m = decode_as<Interrogation>("?h3Ovn1GP<K0<P@59a0", 2, 15);
  EXPECT_EQ(m.mmsi1, 367014320u);
  EXPECT_EQ(m.type1_1, 3);
  EXPECT_EQ(m.offset1_1, 516);
  EXPECT_EQ(m.type1_2, 5);
  EXPECT_EQ(m.offset1_2, 617);
  EXPECT_EQ(m.mmsi2, 0u);
}

TEST(AisDecoder, DecodesAssignmentCommandForTwoStations) {
  ErrorCode warning = ErrorCode::kOk;
  auto result = decode_payload("@6STUk004lQ206bCKNOBAb6SJ@5s", 0, &warning);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(warning, ErrorCode::kPayloadTooLong);  // 168 bits, the type has 144
  const auto& m = std::get<AssignmentCommand>(result->body);
  EXPECT_EQ(m.mmsi1, 315920u);
  EXPECT_EQ(m.offset1, 2049);
  EXPECT_EQ(m.increment1, 681);
  EXPECT_EQ(m.mmsi2, 230137673u);
  EXPECT_EQ(m.offset2, 424);
  EXPECT_EQ(m.increment2, 419);
}

TEST(AisDecoder, DecodesDgnssBroadcast) {
  const auto m = decode_as<DgnssBroadcast>("A@4757QAv0agH2Jd1CT`1gui12p=wDP9:P;w<@Hw", 0, 17);
  EXPECT_EQ(m.lon, 83936);
  EXPECT_EQ(m.lat, 21371);
  EXPECT_EQ(m.data.bitcount, 160);
  EXPECT_EQ(m.data.bytes[0], 0x26);
  EXPECT_EQ(m.data.bytes[19], 0x3f);
}

TEST(AisDecoder, DecodesTheSlotReservationsOfDataLinkManagement) {
  const auto m = decode_as<DataLinkManagement>("D030p8@2tN?b<`O6DmQO6D0", 2, 20);  // 136 bits
  EXPECT_EQ(m.count, 3);
  EXPECT_EQ(m.reservations[0].offset, 47);
  EXPECT_EQ(m.reservations[0].number, 1);
  EXPECT_EQ(m.reservations[0].timeout, 7);
  EXPECT_EQ(m.reservations[0].increment, 250);
  EXPECT_EQ(m.reservations[2].offset, 856);
  EXPECT_EQ(m.reservations[2].number, 5);
  EXPECT_EQ(m.reservations[2].increment, 1125);
  EXPECT_EQ(m.reservations[3].offset, 0);
}

TEST(AisDecoder, DecodesChannelManagementForARegionOrTwoStations) {
  const auto region = decode_as<ChannelManagement>("F030ot22N2P6aoQbhe4736L20000", 0, 22);
  EXPECT_FALSE(region.addressed);
  EXPECT_EQ(region.channel_a, 2087);
  EXPECT_EQ(region.channel_b, 2088);
  EXPECT_EQ(region.ne_lon, -44100);
  EXPECT_EQ(region.ne_lat, 27330);
  EXPECT_EQ(region.sw_lon, -48100);
  EXPECT_EQ(region.sw_lat, 25400);
  EXPECT_EQ(region.zonesize, 4);
  const auto stations = decode_as<ChannelManagement>("F@@W>gOP00PH=JrN9l000?wB2HH;", 0, 22);
  EXPECT_TRUE(stations.addressed);
  EXPECT_TRUE(stations.power);
  EXPECT_EQ(stations.dest1, 28144881u);
  EXPECT_EQ(stations.dest2, 268435519u);
  EXPECT_EQ(stations.ne_lon, 0);
}

TEST(AisDecoder, DecodesGroupAssignment) {
  const auto m = decode_as<GroupAssignment>("G02:Kn01R`sn@291nj600000900", 2, 23);
  EXPECT_EQ(m.ne_lon, 1578);
  EXPECT_EQ(m.ne_lat, 30642);
  EXPECT_EQ(m.sw_lon, 1096);
  EXPECT_EQ(m.sw_lat, 30408);
  EXPECT_EQ(m.stationtype, 6);
  EXPECT_EQ(m.interval, 9);
}

TEST(AisDecoder, DecodesSlotBinaryMessagesByTheirFlags) {
  const auto single = decode_as<SlotBinary>("I6SWo?8P00a3PKpEKEVj0?vNP<65", 0, 25);
  EXPECT_TRUE(single.addressed);
  EXPECT_FALSE(single.structured);
  EXPECT_EQ(single.dest_mmsi, 134218384u);
  EXPECT_EQ(single.data.bitcount, 98);
  EXPECT_EQ(single.data.bytes[12], 0x40);  // the last two bits, left-aligned
  const auto multi =
      decode_as<SlotBinary>("JB3R0GO7p>vQL8tjw0b5hqpd0706kh9d3lR2vbl0400", 2, 26);
  EXPECT_TRUE(multi.addressed);
  EXPECT_TRUE(multi.structured);
  EXPECT_EQ(multi.dest_mmsi, 838351848u);
  EXPECT_EQ(multi.app_id, 23587);
  EXPECT_EQ(multi.data.bitcount, 150);
  EXPECT_EQ(multi.radio, 4096u);  // the last 20 bits; gpsd reports 0
}

TEST(AisDecoder, RejectsSlotBinaryTooShortForWhatItsFlagsAnnounce) {
  PayloadBuilder addressed;
  addressed.header(25, 0, 211000001).put(1, 1).put(0, 1).put(0, 20);  // 60 bits
  EXPECT_STREQ(cut_field(addressed.payload(), addressed.fill_bits()), "dest_mmsi");
  PayloadBuilder structured;
  structured.header(25, 0, 211000001).put(0, 1).put(1, 1).put(0, 10);  // 50 bits
  EXPECT_STREQ(cut_field(structured.payload(), structured.fill_bits()), "app_id");
  PayloadBuilder no_radio;
  no_radio.header(26, 0, 211000001).put(0, 1).put(0, 1).put(0, 16);  // 56 bits
  EXPECT_STREQ(cut_field(no_radio.payload(), no_radio.fill_bits()), "radio");
  PayloadBuilder empty_data;
  empty_data.header(26, 0, 211000001).put(0, 2).put(12345, 20);  // 60 bits, no data
  const auto m = decode_as<SlotBinary>(empty_data.payload(), empty_data.fill_bits(), 26);
  EXPECT_EQ(m.data.bitcount, 0);
  EXPECT_EQ(m.radio, 12345u);
}

}  // namespace
}  // namespace lookout::ais
