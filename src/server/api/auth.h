// Who is calling: API tokens, stored only as SHA-256 hashes in the config,
// each bound to one nation and one role.
//
// A caller presents `Authorization: Bearer TOKEN` (or, on the WebSocket,
// `?access_token=TOKEN`, since browsers cannot set headers there). The
// server hashes what it was given and looks the hash up; it never holds a
// token in clear. Comparison runs over every entry in constant time per
// entry, so timing does not tell how much of a hash matched.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lookout::server {

// viewer reads; operator also acknowledges alerts; admin also reads the audit log.
enum class Role : uint8_t { kViewer, kOperator, kAdmin };
const char* to_string(Role r) noexcept;
std::optional<Role> role_from_string(std::string_view s) noexcept;

struct Principal {
  std::string name;    ///< The token's name, as the audit log records it.
  std::string nation;  ///< ISO 3166-1 alpha-3.
  Role role = Role::kViewer;
  bool may_ack() const { return role != Role::kViewer; }
  bool is_admin() const { return role == Role::kAdmin; }
};

using Sha256 = std::array<uint8_t, 32>;

Sha256 sha256(std::string_view data);
std::string to_hex(const Sha256& digest);
// 64 hex digits (either case) -> digest; nullopt otherwise.
std::optional<Sha256> sha256_from_hex(std::string_view hex);
// A fresh random token (32 bytes from the OS's CSPRNG, URL-safe base64, 43 chars).
std::string new_token();

class TokenBook {
 public:
  void add(Principal who, const Sha256& token_hash);
  std::optional<Principal> authenticate(std::string_view token) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Principal who;
    Sha256 hash;
  };
  std::vector<Entry> entries_;
};

}  // namespace lookout::server
