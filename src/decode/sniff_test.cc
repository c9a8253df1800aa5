#include "decode/sniff.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/shared_data.h"

namespace lookout {
namespace {

namespace fs = std::filesystem;

std::string head_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TEST(SniffFormat, RecognisesEachHeaderLedFormat) {
  EXPECT_EQ(sniff_format("# Timestamp,Type of mobile,MMSI,Latitude\r\n01/06/2018 00:00:00,"),
            InputFormat::kDmaCsv);
  EXPECT_EQ(sniff_format(",# Timestamp,Type of mobile,MMSI\n0,17/09/2022"), InputFormat::kDmaCsv);
  EXPECT_EQ(sniff_format(";mmsi;imo_nr;length;date_time_utc;lon;lat\n0;257706000"),
            InputFormat::kKystverketCsv);
  EXPECT_EQ(sniff_format("{\n  \"timestamp\": \"2025-12-11T20:44:50+00:00\",\n  \"vessels\": ["),
            InputFormat::kDigitrafficJson);
  EXPECT_EQ(sniff_format(R"({"type":"FeatureCollection","features":[{"mmsi":230629000)"),
            InputFormat::kDigitrafficJson);
  EXPECT_EQ(sniff_format("{\"sensor\": \"rid-1\", \"time\": \"2025-01-01T00:00:00Z\"}\n{\"sensor\""),
            InputFormat::kDetectionsJsonl);
  // A comment banner before the first record does not hide the format.
  EXPECT_EQ(sniff_format("# SYNTHETIC detections\n#\n{\"time\":\"2025-01-01T00:00:00Z\",\"sensor\":\"rf-1\"}\n"),
            InputFormat::kDetectionsJsonl);
  EXPECT_EQ(sniff_format("# made by a tool\n;mmsi;imo_nr;length;date_time_utc;lon;lat\n0;257706000"),
            InputFormat::kKystverketCsv);
  EXPECT_EQ(sniff_format("# just a comment\n# and another\n"), InputFormat::kUnknown);
}

TEST(SniffFormat, RecognisesNmeaWithTagBlocksStampsAndPreambles) {
  EXPECT_EQ(sniff_format("!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23\n"), InputFormat::kNmea);
  EXPECT_EQ(sniff_format("\\c:1420030798*00\\!ABVDM,1,1,4,B,17P;HV?P008F98Il;EC1mOwL0@KP,0*22"),
            InputFormat::kNmea);
  EXPECT_EQ(sniff_format("\\si:AISD*3F\\\n$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26"),
            InputFormat::kNmea);
  EXPECT_EQ(sniff_format("1550303566167726840 !AIVDM,1,1,,B,10bb7q@P0lPGHlVMhbl0Qgw>2>`<,0*7F"),
            InputFormat::kNmea);
  EXPECT_EQ(sniff_format("2022-09-01 12:00:00.123 !AIVDM,1,1,,B,10bb7q@P0lPG,0*7F"),
            InputFormat::kNmea);
  EXPECT_EQ(sniff_format("# comment\n\nVirtual AIS Receiver Stream\n!AIVDM,1,1,,B,15N0,0*1D\n"),
            InputFormat::kNmea);
}

TEST(SniffFormat, AnythingElseIsUnknown) {
  EXPECT_EQ(sniff_format(""), InputFormat::kUnknown);
  EXPECT_EQ(sniff_format("\n\n   \n"), InputFormat::kUnknown);
  EXPECT_EQ(sniff_format("hello world\nthis is text\n"), InputFormat::kUnknown);
  EXPECT_EQ(sniff_format("{\"class\":\"AIS\",\"type\":1}\n"), InputFormat::kUnknown);
  EXPECT_EQ(sniff_format("1|0|371798000|0|-127|123\n"), InputFormat::kUnknown);
  EXPECT_EQ(sniff_format(std::string_view("\0\x01\x02!", 4)), InputFormat::kUnknown);
  EXPECT_EQ(sniff_format("!\n$\n\\\n"), InputFormat::kUnknown);
}

TEST(SniffFormat, RecognisesSbsBaseStationText) {
  EXPECT_EQ(sniff_format("MSG,3,1,1,4CA2D6,1,2024/12/25,10:31:40.123,2024/12/25,10:31:40.150,,37000,,,51.45735,-1.02826,,,0,0,0,0\r\n"),
            InputFormat::kSbs);
  // A heartbeat and another record kind first.
  EXPECT_EQ(sniff_format("\r\nSTA,,5,179,400AE7,10103,2008/11/28,14:58:51.153,2008/11/28,14:58:51.153,RM\r\n"),
            InputFormat::kSbs);
  EXPECT_EQ(sniff_format(head_of(fs::path(LOOKOUT_SOURCE_DIR) / "tests/golden/sbs/real_trajectories.sbs")), InputFormat::kSbs);
  // Not enough fields, or a type outside 1-8: not SBS.
  EXPECT_EQ(sniff_format("MSG,3,1,1\n"), InputFormat::kUnknown);
  EXPECT_EQ(sniff_format("MSG,9,1,1,4CA2D6,1,2024/12/25,10:31:40.123,2024/12/25,10:31:40.150,,,,,,,,,,,,0\n"),
            InputFormat::kUnknown);
  EXPECT_STREQ(to_string(InputFormat::kSbs), "sbs");
}

TEST(SniffFormat, NamesAreStable) {
  EXPECT_STREQ(to_string(InputFormat::kNmea), "nmea");
  EXPECT_STREQ(to_string(InputFormat::kDmaCsv), "dma_csv");
  EXPECT_STREQ(to_string(InputFormat::kKystverketCsv), "kystverket_csv");
  EXPECT_STREQ(to_string(InputFormat::kDigitrafficJson), "digitraffic_json");
  EXPECT_STREQ(to_string(InputFormat::kDetectionsJsonl), "detections_jsonl");
  EXPECT_STREQ(to_string(InputFormat::kUnknown), "unknown");
}

// What each shared sample should sniff as; files that are not inputs
// (SOURCES.md, licences) are left out.
InputFormat expected_for(const fs::path& path) {
  const std::string name = path.filename().string();
  const std::string parent = path.parent_path().filename().string();
  if (parent == "dma") return InputFormat::kDmaCsv;
  if (parent == "kystverket") return InputFormat::kKystverketCsv;
  if (parent == "digitraffic") return InputFormat::kDigitrafficJson;
  // gpsd's expected-output files: JSON or a '|' table, not NMEA; the libais
  // and gpsd-case JSON files are decoded messages, not inputs.
  if (ends_with(name, ".json") || ends_with(name, ".jsonl") || ends_with(name, ".js.chk") ||
      ends_with(name, ".ju.chk") || ends_with(name, ".aivdm.chk")) {
    return InputFormat::kUnknown;
  }
  return InputFormat::kNmea;
}

TEST(SniffFormat, EverySharedSampleIsRecognised) {
  int checked = 0;
  for (const char* dir : {"ais_nmea", "ais_csv"}) {
    fs::path root = lookout::testing::shared_data(dir);
    LOOKOUT_REQUIRE_SHARED_DATA(root);
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      const std::string name = entry.path().filename().string();
      if (ends_with(name, ".md") || name.rfind("LICENCE", 0) == 0) continue;
      EXPECT_EQ(sniff_format(head_of(entry.path())), expected_for(entry.path()))
          << entry.path() << " sniffed as " << to_string(sniff_format(head_of(entry.path())));
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
}

TEST(SniffFormat, EveryCsvGoldenIsRecognised) {
  fs::path root = fs::path(LOOKOUT_SOURCE_DIR) / "tests/golden/csv";
  EXPECT_EQ(sniff_format(head_of(root / "dma_aisdk_2018-06-01_first_second.csv")),
            InputFormat::kDmaCsv);
  EXPECT_EQ(sniff_format(head_of(root / "dma_aisdk_2022-09-17_first_300_rows.csv")),
            InputFormat::kDmaCsv);
  EXPECT_EQ(sniff_format(head_of(root / "kystverket_vestland_2022-09-01_60_rows_per_vessel.csv")),
            InputFormat::kKystverketCsv);
  EXPECT_EQ(sniff_format(head_of(root / "digitraffic_snapshot_2025-12-12T123124Z_50_vessels.json")),
            InputFormat::kDigitrafficJson);
}

}  // namespace
}  // namespace lookout
