// Validation of SAPIENT (BSI Flex 335 v2.0) messages against the standard's
// rules: mandatory fields and oneofs, UUID/ULID identifiers, known enum values,
// and value ranges (probabilities 0..1, latitudes, battery level, ICD version).
//
// The mandatory/UUID/ULID rules are annotations on the .proto fields
// (proto/sapient_msg/rules.proto) and are applied by walking the message with
// protobuf reflection; the value rules are written out in validator.cc.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "decode/sapient/message.h"

namespace lookout::sapient {

// One broken rule. `path` names the field from the envelope down, in the
// .proto's snake_case names with [i] for repeated elements, e.g.
// "detection_report.classification[0].confidence".
struct Violation {
  ErrorCode code = ErrorCode::kBadValue;  // kMissingField or kBadValue
  std::string path;
  std::string reason;    // "missing", "not a ULID: \"AAA\"", "outside 0..1: 1.5"
  const char* field = nullptr;  // full protobuf name of the field (static storage)

  // "detection_report.object_id: not a ULID: \"AAA\"".
  std::string message() const;
};

// Checks `msg`; returns the violations found, at most `max_violations`
// (empty: the message is valid).
std::vector<Violation> validate(const SapientMessage& msg, std::size_t max_violations = 8);

// Identifier formats used by the standard.
// UUID: 8-4-4-4-12 hexadecimal digits (either case).
bool is_uuid(std::string_view text) noexcept;
// ULID: 26 characters of Crockford base 32 (no I, L, O, U; either case), the
// first at most '7' (so the 128-bit value does not overflow).
bool is_ulid(std::string_view text) noexcept;

}  // namespace lookout::sapient
