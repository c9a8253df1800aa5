// Marking: who owns a piece of information and which nations may see it.
//
// Every observation, track, asset and alert carries one. Nations are ISO
// 3166-1 alpha-3 codes in upper case ("FIN"); groups name a fixed set of
// nations ("JEF", "NATO"). Lookout never guesses: an empty owner means
// "unmarked", and unmarked information is releasable to nobody.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lookout {

struct Marking {
  std::string owner;                       ///< ISO 3166-1 alpha-3 of the owning nation, or empty.
  std::vector<std::string> releasable_to;  ///< Nations and groups, e.g. {"JEF"} or {"NATO", "SWE"}.

  friend bool operator==(const Marking&, const Marking&) = default;
};

// True for a current ISO 3166-1 alpha-3 code in upper case ("DNK"; not "dnk",
// not "DK", not "JEF").
bool is_nation_code(std::string_view code);

// True for a known group name ("JEF", "NATO").
bool is_group(std::string_view name);

// The member nations of a group, sorted; an empty span when `group` is not a
// group. The span refers to static storage and stays valid for ever.
//   JEF:  the ten Joint Expeditionary Force nations.
//   NATO: the 32 members (Sweden joined on 7 March 2024).
std::span<const std::string_view> group_members(std::string_view group);

// True when `nation` may see information with this marking: it owns it, it is
// listed in releasable_to, or it belongs to a group listed there. Unknown
// entries in releasable_to grant nothing; an empty owner matches nobody.
bool releasable_to_nation(const Marking& marking, std::string_view nation);

// The entries of releasable_to that grant `nation` sight: the nation itself
// and every group it belongs to ("DNK" -> {"DNK", "JEF", "NATO"}). A store
// filters markings with them (plus owner == nation) without expanding groups.
std::vector<std::string> codes_granting(std::string_view nation);

// Every nation that may see the information (the owner, the nations listed
// and the members of the groups listed), sorted and without duplicates.
std::vector<std::string> expand_releasable_to(const Marking& marking);

// The marking of information derived from two pieces (an alert about data
// of one marking and an asset of another): derive_marking of the two
// (core/derived_marking.h), releasable only to nations that may see both -
// the owner too: it is `data`'s owner only when that nation may see both.
// Groups listed by both stay groups; otherwise the shared nations are listed
// one by one. An empty `other` owner (unmarked) leaves `data` as it is.
Marking restrict_marking(const Marking& data, const Marking& other);

// nullopt when the marking is well formed (owner a nation code, each entry of
// releasable_to a nation code or a group); otherwise one sentence saying what
// is wrong, e.g. "owner 'FIM' is not an ISO 3166-1 alpha-3 code".
std::optional<std::string> marking_problem(const Marking& marking);

}  // namespace lookout
