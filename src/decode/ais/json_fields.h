// Internal to the JSON writer (json_writer.h): field writers shared by its
// two files, and the writers of the data link and binary message bodies
// (json_link_messages.cc).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/json_out.h"
#include "decode/ais/message.h"

namespace lookout::ais::json_detail {

// A text field; absent when empty (the standard's "not available").
// `name` is a string literal.
template <typename Name>
void put_text(JsonOut& j, const Name& name, std::string_view text) {
  if (!text.empty()) j.key(name).string(text);
}

// An angle `raw` / PerDegree at Decimals places; absent when outside
// [-limit, limit] degrees, which covers the "not available" codes 181 and 91.
template <int64_t PerDegree, int Decimals, typename Name>
void put_degrees(JsonOut& j, const Name& name, int32_t raw, int64_t limit) {
  if (raw >= -limit * PerDegree && raw <= limit * PerDegree) {
    j.key(name).template quotient<PerDegree, Decimals>(raw);
  }
}

// One overload per data link or binary body: the fields after the header.
// A body derived from OtherMessage without its own overload (a type added to
// message.h but not yet here) takes the first, which writes nothing.
inline void write_body(JsonOut& /*j*/, const Message& /*msg*/, const OtherMessage& /*b*/) {}
void write_body(JsonOut& j, const Message& msg, const AddressedBinary& b);
void write_body(JsonOut& j, const Message& msg, const BroadcastBinary& b);
void write_body(JsonOut& j, const Message& msg, const Acknowledgement& b);
void write_body(JsonOut& j, const Message& msg, const UtcInquiry& b);
void write_body(JsonOut& j, const Message& msg, const Interrogation& b);
void write_body(JsonOut& j, const Message& msg, const AssignmentCommand& b);
void write_body(JsonOut& j, const Message& msg, const DgnssBroadcast& b);
void write_body(JsonOut& j, const Message& msg, const DataLinkManagement& b);
void write_body(JsonOut& j, const Message& msg, const ChannelManagement& b);
void write_body(JsonOut& j, const Message& msg, const GroupAssignment& b);
void write_body(JsonOut& j, const Message& msg, const SlotBinary& b);

}  // namespace lookout::ais::json_detail
