#pragma once

namespace fixture {
struct Ring {};
}  // namespace fixture
