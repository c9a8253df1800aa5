#include "decode/ais/layout.h"

namespace lookout::ais::detail {

Error too_short(std::span<const Field> layout, std::size_t bits) noexcept {
  const Field* cut = first_cut_field(layout, bits);
  // A layout always ends past a length its type rejects; the fallback only
  // keeps a wrong table from producing a null field name.
  if (cut == nullptr) return make_error(ErrorCode::kPayloadTooShort, bits / 6);
  return make_error(ErrorCode::kPayloadTooShort, cut->start / 6, cut->name);
}

const Result<Message> kBlankResult{Message{}};

}  // namespace lookout::ais::detail
