// SAPIENT conformance: the Dstl BSI Flex 335 v2.0 test messages in this folder
// (SOURCES.md). Each JSON file is parsed with protobuf's JSON parser,
// serialized to the wire form a node would send, and run through
// sapient::decode_message. Every valid message must be accepted; every invalid
// one rejected with a named field and a reason.
//
// Thirty-odd invalid files also carry a field that is not in v2.0
// ("detectionLocation"), which protobuf's strict JSON parser refuses. For
// those the test parses again dropping unknown fields and checks that the
// validator still rejects the defect the file is named after. Three files are
// invalid only in their JSON and are listed in kJsonLevelOnly with the reason:
// a timestamp that is not a time, and a detectionLocation that is the only
// defect. On the wire, an unknown field number is rejected by the validator
// (src/decode/sapient/validator_test.cc).
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "decode/sapient/decoder.h"

namespace lookout::sapient {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(LOOKOUT_SOURCE_DIR) / "tests/golden/sapient";

// Invalid files that only the JSON layer can reject, and why.
const std::map<std::string, std::string> kJsonLevelOnly = {
    {"0001.Timestamp.Error.json", "timestamp \"AAA\" is not RFC 3339; a binary Timestamp cannot hold it"},
    {"0111.DetectionReport.DetectionLocation.Missing.json", "field detectionLocation is not in v2.0"},
    {"0112.DetectionReport.DetectionLocation.RangeBearing.json", "field detectionLocation is not in v2.0"},
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<fs::path> files_in(const char* sub) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(kDir / sub)) {
    if (entry.path().extension() == ".json") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string normalized(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != '_') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// The fields a file name says are broken, most specific last:
// "0102.StatusReport.NodeLocation.Error.json" -> {"statusreport", "nodelocation"}.
std::vector<std::string> named_fields(const std::string& file_name) {
  static const std::vector<std::string> kNotFields = {"missing", "error", "empty", "invalid", "wrong",
                                                      "fullmessage", "json", "badid", "forsub"};
  std::vector<std::string> out;
  std::stringstream parts(file_name);
  std::string part;
  std::getline(parts, part, '.');  // the number
  while (std::getline(parts, part, '.')) {
    std::string token = normalized(part);
    if (token.starts_with("badid") && token.size() > 5) token = token.substr(5);
    if (token.ends_with("missing") && token.size() > 7) token.resize(token.size() - 7);
    if (token == "dependantnodes") token = "dependentnodes";  // the file name's spelling
    const bool digits = !token.empty() && std::all_of(token.begin(), token.end(), ::isdigit);
    if (digits || std::find(kNotFields.begin(), kNotFields.end(), token) != kNotFields.end()) continue;
    out.push_back(token);
  }
  return out;
}

// JSON -> wire bytes. `lenient` drops fields the v2.0 schema does not have.
bool to_wire(const std::string& json, bool lenient, std::string* bytes, std::string* json_error) {
  SapientMessage msg;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = lenient;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &msg, options);
  if (!status.ok()) {
    *json_error = std::string(status.message());
    return false;
  }
  return msg.SerializeToString(bytes);
}

TEST(SapientConformance, EveryValidMessageIsAccepted) {
  const auto files = files_in("valid");
  ASSERT_EQ(files.size(), 38U);
  int accepted = 0;
  for (const auto& path : files) {
    std::string bytes;
    std::string json_error;
    ASSERT_TRUE(to_wire(read_file(path), false, &bytes, &json_error)) << path.filename() << ": " << json_error;
    std::vector<Violation> why;
    const auto result = decode_message(bytes, &why);
    std::string reasons;
    for (const auto& v : why) reasons += "\n  " + v.message();
    EXPECT_TRUE(result.ok()) << path.filename() << " rejected:" << reasons;
    accepted += result.ok() ? 1 : 0;
  }
  EXPECT_EQ(accepted, 38);
}

TEST(SapientConformance, EveryInvalidMessageIsRejectedWithAReason) {
  const auto files = files_in("invalid");
  ASSERT_EQ(files.size(), 193U);
  int rejected_by_validator = 0;
  int rejected_by_json = 0;
  int had_unknown_json_fields = 0;
  int had_unknown_json_fields_only = 0;
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    std::string bytes;
    std::string json_error;
    const std::string json = read_file(path);
    const bool strict_ok = to_wire(json, false, &bytes, &json_error);
    if (!strict_ok) {
      // Many files also carry a field from outside v2.0 ("detectionLocation");
      // drop it and check that the defect the file is named after is still caught.
      if (!to_wire(json, true, &bytes, &json_error)) {  // not expressible in protobuf at all
        EXPECT_EQ(kJsonLevelOnly.count(name), 1U) << name << ": JSON parser refused it (" << json_error
                                                  << ") but it is not listed in kJsonLevelOnly";
        ++rejected_by_json;
        continue;
      }
      ++had_unknown_json_fields;
    }
    std::vector<Violation> why;
    const auto verdict = decode_message(bytes, &why);
    if (verdict.ok() && !strict_ok) {
      EXPECT_EQ(kJsonLevelOnly.count(name), 1U) << name << ": only its JSON is invalid (" << json_error
                                                << ") but it is not listed in kJsonLevelOnly";
      ++rejected_by_json;
      ++had_unknown_json_fields_only;
      continue;
    }
    EXPECT_EQ(kJsonLevelOnly.count(name), 0U) << name << " is listed as JSON-level only but the validator rejects it";
    const auto& result = verdict;
    if (result.ok()) {
      ADD_FAILURE() << name << " was accepted";
      continue;
    }
    ++rejected_by_validator;
    ASSERT_FALSE(why.empty()) << name;
    EXPECT_NE(result.error().field, nullptr) << name;
    // The rejection names the field the file is about (its last, or next to
    // last, name part appears in a violation's path).
    const auto fields = named_fields(name);
    bool names_it = false;
    for (const auto& v : why) {
      EXPECT_FALSE(v.path.empty()) << name;
      EXPECT_FALSE(v.reason.empty()) << name;
      const std::string where = normalized(v.path);
      for (std::size_t k = fields.size() >= 2 ? fields.size() - 2 : 0; k < fields.size(); ++k) {
        names_it = names_it || where.find(fields[k]) != std::string::npos;
      }
    }
    EXPECT_TRUE(names_it) << name << ": rejected for another reason: " << why.front().message();
    if (std::getenv("SAPIENT_CONFORMANCE_VERBOSE") != nullptr) {
      std::printf("%-70s %s\n", name.c_str(), why.front().message().c_str());
    }
  }
  EXPECT_EQ(rejected_by_validator + rejected_by_json, 193);
  EXPECT_EQ(rejected_by_json, static_cast<int>(kJsonLevelOnly.size()));
  std::printf("SAPIENT conformance: %d invalid rejected by the validator (%d of them also had a field "
              "outside v2.0 in their JSON), %d only by the JSON layer\n",
              rejected_by_validator, had_unknown_json_fields - had_unknown_json_fields_only, rejected_by_json);
}

}  // namespace
}  // namespace lookout::sapient
