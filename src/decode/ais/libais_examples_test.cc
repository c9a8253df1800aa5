// A second, independent reference: libais's one-example-per-type file
// (tests/golden/ais/libais_typeexamples.*, schwehr/libais, Apache-2.0). Its
// JSON is scaled (degrees, knots) and names some fields differently; every
// field both sides have is compared, after undoing the scaling.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "decode/ais/decoder.h"
#include "decode/ais/raw_fields_for_test.h"

namespace lookout::ais {
namespace {

using nlohmann::json;

// Field 6 and the fill bits of a single-sentence line (metadata after the
// checksum is ignored).
std::pair<std::string, unsigned> payload_of(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line.substr(0, line.find('*')));
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  return {fields.at(5), static_cast<unsigned>(std::stoi(fields.at(6)))};
}

// libais renders six-bit value 31 as '-' and 39 as '`' where ITU-R M.1371
// has '_' and '\''; compare in libais's spelling.
std::string as_libais_text(std::string text) {
  for (char& c : text) {
    if (c == '_') c = '-';
    if (c == '\'') c = '`';
  }
  return text;
}

// The factor from libais's scaled value to our raw unit, or 0 for "compare
// as is".
double scale_of(int type, const std::string& key) {
  if (key == "lon" || key == "lat") return type == 27 ? 600.0 : 600000.0;
  // libais also scales the SAR aircraft speed (type 9) by ten, although the
  // standard gives it in whole knots; undo that the same way.
  if (key == "speed") return type == 27 ? 0.0 : 10.0;
  if (key == "course") return type == 27 ? 0.0 : 10.0;
  if (key == "draught") return 10.0;
  return 0.0;
}

TEST(AisLibaisExamples, AgreesWithLibaisOnEveryListedType) {
  std::ifstream nmea(LOOKOUT_SOURCE_DIR "/tests/golden/ais/libais_typeexamples.nmea");
  std::ifstream expected_json(LOOKOUT_SOURCE_DIR "/tests/golden/ais/libais_typeexamples.json");
  const std::set<int> listed = {1, 2, 3, 4, 5, 9, 11, 12, 14, 18, 19, 21, 24, 27};
  // "turn" is scaled by libais to degrees per minute, a presentation choice.
  const std::set<std::string> skipped = {"class", "device", "scaled", "turn"};
  std::string line, expected_line;
  int messages = 0;
  std::size_t fields_compared = 0;
  while (std::getline(nmea, line) && std::getline(expected_json, expected_line)) {
    const json expected = json::parse(expected_line);
    const int type = expected["type"].get<int>();
    const auto [payload, fill_bits] = payload_of(line);
    auto result = decode_payload(payload, fill_bits);
    ASSERT_TRUE(result.ok()) << line << ": " << result.error().message();
    EXPECT_EQ(result->type, type);
    if (listed.count(type) == 0) continue;
    ++messages;
    json mine = testing::raw_fields(*result);
    if (type == 24) mine["part_num"] = std::get<StaticDataReport>(result->body).partno;
    // Type 27 bit 94 is the position latency (1 = older than 5 s). gpsd and
    // we report the bit as "gnss"; libais reports its inverse ("is current").
    if (type == 27) mine["gnss"] = 1 - mine["gnss"].get<int>();
    for (const auto& [key, value] : expected.items()) {
      if (skipped.count(key) != 0 || !mine.contains(key)) continue;
      ++fields_compared;
      const double scale = scale_of(type, key);
      if (scale != 0.0) {
        // libais keeps scaled values in single precision: allow its rounding.
        const double want = value.get<double>() * scale;
        EXPECT_NEAR(mine[key].get<double>(), want, std::max(0.6, std::fabs(want) * 2.4e-7))
            << "type " << type << " field " << key;
      } else if (value.is_string() && mine[key].is_number()) {
        EXPECT_EQ(mine[key].get<long long>(), std::stoll(value.get<std::string>()))
            << "type " << type << " field " << key;
      } else if (value.is_string()) {
        EXPECT_EQ(as_libais_text(mine[key].get<std::string>()), value.get<std::string>())
            << "type " << type << " field " << key;
      } else {
        EXPECT_EQ(mine[key].get<long long>(),
                  value.is_boolean() ? (value.get<bool>() ? 1 : 0) : value.get<long long>())
            << "type " << type << " field " << key;
      }
    }
  }
  EXPECT_EQ(messages, 13);  // the file has no type 19
  EXPECT_GT(fields_compared, 140u);
}

}  // namespace
}  // namespace lookout::ais
