#include "core/status.h"

#include <array>

namespace lookout {

namespace {

constexpr std::array<const char*, 8> kNames = {
    "ok", "not_found", "invalid_argument", "io_error", "corruption", "busy", "unavailable", "internal",
};

}  // namespace

const char* to_string(StatusCode code) noexcept {
  auto idx = static_cast<std::size_t>(code);
  return idx < kNames.size() ? kNames[idx] : "internal";
}

const std::string& Status::empty_message() noexcept {
  static const std::string kEmpty;
  return kEmpty;
}

std::string Status::to_string() const {
  if (ok()) return "ok";
  return std::string(lookout::to_string(code())) + ": " + message();
}

Status Status::with_context(std::string_view context) const {
  if (ok()) return {};
  return {code(), std::string(context) + ": " + message()};
}

Status to_status(const Error& error, std::string_view context) {
  StatusCode code = error.code == ErrorCode::kIoError ? StatusCode::kIoError : StatusCode::kCorruption;
  std::string m(context);
  if (!m.empty()) m += ": ";
  m += error.message();
  return {code, std::move(m)};
}

}  // namespace lookout
