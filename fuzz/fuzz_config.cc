// libFuzzer target for the live node's configuration parser
// (app/node/config.h): any text either parses into a NodeConfig or yields
// kBadValue with a sentence saying what is wrong - never a crash, an
// exception or a sanitizer report. Paths resolve against a folder that does
// not exist, so file checks fail cleanly instead of touching the disk.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "app/node/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto config = lookout::node::parse_config(text, "fuzz.toml", "/nonexistent-lookout-fuzz", error);
  if (!config.ok() && error.empty()) std::abort();  // every refusal says why
  return 0;
}
