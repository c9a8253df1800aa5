#pragma once

#include "high/bell.h"  // upward: low may include only low

namespace fixture {
struct Ring {};
}  // namespace fixture
