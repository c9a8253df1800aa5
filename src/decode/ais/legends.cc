#include "decode/ais/legends.h"

#include <array>

namespace lookout::ais {

namespace {

// ITU-R M.1371-5 Annex 2, table 45 (navigational status).
constexpr std::array<std::string_view, 16> kStatus = {
    "Under way using engine",
    "At anchor",
    "Not under command",
    "Restricted maneuverability",
    "Constrained by her draught",
    "Moored",
    "Aground",
    "Engaged in fishing",
    "Under way sailing",
    "Reserved for HSC",
    "Reserved for WIG",
    "Power-driven vessel towing astern",
    "Power-driven vessel pushing ahead or towing alongside",
    "Reserved for future use",
    "AIS-SART is active",
    "Not defined",
};

// Table 50 (type of electronic position fixing device); 9-14 are not used.
constexpr std::array<std::string_view, 16> kEpfd = {
    "Undefined",     "GPS",           "GLONASS",       "Combined GPS/GLONASS",
    "Loran-C",       "Chayka",        "Integrated navigation system",
    "Surveyed",      "Galileo",       "Reserved (9)",  "Reserved (10)",
    "Reserved (11)", "Reserved (12)", "Reserved (13)", "Reserved (14)",
    "Internal GNSS",
};

// Table 53 (type of ship and cargo), first digit.
constexpr std::array<std::string_view, 10> kShipClass = {
    "", "", "Wing in ground (WIG)", "", "High speed craft (HSC)", "",
    "Passenger", "Cargo", "Tanker", "Other Type",
};

// Second digit for the classes 2, 4, 6, 7, 8 and 9.
constexpr std::array<std::string_view, 10> kShipCategory = {
    "all ships of this type",      "Hazardous category A",        "Hazardous category B",
    "Hazardous category C",        "Hazardous category D",        "Reserved for future use",
    "Reserved for future use",     "Reserved for future use",     "Reserved for future use",
    "No additional information",
};

// Ship types 30-39 and 50-59, which name the vessel's activity.
constexpr std::array<std::string_view, 10> kShipActivity3 = {
    "Fishing",          "Towing",      "Towing: length exceeds 200m or breadth exceeds 25m",
    "Dredging or underwater ops",      "Diving ops",
    "Military ops",     "Sailing",     "Pleasure Craft",
    "Reserved",         "Reserved",
};
constexpr std::array<std::string_view, 10> kShipActivity5 = {
    "Pilot Vessel",        "Search and Rescue vessel",
    "Tug",                 "Port Tender",
    "Anti-pollution equipment", "Law Enforcement",
    "Spare - Local Vessel", "Spare - Local Vessel",
    "Medical Transport",   "Ship according to RR Resolution No. 18",
};

// Table 74 (type of aid to navigation).
constexpr std::array<std::string_view, 32> kAidType = {
    "Unspecified",
    "Reference point",
    "RACON",
    "Fixed offshore structure",
    "Spare, Reserved for future use.",
    "Light, without sectors",
    "Light, with sectors",
    "Leading Light Front",
    "Leading Light Rear",
    "Beacon, Cardinal N",
    "Beacon, Cardinal E",
    "Beacon, Cardinal S",
    "Beacon, Cardinal W",
    "Beacon, Port hand",
    "Beacon, Starboard hand",
    "Beacon, Preferred Channel port hand",
    "Beacon, Preferred Channel starboard hand",
    "Beacon, Isolated danger",
    "Beacon, Safe water",
    "Beacon, Special mark",
    "Cardinal Mark N",
    "Cardinal Mark E",
    "Cardinal Mark S",
    "Cardinal Mark W",
    "Port hand Mark",
    "Starboard hand Mark",
    "Preferred Channel Port hand",
    "Preferred Channel Starboard hand",
    "Isolated danger",
    "Safe Water",
    "Special Mark",
    "Light Vessel / LANBY / Rigs",
};

// Table 73 (type of station of a group assignment).
constexpr std::array<std::string_view, 16> kStationType = {
    "All types of mobiles",
    "Reserved for future use",
    "All types of Class B mobile stations",
    "SAR airborne mobile station",
    "Aid to Navigation station",
    "Class B shipborne mobile station",
    "Regional use and inland waterways",
    "Regional use and inland waterways",
    "Regional use and inland waterways",
    "Regional use and inland waterways",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
    "Reserved for future use",
};

// The full texts of the class/category combinations, built once: 2x, 4x,
// 6x-9x are "<class> - <category>" (gpsd writes "no additional information"
// in lower case for 99 only).
struct ShipTypeTexts {
  std::array<std::array<char, 64>, 100> text{};
  std::array<uint8_t, 100> size{};

  constexpr ShipTypeTexts() {
    for (unsigned type = 0; type < 100; ++type) {
      const std::string_view cls = kShipClass[type / 10];
      if (cls.empty()) continue;
      std::string_view cat = kShipCategory[type % 10];
      if (type == 99) cat = "no additional information";
      put(type, cls);
      put(type, " - ");
      put(type, cat);
    }
  }
  constexpr void put(unsigned type, std::string_view s) {
    for (char c : s) text[type][size[type]++] = c;
  }
  constexpr std::string_view get(unsigned type) const { return {text[type].data(), size[type]}; }
};

constexpr ShipTypeTexts kShipTypeTexts;

}  // namespace

std::string_view status_text(unsigned status) noexcept {
  return status < kStatus.size() ? kStatus[status] : "Invalid status";
}

std::string_view shiptype_text(unsigned shiptype) noexcept {
  if (shiptype == 0) return "Not available";
  if (shiptype < 20) return "Reserved for future use";
  if (shiptype >= 30 && shiptype < 40) return kShipActivity3[shiptype - 30];
  if (shiptype >= 50 && shiptype < 60) return kShipActivity5[shiptype - 50];
  if (shiptype < 100) return kShipTypeTexts.get(shiptype);
  if (shiptype < 200) return "Reserved for regional use";
  if (shiptype < 256) return "Reserved for future use";
  return "Invalid ship type";
}

std::string_view epfd_text(unsigned epfd) noexcept {
  return epfd < kEpfd.size() ? kEpfd[epfd] : "Invalid EPFD";
}

std::string_view aid_type_text(unsigned aid_type) noexcept {
  return aid_type < kAidType.size() ? kAidType[aid_type] : "Invalid aid type";
}

std::string_view stationtype_text(unsigned stationtype) noexcept {
  return stationtype < kStationType.size() ? kStationType[stationtype] : "Invalid station type";
}

}  // namespace lookout::ais
