#pragma once

#include "high/bell.h"
#include "low/ring.h"

namespace fixture {
struct Tower {};
}  // namespace fixture
