// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed hash, a pseudorandom
// function of its input for whoever does not hold the key. Lookout uses it
// where a value must be unique and stable but reveal nothing of what it is
// derived from (alert ids: neither partition nor sequence).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace lookout {

using SipKey = std::array<uint64_t, 2>;  ///< k0, k1: the 16 key bytes read little-endian.

// The 64-bit SipHash-2-4 of `data` under `key`.
uint64_t siphash24(const SipKey& key, std::string_view data) noexcept;

}  // namespace lookout
