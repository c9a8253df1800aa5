#include "decode/csv/dma_vocabulary.h"

#include <array>

#include "decode/csv/field_parse.h"

namespace lookout::csv {

namespace {

template <typename T>
struct Word {
  std::string_view text;
  T code;
};

// Exact spelling first (what the files hold, and a cheap memcmp), then any case.
template <typename T, std::size_t N>
std::optional<T> look_up(const std::array<Word<T>, N>& table, std::string_view text) {
  for (const auto& w : table) {
    if (w.text == text) return w.code;
  }
  for (const auto& w : table) {
    if (iequals(w.text, text)) return w.code;
  }
  return std::nullopt;
}

constexpr std::array<Word<MobileType>, 5> kMobileTypes = {{
    {"Class A", MobileType::kClassA},
    {"Class B", MobileType::kClassB},
    {"Base Station", MobileType::kBaseStation},
    {"AtoN", MobileType::kAtoN},
    {"SAR Airborne", MobileType::kSarAirborne},
}};

// Most frequent first: the table is searched once per row.
constexpr std::array<Word<uint8_t>, 21> kNavStatus = {{
    {"Under way using engine", 0},
    {"Unknown value", 15},
    {"Engaged in fishing", 7},
    {"Moored", 5},
    {"At anchor", 1},
    {"Restricted maneuverability", 3},
    {"Restricted manoeuvrability", 3},
    {"Under way sailing", 8},
    {"Constrained by her draught", 4},
    {"Not under command", 2},
    {"Aground", 6},
    {"Reserved for future amendment [HSC]", 9},
    {"Reserved for future amendment [WIG]", 10},
    {"Power-driven vessel towing astern", 11},
    {"Power-driven vessel pushing ahead or towing alongside", 12},
    {"Reserved for future use", 13},
    {"AIS-SART is active", 14},
    {"AIS-SART", 14},
    {"Undefined", 15},
    {"Not defined", 15},
    {"Unknown", 15},
}};

constexpr std::array<Word<uint8_t>, 26> kShipTypes = {{
    {"Undefined", 0},
    {"Fishing", 30},
    {"Cargo", 70},
    {"Passenger", 60},
    {"Sailing", 36},
    {"Pleasure", 37},
    {"Tanker", 80},
    {"SAR", 51},
    {"Other", 90},
    {"Pilot", 50},
    {"Tug", 52},
    {"HSC", 40},
    {"Dredging", 33},
    {"Military", 35},
    {"Law enforcement", 55},
    {"Port tender", 53},
    {"Towing", 31},
    {"Towing long/wide", 32},
    {"Diving", 34},
    {"Anti-pollution", 54},
    {"Spare 1", 56},
    {"Spare 2", 57},
    {"Medical", 58},
    {"Not party to conflict", 59},
    {"WIG", 20},
    {"Reserved", 0},
}};

constexpr std::array<Word<uint8_t>, 6> kCargoDigit = {{
    {"No additional information", 9},
    {"Category X", 1},
    {"Category Y", 2},
    {"Category Z", 3},
    {"Category OS", 4},
    {"Reserved for future use", 5},
}};

constexpr std::array<Word<uint8_t>, 12> kEpfd = {{
    {"GPS", 1},
    {"Undefined", 0},
    {"Internal", 15},
    {"Combined GPS/GLONASS", 3},
    {"Surveyed", 7},
    {"GLONASS", 2},
    {"Galileo", 8},
    {"Integrated navigation system", 6},
    {"Loran-C", 4},
    {"Chayka", 5},
    {"Internal GNSS", 15},
    {"Not used", 0},
}};

// Ship types whose second digit says what hazardous cargo is carried.
bool has_cargo_digit(uint8_t code) {
  switch (code / 10) {
    case 2: case 4: case 6: case 7: case 8: case 9: return true;
    default: return false;
  }
}

}  // namespace

std::optional<MobileType> mobile_type_from_text(std::string_view text) noexcept {
  return look_up(kMobileTypes, text);
}

std::optional<uint8_t> nav_status_from_text(std::string_view text) noexcept {
  return look_up(kNavStatus, text);
}

std::optional<uint8_t> ship_type_from_text(std::string_view ship_type,
                                           std::string_view cargo_type) noexcept {
  auto code = look_up(kShipTypes, ship_type);
  if (!code) return std::nullopt;
  if (has_cargo_digit(*code) && !cargo_type.empty()) {
    if (auto digit = look_up(kCargoDigit, cargo_type)) return static_cast<uint8_t>(*code + *digit);
  }
  return code;
}

std::optional<uint8_t> epfd_from_text(std::string_view text) noexcept {
  return look_up(kEpfd, text);
}

}  // namespace lookout::csv
