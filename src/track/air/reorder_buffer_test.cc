// ReorderBuffer: plots come out in time order up to the frontier; plots later
// than their source's lag, or older than what was released, are refused.
#include "track/air/reorder_buffer.h"

#include <gtest/gtest.h>

#include <vector>

namespace lookout::air {
namespace {

const Timestamp kT0 = from_unix_ms(1758573000000);

SensorDetection plot(int ms, const char* sensor = "r") {
  SensorDetection d;
  d.time = kT0 + std::chrono::milliseconds(ms);
  d.sensor.assign(sensor);
  return d;
}

std::vector<int> drain(ReorderBuffer& b, Timestamp frontier) {
  std::vector<int> out;
  while (const SensorDetection* d = b.peek(frontier, nullptr)) {
    out.push_back(static_cast<int>((d->time - kT0) / std::chrono::milliseconds(1)));
    b.pop();
  }
  return out;
}

TEST(ReorderBuffer, ReleasesInTimeOrderUpToTheFrontier) {
  ReorderBuffer b;
  Timestamp latest{};
  const auto lag = std::chrono::milliseconds(2000);
  EXPECT_EQ(b.push(plot(1000), 0, latest, lag), ReorderBuffer::Result::kInOrder);
  EXPECT_EQ(b.push(plot(2500), 0, latest, lag), ReorderBuffer::Result::kInOrder);
  EXPECT_EQ(b.push(plot(600), 0, latest, lag), ReorderBuffer::Result::kReordered);
  EXPECT_EQ(b.push(plot(1800), 0, latest, lag), ReorderBuffer::Result::kReordered);
  EXPECT_EQ(drain(b, kT0 + std::chrono::milliseconds(1800)), (std::vector<int>{600, 1000, 1800}));
  EXPECT_EQ(b.size(), 1u);
  EXPECT_EQ(b.released(), kT0 + std::chrono::milliseconds(1800));
}

TEST(ReorderBuffer, RefusesPlotsLaterThanTheLagOrOlderThanReleased) {
  ReorderBuffer b;
  Timestamp latest{};
  const auto lag = std::chrono::milliseconds(1000);
  b.push(plot(5000), 0, latest, lag);
  EXPECT_EQ(b.push(plot(3900), 0, latest, lag), ReorderBuffer::Result::kLate) << "1.1 s behind";
  EXPECT_EQ(b.push(plot(4100), 0, latest, lag), ReorderBuffer::Result::kReordered);
  drain(b, kT0 + std::chrono::milliseconds(4500));
  Timestamp other{};
  EXPECT_EQ(b.released(), kT0 + std::chrono::milliseconds(4100));
  EXPECT_EQ(b.push(plot(4000, "s"), 1, other, lag), ReorderBuffer::Result::kLate)
      << "another source, but older than what was released";
  EXPECT_EQ(b.push(plot(4200, "s"), 1, other, lag), ReorderBuffer::Result::kInOrder);
}

TEST(ReorderBuffer, TiesComeOutSensorBySensorAndIsBounded) {
  ReorderBuffer b(3);
  Timestamp la{}, lb{};
  const auto lag = std::chrono::milliseconds(0);
  b.push(plot(100, "b"), 1, lb, lag);
  b.push(plot(100, "a"), 0, la, lag);
  b.push(plot(100, "b"), 1, lb, lag);
  EXPECT_EQ(b.push(plot(100, "a"), 0, la, lag), ReorderBuffer::Result::kFull);
  uint32_t sensor = 9;
  std::vector<uint32_t> order;
  while (b.peek(Timestamp::max(), &sensor) != nullptr) {
    order.push_back(sensor);
    b.pop();
  }
  EXPECT_EQ(order, (std::vector<uint32_t>{0, 1, 1}));
}

}  // namespace
}  // namespace lookout::air
