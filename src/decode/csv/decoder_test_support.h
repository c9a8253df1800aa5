// Helpers shared by the decoder tests in this folder (test code only).
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "decode/ais_decoder_base.h"
#include "tests/shared_data.h"

namespace lookout::csv::testing {

// Feeds `text` line by line (as the LineReader would: no '\n'), then finish().
// Returns every observation, copied.
inline std::vector<AisObservation> decode_text(AisDecoder& decoder, std::string_view text) {
  std::vector<AisObservation> out;
  auto sink = [&](const AisObservation& obs) { out.push_back(obs); };
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    decoder.feed(text.substr(pos, end - pos), sink);
    pos = end + 1;
  }
  decoder.finish(sink);
  return out;
}

// The whole file, or an empty string when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string golden_path(std::string_view name) {
  return std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/csv/" + std::string(name);
}

// A file of the shared data set (read-only, not in the repository; see
// tests/shared_data.h).
inline std::string shared_data_path(std::string_view rel) {
  return ::lookout::testing::shared_data(rel).string();
}

template <typename T>
const T* body(const AisObservation& obs) {
  return std::get_if<T>(&obs.msg.body);
}

}  // namespace lookout::csv::testing
