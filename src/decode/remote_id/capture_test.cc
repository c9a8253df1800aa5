// Golden: every Remote ID message of the shared real captures
// (../shared/data/remote_id/pcap, from opendroneid/wireshark-dissector; see
// its SOURCES.md) decodes to the values the capture documents: the test
// transmitter near Portland (serial MFG1A0123456789, operator GBR-OP-123ABCD,
// position about 45.5457 N, -122.968 E) over Wi-Fi Beacon and NaN, and a
// BLE 5 long-range transmitter (serial SSEVTFG93700070, operator
// FIN87astrdge12kxyz8, "Drone ID demo") that had no GNSS fix, so it sends
// every "unknown" encoding, which must be left out.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/geodesy.h"
#include "decode/remote_id/capture_for_test.h"
#include "decode/remote_id/decoder.h"
#include "decode/remote_id/merger.h"
#include "tests/shared_data.h"

namespace lookout::remote_id {
namespace {

using testing::Captured;
using testing::read_capture;

std::vector<Captured> capture(const char* name) {
  return read_capture(lookout::testing::shared_data(std::string("remote_id/pcap/") + name).string());
}

// The fixed part of the Portland test transmitter, whatever the transport.
void expect_portland(const Message& m) {
  switch (m.type) {
    case MessageType::kBasicId: {
      const auto& b = std::get<BasicId>(m.body);
      EXPECT_EQ(b.uas_id.view(), "MFG1A0123456789");
      EXPECT_EQ(b.id_type, IdType::kNone);
      break;
    }
    case MessageType::kLocation: {
      const auto& l = std::get<Location>(m.body);
      ASSERT_TRUE(l.position);
      // It circles a few hundred metres from the documented 45.5457 N, -122.968 E.
      EXPECT_LT(distance_m(*l.position, LatLon{45.5457, -122.968}), 600);
      EXPECT_DOUBLE_EQ(*l.speed_mps, 20.5);
      ASSERT_TRUE(l.direction_deg);
      EXPECT_LT(*l.direction_deg, 360);
      EXPECT_FALSE(l.vertical_speed_mps);  // sent as 63 m/s, "unknown"
      EXPECT_FALSE(l.pressure_alt_m);
      EXPECT_DOUBLE_EQ(*l.geodetic_alt_m, 237);
      EXPECT_DOUBLE_EQ(*l.height_m, 100);
      EXPECT_FALSE(l.height_above_ground);
      EXPECT_EQ(l.horizontal_accuracy, 9);  // < 30 m
      EXPECT_EQ(l.vertical_accuracy, 3);    // < 25 m
      EXPECT_EQ(l.baro_accuracy, 4);
      EXPECT_EQ(l.speed_accuracy, 1);       // < 10 m/s
      break;
    }
    case MessageType::kSelfId:
      EXPECT_EQ(std::get<SelfId>(m.body).description.view(), "Recreational");
      break;
    case MessageType::kSystem: {
      const auto& s = std::get<System>(m.body);
      ASSERT_TRUE(s.operator_position);
      EXPECT_NEAR(s.operator_position->lat, 45.5443876, 1e-7);
      EXPECT_NEAR(s.operator_position->lon, -122.9726866, 1e-7);
      EXPECT_EQ(s.classification_type, 1);  // EU
      EXPECT_EQ(s.category_eu, 1);          // open
      EXPECT_EQ(s.class_eu, 5);             // class 4
      EXPECT_EQ(s.area_count, 1);
      EXPECT_DOUBLE_EQ(s.area_radius_m, 500);
      EXPECT_FALSE(s.operator_alt_m);
      break;
    }
    case MessageType::kOperatorId:
      EXPECT_EQ(std::get<OperatorId>(m.body).id.view(), "GBR-OP-123ABCD");
      break;
    default:
      ADD_FAILURE() << "unexpected " << to_string(m.type);
  }
}

TEST(RemoteIdCaptures, WifiBeaconPacksDecodeToTheDocumentedValues) {
  LOOKOUT_REQUIRE_SHARED_DATA(lookout::testing::shared_data("remote_id/pcap/odid_wifi_bcn_sample.pcap"));
  const auto frames = capture("odid_wifi_bcn_sample.pcap");
  ASSERT_EQ(frames.size(), 21u);
  for (const auto& f : frames) {
    EXPECT_EQ(f.transmitter, "84:cc:a8:60:43:24");
    auto p = decode_payload(f.payload);
    ASSERT_TRUE(p.ok()) << p.error().message();
    EXPECT_TRUE(p->pack);
    ASSERT_EQ(p->count, 5);
    EXPECT_EQ(p->skipped, 0);
    const MessageType order[] = {MessageType::kBasicId, MessageType::kLocation, MessageType::kSelfId,
                                 MessageType::kSystem, MessageType::kOperatorId};
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(p->messages[i].type, order[i]);
      expect_portland(p->messages[i]);
    }
  }
  // The first frame, to the last digit.
  const auto first = decode_payload(frames[0].payload);
  ASSERT_TRUE(first.ok());
  const auto& l = std::get<Location>(first->messages[1].body);
  EXPECT_NEAR(l.position->lat, 45.5457468, 1e-9);
  EXPECT_NEAR(l.position->lon, -122.9681496, 1e-9);
  EXPECT_DOUBLE_EQ(*l.direction_deg, 92);
}

TEST(RemoteIdCaptures, WifiNanAndBeaconMessagesDecode) {
  LOOKOUT_REQUIRE_SHARED_DATA(lookout::testing::shared_data("remote_id/pcap/odid_wifi_sample.pcap"));
  const auto frames = capture("odid_wifi_sample.pcap");
  ASSERT_EQ(frames.size(), 42u);
  std::multiset<MessageType> types;
  int nan = 0;
  for (const auto& f : frames) {
    nan += f.transport == testing::Transport::kWifiNan;
    auto p = decode_payload(f.payload);
    ASSERT_TRUE(p.ok()) << p.error().message();
    EXPECT_EQ(p->skipped, 0);
    for (int i = 0; i < p->count; ++i) {
      types.insert(p->messages[i].type);
      expect_portland(p->messages[i]);
    }
  }
  EXPECT_EQ(nan, 21);
  EXPECT_EQ(types.count(MessageType::kLocation), 31u);
  EXPECT_EQ(types.count(MessageType::kSystem), 4u);
  EXPECT_EQ(types.count(MessageType::kSelfId), 4u);
  EXPECT_EQ(types.count(MessageType::kOperatorId), 3u);
  EXPECT_EQ(types.count(MessageType::kBasicId), 0u);
}

TEST(RemoteIdCaptures, BleLongRangeUnknownValuesAreLeftOut) {
  LOOKOUT_REQUIRE_SHARED_DATA(lookout::testing::shared_data("remote_id/pcap/odid_bt5_lr_sample.pcapng"));
  const auto frames = capture("odid_bt5_lr_sample.pcapng");
  ASSERT_EQ(frames.size(), 272u);
  int good = 0;
  int rejected = 0;
  int full = 0;
  for (const auto& f : frames) {
    EXPECT_EQ(f.transmitter, "e0:7d:ea:eb:2f:1c");
    auto p = decode_payload(f.payload);
    if (!f.crc_ok) {
      // Damaged on the air: refused with a reason, or decoded if the damage
      // missed the framing; never a crash.
      if (!p.ok()) {
        ++rejected;
        EXPECT_NE(p.error().field, nullptr);
      }
      continue;
    }
    ++good;
    ASSERT_TRUE(p.ok()) << p.error().message();
    EXPECT_EQ(p->skipped, 0);
    full += p->count == 5;
    for (int i = 0; i < p->count; ++i) {
      const Message& m = p->messages[i];
      switch (m.type) {
        case MessageType::kBasicId: {
          const auto& b = std::get<BasicId>(m.body);
          EXPECT_EQ(b.uas_id.view(), "SSEVTFG93700070");
          EXPECT_EQ(b.id_type, IdType::kSerialNumber);
          EXPECT_EQ(b.ua_type, 2);
          break;
        }
        case MessageType::kLocation: {
          const auto& l = std::get<Location>(m.body);
          EXPECT_EQ(l.status, 2);
          EXPECT_FALSE(l.position);            // 0/0
          EXPECT_FALSE(l.direction_deg);       // 361
          EXPECT_FALSE(l.speed_mps);           // 255 m/s
          EXPECT_FALSE(l.vertical_speed_mps);  // 63 m/s
          EXPECT_FALSE(l.geodetic_alt_m);      // -1000 m
          EXPECT_NEAR(*l.pressure_alt_m, -55, 0.5);
          EXPECT_NEAR(*l.height_m, 0, 0.5);
          EXPECT_EQ(l.baro_accuracy, 5);
          break;
        }
        case MessageType::kSelfId:
          EXPECT_EQ(std::get<SelfId>(m.body).description.view(), "Drone ID demo");
          break;
        case MessageType::kSystem: {
          const auto& s = std::get<System>(m.body);
          EXPECT_FALSE(s.operator_position);
          EXPECT_EQ(s.category_eu, 1);
          EXPECT_EQ(s.class_eu, 1);
          break;
        }
        case MessageType::kOperatorId:
          EXPECT_EQ(std::get<OperatorId>(m.body).id.view(), "FIN87astrdge12kxyz8");
          break;
        default:
          ADD_FAILURE() << "unexpected " << to_string(m.type);
      }
    }
  }
  EXPECT_EQ(good, 244);
  EXPECT_EQ(rejected, 2);
  EXPECT_GT(full, 150);
}

TEST(RemoteIdCaptures, MergedPerTransmitterTheBeaconDroneCarriesSerialAndOperator) {
  LOOKOUT_REQUIRE_SHARED_DATA(lookout::testing::shared_data("remote_id/pcap/odid_wifi_sample.pcap"));
  // The NaN capture sends one message a frame and no Basic ID: its reports
  // are keyed by the MAC address, and every Location after the first System
  // carries the operator position.
  TransmitterMerger merger;
  int with_position = 0;
  int with_operator = 0;
  for (const auto& f : capture("odid_wifi_sample.pcap")) {
    auto p = decode_payload(f.payload);
    ASSERT_TRUE(p.ok());
    auto r = merger.add(from_unix_ms(f.time_us / 1000), f.transmitter, "wifi0", *p);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->id.view(), "84:cc:a8:60:43:24");
    EXPECT_EQ(r->source, CooperativeSource::kRemoteId);
    EXPECT_EQ(r->receiver.view(), "wifi0");
    if (r->position) {
      ++with_position;
      EXPECT_DOUBLE_EQ(*r->alt_m, 237);
    }
    if (r->position && r->operator_position) {
      ++with_operator;
      EXPECT_NEAR(r->operator_position->lat, 45.5443876, 1e-7);
      EXPECT_EQ(r->operator_id.view(), "GBR-OP-123ABCD");
    }
  }
  EXPECT_EQ(with_position, 31);
  EXPECT_EQ(with_operator, 17);
  EXPECT_EQ(merger.transmitters(), 1u);

  // The beacon capture has the serial in every pack: the report is keyed by it.
  TransmitterMerger beacon;
  for (const auto& f : capture("odid_wifi_bcn_sample.pcap")) {
    auto r = beacon.add(from_unix_ms(f.time_us / 1000), f.transmitter, "", *decode_payload(f.payload));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->id.view(), "MFG1A0123456789");
    EXPECT_EQ(r->serial.view(), "MFG1A0123456789");
    EXPECT_EQ(r->self_id.view(), "Recreational");
    ASSERT_TRUE(r->position);
    ASSERT_TRUE(r->operator_position);
    EXPECT_DOUBLE_EQ(*r->ground_speed_mps, 20.5);
  }
}

}  // namespace
}  // namespace lookout::remote_id
