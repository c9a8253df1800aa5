#include "core/marking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/derived_marking.h"

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
  // Not the data's owner either: Finland did not release its asset to
  // Denmark (issue #16: the owner used to see every derived alert).
  EXPECT_FALSE(releasable_to_nation(r, "DNK"));
  EXPECT_EQ(r.owner, "FIN");
  EXPECT_EQ(r.releasable_to, (std::vector<std::string>{"NOR", "SWE"}));
  // An unmarked asset adds no restriction.
  EXPECT_EQ(restrict_marking(data, Marking{}), data);
}

TEST(Marking, DerivedFromSeveralPiecesIsReleasableWhereEveryPieceIs) {
  const Marking data{"DNK", {"NATO"}};
  const Marking dnk_cable{"DNK", {}};
  const Marking usa_cable{"USA", {}};
  const Marking nato_cable{"NOR", {"NATO"}};
  auto derive = [](std::initializer_list<const Marking*> pieces) {
    return derive_marking(std::span<const Marking* const>(pieces.begin(), pieces.size()));
  };
  // NATO data about a NATO cable: NATO, owned by the data's owner.
  EXPECT_EQ(derive({&data, &nato_cable}), (Marking{"DNK", {"NATO"}}));
  // Naming a Danish-only cable: Denmark only.
  EXPECT_EQ(derive({&data, &nato_cable, &dnk_cable}), (Marking{"DNK", {}}));
  // Naming a US-only cable: the US only, and the data owner does not see it.
  const Marking usa = derive({&data, &usa_cable});
  EXPECT_EQ(usa, (Marking{"USA", {}}));
  EXPECT_FALSE(releasable_to_nation(usa, "DNK"));
  EXPECT_TRUE(releasable_to_nation(usa, "USA"));
  // Both: nobody, and it stays nobody whatever is added after.
  const Marking none = derive({&data, &dnk_cable, &usa_cable});
  EXPECT_EQ(none, Marking{});
  for (const char* n : {"DNK", "USA", "GBR", ""}) EXPECT_FALSE(releasable_to_nation(none, n)) << n;
  EXPECT_EQ(derive({&data, &dnk_cable, &usa_cable, &nato_cable}), Marking{});
  // Unmarked pieces and nulls add nothing; all unmarked stays unmarked.
  const Marking unmarked;
  EXPECT_EQ(derive({&data, &unmarked, nullptr}), data);
  EXPECT_EQ(derive({&unmarked, &usa_cable}), usa_cable);
  EXPECT_EQ(derive({&unmarked}), Marking{});
  // A group only one side lists by name is written out nation by nation.
  const Marking jef{"FIN", {"JEF"}};
  const Marking r = derive({&data, &jef});
  EXPECT_EQ(r.owner, "DNK");
  EXPECT_EQ(std::count(r.releasable_to.begin(), r.releasable_to.end(), "JEF"), 0);
  EXPECT_EQ(expand_releasable_to(r), (std::vector<std::string>(group_members("JEF").begin(), group_members("JEF").end())));
  // Owner: the first piece's owner that may see it, else the first nation.
  const Marking gbr_only_a{"DNK", {"GBR"}}, gbr_only_b{"USA", {"GBR"}};
  EXPECT_EQ(derive({&gbr_only_a, &gbr_only_b}), (Marking{"GBR", {}}));
}

TEST(Marking, DerivedMarkingMatchesTheStoreFilterForEveryNation) {
  // What a store reads back (owner == nation, or a granting code listed)
  // must agree with releasable_to_nation for derived markings too.
  const Marking pieces[] = {{"DNK", {"NATO"}}, {"FIN", {"JEF", "USA"}}, {"USA", {"GBR", "NOR"}}, {"SWE", {"JEF"}}};
  for (const Marking& a : pieces) {
    for (const Marking& b : pieces) {
      const Marking d = restrict_marking(a, b);
      for (std::string_view n : group_members("NATO")) {
        const auto codes = codes_granting(n);
        bool store = d.owner == n || std::any_of(codes.begin(), codes.end(), [&](const std::string& c) {
                       return std::find(d.releasable_to.begin(), d.releasable_to.end(), c) != d.releasable_to.end();
                     });
        EXPECT_EQ(store, releasable_to_nation(d, n)) << a.owner << "+" << b.owner << " to " << n;
        EXPECT_EQ(releasable_to_nation(d, n), releasable_to_nation(a, n) && releasable_to_nation(b, n))
            << a.owner << "+" << b.owner << " to " << n;
      }
    }
  }
}

TEST(Marking, CoversWhenEveryNationThatSeesThePrimarySeesTheNamed) {
  EXPECT_TRUE(covers(Marking{"NOR", {"NATO"}}, Marking{"DNK", {}}));
  EXPECT_FALSE(covers(Marking{"DNK", {}}, Marking{"NOR", {"NATO"}}));
  EXPECT_FALSE(covers(Marking{"USA", {}}, Marking{"DNK", {}}));
  EXPECT_TRUE(covers(Marking{}, Marking{"DNK", {}}));   // unmarked: no restriction
  EXPECT_FALSE(covers(Marking{"DNK", {}}, Marking{}));  // would restrict an unmarked primary
  EXPECT_TRUE(covers(Marking{"FIN", {"JEF"}}, Marking{"DNK", {"SWE"}}));
}

}  // namespace
}  // namespace lookout
