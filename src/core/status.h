// Status and StatusOr<T>: the one channel that carries a failure, with a
// sentence for a person, from where it happened to the exit code or the HTTP
// answer.
//
// Modelled on LevelDB's Status: ok is a null pointer (copying, returning and
// testing an ok Status allocates nothing); an error holds a code, for the
// program to choose what to do (retry when busy, 503 when unavailable, exit 1),
// and a message, for the person ("sqlite store h.db: reading a track: database
// disk image is malformed").
//
// The per-message decoder path keeps its own allocation-free Result<T> with an
// ErrorCode (core/result.h): a million rejected lines must cost nothing. Where
// such an Error leaves that path (a file that cannot be read, say) to_status()
// turns it into a Status.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/result.h"

namespace lookout {

// What kind of failure; the message says the rest.
enum class StatusCode : uint8_t {
  kOk = 0,           ///< No error.
  kNotFound,         ///< What was asked for does not exist.
  kInvalidArgument,  ///< The request itself is wrong (an unknown asset id, a window that ends first).
  kIoError,          ///< A file, stream or store could not be read or written (disk full, file removed).
  kCorruption,       ///< Stored or read data is malformed (a damaged store file, bad input text).
  kBusy,             ///< The resource is locked by someone else; trying later may work.
  kUnavailable,      ///< The service behind it is down or the connection was lost.
  kInternal,         ///< Anything else: a failure of ours or of a library.
};

// Stable snake_case name, e.g. "io_error". Never null.
const char* to_string(StatusCode code) noexcept;

class [[nodiscard]] Status {
 public:
  // Ok.
  Status() noexcept = default;
  Status(const Status& o) : rep_(o.rep_ ? std::make_unique<Rep>(*o.rep_) : nullptr) {}
  Status& operator=(const Status& o) {
    if (this != &o) rep_ = o.rep_ ? std::make_unique<Rep>(*o.rep_) : nullptr;
    return *this;
  }
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  // REQUIRES: code != kOk.
  Status(StatusCode code, std::string message) : rep_(std::make_unique<Rep>(Rep{code, std::move(message)})) {}

  static Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status invalid_argument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status io_error(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status busy(std::string m) { return {StatusCode::kBusy, std::move(m)}; }
  static Status unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  // A failure of no particular kind (kInternal); prefer a named one.
  static Status error(std::string m) { return internal(std::move(m)); }

  bool ok() const noexcept { return rep_ == nullptr; }
  explicit operator bool() const noexcept { return ok(); }
  StatusCode code() const noexcept { return rep_ ? rep_->code : StatusCode::kOk; }
  // Empty when ok.
  const std::string& message() const noexcept { return rep_ ? rep_->message : empty_message(); }
  // "io_error: <message>", or "ok".
  std::string to_string() const;

  // The same failure with `context` in front: "reading h.db: <message>".
  // An ok Status stays ok.
  Status with_context(std::string_view context) const;

  // Marks a Status as looked at where dropping it is the intent (a rollback
  // after an error that is already being reported).
  void ignore() const noexcept {}

 private:
  struct Rep {
    StatusCode code;
    std::string message;
  };
  static const std::string& empty_message() noexcept;
  std::unique_ptr<Rep> rep_;
};

// An Error from the decoder path as a Status: kIoError for io_error, else
// kCorruption, the message prefixed by `context` (the file name, say).
Status to_status(const Error& error, std::string_view context);

// A value or a Status that is not ok. REQUIRES: T is not Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  static_assert(!std::is_same_v<std::remove_cvref_t<T>, Status>);

  StatusOr(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  // REQUIRES: !status.ok() (an ok Status without a value becomes kInternal).
  StatusOr(Status status)  // NOLINT: implicit by design
      : v_(std::in_place_index<1>, status.ok() ? Status::internal("StatusOr built from an ok Status") : std::move(status)) {}

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // Ok when it holds a value.
  const Status& status() const& noexcept {
    static const Status kOk;
    return ok() ? kOk : std::get<1>(v_);
  }
  Status status() && { return ok() ? Status() : std::get<1>(std::move(v_)); }

  // REQUIRES: ok() (throws std::bad_variant_access otherwise: a bug).
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  // By value, not T&&: `for (auto& x : read().value())` would otherwise
  // walk a vector that died with the temporary StatusOr.
  T value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace lookout
