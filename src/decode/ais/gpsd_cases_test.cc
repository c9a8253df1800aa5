// Every case of gpsd's regression data (tests/golden/ais/gpsd_cases.jsonl)
// through decode_payload, each raw field compared with gpsd's unscaled JSON.
//
// A case holds the sentences of one message (for a type 24 part B, the part
// A before it as its own sentence); the test reassembles them the simplest
// way (field 6 of each fragment, fill bits of the last) so that it depends on
// nothing but the payload decoder.
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "decode/ais/decoder.h"
#include "decode/ais/raw_fields_for_test.h"

namespace lookout::ais {
namespace {

using nlohmann::json;

struct Payload {
  std::string text;
  unsigned fill_bits = 0;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) parts.push_back(part);
  if (!s.empty() && s.back() == sep) parts.emplace_back();
  return parts;
}

// The complete messages in `sentences`: payloads of fragments joined until the
// fragment number reaches the fragment count.
std::vector<Payload> reassemble(const json& sentences) {
  std::vector<Payload> out;
  Payload pending;
  for (const auto& sentence : sentences) {
    const std::string text = sentence.get<std::string>();
    const auto fields = split(text.substr(0, text.find('*')), ',');
    pending.text += fields.at(5);
    pending.fill_bits = fields.at(6).empty() ? 0 : static_cast<unsigned>(std::stoi(fields.at(6)));
    if (fields.at(1) == fields.at(2)) {
      out.push_back(pending);
      pending = Payload{};
    }
  }
  return out;
}

std::vector<json> load_cases() {
  std::ifstream in(LOOKOUT_SOURCE_DIR "/tests/golden/ais/gpsd_cases.jsonl");
  std::vector<json> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) cases.push_back(json::parse(line));
  }
  return cases;
}

// gpsd fields that are presentation, not data.
bool is_presentation(const std::string& key) {
  return key == "class" || key == "device" || key == "scaled" ||
         (key.size() > 5 && key.compare(key.size() - 5, 5, "_text") == 0);
}

json normalised(const json& value) { return value.is_boolean() ? json(value.get<bool>() ? 1 : 0) : value; }

// Where gpsd is wrong and the decoder deliberately differs: case id and
// field, with the reason. The test fails if any of these starts to agree, so
// the list cannot go stale.
struct KnownDifference {
  int case_id;
  const char* field;
  const char* reason;
};
constexpr KnownDifference kKnownDifferences[] = {
    // Type 7 of 128 and 124 bits: the third acknowledged MMSI (bits 104..133)
    // is cut after 24 and 20 bits. gpsd reads it with the missing bits as
    // zeros, which names a station that was never acknowledged; the decoder
    // treats a cut entry as absent (0).
    {13, "mmsi3", "cut MMSI"},
    {14, "mmsi3", "cut MMSI"},
    // Type 26 ends with a 20-bit communication state; gpsd leaves its "radio"
    // at 0 in every case, the decoder reads the last 20 bits.
    {56, "radio", "gpsd does not decode type 26 radio"},
    {60, "radio", "gpsd does not decode type 26 radio"},
    {61, "radio", "gpsd does not decode type 26 radio"},
    {62, "radio", "gpsd does not decode type 26 radio"},
    {63, "radio", "gpsd does not decode type 26 radio"},
    // Type 26 data of 198 and 116 bits: gpsd's last hex digit holds the first
    // bits of the communication state after the data; the decoder pads the
    // last byte with zeros, as for every other binary message.
    {61, "data", "gpsd leaks radio bits into the last data byte"},
    {63, "data", "gpsd leaks radio bits into the last data byte"},
};

bool is_known_difference(int case_id, const std::string& field) {
  for (const KnownDifference& known : kKnownDifferences) {
    if (known.case_id == case_id && field == known.field) return true;
  }
  return false;
}

// Differences between one decoded message and gpsd's expectation, one line
// each; known ones are counted in `known` instead.
std::vector<std::string> compare(int case_id, const Message& msg, const json& expected,
                                 std::size_t& fields_compared, std::size_t& known,
                                 std::size_t& not_interpreted) {
  std::vector<std::string> diffs;
  const json mine = testing::raw_fields(msg);
  for (const auto& [key, value] : expected.items()) {
    if (is_presentation(key)) continue;
    // gpsd interprets some DAC/FI pairs of types 6 and 8 (meteorological
    // data, ...); the decoder keeps their data as bits, for the consumer.
    if (!mine.contains(key) && (msg.type == 6 || msg.type == 8)) {
      ++not_interpreted;
      continue;
    }
    ++fields_compared;
    std::ostringstream line;
    line << "case " << case_id << " type " << int{msg.type} << " field '" << key << "': ";
    if (!mine.contains(key)) {
      line << "not decoded (gpsd: " << value << ")";
      diffs.push_back(line.str());
    } else if (normalised(mine[key]) != normalised(value)) {
      if (is_known_difference(case_id, key)) {
        ++known;
        continue;
      }
      line << "got " << mine[key] << ", gpsd " << value;
      diffs.push_back(line.str());
    }
  }
  return diffs;
}

TEST(AisGpsdCases, EveryCaseDecodesToGpsdRawFields) {
  const std::vector<json> cases = load_cases();
  ASSERT_EQ(cases.size(), 2085u) << "tests/golden/ais/gpsd_cases.jsonl missing or changed";

  std::vector<std::string> diffs;
  std::size_t compared = 0, rejected_as_gpsd = 0, fields_compared = 0, known = 0;
  std::size_t not_interpreted = 0;
  for (const json& c : cases) {
    const int id = c["id"].get<int>();
    const std::vector<Payload> payloads = reassemble(c["input"]);
    // gpsd prints a type 24 only once both parts are in; the split variant
    // has each part on its own, which is what the decoder produces.
    const json& expected = c["payload_type"] == 24 ? c["expected_json_scaled_split24"]
                                                   : c["expected_json_unscaled"];
    if (expected.empty()) {
      // gpsd decodes nothing: the decoder must reject it as well.
      auto result = decode_payload(payloads.back().text, payloads.back().fill_bits);
      if (result.ok()) diffs.push_back("case " + std::to_string(id) + ": decoded, gpsd rejects");
      ++rejected_as_gpsd;
      continue;
    }
    // One output per case; any earlier message (a prepended part A) must decode too.
    for (std::size_t msg_idx = 0; msg_idx < payloads.size(); ++msg_idx) {
      auto result = decode_payload(payloads[msg_idx].text, payloads[msg_idx].fill_bits);
      if (!result.ok()) {
        diffs.push_back("case " + std::to_string(id) + ": " + result.error().message());
        continue;
      }
      if (msg_idx + 1 < payloads.size()) continue;
      auto case_diffs = compare(id, *result, expected.at(0), fields_compared, known,
                                not_interpreted);
      diffs.insert(diffs.end(), case_diffs.begin(), case_diffs.end());
      ++compared;
    }
  }
  EXPECT_EQ(compared + rejected_as_gpsd, cases.size());
  EXPECT_EQ(rejected_as_gpsd, 69u);  // type 24 with part number 3
  EXPECT_EQ(fields_compared, 28494u);   // every field gpsd prints, but...
  EXPECT_EQ(not_interpreted, 1775u);    // ...the contents of 144 type 6/8 messages
  EXPECT_EQ(known, std::size(kKnownDifferences)) << "a known difference no longer differs";
  std::ostringstream report;
  for (std::size_t idx = 0; idx < diffs.size() && idx < 40; ++idx) report << diffs[idx] << '\n';
  EXPECT_TRUE(diffs.empty()) << diffs.size() << " differences, first ones:\n" << report.str();
}

}  // namespace
}  // namespace lookout::ais
