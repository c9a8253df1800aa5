#include "core/status.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lookout {
namespace {

TEST(Status, DefaultIsOkAndCarriesNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.to_string(), "ok");
  static_assert(sizeof(Status) == sizeof(void*), "an ok Status is one null pointer");
}

TEST(Status, ErrorKeepsCodeAndMessageThroughCopies) {
  Status s = Status::io_error("cannot write out.jsonl: No space left on device");
  Status copy = s;
  Status moved = std::move(s);
  EXPECT_FALSE(copy.ok());
  EXPECT_EQ(copy.code(), StatusCode::kIoError);
  EXPECT_EQ(copy.message(), "cannot write out.jsonl: No space left on device");
  EXPECT_EQ(moved.to_string(), "io_error: cannot write out.jsonl: No space left on device");
  copy = Status();
  EXPECT_TRUE(copy.ok());
}

TEST(Status, WithContextPrefixesErrorsAndLeavesOkAlone) {
  EXPECT_TRUE(Status().with_context("reading h.db").ok());
  Status s = Status::corruption("database disk image is malformed").with_context("reading h.db");
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.message(), "reading h.db: database disk image is malformed");
}

TEST(Status, DecoderErrorBecomesStatusWithItsCode) {
  Status io = to_status(make_error(ErrorCode::kIoError), "feed.nmea");
  EXPECT_EQ(io.code(), StatusCode::kIoError);
  EXPECT_EQ(io.message(), "feed.nmea: io_error at byte 0");
  Status bad = to_status(make_error(ErrorCode::kBadValue, 12, "lat"), "");
  EXPECT_EQ(bad.code(), StatusCode::kCorruption);
  EXPECT_EQ(bad.message(), "bad_value in field 'lat' at byte 12");
}

TEST(StatusOr, HoldsValueOrError) {
  StatusOr<std::vector<int>> good = std::vector<int>{1, 2, 3};
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(good.status().ok());
  EXPECT_EQ(good->size(), 3u);
  StatusOr<int> bad = Status::busy("database is locked");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kBusy);
  EXPECT_THROW((void)bad.value(), std::bad_variant_access);
}

TEST(StatusOr, AnOkStatusWithoutValueIsAnError) {
  StatusOr<int> r = Status();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace lookout
