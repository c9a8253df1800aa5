// The shared real data set: recordings too big or too restricted to commit
// (full AIS logs, national CSV exports, public watch lists). It lives beside
// the source tree, at ../shared/data; the environment variable
// LOOKOUT_SHARED_DATA names another folder.
//
// A test that needs it says so with LOOKOUT_REQUIRE_SHARED_DATA(path). When
// the file is missing the test fails under CI (the environment variable CI is
// set, as every CI service does) so that a moved folder can never turn the
// corpus tests into silent passes; on a developer's machine it is skipped,
// with a message that says what is missing and where it was looked for.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lookout::testing {

// $LOOKOUT_SHARED_DATA when set and not empty, else ../shared/data relative
// to the source tree.
inline std::filesystem::path shared_data_root() {
  const char* env = std::getenv("LOOKOUT_SHARED_DATA");
  if (env != nullptr && *env != '\0') return std::filesystem::path(env);
  return (std::filesystem::path(LOOKOUT_SOURCE_DIR) / ".." / "shared" / "data").lexically_normal();
}

// A file or folder in the shared data set, `rel` relative to its root.
inline std::filesystem::path shared_data(std::string_view rel) { return shared_data_root() / rel; }

// True when the environment variable CI is set (to anything but "" or "false").
inline bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0' && std::string_view(ci) != "false";
}

// Why `path` cannot be used, or nothing when it exists.
inline std::optional<std::string> shared_data_missing(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return std::nullopt;
  return "SHARED DATA MISSING: " + path.string() +
         " (the shared data set is looked for at ../shared/data beside the source tree, or at "
         "$LOOKOUT_SHARED_DATA)";
}

}  // namespace lookout::testing

// Fails (under CI) or skips (elsewhere) the calling test when `path` does not
// exist. Use in a function returning void, like ASSERT_*.
#define LOOKOUT_REQUIRE_SHARED_DATA(path)                                       \
  do {                                                                          \
    if (auto lookout_missing_ = ::lookout::testing::shared_data_missing(path)) { \
      if (::lookout::testing::running_in_ci()) {                                \
        FAIL() << *lookout_missing_ << "; CI must have it";                     \
      } else {                                                                  \
        GTEST_SKIP() << *lookout_missing_;                                      \
      }                                                                         \
    }                                                                           \
  } while (0)
