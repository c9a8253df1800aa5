// Golden tests through the real CLI: for every input file in tests/golden/cli/
// (anything but *.expected.*, *.md), `lookout decode FILE` must print exactly
// FILE.expected.jsonl on stdout and FILE.expected.stderr on stderr.
// Regenerate with tools/regen_goldens after a deliberate change, and explain
// the diff in the commit.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Output {
  std::string out;
  std::string err;
  int status = -1;
};

Output run_decode(const fs::path& input, const std::string& options = "") {
  fs::path err_file = fs::temp_directory_path() / ("lookout_golden_" + std::to_string(::getpid()) + ".err");
  std::string cmd = std::string("'") + LOOKOUT_BINARY + "' decode " + options + " '" + input.string() + "' 2>'" +
                    err_file.string() + "'";
  Output o;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return o;
  std::array<char, 65536> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) o.out.append(buf.data(), n);
  o.status = ::pclose(pipe);
  o.err = slurp(err_file);
  fs::remove(err_file);
  return o;
}

std::vector<fs::path> golden_inputs() {
  std::vector<fs::path> inputs;
  fs::path dir = fs::path(LOOKOUT_SOURCE_DIR) / "tests/golden/cli";
  for (const auto& e : fs::directory_iterator(dir)) {
    auto name = e.path().filename().string();
    if (name.find(".expected.") != std::string::npos || e.path().extension() == ".md") continue;
    inputs.push_back(e.path());
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

// Reports the first differing line, which is what a person needs to see.
void expect_same_lines(const std::string& want, const std::string& got, const std::string& what) {
  std::istringstream a(want), b(got);
  std::string la, lb;
  int line = 0;
  while (true) {
    bool ga = static_cast<bool>(std::getline(a, la));
    bool gb = static_cast<bool>(std::getline(b, lb));
    ++line;
    if (!ga && !gb) return;
    if (ga != gb || la != lb) {
      ADD_FAILURE() << what << " differs at line " << line << "\n  expected: " << (ga ? la : "<end>")
                    << "\n  got:      " << (gb ? lb : "<end>");
      return;
    }
  }
}

TEST(CliGolden, DecodeMatchesEveryGoldenFile) {
  auto inputs = golden_inputs();
  ASSERT_GE(inputs.size(), 5u) << "golden inputs missing from tests/golden/cli";
  for (const auto& input : inputs) {
    SCOPED_TRACE(input.filename().string());
    auto o = run_decode(input);
    EXPECT_EQ(o.status, 0);
    fs::path want_out = input;
    want_out += ".expected.jsonl";
    fs::path want_err = input;
    want_err += ".expected.stderr";
    // Both files must exist: a missing .expected.stderr would otherwise
    // read as "no warnings expected" and pass whatever the decoder says.
    ASSERT_TRUE(fs::exists(want_out)) << want_out << " missing: run tools/regen_goldens";
    ASSERT_TRUE(fs::exists(want_err)) << want_err << " missing: run tools/regen_goldens";
    expect_same_lines(slurp(want_out), o.out, input.filename().string() + " stdout");
    expect_same_lines(slurp(want_err), o.err, input.filename().string() + " stderr");
  }
}

TEST(CliGolden, UnreadableInputExitsNonZeroAndSaysWhy) {
  auto o = run_decode("/nonexistent/missing.nmea");
  EXPECT_NE(o.status, 0);
  EXPECT_NE(o.err.find("cannot be read"), std::string::npos) << o.err;
}

}  // namespace

namespace {

TEST(CliGolden, CsvOutputHasAHeaderAndOneRowPerMessage) {
  fs::path input = fs::path(LOOKOUT_SOURCE_DIR) / "tests/golden/cli/libais_typeexamples.nmea";
  auto json = run_decode(input);
  auto csv = run_decode(input, "--format csv");
  EXPECT_EQ(csv.status, 0);
  auto lines = [](const std::string& s) { return std::count(s.begin(), s.end(), '\n'); };
  EXPECT_EQ(lines(csv.out), lines(json.out) + 1);
  EXPECT_EQ(csv.out.rfind("time,mmsi,type,", 0), 0u) << csv.out.substr(0, 80);
}

TEST(CliGolden, DecodeOnlyModePrintsNothingButCountsEverything) {
  fs::path input = fs::path(LOOKOUT_SOURCE_DIR) / "tests/golden/cli/handmade_bad_input.nmea";
  auto o = run_decode(input, "--format none");
  EXPECT_EQ(o.status, 0);
  EXPECT_TRUE(o.out.empty());
  EXPECT_NE(o.err.find("2 messages, 17 rejected"), std::string::npos) << o.err;
}

}  // namespace
