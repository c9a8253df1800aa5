// The message layouts are the decoder's specification: these tests check
// that each one tiles its message without gaps or overlaps, so a mistyped
// bit position cannot hide.
#include "decode/ais/layout.h"

#include <gtest/gtest.h>

namespace lookout::ais::detail {
namespace {

struct NamedSpec {
  const char* name;
  const TypeSpec* spec;
};

constexpr NamedSpec kAllSpecs[] = {
    {"position report A", &kPositionReportASpec},  {"base station", &kBaseStationSpec},
    {"SAR aircraft", &kSarAircraftSpec},           {"position report B", &kPositionReportBSpec},
    {"extended report B", &kExtendedReportBSpec},  {"long range", &kLongRangeSpec},
    {"static voyage", &kStaticVoyageSpec},         {"aid to navigation", &kAidToNavigationSpec},
    {"static data", &kStaticDataSpec},             {"addressed safety", &kAddressedSafetySpec},
    {"broadcast safety", &kBroadcastSafetySpec},   {"binary addressed", &kBinaryAddressedSpec},
    {"acknowledge", &kAcknowledgeSpec},            {"binary broadcast", &kBinaryBroadcastSpec},
    {"UTC inquiry", &kUtcInquirySpec},             {"interrogation", &kInterrogationSpec},
    {"assignment", &kAssignmentSpec},              {"DGNSS", &kDgnssSpec},
    {"data link", &kDataLinkSpec},                 {"channel management", &kChannelManagementSpec},
    {"group assignment", &kGroupAssignmentSpec},   {"single slot binary", &kSingleSlotBinarySpec},
    {"multi slot binary", &kMultiSlotBinarySpec},
};

TEST(AisLayout, EveryLayoutTilesItsMessageFromBitZero) {
  for (const NamedSpec& named : kAllSpecs) {
    std::size_t next = 0;
    for (const Field& field : named.spec->layout) {
      EXPECT_EQ(field.start, next) << named.name << ": field " << field.name;
      EXPECT_GT(field.width, 0) << named.name << ": field " << field.name;
      next = field.end();
    }
    EXPECT_GE(next, named.spec->min_bits) << named.name;
  }
}

TEST(AisLayout, EveryMinimumIsAtMostItsMaximum) {
  for (const NamedSpec& named : kAllSpecs) {
    EXPECT_GE(named.spec->min_bits, kMmsi.end()) << named.name;
    EXPECT_LE(named.spec->min_bits, named.spec->max_bits) << named.name;
    EXPECT_LE(named.spec->max_bits, BitReader::kMaxBits) << named.name;
  }
}

const char* cut_name(std::span<const Field> layout, std::size_t bits) {
  const Field* cut = first_cut_field(layout, bits);
  return cut == nullptr ? "(none)" : cut->name;
}

TEST(AisLayout, NamesTheFirstFieldAPayloadCuts) {
  const auto layout = kPositionReportASpec.layout;
  EXPECT_STREQ(cut_name(layout, 0), "type");
  EXPECT_STREQ(cut_name(layout, 37), "mmsi");
  EXPECT_STREQ(cut_name(layout, 38), "status");
  EXPECT_STREQ(cut_name(layout, 167), "radio");
  EXPECT_EQ(first_cut_field(layout, 168), nullptr);
  const Error error = too_short(layout, 100);
  EXPECT_EQ(error.code, ErrorCode::kPayloadTooShort);
  EXPECT_STREQ(error.field, "lat");
  EXPECT_EQ(error.offset, 89u / 6);
}

}  // namespace
}  // namespace lookout::ais::detail
