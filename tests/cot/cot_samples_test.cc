// Golden test: every CoT sample in the shared data (events that ATAK-CIV
// and WinTAK clients sent in a 2020 exercise, kept by FreeTAKServer; see
// ../shared/data/cot/SOURCES.md) reads back through our parser, and what it
// reads agrees with the sample's own text (its type is its folder's name,
// its uid and callsign are as written, and the writer gives back the same
// fields).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "decode/cot/parser.h"
#include "decode/cot/writer.h"
#include "tests/shared_data.h"

namespace lookout::cot {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The value of the first `name='...'` (or "...") after `after` in `xml`, raw.
std::string raw_attribute(const std::string& xml, std::string_view after, std::string_view name) {
  std::size_t at = xml.find(after);
  if (at == std::string::npos) return "?";
  at = xml.find(" " + std::string(name) + "=", at);
  if (at == std::string::npos) return "?";
  at += name.size() + 2;
  const char quote = xml[at];
  return xml.substr(at + 1, xml.find(quote, at + 1) - at - 1);
}

TEST(CotSamples, EveryFreeTakServerSampleReadsBack) {
  const fs::path root = testing::shared_data("cot/freetakserver_examples");
  LOOKOUT_REQUIRE_SHARED_DATA(root);
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".xml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 133u) << "SOURCES.md lists 133 samples";
  std::size_t with_callsign = 0, with_track = 0, with_links = 0, with_remarks = 0;
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    const std::string xml = read_file(f);
    auto r = parse_event(xml);
    ASSERT_TRUE(r.ok()) << r.error().message();
    EXPECT_EQ(r->type, f.parent_path().filename().string());
    EXPECT_EQ(r->uid, raw_attribute(xml, "<event", "uid"));
    EXPECT_LE(r->start, r->stale);
    EXPECT_FALSE(r->how.empty());
    if (!r->callsign.empty()) ++with_callsign;
    if (r->speed_mps) ++with_track;
    if (!r->links.empty()) ++with_links;
    if (r->remarks) ++with_remarks;
    // What we read, written by us and read again, is the same event.
    std::string ours;
    write_event(*r, ours);
    auto again = parse_event(ours);
    ASSERT_TRUE(again.ok()) << again.error().message() << "\n" << ours;
    EXPECT_EQ(again->uid, r->uid);
    EXPECT_EQ(again->type, r->type);
    EXPECT_EQ(again->time, r->time);
    EXPECT_EQ(again->stale, r->stale);
    EXPECT_NEAR(again->point.lat, r->point.lat, 1e-7);
    EXPECT_NEAR(again->point.lon, r->point.lon, 1e-7);
    EXPECT_EQ(again->callsign, r->callsign);
    EXPECT_EQ(again->remarks, r->remarks);
    EXPECT_EQ(again->links.size(), r->links.size());
  }
  // The samples' detail as SOURCES.md describes it (contact on 132 of 133,
  // the GeoChat has none; track on the 30 position reports; p-p links).
  EXPECT_EQ(with_callsign, 132u);
  EXPECT_EQ(with_track, 30u);
  EXPECT_EQ(with_links, 103u);
  EXPECT_EQ(with_remarks, 7u);
}

TEST(CotSamples, AnEscapedCallsignIsDecoded) {
  const fs::path f = testing::shared_data("cot/freetakserver_examples/a-h-G/a-h-G-1581185498005.xml");
  LOOKOUT_REQUIRE_SHARED_DATA(f);
  auto r = parse_event(read_file(f));
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->callsign, "Command & Control Team");
  EXPECT_EQ(r->links.at(0).relation, "p-p");
  EXPECT_EQ(r->links.at(0).uid, "aa0b0312-b5cd-4c2c-bbbc-9c4c70216261");
}

}  // namespace
}  // namespace lookout::cot
