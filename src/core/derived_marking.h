// Derived markings: the marking of information derived from several pieces
// of information, each with its own (an alert about data of one marking that
// names assets of others). See docs/decisions/0010-derived-markings.md.
#pragma once

#include <span>

#include "core/marking.h"

namespace lookout {

// Releasable to exactly the nations that may see every piece. An unmarked
// piece (empty owner) adds no restriction; when every piece is unmarked the
// result is unmarked. When no nation may see every piece the result is
// unmarked too, and so releasable to nobody. Null pieces are skipped.
//
// The owner of the result is one of the nations that may see it, so that the
// owner-always-sees rule of releasable_to_nation never widens it: the first
// piece's owner that may see every piece (the data owner, when it may), else
// the first such nation in code order. releasable_to lists the groups every
// marked piece lists by name, then each other nation that may see it, in code
// order. A group only some pieces list is written out nation by nation: the
// group's membership might change, the other pieces' release would not.
// Readers need nothing new: the owner and the nations listed or in a group
// listed are exactly the nations that may see every piece.
Marking derive_marking(std::span<const Marking* const> pieces);

// True when naming `named` beside `primary` restricts nothing: every nation
// that may see `primary` may see `named`, or `named` is unmarked (adds no
// restriction). False for a marked `named` beside an unmarked `primary`.
// Detectors name a further asset beside their alert's own only when it
// covers it, so that the alert of one owner's cable is not hidden from that
// owner by another owner's cable crossed on the same run.
bool covers(const Marking& named, const Marking& primary);

}  // namespace lookout
