// Legends: the short English texts of the coded fields of ITU-R M.1371-5
// (navigational status, type of ship and cargo, type of electronic position
// fixing device, type of aid to navigation, type of station).
//
// The wording follows what gpsd prints in its `*_text` fields, so that our
// JSON compares string for string with gpsd's (docs/decisions/
// 0002-gpsd-field-names.md); where gpsd has no text the standard's is used.
#pragma once

#include <cstdint>
#include <string_view>

namespace lookout::ais {

// Navigational status 0..15 (types 1-3, 27). Never empty.
std::string_view status_text(unsigned status) noexcept;

// Type of ship and cargo 0..255 (types 5, 19, 24). Never empty.
std::string_view shiptype_text(unsigned shiptype) noexcept;

// Type of electronic position fixing device 0..15 (types 4, 5, 11, 19, 21).
// Never empty.
std::string_view epfd_text(unsigned epfd) noexcept;

// Type of aid to navigation 0..31 (type 21). Never empty.
std::string_view aid_type_text(unsigned aid_type) noexcept;

// Type of station addressed by a group assignment 0..15 (type 23). Never
// empty.
std::string_view stationtype_text(unsigned stationtype) noexcept;

}  // namespace lookout::ais
