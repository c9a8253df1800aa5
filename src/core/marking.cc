#include "core/marking.h"

#include <algorithm>
#include <array>
#include <iterator>

#include "core/derived_marking.h"

namespace lookout {

namespace {

using std::string_view_literals::operator""sv;

// ISO 3166-1 alpha-3, the 249 officially assigned codes, sorted (taken from
// Debian's iso-codes 4.15.0, /usr/share/iso-codes/json/iso_3166-1.json).
constexpr std::array kIsoAlpha3 = {
    "ABW"sv, "AFG"sv, "AGO"sv, "AIA"sv, "ALA"sv, "ALB"sv, "AND"sv, "ARE"sv, "ARG"sv, "ARM"sv, "ASM"sv,
    "ATA"sv, "ATF"sv, "ATG"sv, "AUS"sv, "AUT"sv, "AZE"sv, "BDI"sv, "BEL"sv, "BEN"sv, "BES"sv, "BFA"sv,
    "BGD"sv, "BGR"sv, "BHR"sv, "BHS"sv, "BIH"sv, "BLM"sv, "BLR"sv, "BLZ"sv, "BMU"sv, "BOL"sv, "BRA"sv,
    "BRB"sv, "BRN"sv, "BTN"sv, "BVT"sv, "BWA"sv, "CAF"sv, "CAN"sv, "CCK"sv, "CHE"sv, "CHL"sv, "CHN"sv,
    "CIV"sv, "CMR"sv, "COD"sv, "COG"sv, "COK"sv, "COL"sv, "COM"sv, "CPV"sv, "CRI"sv, "CUB"sv, "CUW"sv,
    "CXR"sv, "CYM"sv, "CYP"sv, "CZE"sv, "DEU"sv, "DJI"sv, "DMA"sv, "DNK"sv, "DOM"sv, "DZA"sv, "ECU"sv,
    "EGY"sv, "ERI"sv, "ESH"sv, "ESP"sv, "EST"sv, "ETH"sv, "FIN"sv, "FJI"sv, "FLK"sv, "FRA"sv, "FRO"sv,
    "FSM"sv, "GAB"sv, "GBR"sv, "GEO"sv, "GGY"sv, "GHA"sv, "GIB"sv, "GIN"sv, "GLP"sv, "GMB"sv, "GNB"sv,
    "GNQ"sv, "GRC"sv, "GRD"sv, "GRL"sv, "GTM"sv, "GUF"sv, "GUM"sv, "GUY"sv, "HKG"sv, "HMD"sv, "HND"sv,
    "HRV"sv, "HTI"sv, "HUN"sv, "IDN"sv, "IMN"sv, "IND"sv, "IOT"sv, "IRL"sv, "IRN"sv, "IRQ"sv, "ISL"sv,
    "ISR"sv, "ITA"sv, "JAM"sv, "JEY"sv, "JOR"sv, "JPN"sv, "KAZ"sv, "KEN"sv, "KGZ"sv, "KHM"sv, "KIR"sv,
    "KNA"sv, "KOR"sv, "KWT"sv, "LAO"sv, "LBN"sv, "LBR"sv, "LBY"sv, "LCA"sv, "LIE"sv, "LKA"sv, "LSO"sv,
    "LTU"sv, "LUX"sv, "LVA"sv, "MAC"sv, "MAF"sv, "MAR"sv, "MCO"sv, "MDA"sv, "MDG"sv, "MDV"sv, "MEX"sv,
    "MHL"sv, "MKD"sv, "MLI"sv, "MLT"sv, "MMR"sv, "MNE"sv, "MNG"sv, "MNP"sv, "MOZ"sv, "MRT"sv, "MSR"sv,
    "MTQ"sv, "MUS"sv, "MWI"sv, "MYS"sv, "MYT"sv, "NAM"sv, "NCL"sv, "NER"sv, "NFK"sv, "NGA"sv, "NIC"sv,
    "NIU"sv, "NLD"sv, "NOR"sv, "NPL"sv, "NRU"sv, "NZL"sv, "OMN"sv, "PAK"sv, "PAN"sv, "PCN"sv, "PER"sv,
    "PHL"sv, "PLW"sv, "PNG"sv, "POL"sv, "PRI"sv, "PRK"sv, "PRT"sv, "PRY"sv, "PSE"sv, "PYF"sv, "QAT"sv,
    "REU"sv, "ROU"sv, "RUS"sv, "RWA"sv, "SAU"sv, "SDN"sv, "SEN"sv, "SGP"sv, "SGS"sv, "SHN"sv, "SJM"sv,
    "SLB"sv, "SLE"sv, "SLV"sv, "SMR"sv, "SOM"sv, "SPM"sv, "SRB"sv, "SSD"sv, "STP"sv, "SUR"sv, "SVK"sv,
    "SVN"sv, "SWE"sv, "SWZ"sv, "SXM"sv, "SYC"sv, "SYR"sv, "TCA"sv, "TCD"sv, "TGO"sv, "THA"sv, "TJK"sv,
    "TKL"sv, "TKM"sv, "TLS"sv, "TON"sv, "TTO"sv, "TUN"sv, "TUR"sv, "TUV"sv, "TWN"sv, "TZA"sv, "UGA"sv,
    "UKR"sv, "UMI"sv, "URY"sv, "USA"sv, "UZB"sv, "VAT"sv, "VCT"sv, "VEN"sv, "VGB"sv, "VIR"sv, "VNM"sv,
    "VUT"sv, "WLF"sv, "WSM"sv, "YEM"sv, "ZAF"sv, "ZMB"sv, "ZWE"sv,
};

// Joint Expeditionary Force: the UK-led group of ten northern European nations.
constexpr std::array kJef = {"DNK"sv, "EST"sv, "FIN"sv, "GBR"sv, "ISL"sv,
                             "LTU"sv, "LVA"sv, "NLD"sv, "NOR"sv, "SWE"sv};

// NATO: 32 members since Sweden's accession on 7 March 2024.
constexpr std::array kNato = {"ALB"sv, "BEL"sv, "BGR"sv, "CAN"sv, "CZE"sv, "DEU"sv, "DNK"sv, "ESP"sv,
                              "EST"sv, "FIN"sv, "FRA"sv, "GBR"sv, "GRC"sv, "HRV"sv, "HUN"sv, "ISL"sv,
                              "ITA"sv, "LTU"sv, "LUX"sv, "LVA"sv, "MKD"sv, "MNE"sv, "NLD"sv, "NOR"sv,
                              "POL"sv, "PRT"sv, "ROU"sv, "SVK"sv, "SVN"sv, "SWE"sv, "TUR"sv, "USA"sv};

static_assert(kIsoAlpha3.size() == 249);
static_assert(kJef.size() == 10);
static_assert(kNato.size() == 32);
// Lookups are binary searches: keep every table sorted.
static_assert(std::is_sorted(kIsoAlpha3.begin(), kIsoAlpha3.end()));
static_assert(std::is_sorted(kJef.begin(), kJef.end()));
static_assert(std::is_sorted(kNato.begin(), kNato.end()));

struct Group {
  std::string_view name;
  std::span<const std::string_view> members;
};

constexpr std::array kGroups = {Group{"JEF", kJef}, Group{"NATO", kNato}};

bool sorted_contains(std::span<const std::string_view> sorted, std::string_view s) {
  return std::binary_search(sorted.begin(), sorted.end(), s);
}

}  // namespace

bool is_nation_code(std::string_view code) { return code.size() == 3 && sorted_contains(kIsoAlpha3, code); }

bool is_group(std::string_view name) { return !group_members(name).empty(); }

std::span<const std::string_view> group_members(std::string_view group) {
  for (const Group& g : kGroups) {
    if (g.name == group) return g.members;
  }
  return {};
}

bool releasable_to_nation(const Marking& marking, std::string_view nation) {
  if (nation.empty()) return false;
  if (marking.owner == nation) return true;
  for (const std::string& entry : marking.releasable_to) {
    if (entry == nation) return true;
    if (sorted_contains(group_members(entry), nation)) return true;
  }
  return false;
}

std::vector<std::string> codes_granting(std::string_view nation) {
  std::vector<std::string> out;
  if (nation.empty()) return out;
  out.emplace_back(nation);
  for (const Group& g : kGroups) {
    if (sorted_contains(g.members, nation)) out.emplace_back(g.name);
  }
  return out;
}

std::vector<std::string> expand_releasable_to(const Marking& marking) {
  std::vector<std::string> out;
  if (!marking.owner.empty()) out.push_back(marking.owner);
  for (const std::string& entry : marking.releasable_to) {
    std::span<const std::string_view> members = group_members(entry);
    if (members.empty()) {
      if (is_nation_code(entry)) out.push_back(entry);
      continue;
    }
    for (std::string_view m : members) out.emplace_back(m);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Marking restrict_marking(const Marking& data, const Marking& other) {
  if (other.owner.empty()) return data;
  const std::array<const Marking*, 2> pieces = {&data, &other};
  return derive_marking(pieces);
}

std::optional<std::string> marking_problem(const Marking& marking) {
  if (marking.owner.empty()) return std::string("owner is empty");
  if (!is_nation_code(marking.owner)) {
    return "owner '" + marking.owner + "' is not an ISO 3166-1 alpha-3 code";
  }
  for (const std::string& entry : marking.releasable_to) {
    if (!is_nation_code(entry) && !is_group(entry)) {
      return "releasable_to entry '" + entry +
             "' is neither an ISO 3166-1 alpha-3 code nor a known group (JEF, NATO)";
    }
  }
  return std::nullopt;
}

}  // namespace lookout
