// The words of the Danish Maritime Authority `aisdk` CSV, as codes of
// ITU-R M.1371-5. DMA writes decoded text ("Under way using engine",
// "Tanker" + "Category X"); consumers want the standard's numbers back.
// Matching ignores ASCII case.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lookout::csv {

// The "Type of mobile" column: which station sent the message.
enum class MobileType : uint8_t {
  kClassA,       ///< "Class A": types 1-3 and 5.
  kClassB,       ///< "Class B": types 18, 19 and 24.
  kBaseStation,  ///< "Base Station": type 4.
  kAtoN,         ///< "AtoN": type 21.
  kSarAirborne,  ///< "SAR Airborne": type 9.
};

std::optional<MobileType> mobile_type_from_text(std::string_view text) noexcept;

// "Navigational status" text -> 0..15. "Unknown value", "Undefined" and
// "Not defined" are 15. nullopt for text not in the table.
std::optional<uint8_t> nav_status_from_text(std::string_view text) noexcept;

// "Ship type" (+ "Cargo type") text -> a representative ITU ship type code.
//
//   Undefined, Reserved -> 0 (not available)   WIG 20   HSC 40   Passenger 60
//   Fishing 30   Towing 31   Towing long/wide 32   Dredging 33   Diving 34
//   Military 35   Sailing 36   Pleasure 37   Pilot 50   SAR 51   Tug 52
//   Port tender 53   Anti-pollution 54   Law enforcement 55   Spare 1 56
//   Spare 2 57   Medical 58   Not party to conflict 59   Cargo 70
//   Tanker 80   Other 90
//
// For the types whose second digit carries the cargo (WIG, HSC, Passenger,
// Cargo, Tanker, Other) the "Cargo type" refines it: empty +0 (all ships of
// this type), Category X +1, Category Y +2, Category Z +3, Category OS +4,
// "Reserved for future use" +5 (one of the reserved 5-8), "No additional
// information" +9. So "Tanker" + "Category X" is 81.
// nullopt when the ship type text is not in the table (an unknown cargo text
// leaves the second digit at 0).
std::optional<uint8_t> ship_type_from_text(std::string_view ship_type,
                                           std::string_view cargo_type) noexcept;

// "Type of position fixing device" -> EPFD code: Undefined 0, GPS 1,
// GLONASS 2, Combined GPS/GLONASS 3, Loran-C 4, Chayka 5, Integrated
// navigation system 6, Surveyed 7, Galileo 8, Internal 15 (internal GNSS).
std::optional<uint8_t> epfd_from_text(std::string_view text) noexcept;

}  // namespace lookout::csv
