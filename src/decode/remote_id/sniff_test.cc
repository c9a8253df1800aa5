// sniff_format recognises both Remote ID line formats, and leaves the
// neighbouring formats alone.
#include "decode/sniff.h"

#include <gtest/gtest.h>

namespace lookout {
namespace {

constexpr const char* kPack =
    "f0190500004d464731413031323334353637383900000000000050f610005c527ebcba251ba88cb4b60000aa09980839";

TEST(RemoteIdSniff, HexLinesAndJsonLines) {
  EXPECT_EQ(sniff_format(std::string("# receiver log\n2021-05-21T21:52:11.162Z 84:cc:a8:60:43:24 ") + kPack + "\n"),
            InputFormat::kRemoteId);
  EXPECT_EQ(sniff_format(std::string(R"({"time":"2021-05-21T21:52:11Z","transmitter":"84:cc","payload":")") + kPack +
                         "\"}\n"),
            InputFormat::kRemoteId);
  EXPECT_STREQ(to_string(InputFormat::kRemoteId), "remote_id");
  // Detections JSON Lines and time-stamped NMEA stay what they are.
  EXPECT_EQ(sniff_format(R"({"time":"2025-09-22T20:31:02.5Z","sensor":"rf-1","lat":55.6,"lon":12.7})" "\n"),
            InputFormat::kDetectionsJsonl);
  EXPECT_EQ(sniff_format("2022-09-01T12:00:00Z !AIVDM,1,1,,A,13aEOK?P00PD2wVMdLDRhgvL289?,0*26\n"),
            InputFormat::kNmea);
  // A short hex field is not a 25-byte message.
  EXPECT_EQ(sniff_format("2021-05-21T21:52:11Z aa f01900\n"), InputFormat::kUnknown);
}

}  // namespace
}  // namespace lookout
