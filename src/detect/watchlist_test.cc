#include "detect/watchlist.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace lookout::detect {
namespace {

Watchlist parsed(std::string_view text) {
  Watchlist wl;
  std::string error;
  EXPECT_TRUE(wl.parse_csv(text, "list.csv", error)) << error;
  return wl;
}

std::string error_of(std::string_view text) {
  Watchlist wl;
  std::string error;
  EXPECT_FALSE(wl.parse_csv(text, "list.csv", error));
  EXPECT_EQ(wl.size(), 0u) << "nothing is loaded from a file with an error";
  return error;
}

TEST(Watchlist, ParsesQuotedFieldsWithCommasQuotesAndLineBreaks) {
  auto wl = parsed(
      "imo,mmsi,name,reason\r\n"
      "9329760,,EAGLE S,\"Estlink 2 incident, Dec 2024\"\r\n"
      ",518998950,\"SHADOW \"\"ONE\"\"\",\"two\nlines\"\n"
      "\"9224984\",\"414270000\",\"YI PENG 3\",\n");
  ASSERT_EQ(wl.size(), 3u);
  EXPECT_EQ(wl.entries()[0].imo, 9329760u);
  EXPECT_EQ(wl.entries()[0].mmsi, 0u);
  EXPECT_EQ(wl.entries()[0].reason, "Estlink 2 incident, Dec 2024");
  EXPECT_EQ(wl.entries()[1].name, "SHADOW \"ONE\"");
  EXPECT_EQ(wl.entries()[1].reason, "two\nlines");
  EXPECT_EQ(wl.entries()[2].mmsi, 414270000u);
  EXPECT_EQ(wl.entries()[2].reason, "");
}

TEST(Watchlist, AcceptsColumnsInAnyOrderExtraColumnsCommentsAndABom) {
  auto wl = parsed(
      "\xEF\xBB\xBF# provenance: synthetic test list\n"
      "\n"
      "Name,Reason,IMO,MMSI,flag\n"
      "EAGLE S,incident,IMO 9329760,,CK\n"
      "# a comment between rows\n");
  ASSERT_EQ(wl.size(), 1u);
  EXPECT_EQ(wl.entries()[0].imo, 9329760u);
  EXPECT_EQ(wl.entries()[0].name, "EAGLE S");
}

TEST(Watchlist, ErrorsNameTheFileTheLineAndTheField) {
  EXPECT_EQ(error_of("imo,mmsi,name,reason\n9329760,,A,\n9329761,,B,\n"),
            "list.csv:3: field imo: IMO 9329761 fails its check digit");
  EXPECT_EQ(error_of("imo,mmsi,name,reason\n12345,,A,\n"), "list.csv:2: field imo: IMO \"12345\" is not seven digits");
  EXPECT_EQ(error_of("imo,mmsi,name,reason\n,23000000x,A,\n"),
            "list.csv:2: field mmsi: MMSI \"23000000x\" is not a number of up to nine digits");
  EXPECT_EQ(error_of("imo,mmsi,name,reason\n,0,A,\n"), "list.csv:2: field mmsi: MMSI 0 names no vessel");
  EXPECT_EQ(error_of("imo,mmsi,name,reason\n,,  ,nothing\n"),
            "list.csv:2: the row gives no imo, mmsi or name to match on");
  EXPECT_EQ(error_of("imo,mmsi,name,reason\n9329760,,A\n"), "list.csv:2: expected 4 fields, found 3");
  EXPECT_EQ(error_of("imo,mmsi,name,reason\n9329760,,\"A,\n"),
            "list.csv:2: a quoted field that starts here is never closed");
  EXPECT_EQ(error_of("imo,mmsi,vessel,reason\n"), "list.csv:1: the header must name the columns imo,mmsi,name,reason");
  EXPECT_EQ(error_of("# only a comment\n"), "list.csv:2: no header line \"imo,mmsi,name,reason\"");
}

TEST(Watchlist, LoadCsvSaysWhichFileCannotBeRead) {
  Watchlist wl;
  std::string error;
  EXPECT_FALSE(wl.load_csv("/nonexistent/list.csv", error));
  EXPECT_EQ(error, "/nonexistent/list.csv: cannot be read");
}

TEST(Watchlist, MatchesOnImoThenMmsiThenName) {
  auto wl = parsed(
      "imo,mmsi,name,reason\n"
      "9329760,,EAGLE S,by imo\n"
      ",518998950,,by mmsi\n"
      ",,YI PENG 3,by name\n");
  WatchMatch how = WatchMatch::kNone;
  EXPECT_EQ(wl.match(9329760, 518998950, "YI PENG 3", &how)->reason, "by imo");
  EXPECT_EQ(how, WatchMatch::kImo);
  EXPECT_EQ(wl.match(9000003, 518998950, "YI PENG 3", &how)->reason, "by mmsi");
  EXPECT_EQ(how, WatchMatch::kMmsi);
  EXPECT_EQ(wl.match(9000003, 230000001, "Yi-Peng 3", &how)->reason, "by name");
  EXPECT_EQ(how, WatchMatch::kName);
  EXPECT_EQ(wl.match(9000003, 230000001, "YI PENG", &how), nullptr);
  EXPECT_EQ(how, WatchMatch::kNone);
  EXPECT_STREQ(to_string(WatchMatch::kMmsi), "mmsi");
}

TEST(Watchlist, RefusesAnMmsiOrNameMatchWhenTheVesselsImoIsAnotherHull) {
  auto wl = parsed(
      "imo,mmsi,name,reason\n"
      "9329760,518998950,EAGLE S,listed\n");
  EXPECT_EQ(wl.match(0, 518998950, ""), &wl.entries()[0]) << "no IMO to contradict it";
  EXPECT_EQ(wl.match(9224984, 518998950, ""), nullptr) << "the MMSI now belongs to another hull";
  EXPECT_EQ(wl.match(9224984, 0, "EAGLE S"), nullptr) << "another hull of the same name";
}

TEST(Watchlist, ANameSharedByTwoHullsMatchesTheOneTheImoAllows) {
  auto wl = parsed(
      "imo,mmsi,name,reason\n"
      "8517839,,Maria,first\n"
      "9179842,,MARIA,second\n");
  EXPECT_EQ(wl.match(0, 0, "MARIA")->reason, "first");
  EXPECT_EQ(wl.match(9999995, 0, "MARIA"), nullptr);
  EXPECT_TRUE(wl.names_hull(wl.entries()[1], "maria"));
}

TEST(Watchlist, NormalisesCaseSpacingAndPunctuation) {
  EXPECT_EQ(Watchlist::normalise_name("  Jal_Vahini  "), "JAL VAHINI");
  EXPECT_EQ(Watchlist::normalise_name("NS-CHAMPION@@@@"), "NS CHAMPION");
  EXPECT_EQ(Watchlist::normalise_name("..."), "");
  EXPECT_EQ(Watchlist::normalise_name("Волна 2"), "Волна 2");
}

TEST(Watchlist, MatchesTheTwentyCharactersAisCarriesOfALongerName) {
  auto wl = parsed("imo,mmsi,name,reason\n,,KAPITAN PRIVALOV-STRELNIKOV,long\n");
  EXPECT_NE(wl.match(0, 0, "KAPITAN PRIVALOV-STR"), nullptr);
  EXPECT_NE(wl.match(0, 0, "KAPITAN PRIVALOV STRELNIKOV"), nullptr);
}

TEST(Watchlist, TheShippedEuListLoadsWithFormerNames) {
  Watchlist wl;
  std::string error;
  ASSERT_TRUE(wl.load_csv(LOOKOUT_SOURCE_DIR "/data/watchlists/eu_designated_vessels.csv", error)) << error;
  EXPECT_EQ(wl.size(), 603u);
  WatchMatch how;
  const WatchEntry* e = wl.match(0, 0, "MORPHEUS", &how);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->imo, 9247443u);
  EXPECT_EQ(wl.match(9247443, 0, "")->name, "Quartanus");
}

// The real test of the lists: the listed hulls in the Digitraffic snapshot
// of the northern Baltic (data/ais, CC BY 4.0) against the OpenSanctions/UK
// list (tests/scenarios/watchlist_digitraffic, CC BY-NC 4.0, test use). The
// snapshot has MMSI and name but no IMO; an MMSI match is confirmed when the
// vessel's name is one the list gives for that hull.
TEST(Watchlist, MatchesTheListedHullsInTheDigitrafficSnapshot) {
  Watchlist wl;
  std::string error;
  ASSERT_TRUE(wl.load_csv(LOOKOUT_SOURCE_DIR "/tests/scenarios/watchlist_digitraffic/opensanctions_uk_shadowfleet.csv",
                          error))
      << error;
  std::ifstream in(LOOKOUT_SOURCE_DIR "/data/ais/digitraffic_snapshot_2025-12-11T204450Z.json");
  ASSERT_TRUE(in);
  const nlohmann::json snapshot = nlohmann::json::parse(in);
  std::map<WatchMatch, int> by_rule;
  int confirmed = 0;
  std::set<uint32_t> hulls;
  for (const auto& v : snapshot.at("vessels")) {
    const auto mmsi = v.at("mmsi").get<uint32_t>();
    const std::string name = v.value("name", "");
    WatchMatch how = WatchMatch::kNone;
    const WatchEntry* e = wl.match(0, mmsi, name, &how);
    if (e == nullptr) continue;
    ++by_rule[how];
    if (how == WatchMatch::kMmsi && wl.names_hull(*e, name)) {
      ++confirmed;
      hulls.insert(e->imo);
    }
  }
  EXPECT_EQ(snapshot.at("vessels").size(), 9735u);
  EXPECT_EQ(by_rule[WatchMatch::kMmsi], 112) << "as the data's SOURCES.md says";
  EXPECT_EQ(confirmed, 100) << "12 MMSIs are borne by ships of other names: reassigned, or renamed since";
  EXPECT_EQ(hulls.size(), 100u) << "each confirmed vessel a different listed hull";
  EXPECT_EQ(by_rule[WatchMatch::kName], 737) << "names alone: many shared by unrelated vessels";
  EXPECT_EQ(by_rule[WatchMatch::kImo], 0) << "the snapshot carries no IMO numbers";
}

}  // namespace
}  // namespace lookout::detect
