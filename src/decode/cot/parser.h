// Reading CoT 2.0 XML events: a small strict XML parser for the event
// subset of event.h (simdjson reads no XML, and the project takes no XML
// library; docs/decisions/0016-cot-output.md).
//
// Problem: CoT arrives from the world (TAK clients, servers, anyone on a
// multicast group) and must be read as hostile. The parser accepts well-formed
// XML 1.0 as TAK writes it - an optional XML declaration, single- or
// double-quoted attributes, the five predefined entities and character
// references, comments, CDATA - and refuses the rest with the place and the
// reason: a DOCTYPE (entity expansion), mismatched tags, a duplicate
// attribute, a document nested deeper than the bound or longer than it.
// Then it checks the event against the CoT base schema: every attribute of
// <event> and <point> present, times that parse, coordinates in range.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.h"
#include "decode/cot/event.h"

namespace lookout::cot {

struct ParseLimits {
  std::size_t max_bytes = 64 * 1024;  ///< Larger documents are refused (kLineTooLong).
  std::size_t max_depth = 16;         ///< Element nesting, the root being 1.
  std::size_t max_elements = 1024;    ///< Elements in the whole document.
  std::size_t max_attributes = 64;    ///< Attributes on one element.
};

// Parses one document holding one <event>. On failure the Error names the
// offending part in `field` - "xml" (syntax), "xml.entity", "xml.doctype",
// "xml.depth", "event", "event.uid", "point.lat", "track.speed", ... - and
// the byte offset where it was found; codes: kBadValue (malformed or out
// of range), kMissingField (a required element or attribute is absent),
// kLineTooLong (over a bound), kEmptyLine (nothing but whitespace).
Result<CotEvent> parse_event(std::string_view xml, const ParseLimits& limits = {});

}  // namespace lookout::cot
