// Writing CoT 2.0 XML. Every text and attribute value is escaped: names and
// destinations come from AIS broadcasts, which anyone can send (a vessel
// named `"/><event ...` must stay a name). Characters XML 1.0 forbids
// (control characters other than tab, newline and carriage return, and
// malformed UTF-8) are replaced by U+FFFD, so the output is always
// well-formed XML whatever the input.
#pragma once

#include <string>
#include <string_view>

#include "decode/cot/event.h"

namespace lookout::cot {

// Appends `e` to `out` as one <event> element, no XML declaration, no
// newline (a TAK stream is events back to back). Allocates only when `out`
// must grow. REQUIRES: e.uid, e.type and e.how are not empty; the point is
// finite (non-finite hae, ce, le are written as kUnknown).
void write_event(const CotEvent& e, std::string& out);

// The XML declaration TAK clients write before each event on UDP.
inline constexpr std::string_view kXmlDeclaration = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";

// Appends `text` escaped for an attribute value in double quotes or for
// element content (&, <, >, ", ' as entities; see above for the rest).
void append_escaped(std::string_view text, std::string& out);

// Appends "YYYY-MM-DDTHH:MM:SS.mmmZ" (CoT times always carry milliseconds,
// as ATAK writes them).
void append_time(Timestamp t, std::string& out);

}  // namespace lookout::cot
