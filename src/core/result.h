// Result<T> and Error: how every decoder and parser reports bad input.
//
// Input from the world is expected to be wrong. Decoders never throw on the
// per-message path; they return a Result<T> holding either a value or an
// Error. An Error is small and allocation-free (a code, a byte offset and a
// static field name) so that rejecting a million bad lines costs no more than
// accepting them. Switch to std::expected when the project moves to C++23.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace lookout {

// Why an input was rejected (errors) or accepted with a remark (warnings).
// The numeric values are stable: they index counters and appear in metrics.
enum class ErrorCode : uint8_t {
  kOk = 0,                  ///< No error.
  // Framing
  kEmptyLine,               ///< Blank line or whitespace only.
  kLineTooLong,             ///< Line longer than the configured maximum.
  kNotAis,                  ///< A line that holds no AIS sentence (other NMEA, text, binary).
  kBadTimestampPrefix,      ///< A leading time stamp that could not be parsed.
  // NMEA sentence
  kMissingChecksum,         ///< No '*hh' checksum after the sentence.
  kBadChecksum,             ///< Checksum does not match the sentence.
  kBadSentenceField,        ///< A VDM/VDO field is missing or malformed.
  kBadTagBlock,             ///< NMEA 4.0 tag block is malformed.
  kTagBlockChecksum,        ///< Tag block checksum mismatch (warning: the sentence has its own).
  kTrailingData,            ///< Data after the sentence checksum (warning: receiver metadata).
  // Multi-sentence reassembly
  kOrphanFragment,          ///< A later fragment arrived without its first.
  kDuplicateFragment,       ///< The same fragment number arrived twice.
  kFragmentTimeout,         ///< A message was dropped because its fragments never completed.
  kFragmentOverflow,        ///< Too many messages in reassembly at once; oldest dropped.
  // AIS payload
  kEmptyPayload,            ///< Payload has no characters.
  kBadArmor,                ///< A payload character outside the six-bit alphabet.
  kBadFillBits,             ///< Fill bits outside 0..5 or more than the payload holds.
  kPayloadTooShort,         ///< Fewer bits than the message type needs.
  kPayloadTooLong,          ///< More bits than the type defines (warning: decoded anyway).
  kPayloadOverflow,         ///< More bits than any AIS message may hold.
  kUnknownMessageType,      ///< Message type 0 or above 27.
  // Historical formats
  kBadCsvHeader,            ///< CSV header not recognised.
  kBadCsvRow,               ///< CSV row has the wrong number of columns.
  kBadJson,                 ///< JSON text could not be parsed.
  kBadValue,                ///< A field holds a value that cannot be parsed or is out of range.
  kMissingField,            ///< A required field is absent.
  // Files
  kIoError,                 ///< A file or stream could not be read.
  kCount                    ///< Number of codes; not an error.
};

inline constexpr std::size_t kErrorCodeCount = static_cast<std::size_t>(ErrorCode::kCount);

// Stable snake_case name of a code, e.g. "bad_checksum". Never null.
const char* to_string(ErrorCode code) noexcept;

// One rejected (or remarked-upon) input.
//   offset: byte offset in the line or record where the problem was found.
//   field:  static name of the offending field, or nullptr.
struct Error {
  ErrorCode code = ErrorCode::kOk;
  uint32_t offset = 0;
  const char* field = nullptr;

  // "bad_checksum at byte 57" or "bad_value in field 'lat' at byte 12".
  std::string message() const;
};

// A value or an Error. REQUIRES: T is not Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  static_assert(!std::is_same_v<T, Error>);

  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(error) {}         // NOLINT: implicit by design

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // REQUIRES: ok().
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok().
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Shorthand for building an Error in a return statement.
inline Error make_error(ErrorCode code, std::size_t offset = 0, const char* field = nullptr) {
  return Error{code, static_cast<uint32_t>(offset), field};
}

}  // namespace lookout
