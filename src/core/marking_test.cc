#include "core/marking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace lookout {
namespace {

TEST(Marking, OwnerAlwaysSeesItsOwnInformation) {
  EXPECT_TRUE(releasable_to_nation(Marking{"FIN", {}}, "FIN"));
  EXPECT_FALSE(releasable_to_nation(Marking{"FIN", {}}, "SWE"));
}

TEST(Marking, JefExpandsToItsTenNations) {
  const Marking m{"FIN", {"JEF"}};
  for (const char* n : {"GBR", "DNK", "EST", "FIN", "ISL", "LVA", "LTU", "NLD", "NOR", "SWE"}) {
    EXPECT_TRUE(releasable_to_nation(m, n)) << n;
  }
  EXPECT_FALSE(releasable_to_nation(m, "USA"));
  EXPECT_FALSE(releasable_to_nation(m, "DEU"));
  EXPECT_EQ(group_members("JEF").size(), 10u);
}

TEST(Marking, NatoHasThirtyTwoMembersIncludingSwedenAndFinland) {
  const Marking m{"DEU", {"NATO"}};
  EXPECT_EQ(group_members("NATO").size(), 32u);
  for (const char* n : {"USA", "CAN", "TUR", "SWE", "FIN", "POL", "MKD", "MNE"}) {
    EXPECT_TRUE(releasable_to_nation(m, n)) << n;
  }
  EXPECT_FALSE(releasable_to_nation(m, "IRL"));
  EXPECT_FALSE(releasable_to_nation(m, "RUS"));
  // Every JEF nation is a NATO member.
  for (std::string_view n : group_members("JEF")) EXPECT_TRUE(releasable_to_nation(m, n)) << n;
}

TEST(Marking, ListedNationsAndGroupsCombine) {
  const Marking m{"EST", {"LVA", "JEF"}};
  EXPECT_TRUE(releasable_to_nation(m, "LVA"));
  EXPECT_TRUE(releasable_to_nation(m, "NOR"));
  EXPECT_FALSE(releasable_to_nation(m, "FRA"));
}

TEST(Marking, UnmarkedAndUnknownEntriesGrantNothing) {
  EXPECT_FALSE(releasable_to_nation(Marking{}, "FIN"));
  EXPECT_FALSE(releasable_to_nation(Marking{}, ""));
  EXPECT_FALSE(releasable_to_nation(Marking{"FIN", {"NORDIC"}}, "SWE"));
  EXPECT_FALSE(releasable_to_nation(Marking{"FIN", {"JEF"}}, "fin"));  // codes are upper case
}

TEST(Marking, ExpandsToSortedUniqueNations) {
  const std::vector<std::string> nations = expand_releasable_to(Marking{"USA", {"JEF", "NOR", "BOGUS"}});
  EXPECT_EQ(nations.size(), 11u);  // ten JEF nations and the owner
  EXPECT_TRUE(std::is_sorted(nations.begin(), nations.end()));
  EXPECT_EQ(std::adjacent_find(nations.begin(), nations.end()), nations.end());
  EXPECT_NE(std::find(nations.begin(), nations.end(), "USA"), nations.end());
  EXPECT_EQ(std::find(nations.begin(), nations.end(), "BOGUS"), nations.end());
  EXPECT_TRUE(expand_releasable_to(Marking{}).empty());
}

TEST(Marking, RecognisesNationCodesAndGroups) {
  EXPECT_TRUE(is_nation_code("FIN"));
  EXPECT_TRUE(is_nation_code("ALA"));  // Aland Islands has its own code
  EXPECT_FALSE(is_nation_code("FIM"));
  EXPECT_FALSE(is_nation_code("fin"));
  EXPECT_FALSE(is_nation_code("FI"));
  EXPECT_FALSE(is_nation_code("JEF"));
  EXPECT_TRUE(is_group("JEF"));
  EXPECT_TRUE(is_group("NATO"));
  EXPECT_FALSE(is_group("EU"));
  EXPECT_TRUE(group_members("nato").empty());
}

TEST(Marking, ExplainsWhatIsWrongWithAMarking) {
  EXPECT_FALSE(marking_problem(Marking{"FIN", {"JEF", "USA"}}).has_value());
  EXPECT_EQ(marking_problem(Marking{}), "owner is empty");
  EXPECT_EQ(marking_problem(Marking{"FIM", {}}), "owner 'FIM' is not an ISO 3166-1 alpha-3 code");
  EXPECT_EQ(
      marking_problem(Marking{"FIN", {"jef"}}),
      "releasable_to entry 'jef' is neither an ISO 3166-1 alpha-3 code nor a known group (JEF, NATO)");
}

TEST(Marking, RestrictKeepsOnlyNationsThatMaySeeBoth) {
  Marking data{"DNK", {"JEF"}};
  Marking asset{"FIN", {"NATO"}};
  // Every JEF nation is in NATO: the JEF group survives whole.
  Marking both = restrict_marking(data, asset);
  EXPECT_EQ(both.owner, "DNK");
  EXPECT_TRUE(releasable_to_nation(both, "GBR"));
  EXPECT_FALSE(releasable_to_nation(both, "USA"));

  Marking narrow{"FIN", {"SWE", "NOR", "USA"}};
  Marking r = restrict_marking(data, narrow);
  EXPECT_TRUE(releasable_to_nation(r, "SWE"));
  EXPECT_TRUE(releasable_to_nation(r, "NOR"));
  EXPECT_FALSE(releasable_to_nation(r, "USA"));  // not in JEF
  EXPECT_FALSE(releasable_to_nation(r, "GBR"));  // not released by the asset's owner
  EXPECT_TRUE(releasable_to_nation(r, "DNK"));   // the owner
  // An unmarked asset adds no restriction.
  EXPECT_EQ(restrict_marking(data, Marking{}), data);
}

}  // namespace
}  // namespace lookout
