#pragma once

#include <string>

#include "low/ring.h"

namespace fixture {
struct Bell {};
}  // namespace fixture
